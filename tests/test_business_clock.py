"""The business clock (sla.clock = "business"): business minutes by hand across a weekend, a
statutory holiday, make-up Saturdays and Sundays, a lunch break, a ticket received outside hours,
the quarter and year boundaries, per-store and per-region schedules; the engine against the
per-ticket Python reference (tests/reference/business_clock.py); queries.sql replayed; the
other engines' SQL; dates the calendar has not published."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import sqlglot

from conftest import FIXTURE, business_sample, duckdb_results, recorder
from reference.business_clock import business_minutes, business_seconds
from reportgen.build import build
from reportgen.business_hours import BusinessHours, day_kind, resolve
from reportgen.config import Config
from reportgen.dataset import load_dataset
from reportgen.engine.counts import Engine
from reportgen.figures import prepare
from reportgen.periods import Quarter
from reportgen.settings import settle

TZ = ZoneInfo("Asia/Shanghai")
CONFIG = """
[sla]
clock = "business"
[sla.business_hours]
start = "09:00"
end = "18:00"
[sla.business_hours.by_store.L]
hours = ["09:00-12:00", "13:00-18:00"]
[sla.business_hours.by_region.everyday]
days = "mon-sun"
calendar = "none"
"""
# (ticket, store, region, received_at, first_response_at, business minutes by hand); local times.
HAND = [
    ("MAKEUP", "S1", "north", "2026-02-13 17:55:00", "2026-02-14 09:25:00", 30),    # Fri 5 + make-up Sat 25
    ("WEEKEND", "S1", "north", "2026-03-06 17:00:00", "2026-03-09 10:00:00", 120),  # Fri 60 + Mon 60
    ("LABOUR", "S1", "north", "2026-04-30 17:00:00", "2026-05-06 09:30:00", 90),    # Thu 60, 1–5 May off, Wed 30
    ("SPRING", "S1", "north", "2026-02-13 17:00:00", "2026-02-24 10:00:00", 660),   # 60 + Sat 14th 540 + 15–23 off + 60
    ("LUNCH", "L", "north", "2026-03-09 11:50:00", "2026-03-09 13:10:00", 20),      # 10 before the break, 10 after
    ("EARLY", "S1", "north", "2026-03-09 07:00:00", "2026-03-09 09:10:00", 10),     # the clock starts at 09:00
    ("SATURDAY", "S1", "north", "2026-03-07 10:00:00", "2026-03-09 09:05:00", 5),   # received on a rest day
    ("QUARTER", "S1", "north", "2026-03-31 17:30:00", "2026-04-01 09:30:00", 60),   # Q1 into Q2
    ("YEAR", "S1", "north", "2025-12-31 17:00:00", "2026-01-05 10:00:00", 660),     # 1–3 Jan off, Sun 4th worked
    ("SECONDS", "S1", "north", "2026-03-09 09:00:00", "2026-03-09 09:00:30", 0.5),  # exact to the second
    ("EVERYDAY", "S9", "everyday", "2026-02-14 17:00:00", "2026-02-16 10:00:00", 660),  # no calendar: Sat, Sun, Mon
    ("STORE_FIRST", "L", "everyday", "2026-03-07 10:00:00", "2026-03-09 09:05:00", 5),  # the store's schedule wins
]


def _folder(tmp_path: Path, rows=HAND, config: str = CONFIG) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    (folder / "reportgen.toml").write_text(config, "utf-8")
    template = pd.read_csv(folder / "complaints.csv", dtype=str, keep_default_na=False).iloc[0]
    frame = pd.DataFrame([template] * len(rows)).reset_index(drop=True)
    for i, (ticket, store, region, received, response, _) in enumerate(rows):
        frame.loc[i, ["ticket_id", "store", "region", "received_at", "first_response_at"]] = \
            [ticket, store, region, received, response]
        frame.loc[i, ["solution_at", "closed_at", "customer_id"]] = [response, response, f"K{i}"]
    frame.to_csv(folder / "complaints.csv", index=False)
    return folder


def _engine_minutes(folder: Path) -> tuple[dict, object, object]:
    config = settle(folder).config
    dataset = load_dataset(folder, config)
    prep = prepare(dataset, config)
    rows = prep.engine.backend.rows(type("S", (), {"sql": "SELECT c.ticket_id, t._response_min FROM tickets AS t "
                                                   "JOIN complaints AS c ON c._row = t._row"})())
    return {r["ticket_id"]: r["_response_min"] for r in rows}, dataset, config


def test_the_calendar_knows_chinas_2026_holidays_and_make_up_days():
    s = resolve(BusinessHours()).schedules[0]
    kinds = {d: day_kind(s, date.fromisoformat(d)) for d in
             ("2026-02-13", "2026-02-14", "2026-02-15", "2026-02-16", "2026-02-23", "2026-02-28", "2026-01-04",
              "2026-10-10", "2026-10-07", "2026-10-08", "2026-03-07")}
    assert kinds == {"2026-02-13": "workday", "2026-02-14": "makeup", "2026-02-15": "rest", "2026-02-16": "holiday",
                     "2026-02-23": "holiday", "2026-02-28": "makeup", "2026-01-04": "makeup",
                     "2026-10-10": "makeup", "2026-10-07": "holiday", "2026-10-08": "workday", "2026-03-07": "rest"}
    extra = resolve(BusinessHours(closed=[date(2026, 3, 9)], open=[date(2026, 3, 7)])).schedules[0]
    assert day_kind(extra, date(2026, 3, 9)) == "closed" and day_kind(extra, date(2026, 3, 7)) == "open"


def test_the_reference_by_hand():
    s = resolve(Config.model_validate({"sla": {"clock": "business", "business_hours": {
        "by_store": {"L": {"hours": ["09:00-12:00", "13:00-18:00"]}},
        "by_region": {"everyday": {"days": "mon-sun", "calendar": "none"}}}}}).sla.business_hours)
    for ticket, store, region, received, response, minutes in HAND:
        k = s.stores.get(store, s.regions.get(region, 0))
        start, end = (datetime.fromisoformat(x).replace(tzinfo=TZ) for x in (received, response))
        assert business_seconds(start, end, s.schedules[k], TZ) / 60 == minutes, ticket


def test_the_engine_by_hand(tmp_path):
    minutes, _, _ = _engine_minutes(_folder(tmp_path))
    assert minutes == {ticket: m for ticket, *_, m in HAND}


def test_the_engine_agrees_with_the_reference_on_the_sample(tmp_path):
    folder = business_sample(tmp_path)
    config = settle(folder).config
    dataset = load_dataset(folder, config)
    prep = prepare(dataset, config)
    engine = pd.DataFrame(prep.engine.backend.rows(type("S", (), {"sql": "SELECT * FROM tickets ORDER BY _row"})()))
    tickets = dataset.complaints.sort_values("_row").reset_index(drop=True)
    assert len(engine) == len(tickets) == 7500
    for name, column in (("response", "first_response_at"), ("solution", "solution_at"), ("closure", "closed_at")):
        reference = business_minutes(tickets, column, config.sla.schedules, config.tz)
        pd.testing.assert_series_equal(engine[f"_{name}_min"].astype("float64"), reference, check_names=False,
                                       rtol=0, atol=1e-9)
    assert engine["_schedule"].nunique() == 2


def test_queries_sql_replays_the_business_clock(tmp_path):
    folder = _folder(tmp_path, config=CONFIG)
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2026Q1", documents=False)
    script = (result.out_dir / "queries.sql").read_text("utf-8")
    assert "CREATE OR REPLACE TEMP TABLE business_days AS" in script
    results = duckdb_results(script + "\nSELECT c.ticket_id, t._response_min FROM tickets AS t JOIN complaints AS c "
                             "ON c._row = t._row ORDER BY c._row;\n", tmp_path)
    assert {r["ticket_id"]: r["_response_min"] for r in results[-1]} == {t: m for t, *_, m in HAND}
    metrics = json.loads((result.out_dir / "metrics.json").read_text("utf-8"))
    assert metrics["settings"]["sla"]["clock"] == "business"


def test_a_limit_in_days_counts_working_days_of_the_schedule():
    from reportgen.engine.business import limits

    config = Config.model_validate({"sla": {"clock": "business", "business_hours": {
        "by_store": {"L": {"hours": ["09:00-12:00", "13:00-18:00"]}}}}})
    assert limits(config) == {"response": "30.0", "solution": "1440.0",  # 24h: 24 business hours
                              "closure": "(CASE _schedule WHEN 1 THEN 3360.0 ELSE 3780.0 END)"}  # 7 × 9 h, 7 × 8 h
    assert limits(Config.model_validate({"sla": {"clock": "business"}}))["closure"] == "3780.0"
    assert limits(Config())["closure"] == "10080.0"  # calendar: 7 × 24 h


@pytest.mark.parametrize("dialect", ["postgres", "spark", "trino", "clickhouse"])
def test_other_engines_get_the_same_joins(tmp_path, dialect):
    folder = _folder(tmp_path)
    config = settle(folder).config

    span = [{"first_date": date(2025, 12, 31), "last_received": date(2026, 4, 30)}]
    backend = recorder(dialect, lambda statement: span if statement.name == "timestamp_range" else [])
    engine = Engine(backend, config, load_dataset(folder, config).questionnaire)
    engine.counts(Quarter(2026, 1))
    for s in engine.statements:
        if s.name in ("business_days", "tickets"):
            assert sqlglot.parse_one(s.sql, read=dialect).sql(dialect=dialect, pretty=True) == s.sql
    tickets = next(s.sql for s in engine.statements if s.name == "tickets")
    assert tickets.count("JOIN business_days AS _b_") == 4


def test_dates_the_calendar_has_not_published(tmp_path, run_cli):
    rows = [("LATE", "S1", "north", "2027-01-04 10:00:00", "2027-01-04 11:00:00", 60)]
    folder = _folder(tmp_path, rows)
    code, _, err = run_cli("build", "--data", folder, "--out", tmp_path / "out", "--period", "2027Q1")
    assert code == 2 and "Traceback" not in err
    assert "the calendar CN has no published holidays for 2027" in err
    assert 'sla.business_hours.uncovered = "weekdays"' in err
    (folder / "reportgen.toml").write_text(CONFIG.replace('end = "18:00"', 'end = "18:00"\nuncovered = "weekdays"'),
                                           "utf-8")
    minutes, _, _ = _engine_minutes(folder)
    assert minutes == {"LATE": 60}


@pytest.mark.parametrize("keys, message", [
    ('start = "09:00"', "start and end come together"),
    ('hours = ["09:00-12:00", "11:00-18:00"]', "opening intervals overlap"),
    ('hours = ["18:00-09:00"]', "the end must be after the start"),
    ('days = "mon-funday"', "expected a range such as 'mon-fri'"),
    ('start = "09:00"\nend = "18:00"\nhours = ["09:00-18:00"]', "either start and end or hours"),
    ("closed = [2026-03-09]\nopen = [2026-03-09]", "dates both closed and open: 2026-03-09"),
    ('calendar = "XX"', "sla.business_hours.calendar"),
    ('[sla.business_hours.by_store.S1]\nhours = ["25:00-26:00"]', "sla.business_hours.by_store.S1.hours"),
])
def test_bad_business_hours_are_named_by_key(tmp_path, run_cli, keys, message):
    folder = _folder(tmp_path)
    (folder / "reportgen.toml").write_text(f'[sla]\nclock = "business"\n[sla.business_hours]\n{keys}\n', "utf-8")
    code, _, err = run_cli("build", "--data", folder, "--out", tmp_path / "out")
    assert code == 2 and "Traceback" not in err
    assert "sla.business_hours" in err and message in err, err


def test_the_appendix_states_the_clock(tmp_path):
    from reportgen.report import build_report

    folder = _folder(tmp_path)
    (folder / "reportgen.toml").write_text(CONFIG.replace('end = "18:00"', 'end = "18:00"\nclosed = [2026-03-09]'), "utf-8")
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2026Q1", documents=False)
    assert result.figures.calendar["makeup"] == ("2026-01-04", "2026-02-14", "2026-02-28")
    assert result.figures.calendar["holiday"] == ("2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18",
                                                  "2026-02-19", "2026-02-20", "2026-02-23")  # weekdays only
    assert result.figures.calendar["closed"] == ("2026-03-09",)
    config = settle(folder).config.model_copy(update={"locale": "en"})
    report = build_report(result.figures, config, logo=None, issued=date(2026, 4, 15))
    section = next(s for top in report.sections for s in (top, *top.children) if s.id == "appendix-definitions")
    text = " ".join(section.paragraphs)
    assert "Mon–Fri, 09:00–18:00, holidays by holidays " in text and "working days of 9 hours" in text
    assert "In 2026Q1, holidays: Jan 1\u2009–\u20092, Feb 16\u2009–\u200920, Feb 23; make-up working days: Jan 4, Feb 14, Feb 28." in text
    assert "Closed besides: Mar 9; open besides: none." in text and "2 stores or regions keep schedules of their own" in text


def test_the_key_figures_say_the_times_are_business_times(tmp_path):
    from reportgen.report import build_report
    from reportgen.report.model import Table

    folder = _folder(tmp_path)
    (folder / "reportgen.toml").write_text('locale = "en"\n' + CONFIG, "utf-8")
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2026Q1", documents=False)
    report = build_report(result.figures, settle(folder).config, logo=None, issued=date(2026, 4, 15))
    complaints = next(s for s in report.sections if s.id == "complaints")
    key = next(b for b in complaints.blocks if isinstance(b, Table))
    medians = [r[1] for r in key.rows if "edian" in r[0]]
    assert medians and all(m.endswith("(business time)") for m in medians), medians


def test_a_stray_date_does_not_stretch_the_calendar(tmp_path):
    rows = [*HAND, ("STRAY", "S1", "north", "2026-04-30 17:00:00", "2045-04-30 10:00:00", None)]
    folder = _folder(tmp_path, rows, CONFIG.replace('end = "18:00"', 'end = "18:00"\nuncovered = "weekdays"'))
    minutes, _, config = _engine_minutes(folder)
    assert {t: m for t, m in minutes.items() if t != "STRAY"} == {ticket: m for ticket, *_, m in HAND}
    # counted to the calendar's end, 800 days after the last receipt (30 Apr 2026): past any limit
    assert 366 * 540 < minutes["STRAY"] < 800 * 540
    script = build(data_dir=folder, out_dir=tmp_path / "out", period="2026Q1", documents=False).out_dir
    assert "DATE '2028-07-08'" in (script / "queries.sql").read_text("utf-8")  # 2026-04-30 + 800 days
    assert "DATE '2028-07-09'" not in (script / "queries.sql").read_text("utf-8")
