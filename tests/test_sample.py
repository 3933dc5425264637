"""The synthetic sample: deterministic, complete, messy in the intended ways, the same in every format."""

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from reportgen import schema
from reportgen.config import Config, load_config
from reportgen.periods import Quarter
from reportgen.questionnaire import default_questionnaire_text, load_questionnaire
from reportgen.sample import SampleData, generate, write_sample
from reportgen.sample.columns import COMPLAINTS_LEFT_OUT, in_order

SMALL = dict(complaints=200, surveys=150)
ITEMS = [f"q{i}" for i in range(1, 13)]
FILES = ["complaints", "surveys", "questionnaire.yaml", "reportgen.toml", "events.csv", "actions.csv"]
TZ = "Asia/Shanghai"
OFFSET = re.compile(r"(?:Z|[+-]\d{2}:\d{2})$")
CLEANING = Config().cleaning  # the thresholds the messy responses are drawn around


def _files(fmt: str) -> list[str]:
    return [f"{f}.{fmt}" if "." not in f else f for f in FILES]


def _quarter(ts: pd.Series) -> pd.Series:
    return ts.dt.year * 4 + ts.dt.quarter - 1


@pytest.fixture(scope="module")
def small() -> SampleData:
    return generate(**SMALL)


@pytest.fixture(scope="module")
def default() -> SampleData:
    return generate()


@pytest.fixture(scope="module")
def csv_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample_csv")
    written = write_sample(out, **SMALL)
    return out, written


# --- determinism -------------------------------------------------------------------------------

def test_write_sample_returns_the_files_it_wrote(csv_dir):
    out, written = csv_dir
    assert [p.name for p in written] == _files("csv")
    assert all(p.parent == out and p.is_file() and p.stat().st_size > 0 for p in written)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_same_seed_gives_byte_identical_files(tmp_path, fmt):
    a = write_sample(tmp_path / "a", fmt=fmt, **SMALL)
    b = write_sample(tmp_path / "b", fmt=fmt, **SMALL)
    assert [p.name for p in a] == [p.name for p in b] == _files(fmt)
    for pa_, pb in zip(a, b):
        assert pa_.read_bytes() == pb.read_bytes(), pa_.name


def test_committed_sample_data_is_what_the_generator_writes(tmp_path):
    """sample_data/ is `reportgen sample --out sample_data` (make sample) byte for byte."""
    committed = Path(__file__).resolve().parents[1] / "sample_data"
    written = write_sample(tmp_path)
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert path.read_bytes() == (committed / path.name).read_bytes(), path.name


