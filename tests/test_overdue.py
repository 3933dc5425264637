"""Tickets open at the quarter's end past their closure limit: counted and listed by hand on the
fixture under both clocks, with masked ids in overdue.csv and the report's list."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pandas as pd
import pytest

from conftest import FIXTURE
from reportgen.build import build
from reportgen.report import build_report
from reportgen.report.model import Table
from reportgen.settings import settle

# 2025Q3 ends 2025-10-01 00:00 (+08:00). Open then: C07 (received Fri 1 Aug 10:00, never closed),
# C09 (Tue 2 Sep 16:00, never closed), C11 (Sat 20 Sep 09:00, closed 2 Oct 21:00). Calendar ages:
# 60 d 14 h, 28 d 8 h, 10 d 15 h, all past 7 days. Business (09:00–18:00, CN): C07 8 h on 1 Aug +
# 20 weekdays of August + 22 of September + Sun 28 Sep worked (调休) = 43 × 9 h + 8 h; C09 2 h + 20
# weekdays + 28 Sep; C11 22–26, 28, 29, 30 Sep = 8 × 9 h: past 7 × 9 h. C04 closed in time, C13 is Q4.
CALENDAR = {"C07": 87240, "C09": 40800, "C11": 15300}
BUSINESS = {"C07": 43 * 540 + 480, "C09": 120 + 21 * 540, "C11": 8 * 540}


def _build(tmp_path, config: str = ""):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text(config, "utf-8")
    return data, build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)


@pytest.mark.metric("complaints.overdue_open")
@pytest.mark.parametrize("config, ages, limit", [("", CALENDAR, 10080), ('[sla]\nclock = "business"\n', BUSINESS, 3780)])
def test_overdue_tickets_by_hand(tmp_path, config, ages, limit):
    _, result = _build(tmp_path, config)
    listed = pd.read_csv(result.out_dir / "overdue.csv", dtype=str, encoding="utf-8-sig")
    assert list(listed.columns) == ["file", "row", "id", "severity", "store", "received_at", "age_hours", "limit_hours"]
    assert listed["id"].tolist() == list(ages)  # oldest first
    assert [float(a) for a in listed["age_hours"]] == [round(m / 60, 2) for m in ages.values()]
    assert {float(x) for x in listed["limit_hours"]} == {limit / 60}
    assert listed["row"].tolist() == ["8", "10", "12"] and listed["received_at"][0] == "2025-08-01 10:00"
    metrics = json.loads((result.out_dir / "metrics.json").read_text("utf-8"))
    assert metrics["complaints"]["overdue_open"] == 3
    assert [o.age_minutes for o in result.figures.overdue_oldest] == list(ages.values())


def test_a_tier_limit_decides_overdue(tmp_path):
    # important tickets may stay open 30 days: C09 (28 d 8 h) and C11 are then in time
    _, result = _build(tmp_path, '[sla.closure.by_severity]\nimportant = "30d"\n')
    assert [o.id for o in result.figures.overdue_oldest] == ["C07"]


def test_the_report_lists_the_oldest(tmp_path):
    data, result = _build(tmp_path, 'locale = "en"\n')
    report = build_report(result.figures, settle(data).config, logo=None, issued=date(2025, 10, 15))
    complaints = next(s for s in report.sections if s.id == "complaints")
    listed = next(b for b in complaints.blocks if isinstance(b, Table) and b.title.startswith("3 tickets open"))
    assert listed.rows[0] == ("C07", "—", "S1", "2025-08-01 10:00", "60.6 days", "7.0 days")
    assert listed.rows[1][1] == "Important"


def test_ids_are_masked(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    frame = pd.read_csv(data / "complaints.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["ticket_id"] == "C07", "ticket_id"] = "13812345678"
    frame.to_csv(data / "complaints.csv", index=False)
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    text = (result.out_dir / "overdue.csv").read_text("utf-8-sig")
    assert "13812345678" not in text and result.figures.overdue_count == 3


def test_the_report_counts_business_ages_in_working_days(tmp_path):
    data, result = _build(tmp_path, 'locale = "en"\n[sla]\nclock = "business"\n')
    report = build_report(result.figures, settle(data).config, logo=None, issued=date(2025, 10, 15))
    complaints = next(s for s in report.sections if s.id == "complaints")
    listed = next(b for b in complaints.blocks if isinstance(b, Table) and b.title.startswith("3 tickets open"))
    # C11: 8 working days of 9 hours, against 7
    assert listed.rows[2][4:] == ("8.0 working days", "7.0 working days")
