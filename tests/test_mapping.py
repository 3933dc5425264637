"""`[sources]` mappings: each platform's layout gives the hand-computed fixture's figures, and
each rule (labels, skip codes, filters, dates, durations, constants) reads what it says."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from reportgen.build import build
from reportgen.errors import InputError
from reportgen import labels
from reportgen.mapping import parse_dates

import exports

PERIOD = "2025Q3"


def _flat(d, p=""):
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _flat(v, f"{p}/{k}")
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from _flat(v, f"{p}[{i}]")
    else:
        yield p, d


def _metrics(data_dir: Path, out_dir: Path) -> dict:
    build(data_dir=data_dir, out_dir=out_dir, period=PERIOD, documents=False)
    doc = json.loads((out_dir / PERIOD / "metrics.json").read_text("utf-8"))
    doc.pop("source_files")  # each export keeps its own file name; every figure must be the same
    return doc


@pytest.fixture(scope="module")
def fixture_metrics(tmp_path_factory) -> dict:
    return dict(_flat(_metrics(exports.FIXTURE, tmp_path_factory.mktemp("contract"))))


@pytest.mark.parametrize("layout", sorted(exports.LAYOUTS))
def test_platform_layout_gives_the_fixture_figures(tmp_path, fixture_metrics, layout):
    exports.LAYOUTS[layout](tmp_path / "data")
    got = dict(_flat(_metrics(tmp_path / "data", tmp_path / "out")))
    assert len(got) == len(fixture_metrics) > 2000
    assert {k: got[k] for k in got if got[k] != fixture_metrics.get(k)} == {}
    manifest = json.loads((tmp_path / "out" / PERIOD / "manifest.json").read_text("utf-8"))
    assert manifest["inputs"]["surveys"]["mapping"]["preset"] == layout.split("_numeric")[0]


def test_qualtrics_rows_left_out_and_zone_are_recorded(tmp_path):
    exports.qualtrics(tmp_path / "data")
    build(data_dir=tmp_path / "data", out_dir=tmp_path / "out", period=PERIOD, documents=False)
    mapping = json.loads((tmp_path / "out" / PERIOD / "manifest.json").read_text("utf-8"))["inputs"]["surveys"]["mapping"]
    assert mapping["timezone"] == "UTC" and mapping["header_rows"] == 3
    assert mapping["rows_read"] == 33 + 4  # the fixture's 33 responses and 4 that are not
    assert mapping["rows_dropped"] == {"Status = Survey Preview": 1, "Status = Spam": 1,
                                       "DistributionChannel = preview": 1, "Finished = False": 1}


def test_wjx_skipped_answers_are_counted_not_applicable(tmp_path):
    exports.wjx(tmp_path / "data")
    build(data_dir=tmp_path / "data", out_dir=tmp_path / "out", period=PERIOD, documents=False)
    mapping = json.loads((tmp_path / "out" / PERIOD / "manifest.json").read_text("utf-8"))["inputs"]["surveys"]["mapping"]
    # the fixture's empty item cells, written (跳过): V10 6, S-TIE overall 1, L4 2, I1 6, I3 7; and the
    # empty comments, read now that comment analytics reads the comments
    blanks = exports.responses()[exports.ITEMS + ["overall", "comment"]].eq("").sum()
    assert mapping["not_applicable"] == {k: int(v) for k, v in blanks.items() if v}
    assert sum(v for k, v in mapping["not_applicable"].items() if k != "comment") == 6 + 1 + 2 + 6 + 7


@pytest.mark.parametrize("text, value", [
    ("非常满意", "5"), ("满意", "4"), ("一般", "3"), ("不满意", "2"), ("非常不满意", "1"), ("比较满意", "4"),
    ("Very satisfied", "5"), ("extremely DISSATISFIED", "1"), ("Neither satisfied nor dissatisfied", "3"),
    ("Strongly agree", "5"), ("Somewhat disagree", "2"), ("Definitely yes", "5"), ("Probably not", "2"),
    ("4 - Very impressive", "4"), ("10 - Extremely likely", "10"), ("0 - Not at all likely", "0"), ("5分", "5"),
    ("5（非常满意）", "5"), ("3. Neutral", "3"), ("Excellent", "5"),
])
def test_answer_labels(text, value):
    assert labels.scale_value(text) == value


@pytest.mark.parametrize("text", ["5", "3.5", "2025-07-01", "10-20", "maybe", "", "满意度"])
def test_what_is_not_a_label_is_left_as_it_is(text):
    assert labels.scale_value(text) is None


@pytest.mark.parametrize("text, seconds", [
    ("125秒", "125"), ("2分5秒", "125"), ("1小时2分", "3720"), ("00:02:05", "125"), ("2:05", "125"),
    ("1:00:00", "3600"), ("125 s", "125"), ("2 min 5 s", "125"), ("90.5秒", "90.5"), ("3分钟", "180"),
])
def test_durations_as_text(text, seconds):
    assert labels.duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "2分5", "12:99:00x", "5"])
def test_what_is_not_a_duration(text):
    assert labels.duration_seconds(text) is None


SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("rule, text, expected", [
    ("day-first", "03/07/2025 09:05", "2025-07-03 09:05"),
    ("month-first", "07/03/2025 09:05", "2025-07-03 09:05"),
    ("month-first", "7/3/2025 9:05:00 PM", "2025-07-03 21:05"),
    ("day-first", "3/7/25 21:05", "2025-07-03 21:05"),  # two-digit year
    ("%d.%m.%y %I:%M %p", "03.07.25 09:05 PM", "2025-07-03 21:05"),
    ("iso", "2025/7/3 9:05", "2025-07-03 09:05"),
    ("iso", "2025-07-03T01:05:00Z", "2025-07-03 09:05"),  # an offset is converted to the zone
    ("excel", "45841.378472222", "2025-07-03 09:05"),
    ("excel", "45841", "2025-07-03 00:00"),
])
def test_date_rules(rule, text, expected):
    got = parse_dates(pd.Series([text], dtype="string"), rule, SH)[0]
    assert got.tz_convert(SH).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize("rule, text", [("day-first", "31/31/2025"), ("month-first", "13/13/2025 9:00"),
                                        ("excel", "-3"), ("excel", "abc"), ("%d.%m.%Y", "2025-07-03"),
                                        ("iso", "1600-01-01 00:00:00"), ("excel", "9999999")])
def test_unreadable_dates_are_missing(rule, text):
    assert pd.isna(parse_dates(pd.Series([text], dtype="string"), rule, SH)[0])


def test_naive_times_are_local_in_the_named_zone():
    got = parse_dates(pd.Series(["2025-07-03 09:05:00"], dtype="string"), "iso", ZoneInfo("America/Denver"))[0]
    assert got.tz_convert("UTC").strftime("%H:%M") == "15:05"  # MDT is UTC−6 in July


def _split_monthly(data: Path) -> list[Path]:
    """The Qualtrics export cut in two files, each with its three header rows (two monthly downloads)."""
    source = next(data.glob("Customer+Survey_*.csv"))
    lines = source.read_text("utf-8-sig").splitlines(keepends=True)
    head, body = lines[:3], lines[3:]
    half = len(body) // 2
    parts = [data / "Customer+Survey_July.csv", data / "Customer+Survey_August.csv"]
    source.unlink()
    for path, rows in zip(parts, (body[:half], body[half:])):
        path.write_text("".join(head + rows), "utf-8-sig")
    return parts


def test_several_files_are_one_table(tmp_path, fixture_metrics):
    exports.qualtrics(tmp_path / "data")
    parts = _split_monthly(tmp_path / "data")
    got = dict(_flat(_metrics(tmp_path / "data", tmp_path / "out")))
    assert {k: got[k] for k in got if got[k] != fixture_metrics.get(k)} == {}
    manifest = json.loads((tmp_path / "out" / PERIOD / "manifest.json").read_text("utf-8"))
    files = manifest["inputs"]["surveys"]["files"]
    assert [Path(f["path"]).name for f in files] == sorted(p.name for p in parts)
    assert sum(f["rows_read"] for f in files) == 33 + 4
    # every exclusion names the file and row where a person finds it
    exclusions = pd.read_csv(tmp_path / "out" / PERIOD / "exclusions.csv", dtype=str)
    for file, row in zip(exclusions["file"], exclusions["row"].astype(int)):
        if file.startswith("Customer+Survey_"):
            assert 4 <= row < 40, (file, row)
            lines = (tmp_path / "data" / file).read_text("utf-8-sig").splitlines()
            assert len(lines) >= row


def test_a_problem_in_a_later_file_names_that_file_and_row(tmp_path):
    exports.qualtrics(tmp_path / "data")
    july, august = sorted(_split_monthly(tmp_path / "data"))
    text = august.read_text("utf-8-sig").splitlines()
    text[4] = text[4].replace("Somewhat satisfied", "Fairly content", 1)  # no label of any set
    august.write_text("\n".join(text) + "\n", "utf-8-sig")
    with pytest.raises(InputError) as err:
        build(data_dir=tmp_path / "data", out_dir=tmp_path / "out", period=PERIOD, documents=False)
    (problem,) = err.value.problems
    assert (problem.file, problem.row) == (august.name, 5) and problem.value == "Fairly content"


def test_constants_row_numbers_and_a_date_and_time_in_two_columns(tmp_path):
    """A hand-kept sheet: no id (the row number is one), the date and the time in two columns,
    no channel (every row's is the same), satisfaction as 满意-style labels."""
    from reportgen.config import load_config
    from reportgen.dataset import load_dataset

    data = tmp_path / "data"
    data.mkdir()
    (data / "questionnaire.yaml").write_text((exports.FIXTURE / "questionnaire.yaml").read_text("utf-8"), "utf-8")
    items = ",".join(f"题{i}" for i in range(1, 13))
    rows = ["日期,时间," + items + ",总体,推荐",
            "2025/7/3,9:05," + ",".join(["满意"] * 12) + ",非常满意,9",
            "2025/7/4,,"  + ",".join(["一般"] * 12) + ",不满意,6"]
    (data / "手工表.csv").write_text("\n".join(rows) + "\n", "utf-8")
    columns = ", ".join(f'q{i} = "题{i}"' for i in range(1, 13))
    (data / "reportgen.toml").write_text(
        '[sources.surveys]\nfile = "手工表.csv"\nconstants = { channel = "store" }\n'
        f'columns = {{ response_id = "@row", submitted_at = ["日期", "时间"], {columns}, overall = "总体", nps = "推荐" }}\n',
        "utf-8")
    frame = load_dataset(data, load_config(data / "reportgen.toml")[0]).surveys
    assert frame["response_id"].tolist() == ["2", "3"]  # the rows as a spreadsheet numbers them
    assert frame["channel"].tolist() == ["store", "store"]
    local = frame["submitted_at"].dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m-%d %H:%M").tolist()
    assert local == ["2025-07-03 09:05", "2025-07-04 00:00"]  # a missing time: the date alone
    assert frame["q1"].tolist() == [4, 3] and frame["overall"].tolist() == [5, 2]
