"""Commitments by severity (sla.<commitment>.by_severity, the "30m-4h-24h-by-severity" preset):
attainment overall and per tier by hand on the fixture, the engine against the pandas reference
on the sample, and the tier limits in the engine's SQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE
from reportgen.build import build
from reportgen.config import Config
from reportgen.engine.business import limits

SAMPLE = Path(__file__).parent.parent / "sample_data"
TIERS = """
[sla]
preset = "30m-4h-24h-by-severity"
[sla.closure.by_severity]
urgent = { limit = "48h", required = 0.5 }
"""


def _metrics(tmp_path: Path, config: str, folder: Path = FIXTURE, period: str = "2025Q3") -> dict:
    data = tmp_path / "data"
    shutil.copytree(folder, data)
    (data / "reportgen.toml").write_text(config, "utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period=period, documents=False)
    return json.loads((result.out_dir / "metrics.json").read_text("utf-8"))["complaints"]


@pytest.mark.metric("complaints.sla_by_severity")
def test_tiers_by_hand_on_the_fixture(tmp_path):
    c = _metrics(tmp_path, TIERS)
    tiers = c["sla_by_severity"]
    # Response (urgent 30m, important 4h, routine 24h; no severity: 30m), 2025Q3's twelve tickets:
    # urgent C01 20 ✓, C02 45 ✗, C05 30 ✓ (inclusive), C06 none ✗; important C09 none ✗, C11 90 ✓,
    # C12 3 ✓; routine C03 5, C04 15, C08 35, C10 8 all ✓; C07 (no severity) 60 ✗.
    assert {g: (t["response"]["count"], t["response"]["n"]) for g, t in tiers.items()} == {
        "urgent": (2, 4), "important": (2, 3), "routine": (4, 4)}
    assert {g: t["response"]["limit_minutes"] for g, t in tiers.items()} == {"urgent": 30, "important": 240,
                                                                            "routine": 1440}
    assert c["response_sla_rate"] == pytest.approx(8 / 12)  # 0.5 with one 30-minute limit for all
    assert [tiers[g]["response"]["met"] for g in ("urgent", "important", "routine")] == [False, False, True]
    # Closure (urgent 48h, required 0.5; others 7d): urgent C01 1800 ✓, C02 ✗, C05 10080 ✗, C06 2880 ✓;
    # important C12 ✓ of 3; routine C03, C08, C10 ✓ of 4; C07 open ✗.
    assert (tiers["urgent"]["closure"]["count"], tiers["urgent"]["closure"]["required"], tiers["urgent"]["closure"]["met"]) \
        == (2, 0.5, True)
    assert (tiers["important"]["closure"]["count"], tiers["routine"]["closure"]["count"]) == (1, 3)
    assert c["closure_sla_rate"] == pytest.approx(6 / 12)  # 7/12 without the urgent tier: C05 took 7 days
    # the same limits as the breakdown by severity
    assert c["breakdowns"]["severity"]["urgent"]["sla"] == tiers["urgent"]


def test_without_tiers_each_severity_keeps_the_commitment(fixture_figures):
    from reportgen.metrics_json import metrics_dict

    doc = metrics_dict(fixture_figures, Config())
    tiers = doc["complaints"]["sla_by_severity"]
    assert set(tiers) == {"urgent", "important", "routine"}
    assert {t["response"]["limit_minutes"] for t in tiers.values()} == {30}
    assert tiers["urgent"]["response"]["count"] == 2  # C01, C05 of the urgent four


def test_the_engine_agrees_with_the_pandas_reference_with_tiers(tmp_path):
    from test_engine import _agree, _both
    from reportgen.periods import Quarter

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    config = (data / "reportgen.toml").read_text("utf-8").replace('preset = "30m-24h-7d"',
                                                                    'preset = "30m-4h-24h-by-severity"')
    (data / "reportgen.toml").write_text(config, "utf-8")
    engine, pandas, cfg = _both(data, Quarter(2026, 3))
    assert cfg.sla.tiered
    _agree(engine, pandas, cfg)
    assert engine.breakdowns["severity"]


def test_tier_limits_in_sql():
    config = Config.model_validate({"sla": {"preset": "30m-4h-24h-by-severity", "clock": "business",
                                            "closure": {"by_severity": {"urgent": "2d"}}}})
    got = limits(config)
    assert got["response"] == "(CASE severity WHEN 'urgent' THEN 30.0 WHEN 'important' THEN 240.0 " \
                              "WHEN 'routine' THEN 1440.0 ELSE 30.0 END)"
    assert got["closure"] == "(CASE severity WHEN 'urgent' THEN 1080.0 ELSE 3780.0 END)"  # 2 and 7 working days of 9 h


def test_a_bad_tier_is_named_by_key(tmp_path, run_cli):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text('[sla.response.by_severity]\nurgent = "0m"\n', "utf-8")
    code, _, err = run_cli("build", "--data", data, "--out", tmp_path / "out")
    assert code == 2 and "key sla.response.by_severity.urgent.limit" in err and "Traceback" not in err


def test_the_report_shows_the_tiers(tmp_path):
    from datetime import date

    from reportgen.report import build_report
    from reportgen.report.model import Table
    from reportgen.settings import settle

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text('locale = "en"\nmin_cell = 3\n' + TIERS, "utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    report = build_report(result.figures, settle(data).config, logo=None, issued=date(2025, 10, 15))
    sections = {s.id: s for top in report.sections for s in (top, *top.children)}
    table = next(b for b in sections["complaints"].blocks if isinstance(b, Table) and b.title == "Commitments by severity")
    # solution, urgent: C01 240, C05 1440 (inclusive), C06 480 within 24 h; C02 1800 not
    assert table.rows[0] == ("Urgent", "30 minutes: 50.0% not met", "24 hours: 75.0% not met", "48 hours: 50.0% met", "4")
    note = " ".join(sections["appendix-definitions"].paragraphs)
    assert ("Limits by severity (required share): Urgent: Response 30 minutes (90%), Solution 24 hours (90%), "
            "Closure 48 hours (50%); Important: Response 4 hours (90%)") in note
    assert "Any other severity, or none: Response 30 minutes (90%), Solution 24 hours (90%), Closure 7 days (90%)." in note


def test_the_report_shows_repeats_and_late_closures_by_category(tmp_path):
    from datetime import date

    from reportgen.report import build_report
    from reportgen.report.model import Table
    from reportgen.settings import settle

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text('locale = "en"\nmin_cell = 1\n', "utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    report = build_report(result.figures, settle(data).config, logo=None, issued=date(2025, 10, 15))
    complaints = next(s for s in report.sections if s.id == "complaints")
    got = next(b for b in complaints.blocks if isinstance(b, Table) and b.title.startswith("Repeat complaints"))
    # product_quality: C01 (a repeat of P01), C03, C08, C11; closure within 7 days: C01, C03, C08; C11 late
    row = next(r for r in got.rows if r[1] == "4")
    assert row[2:] == ("25.0%", "25.0%")


def test_the_trend_shows_each_tier(tmp_path):
    from datetime import date

    from reportgen.report import build_report
    from reportgen.report.model import Chart
    from reportgen.settings import settle

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text('locale = "en"\n' + TIERS, "utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    assert [p.period for p in result.figures.trend] == ["2024Q3", "2025Q1", "2025Q2", "2025Q3"]
    # 2025Q2: urgent P04 25 min ✓; important P01 10, P05 10, P08 20 ✓; routine P02, P03, P06, P07, P09 ✓
    assert {k: s["response"].attainment.value for k, s in result.figures.trend[2].severity_sla.items()} == {
        "urgent": 1.0, "important": 1.0, "routine": 1.0}
    # 2025Q1: urgent R02 40 min ✗ against 30
    assert result.figures.trend[1].severity_sla["urgent"]["response"].attainment.value == 0.0
    report = build_report(result.figures, settle(data).config, logo=None, issued=date(2025, 10, 15))
    charts = [b for s in report.sections for x in (s, *s.children) for b in x.blocks if isinstance(b, Chart)]
    response = next(ch for ch in charts if ch.id == "trend_tier_response")
    assert response.title == "Response within its limit, by severity"
    assert [r["value"] for r in response.rows if r["series"] == "Urgent"] == [0.0, 0.0, 1.0, 0.5]
    assert "trend_tier_closure" in {ch.id for ch in charts} and "trend_tier_solution" not in {ch.id for ch in charts}