def test_different_seed_gives_different_data(tmp_path):
    a = write_sample(tmp_path / "a", seed=1, **SMALL)
    b = write_sample(tmp_path / "b", seed=2, **SMALL)
    for name in ("complaints.csv", "surveys.csv"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes()
    assert len(a) == len(b)


def test_generate_is_repeatable_in_memory(small):
    again = generate(**SMALL)
    pd.testing.assert_frame_equal(small.complaints, again.complaints)
    pd.testing.assert_frame_equal(small.surveys, again.surveys)


# --- shape -------------------------------------------------------------------------------------

def test_quarters_covered_and_counts_per_quarter():
    d = generate(complaints=60, surveys=40, quarters=3, last_quarter=Quarter(2025, 1))
    expected = [Quarter(2024, 3), Quarter(2024, 4), Quarter(2025, 1)]
    assert list(d.quarters) == expected
    for frame, col, n in ((d.complaints, "received_at", 60), (d.surveys, "submitted_at", 40)):
        assert str(frame[col].dt.tz) == TZ
        counts = _quarter(frame[col]).value_counts().sort_index()
        assert counts.index.tolist() == [q.index for q in expected]
        assert (counts == n).all()


def test_default_covers_five_quarters_ending_2026q3(small):
    assert [str(q) for q in small.quarters] == ["2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert sorted(_quarter(small.complaints.received_at).unique()) == [q.index for q in small.quarters]


def _contract(table: str, item_ids: list[str]) -> list[str]:
    """The columns reportgen.schema defines for a table, in its order (complaints: less the SLA
    verdicts, which the sample leaves out because it has every time)."""
    if table == "complaints":
        return [c.name for c in schema.COMPLAINTS if c.name not in COMPLAINTS_LEFT_OUT]
    columns = {"surveys": schema.survey_columns(item_ids), "events": schema.EVENTS, "actions": schema.ACTIONS}
    return [c.name for c in columns[table]]


def test_left_out_columns_are_optional_contract_columns():
    optional = {c.name for c in schema.COMPLAINTS if not c.required}
    assert set(COMPLAINTS_LEFT_OUT) <= optional


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_headers_are_the_schemas_columns_in_its_order(tmp_path, csv_dir, small, fmt):
    out = csv_dir[0] if fmt == "csv" else tmp_path
    if fmt != "csv":
        write_sample(out, fmt=fmt, complaints=30, surveys=20, quarters=1)
    items = load_questionnaire(out / "questionnaire.yaml")[0].item_ids
    for table in ("complaints", "surveys", "events", "actions"):
        path = out / (f"{table}.{fmt}" if table in ("complaints", "surveys") else f"{table}.csv")
        if path.suffix == ".csv":
            header = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode().split(",")
        elif path.suffix == ".parquet":
            header = pq.read_schema(path).names
        else:
            header = list(pd.read_excel(path, engine="openpyxl", nrows=0).columns)
        assert header == _contract(table, items), path.name
    assert list(small.complaints.columns) == _contract("complaints", ITEMS)
    assert list(small.surveys.columns) == _contract("surveys", ITEMS)


def test_a_contract_column_the_generator_does_not_make_is_an_error():
    with pytest.raises(ValueError, match="not the contract"):
        in_order({"ticket_id": ["TS1"]}, ("ticket_id", "received_at"))
    with pytest.raises(ValueError, match="not the contract"):
        in_order({"ticket_id": ["TS1"], "extra": [1]}, ("ticket_id",))


def test_no_fatal_problems(small):
    c, s = small.complaints, small.surveys
    assert c.ticket_id.is_unique
    assert c.ticket_id.str.fullmatch(r"TS\d{6}\d{7}").all()
    # the id's month is the month the ticket was received
    assert (c.ticket_id.str[2:8] == c.received_at.dt.strftime("%Y%m")).all()
    for col in ("ticket_id", "received_at", "channel", "category"):
        assert c[col].notna().all(), col
    for col in ("response_id", "submitted_at", "overall", "nps"):
        assert s[col].notna().all(), col
    assert c.customer_id.str.fullmatch(r"C\d{8}").all()
    assert s.response_id.str.fullmatch(r"SV\d{8}").all()
    for col in ITEMS + ["overall", "nps", "duration_seconds"]:
        assert str(s[col].dtype) == "Int64", col
    assert str(c.handling_satisfaction.dtype) == "Int64"
    assert set(c.severity.dropna()) == {"urgent", "important", "routine"}
    assert set(c.channel) == {"hotline", "online", "wechat", "weibo", "store", "merchant"}


# --- messiness -----------------------------------------------------------------------------------

def _exclusions(s: pd.DataFrame) -> pd.Series:
    """The methodology's survey cleaning rules, first match wins (independent of reportgen.clean)."""
    items = s[ITEMS].astype("float64")
    items = items.where((items >= 1) & (items <= 5))
    answered = items.notna().sum(axis=1)
    dur = s.duration_seconds.astype("float64")
    overall, nps = s.overall.astype("float64"), s.nps.astype("float64").where(s.nps <= 10)
    order = s.sort_values("submitted_at", kind="stable").index
    duplicate = s.loc[order, "response_id"].duplicated().reindex(s.index)
    rules = {
        "duplicate": duplicate,
        "too_fast": dur < CLEANING.min_duration_s,
        "contradiction": ((overall == 5) & (nps <= 2)) | ((overall == 1) & (nps >= 9)),
        "straight_lining": (answered >= CLEANING.straight_line_min_items) & (items.max(axis=1) == items.min(axis=1))
                           & (dur < CLEANING.straight_line_max_s),
        "incomplete": answered < 6,
    }
    out = pd.Series(None, index=s.index, dtype=object)
    for name, hit in rules.items():
        out[out.isna() & hit.fillna(False).astype(bool)] = name
    return out


def test_every_cleaning_rule_fires_in_every_quarter(small):
    s = small.surveys
    rule = _exclusions(s)
    q = _quarter(s.submitted_at)
    out_of_range = (s[ITEMS].gt(5) | s[ITEMS].lt(1)).fillna(False).any(axis=1) | (s.nps > 10).fillna(False)
    for quarter in small.quarters:
        in_q = q == quarter.index
        counts = rule[in_q].value_counts()
        for name in ("duplicate", "too_fast", "contradiction", "straight_lining", "incomplete"):
            assert counts.get(name, 0) >= 1, (str(quarter), name)
        assert out_of_range[in_q].sum() >= 1, str(quarter)
        assert counts.sum() < 0.15 * in_q.sum()  # messiness stays a small share


def test_duplicates_are_later_copies_some_of_an_earlier_quarter(small):
    s = small.surveys
    dup = s[s.response_id.duplicated(keep=False)].sort_values(["response_id", "submitted_at"])
    assert len(dup) >= 2 * len(small.quarters)
    for _, g in dup.groupby("response_id"):
        first, rest = g.iloc[0], g.iloc[1:]
        assert (rest.submitted_at > first.submitted_at).all()
        assert (rest[ITEMS + ["overall", "nps"]].fillna(-1) == first[ITEMS + ["overall", "nps"]].fillna(-1)).all().all()
    last = small.quarters[-1].index
    first_seen = s.groupby("response_id").submitted_at.transform("min")
    copies_in_last = s[(_quarter(s.submitted_at) == last) & (s.submitted_at > first_seen)]
    assert (_quarter(first_seen[copies_in_last.index]) < last).any()  # copy of an earlier quarter's response


def test_complaint_data_quality_faults_in_the_last_quarter(small):
    c = small.complaints
    last = c[_quarter(c.received_at) == small.quarters[-1].index]
    assert (last.first_response_at < last.received_at).any()
    assert (last.closed_at < last.received_at).any()
    assert last.handling_satisfaction.isin([0, 6]).any()
    assert (last.first_response_at.isna() & last.closed_at.notna()).any()  # a missing timestamp
    end = small.quarters[-1].bounds(c.received_at.dt.tz)[1]
    late = last[last.received_at >= end - pd.Timedelta(days=3)]
    assert late.closed_at.isna().any()  # still open at export time
    assert late.closed_at.isna().mean() > last.closed_at.isna().mean()


# --- realism (default counts, in memory) ------------------------------------------------------

def _alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def _kmo(x: np.ndarray) -> float:
    r = np.corrcoef(x, rowvar=False)
    inv = np.linalg.inv(r)
    partial = -inv / np.sqrt(np.outer(np.diag(inv), np.diag(inv)))
    np.fill_diagonal(r, 0)
    np.fill_diagonal(partial, 0)
    return (r ** 2).sum() / ((r ** 2).sum() + (partial ** 2).sum())


def test_complaint_figures_are_realistic(default):
    c = default.complaints
    q = _quarter(c.received_at)
    for quarter in default.quarters:
        t = c[q == quarter.index]
        resp = t.first_response_at - t.received_at
        close = t.closed_at - t.received_at
        assert 0.85 <= (resp <= pd.Timedelta("30min")).mean() <= 0.93
        assert 0.88 <= (close.where(close >= pd.Timedelta(0)) <= pd.Timedelta("7D")).mean() <= 0.96
        assert 0.90 <= t.resolved.mean() <= 0.96
        assert 0.70 <= t.first_contact_resolution.mean() <= 0.80
        assert 0.25 <= t.handling_satisfaction.isna().mean() <= 0.35
        assert 0.07 <= (t.severity == "urgent").mean() <= 0.13
        assert 0.03 <= t.compensation_amount.notna().mean() <= 0.15
        assert t.compensation_amount.dropna().between(50, 2000).all()
    # repeat complaints: the same customer within the 30 days before (earlier quarters included)
    ordered = c.sort_values("received_at")
    gap = ordered.received_at - ordered.groupby("customer_id").received_at.shift()
    repeat = (gap <= pd.Timedelta(days=30)).groupby(_quarter(ordered.received_at)).mean()
    assert repeat.between(0.05, 0.11).all()
    # one category rises in each of the last two quarters, another falls
    counts = pd.crosstab(q, c.category)
    assert counts["delivery_installation"].iloc[-1] > counts["delivery_installation"].iloc[-2] \
        > counts["delivery_installation"].iloc[-3]
    assert counts["service_attitude"].iloc[-1] < counts["service_attitude"].iloc[-2] \
        < counts["service_attitude"].iloc[-3]


def test_descriptions_carry_personal_data_sometimes(default):
    d = default.complaints.description.dropna()
    has_digits = d.str.contains(r"[0-9@]")
    assert 0.10 <= has_digits.mean() <= 0.20
    text = " ".join(d[has_digits])
    assert re.search(r"1[3-9]\d{9}", text) and re.search(r"1[3-9]\d-\d{4}-\d{4}", text)
    assert re.search(r"0\d{2,3}-\d{4} ?\d{4}", text) and re.search(r"[\w.]+@\w+\.com", text)
    assert re.search(r"DD20\d{11}", text) and re.search(r"(先生|女士)", text)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    ids = re.findall(r"身份证号(\d{17}[\dX])", text)
    assert ids
    for idno in ids:  # valid check digits
        assert "10X98765432"[sum(int(a) * w for a, w in zip(idno[:17], weights)) % 11] == idno[17]
    comments = default.surveys.comment
    assert 0.3 <= comments.isna().mean() <= 0.5
    assert comments.dropna().str.contains(r"[0-9@]").any()


def test_survey_figures_are_realistic(default):
    s = default.surveys
    valid = s[_exclusions(s).isna()]
    q = _quarter(valid.submitted_at)
    likert = valid[ITEMS].astype("float64")
    missing = s[ITEMS].isna().to_numpy().mean()
    assert 0.03 <= missing <= 0.08
    for quarter in default.quarters:
        x = likert[q == quarter.index].dropna().to_numpy()
        assert 0.85 <= _alpha(x) <= 0.93
        assert _kmo(x) > 0.8
        nps = valid.nps[q == quarter.index].astype("float64")
        nps = nps[nps <= 10]
        assert 0.38 <= (nps >= 9).mean() <= 0.55
        assert 0.08 <= (nps <= 6).mean() <= 0.22
        # the small store has fewer than 30 responses: the small-sample rule has work to do
        assert valid[q == quarter.index].store.value_counts().min() < 30
    means = {d: likert[[f"q{2 * i + 1}", f"q{2 * i + 2}"]].mean(axis=1).mean()
             for i, d in enumerate(["responsiveness", "resolution", "attitude", "knowledge", "communication",
                                    "follow_up"])}
    assert max(means, key=means.get) == "attitude"
    assert min(means, key=means.get) == "follow_up"
    assert 100 <= s.duration_seconds.median() <= 200
    assert s.duration_seconds.isna().sum() >= 1


# --- the other files ---------------------------------------------------------------------------

def test_config_loads(csv_dir):
    out, _ = csv_dir
    config, raw = load_config(out / "reportgen.toml")
    assert raw.decode("utf-8").lstrip().startswith("#")  # a commented example
    assert config.organisation.name == "华联优选零售集团"
    assert config.organisation.name_en
    assert config.organisation.hotline == "400-820-5678"
    assert config.organisation.complaint_channels
    assert config.timezone == "Asia/Shanghai"
    assert config.sla.preset == "30m-24h-7d"
    assert config.min_cell == 30


def test_config_states_the_defaults_it_does_not_own(csv_dir):
    """Every key the example writes besides the organisation's own is written out, and holds
    exactly reportgen.config's default (no share rounded, no weight dropped)."""
    out, _ = csv_dir
    written = tomllib.loads((out / "reportgen.toml").read_text(encoding="utf-8"))
    d = Config()
    assert written["min_cell"] == d.min_cell and written["repeat_window_days"] == d.repeat_window_days
    assert written["sla"] == {"preset": d.sla.preset, "clock": d.sla.clock}
    assert written["index"] == {"bonus_cap": d.index.bonus_cap, "weights": d.index.weights.model_dump(),
                                "targets": d.index.targets.model_dump()}
    assert written["cleaning"] == d.cleaning.model_dump()
    assert written["severity_weights"] == d.severity_weights
    sampling = {k: v for k, v in written["sampling"].items() if k != "population"}
    assert sampling == {"review_share": d.sampling.review_share, "review_seed": d.sampling.review_seed}
    own = {"timezone", "locale", "redact_names", "organisation"}
    stated = {"min_cell", "repeat_window_days", "sla", "index", "cleaning", "severity_weights", "sampling"}
    assert set(written) == own | stated


def test_questionnaire_parses_and_is_the_default(csv_dir):
    out, _ = csv_dir
    questionnaire, raw = load_questionnaire(out / "questionnaire.yaml")
    assert questionnaire.item_ids == ITEMS
    assert raw.decode("utf-8") == default_questionnaire_text()


def test_events_and_actions(csv_dir, small):
    out, _ = csv_dir
    events = pd.read_csv(out / "events.csv", encoding="utf-8-sig", dtype=str)
    assert list(events.columns) == ["date", "type", "points", "description"]
    assert events.date.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    dates = pd.to_datetime(events.date)
    last_start = pd.Timestamp(str(small.quarters[-1].bounds(None)[0].date()))
    veto = events[events.type == "veto"]
    assert len(veto) == 1 and (dates[veto.index] < last_start).all()  # in an earlier quarter
    bonus = events[events.type == "bonus"]
    assert len(bonus) >= 2 and (bonus.points.astype(float) > 0).all()
    assert ((bonus.description == "获市消费者协会表彰") & (bonus.points == "3")).any()
    assert set(events.type) == {"veto", "bonus"}

    actions = pd.read_csv(out / "actions.csv", encoding="utf-8-sig", dtype=str)
    assert list(actions.columns) == ["action", "owner", "start", "due", "status", "related_category",
                                     "related_metric"]
    assert 6 <= len(actions) <= 8
    assert set(actions.status) <= {"已完成", "进行中", "未开始"}
    assert (pd.to_datetime(actions.start) <= pd.to_datetime(actions.due)).all()
    assert set(actions.related_category.dropna()) <= set(small.complaints.category)
    # each action aims at a category or at a figure; one aims at the closure commitment
    assert (actions.related_category.isna() != actions.related_metric.isna()).all()
    assert set(actions.related_metric.dropna()) == {"closure_sla_rate"}
    assert "delivery_installation" in set(actions.related_category)


# --- formats -----------------------------------------------------------------------------------

def _parse_csv_timestamps(text: pd.Series) -> pd.Series:
    has_offset = text.str.contains(OFFSET, na=False)
    out = pd.Series(pd.NaT, index=text.index, dtype=f"datetime64[us, {TZ}]")
    naive = text.notna() & ~has_offset
    out[naive] = pd.to_datetime(text[naive], format="%Y-%m-%d %H:%M:%S").dt.tz_localize(TZ)
    out[has_offset] = pd.to_datetime(text[has_offset], format="ISO8601", utc=True).dt.tz_convert(TZ)
    return out


def test_csv_has_bom_and_round_trips(csv_dir, small):
    out, _ = csv_dir
    truth = {"complaints": small.complaints, "surveys": small.surveys}
    for stem, frame in truth.items():
        raw = (out / f"{stem}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert raw[3:].split(b"\n", 1)[0].decode() == ",".join(frame.columns)
        read = pd.read_csv(out / f"{stem}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False,
                           na_values=[""])
        assert len(read) == len(frame)
        for col in frame.columns:
            truth_col, text = frame[col], read[col]
            if isinstance(truth_col.dtype, pd.DatetimeTZDtype):
                naive = text.dropna()[~text.dropna().str.contains(OFFSET)]
                assert naive.str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}").all()
                pd.testing.assert_series_equal(_parse_csv_timestamps(text), truth_col, check_names=False,
                                               check_dtype=False)
            elif isinstance(truth_col.dtype, pd.BooleanDtype):
                mapped = text.map({"true": True, "1": True, "是": True, "false": False, "0": False, "否": False})
                assert mapped[text.notna()].notna().all()
                pd.testing.assert_series_equal(mapped.astype("boolean"), truth_col, check_names=False)
            elif str(truth_col.dtype) in ("Int64", "Float64"):
                pd.testing.assert_series_equal(pd.to_numeric(text).astype(truth_col.dtype), truth_col,
                                               check_names=False)
            else:
                pd.testing.assert_series_equal(text, truth_col, check_names=False, check_dtype=False)


def test_csv_quirks_of_real_exports(csv_dir):
    out, _ = csv_dir
    c = pd.read_csv(out / "complaints.csv", encoding="utf-8-sig", dtype=str)
    received = c.received_at
    with_offset = received.str.contains(OFFSET)
    assert 0.005 <= with_offset.mean() <= 0.05  # about 2 % of rows
    assert received.str.endswith("Z").any() and received.str.endswith("+08:00").any()
    # an offset row writes every timestamp of the row with an offset
    row = c[with_offset].iloc[0]
    for col in ("first_response_at", "solution_at", "closed_at"):
        assert pd.isna(row[col]) or OFFSET.search(row[col])
    values = pd.concat([c.resolved, c.first_contact_resolution]).dropna()
    share = values.value_counts(normalize=True)
    assert share[["true", "false"]].sum() > 0.9
    assert {"是", "否", "1", "0"} & set(share.index)


def test_parquet_round_trips_with_types(tmp_path, small):
    write_sample(tmp_path, fmt="parquet", **SMALL)
    schema = pq.read_schema(tmp_path / "complaints.parquet")
    assert str(schema.field("received_at").type) == f"timestamp[us, tz={TZ}]"
    assert str(schema.field("resolved").type) == "bool"
    assert str(schema.field("handling_satisfaction").type) == "int64"
    for stem, frame in (("complaints", small.complaints), ("surveys", small.surveys)):
        read = pd.read_parquet(tmp_path / f"{stem}.parquet")
        pd.testing.assert_frame_equal(read, frame, check_dtype=False)
        assert str(read["resolved" if stem == "complaints" else "q1"].dtype) in ("boolean", "Int64")


def test_xlsx_round_trips(tmp_path, small):
    write_sample(tmp_path, fmt="xlsx", **SMALL)
    for stem, frame in (("complaints", small.complaints), ("surveys", small.surveys)):
        read = pd.read_excel(tmp_path / f"{stem}.xlsx", engine="openpyxl")
        assert list(read.columns) == list(frame.columns) and len(read) == len(frame)
        for col in frame.columns:
            truth = frame[col]
            if isinstance(truth.dtype, pd.DatetimeTZDtype):
                assert str(read[col].dt.tz) == "None"  # naive local time
                truth = truth.dt.tz_localize(None)
            a = [None if pd.isna(v) else v for v in read[col]]
            b = [None if pd.isna(v) else v for v in truth]
            assert a == b, col


def test_writing_another_format_replaces_the_tables(tmp_path):
    write_sample(tmp_path, **SMALL)
    write_sample(tmp_path, fmt="parquet", **SMALL)
    assert not (tmp_path / "complaints.csv").exists() and (tmp_path / "complaints.parquet").exists()


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError):
        write_sample(tmp_path, fmt="json")
    with pytest.raises(ValueError):
        generate(quarters=0)
    with pytest.raises(ValueError):
        generate(complaints=-1)


# --- large samples, one quarter at a time ------------------------------------------------------

@pytest.fixture(scope="module")
def by_quarter(tmp_path_factory):
    """The path taken over `BY_QUARTER` tickets a quarter, forced here on a small sample."""
    import reportgen.sample.generator as generator
    out = tmp_path_factory.mktemp("by_quarter")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(generator, "BY_QUARTER", 100)
        write_sample(out / "csv", complaints=400, surveys=300)
        write_sample(out / "parquet", complaints=400, surveys=300, fmt="parquet")
    return out


def test_by_quarter_has_every_quarter_and_unique_ids(by_quarter):
    c = pd.read_parquet(by_quarter / "parquet" / "complaints.parquet")
    s = pd.read_parquet(by_quarter / "parquet" / "surveys.parquet")
    assert _quarter(c.received_at).value_counts().tolist() == [400] * 5
    assert _quarter(s.submitted_at).value_counts().tolist() == [300] * 5
    assert c.ticket_id.is_unique
    # only the designed duplicate responses repeat an id, each within its own quarter
    repeats = s[s.response_id.duplicated(keep=False)]
    assert 0 < len(repeats) < 0.05 * len(s)
    assert (repeats.groupby("response_id").submitted_at.apply(lambda t: _quarter(t).nunique()) == 1).all()
    assert _quarter(c.received_at).is_monotonic_increasing  # written quarter after quarter


def test_by_quarter_csv_and_parquet_hold_the_same_rows(by_quarter):
    for stem, key in (("complaints", "ticket_id"), ("surveys", "response_id")):
        text = pd.read_csv(by_quarter / "csv" / f"{stem}.csv", dtype=str, encoding="utf-8-sig")
        typed = pd.read_parquet(by_quarter / "parquet" / f"{stem}.parquet")
        assert list(text.columns) == list(typed.columns)  # one header, at the top
        assert text[key].tolist() == typed[key].tolist()


def test_by_quarter_sample_builds_with_its_designed_story(by_quarter, tmp_path):
    import json

    from reportgen.build import build

    result = build(data_dir=by_quarter / "parquet", out_dir=tmp_path, period="2026Q3", documents=False)
    m = json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))
    assert [t["complaints_total"] for t in m["trend"]] == [400] * 5
    assert [t["service_quality_index"] == 0 for t in m["trend"]] == [False, False, True, False, False]  # the veto
    assert "complaints.handling_satisfaction.out_of_range" in m["data_quality"]  # the messy rows are there
    assert m["survey"]["excluded"]  # and so are the responses cleaning drops
