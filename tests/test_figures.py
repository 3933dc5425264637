"""Every figure of the fixture quarter against its hand computation in tests/data/EXPECTED.md.

The fixture (tests/data/fixture/) goes through the real pipeline: load_dataset → prepare →
compute_figures → metrics_dict (and build for metrics.json). Expected values are written as the
fractions of EXPECTED.md, or as the 16-digit results of its arithmetic; each assertion names its
section (§). Nothing here is derived from reportgen's own output.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from reportgen.build import build
from reportgen.config import Config
from reportgen.dataset import QUARTER, load_dataset
from reportgen.figures import compute_figures, prepare
from reportgen.metrics.index import service_quality_index
from reportgen.metrics.stats import largest_remainder
from reportgen.metrics_json import metrics_dict
from reportgen.periods import Quarter
from reportgen.validate import ROW

import hand

FIXTURE = Path(__file__).parent / "data" / "fixture"
Q3 = Quarter(2025, 3)
EXACT = {"rel": 1e-12, "abs": 1e-12}
P_TOL = {"rel": 1e-9, "abs": 1e-12}  # p-values: the normal tail is computed by a different routine

DEFAULT = Config()
MIN_CELL_2 = Config.model_validate({"min_cell": 2})
PRESET_30124 = Config.model_validate({"sla": {"preset": "30m-12h-24h"}, "min_cell": 2})


# §12: base 64195/988 (Σ weight × component score / Σ weight), plus a bonus capped at 15 % of it
SQI_Q3 = 64195 / 988 * 1.15


def approx(x, tol=EXACT):
    return pytest.approx(x, **tol)


def _figures(config: Config, quarter: Quarter = Q3, data_dir: Path = FIXTURE):
    prep = prepare(load_dataset(data_dir, config), config)
    return prep, compute_figures(prep, quarter, config)


@pytest.fixture(scope="module")
def default_run():
    return _figures(DEFAULT)


@pytest.fixture(scope="module")
def fig(default_run):
    return default_run[1]


@pytest.fixture(scope="module")
def doc(fig):
    return metrics_dict(fig, DEFAULT)


@pytest.fixture(scope="module")
def doc_min_cell_2():
    return metrics_dict(_figures(MIN_CELL_2)[1], MIN_CELL_2)


@pytest.fixture(scope="module")
def doc_30124():
    return metrics_dict(_figures(PRESET_30124)[1], PRESET_30124)


def _variant(tmp_path: Path) -> Path:
    target = tmp_path / "fixture"
    shutil.copytree(FIXTURE, target)
    return target


# Complaints ------------------------------------------------------------------------------------

@pytest.mark.metric("complaints.closed")
def test_closed_counts_tickets_with_a_closure_time(doc):
    # §2: closure hours are present for 10 of the 12 tickets (C07 and C09 are open).
    assert doc["complaints"]["closed"] == 10


@pytest.mark.metric("complaints.total")
def test_total_counts_tickets_by_local_quarter(default_run, doc):
    prep, _ = default_run
    # §1: C01 (2025-06-30T16:00Z = 1 Jul 00:00 local) and C12 (30 Sep 23:59) are Q3;
    # C13 (1 Oct 00:00) and C14 (2025-09-30T16:00Z) are Q4.
    assert doc["complaints"]["total"] == 12
    by_quarter = prep.dataset.complaints.groupby(QUARTER)["ticket_id"].apply(sorted).to_dict()
    assert by_quarter[Q3.index] == [f"C{i:02d}" for i in range(1, 13)]
    assert by_quarter[Quarter(2025, 4).index] == ["C13", "C14"]
    assert len(by_quarter[Quarter(2025, 2).index]) == 9
    assert len(by_quarter[Quarter(2025, 1).index]) == 3
    assert len(by_quarter[Quarter(2024, 3).index]) == 2


@pytest.mark.metric("complaints.response_sla_rate")
@pytest.mark.metric("complaints.solution_sla_rate")
@pytest.mark.metric("complaints.closure_sla_rate")
def test_sla_rates_default_preset(doc):
    c = doc["complaints"]
    # §2: missing or before-receipt times count as not met; C05 sits exactly on every limit.
    assert c["response_sla_rate"] == approx(6 / 12)
    assert c["solution_sla_rate"] == approx(8 / 12)
    assert c["closure_sla_rate"] == approx(7 / 12)
    sla = c["sla"]
    assert (sla["response"]["count"], sla["response"]["n"]) == (6, 12)
    assert (sla["solution"]["count"], sla["solution"]["n"]) == (8, 12)
    assert (sla["closure"]["count"], sla["closure"]["n"]) == (7, 12)
    assert [sla[k]["limit_minutes"] for k in ("response", "solution", "closure")] == [30, 1440, 10080]
    assert all(sla[k]["required"] == 0.9 and sla[k]["met"] is False for k in ("response", "solution", "closure"))


@pytest.mark.metric("complaints.response_sla_rate")
@pytest.mark.metric("complaints.resolution_rate")
def test_wilson_interval_of_a_rate(doc):
    # §2.1: Wilson 95 % interval, z = 1.959963984540054.
    assert doc["complaints"]["sla"]["response"]["ci95"] == approx(hand.wilson(6, 12))
    assert doc["complaints"]["rates"]["resolution_rate"]["ci95"] == approx(hand.wilson(8, 10))


@pytest.mark.metric("complaints.solution_sla_rate")
@pytest.mark.metric("complaints.closure_sla_rate")
@pytest.mark.metric("complaints.handling_satisfaction_by_closure_sla")
def test_sla_preset_30124(doc_30124):
    c = doc_30124["complaints"]
    # §7: 30 min / 12 h / 24 h with required shares 1.0 / 1.0 / 0.9.
    assert c["response_sla_rate"] == approx(6 / 12)
    assert c["solution_sla_rate"] == approx(6 / 12)
    assert c["closure_sla_rate"] == approx(2 / 12)
    assert [c["sla"][k]["limit_minutes"] for k in ("response", "solution", "closure")] == [30, 720, 1440]
    assert [c["sla"][k]["required"] for k in ("response", "solution", "closure")] == [1.0, 1.0, 0.9]
    assert all(c["sla"][k]["met"] is False for k in ("response", "solution", "closure"))
    by = c["handling_satisfaction_by_closure_sla"]
    assert (by["met"]["count"], by["met"]["n"]) == (2, 2)
    assert (by["breached"]["count"], by["breached"]["n"]) == (5, 8)
    assert by["breached"]["value"] == approx(0.625)


@pytest.mark.metric("complaints.resolution_rate")
@pytest.mark.metric("complaints.first_contact_resolution_rate")
def test_resolution_and_first_contact_rates(doc):
    rates = doc["complaints"]["rates"]
    # §3: 1/0, yes/no, 是/否, TRUE/True all read as booleans; empty cells are outside the denominator.
    assert doc["complaints"]["resolution_rate"] == approx(0.8)
    assert (rates["resolution_rate"]["count"], rates["resolution_rate"]["n"]) == (8, 10)
    assert doc["complaints"]["first_contact_resolution_rate"] == approx(0.5)
    assert (rates["first_contact_resolution_rate"]["count"], rates["first_contact_resolution_rate"]["n"]) == (5, 10)


@pytest.mark.metric("complaints.handling_satisfaction_rate")
def test_handling_satisfaction_rate(doc):
    # §3: C06's rating 6 is out of range → missing; 7 of 10 rated 4 or 5.
    r = doc["complaints"]["rates"]["handling_satisfaction_rate"]
    assert doc["complaints"]["handling_satisfaction_rate"] == approx(0.7)
    assert (r["count"], r["n"]) == (7, 10)


@pytest.mark.metric("complaints.handling_satisfaction_by_closure_sla")
def test_handling_satisfaction_by_closure_sla(doc):
    by = doc["complaints"]["handling_satisfaction_by_closure_sla"]
    # §3.1: met 6/6, breached (incl. the open C07, unrated) 1/4.
    assert (by["met"]["count"], by["met"]["n"], by["met"]["value"]) == (6, 6, 1.0)
    assert (by["breached"]["count"], by["breached"]["n"]) == (1, 4)
    assert by["breached"]["value"] == approx(0.25)


@pytest.mark.metric("complaints.repeat_rate")
def test_repeat_rate(default_run, doc, fig):
    prep, _ = default_run
    # §4: C01 (10 d after P01, previous quarter) and C05 (10 d after C02) repeat; C03 (40 d) does
    # not; C06/C07 share an instant so neither is earlier; C09/C12 have no customer_id.
    r = doc["complaints"]["rates"]["repeat_rate"]
    assert doc["complaints"]["repeat_rate"] == approx(0.2)
    assert (r["count"], r["n"]) == (2, 10)
    ids = prep.dataset.complaints.set_index(ROW)["ticket_id"]  # cleaned tickets keep the file row, not the id
    q3 = {ids[r]: rep for r, rep in prep.engine.backend.con.execute(
        "SELECT _row, _repeat FROM tickets WHERE _quarter = ?", [Q3.index]).fetchall()}
    assert sorted(t for t, rep in q3.items() if rep) == ["C01", "C05"]
    assert q3["C09"] is None and q3["C12"] is None
    # §4: 2025Q2 has two tickets with ids, neither a repeat.
    assert (fig.previous.complaints.repeat.count, fig.previous.complaints.repeat.n) == (0, 2)


@pytest.mark.metric("complaints.median_response_minutes")
@pytest.mark.metric("complaints.p90_response_minutes")
def test_response_minutes_percentiles(doc):
    # §5: sorted 3 5 8 15 20 30 35 45 60 90 → median 25.0, p90 60 + 0.1 × 30.
    assert doc["complaints"]["median_response_minutes"] == approx(25.0)
    assert doc["complaints"]["p90_response_minutes"] == approx(63.0)
    assert doc["complaints"]["durations_n"]["response"] == 10  # §5: C06 made missing, C09 empty


@pytest.mark.metric("complaints.median_solution_hours")
@pytest.mark.metric("complaints.p90_solution_hours")
def test_solution_hours_percentiles(doc):
    # §5: 1 2 4 6 8 10 20 24 30 40 50 → median 10, p90 at position 9 = 40.
    assert doc["complaints"]["median_solution_hours"] == approx(10.0)
    assert doc["complaints"]["p90_solution_hours"] == approx(40.0)
    assert doc["complaints"]["durations_n"]["solution"] == 11  # §5: C07 empty


@pytest.mark.metric("complaints.median_closure_hours")
@pytest.mark.metric("complaints.p90_closure_hours")
def test_closure_hours_percentiles(doc):
    # §5: 12 20 26 30 48 72 168 170 200 300 → median 60, p90 200 + 0.1 × 100.
    assert doc["complaints"]["median_closure_hours"] == approx(60.0)
    assert doc["complaints"]["p90_closure_hours"] == approx(210.0)
    assert doc["complaints"]["durations_n"]["closure"] == 10  # §5: C07, C09 open


@pytest.mark.metric("complaints.compensation_total")
def test_compensation_total(doc):
    # §6: 200 + 50.5 + 300; C05's −10 is treated as missing.
    assert doc["complaints"]["compensation_total"] == approx(550.5)


@pytest.mark.metric("complaints.by_channel")
@pytest.mark.metric("complaints.by_category")
def test_by_channel_and_category(doc):
    # §6: counts, largest first, ties by name.
    assert list(doc["complaints"]["by_channel"].items()) == [("hotline", 6), ("online", 5), ("wechat", 1)]
    assert list(doc["complaints"]["by_category"].items()) == [
        ("product_quality", 4), ("delivery_installation", 3), ("repair", 2), ("return_exchange", 2),
        ("service_attitude", 1)]


@pytest.mark.metric("complaints.by_category")
def test_largest_remainder_percentages_of_by_category(doc):
    # §6.2: 33.3 25.0 16.7 16.7 8.3, adding up to 100.0.
    pct = largest_remainder(list(doc["complaints"]["by_category"].values()), decimals=1)
    assert pct == [33.3, 25.0, 16.7, 16.7, 8.3]
    assert sum(round(p * 10) for p in pct) == 1000


@pytest.mark.metric("complaints.breakdowns")
def test_breakdowns(doc, doc_30124):
    # §6.1: default min_cell 30 → every group insufficient.
    b = doc["complaints"]["breakdowns"]
    assert all(g["insufficient"] for groups in b.values() for g in groups.values())
    assert set(b) == {"channel", "category", "severity", "store", "region", "department"}
    # §6.1 with the 30m-12h-24h preset and min_cell 2.
    b = doc_30124["complaints"]["breakdowns"]
    ch = b["channel"]
    assert [(k, v["count"], v["insufficient"]) for k, v in ch.items()] == [
        ("hotline", 6, False), ("online", 5, False), ("wechat", 1, True)]
    assert ch["hotline"]["share"] == approx(0.5)
    assert ch["hotline"]["response_sla_rate"] == approx(0.5)
    assert ch["hotline"]["closure_sla_rate"] == approx(0.0)
    assert ch["online"]["response_sla_rate"] == approx(0.4)
    assert ch["online"]["closure_sla_rate"] == approx(0.2)
    sev = b["severity"]
    assert [(k, v["count"]) for k, v in sev.items()] == [("routine", 4), ("urgent", 4), ("important", 3)]
    assert [sev[k]["share"] for k in ("routine", "urgent", "important")] == [approx(1 / 3), approx(1 / 3), approx(0.25)]
    assert b["category"]["service_attitude"]["insufficient"] is True
    assert b["category"]["repair"]["insufficient"] is False


# Survey ----------------------------------------------------------------------------------------

@pytest.mark.metric("survey.responses_total")
@pytest.mark.metric("survey.responses_valid")
@pytest.mark.metric("survey.excluded")
def test_survey_cleaning_counts(doc):
    s = doc["survey"]
    # §8: 24 in Q3 (V13 and I3 are inside by local time, Z1 is Q4); 11 excluded; 13 valid.
    assert s["responses_total"] == 24
    assert s["excluded"] == {"duplicate": 2, "too_fast": 2, "contradiction": 3, "straight_lining": 2,
                             "incomplete": 2}
    assert s["responses_valid"] == 13


@pytest.mark.metric("survey.excluded")
def test_survey_each_response_excluded_by_its_first_rule(default_run):
    prep, _ = default_run
    # §8: by file row (header = row 1). Row 4 is the later copy of row 27; row 19 loses the tie
    # with row 18; T1 is too_fast before contradiction; K3 contradiction before straight_lining.
    got = dict(prep.engine.backend.con.execute("SELECT _row, _excluded FROM responses").fetchall())
    expected = {r: None for r in range(2, 35)}
    expected.update({4: "duplicate", 19: "duplicate", 8: "too_fast", 11: "too_fast", 13: "contradiction",
                     15: "contradiction", 16: "contradiction", 20: "straight_lining", 21: "straight_lining",
                     23: "incomplete", 25: "incomplete", 31: "too_fast"})
    assert got == expected


@pytest.mark.metric("survey.csat_top2")
def test_csat_top2(doc):
    # §9: 8 of 12 answered `overall` are 4 or 5; Wilson interval.
    d = doc["survey"]["csat_top2_detail"]
    assert doc["survey"]["csat_top2"] == approx(2 / 3)
    assert (d["count"], d["n"]) == (8, 12)
    assert d["ci95"] == approx(hand.wilson(8, 12))


@pytest.mark.metric("survey.overall_counts")
@pytest.mark.metric("survey.nps_counts")
def test_answer_distributions(doc):
    # §9.
    assert doc["survey"]["overall_counts"] == {"1": 1, "2": 1, "3": 2, "4": 4, "5": 4}
    expected = {str(k): 0 for k in range(11)}
    expected.update({"0": 1, "3": 1, "6": 1, "7": 2, "8": 1, "9": 3, "10": 3})
    assert doc["survey"]["nps_counts"] == expected


@pytest.mark.metric("survey.nps")
def test_nps(doc):
    # §9: promoters 6, passives 3, detractors 3 of 12 (V10's 11 is missing).
    d = doc["survey"]["nps_detail"]
    assert doc["survey"]["nps"] == approx(25.0)
    assert (d["promoters"], d["passives"], d["detractors"], d["n"]) == (6, 3, 3, 12)


@pytest.mark.metric("survey.nps_ci95")
def test_nps_adjusted_wald_interval(doc):
    # §9: n' = 15, pP' = 0.45, pD' = 0.25, d = 0.2, half-width 1.96 × √0.044.
    assert doc["survey"]["nps_ci95"] == approx(hand.nps_interval(6, 3, 12))


@pytest.mark.metric("survey.items")
def test_item_statistics(doc):
    items = doc["survey"]["items"]
    # §10: q1 n 13, mean 48/13, sd √(244/156).
    assert items["q1"]["n"] == 13
    assert items["q1"]["mean"] == approx(48 / 13)
    assert items["q1"]["sd"] == approx(hand.sd([5, 4, 3, 2, 5, 4, 1, 3, 5, 4, 4, 3, 5]))
    assert items["q1"]["counts"] == {"1": 1, "2": 1, "3": 3, "4": 4, "5": 4}
    # §10: q5 without V06's out-of-range 6.
    assert items["q5"]["n"] == 12
    assert items["q5"]["mean"] == approx(3.75)
    assert items["q5"]["sd"] == approx(math.sqrt(18.25 / 11))
    assert items["q5"]["counts"] == {"1": 1, "2": 1, "3": 2, "4": 4, "5": 4}


@pytest.mark.metric("survey.dimensions")
def test_dimension_means_and_score100(doc):
    dims = doc["survey"]["dimensions"]
    # §11: mean of per-response means, n = 13 each.
    expected = {"responsiveness": 95 / 26, "resolution": 47 / 13, "attitude": 49 / 13, "knowledge": 97 / 26,
                "communication": 93 / 26, "follow_up": 83 / 26}
    assert list(dims) == list(expected)
    for name, mean in expected.items():
        assert dims[name]["n"] == 13
        assert dims[name]["mean"] == approx(mean), name
        assert dims[name]["score100"] == approx((mean - 1) / 4 * 100), name
    assert dims["attitude"]["score100"] == approx(900 / 13)
    assert dims["knowledge"]["score100"] == approx(1775 / 26)


@pytest.mark.metric("survey.items")
@pytest.mark.metric("survey.dimensions")
@pytest.mark.metric("survey.excluded")
def test_reverse_coded_item(tmp_path):
    data = _variant(tmp_path)
    q = data / "questionnaire.yaml"
    text = q.read_text(encoding="utf-8")
    marked = text.replace("  q2:\n    dimension: responsiveness\n", "  q2:\n    dimension: responsiveness\n    reverse: true\n")
    assert marked != text
    q.write_text(marked, encoding="utf-8")
    s = metrics_dict(_figures(DEFAULT, data_dir=data)[1], DEFAULT)["survey"]
    # §11.1: straight-lining is judged on the answers as given, so L1 (all 4) and L4 (all 2) are
    # still straight-liners; the figures use the recoded q2.
    assert s["excluded"] == {"duplicate": 2, "too_fast": 2, "contradiction": 3, "straight_lining": 2,
                             "incomplete": 2}
    assert s["responses_valid"] == 13
    assert s["items"]["q2"]["n"] == 12
    assert s["items"]["q2"]["mean"] == approx(29 / 12)
    assert s["items"]["q2"]["sd"] == approx(math.sqrt((81 - 29 ** 2 / 12) / 11))
    assert s["items"]["q2"]["counts"] == {"1": 2, "2": 5, "3": 3, "4": 2, "5": 0}
    assert s["dimensions"]["responsiveness"]["mean"] == approx(40.5 / 13)
    assert s["dimensions"]["responsiveness"]["score100"] == approx((40.5 / 13 - 1) / 4 * 100)
    assert s["csat_top2"] == approx(2 / 3)  # as without reverse coding: same valid set
    assert s["nps"] == approx(25.0)


# Service Quality Index -------------------------------------------------------------------------

@pytest.mark.metric("service_quality_index.components")
@pytest.mark.metric("service_quality_index.score")
@pytest.mark.metric("service_quality_index.grade")
def test_service_quality_index(doc):
    idx = doc["service_quality_index"]
    # §12: components, weighted mean, bonus 20 capped at 15 % of the score.
    assert idx["components"] == {"response": approx(50.0), "resolution": approx(1600 / 19),
                                 "first_contact": approx(50.0), "attitude": approx(900 / 13),
                                 "knowledge": approx(1775 / 26)}
    assert idx["base_score"] == approx(64195 / 988)
    assert idx["bonus_points"] == approx(20.0)
    assert idx["bonus_applied"] == approx(0.15 * 64195 / 988)
    assert idx["score"] == approx(1.15 * 64195 / 988)
    assert idx["score"] == approx(SQI_Q3)
    assert idx["grade"] == "adequate" and "grade_en" not in idx
    assert idx["veto"] is False
    assert idx["needs_improvement_plan"] is True


@pytest.mark.metric("service_quality_index.score")
@pytest.mark.metric("service_quality_index.grade")
def test_index_bonus_below_cap_and_veto_frame(fig):
    # §12: the same components with a 5-point bonus (below the 9.746 cap) → 69.97, 待改进.
    values = {name: c.value for name, c in fig.current.index.components.items()}
    events = pd.DataFrame({"date": pd.to_datetime(["2025-08-01"]), "type": ["bonus"], "points": [5.0],
                           "description": [None]})
    r = service_quality_index(values, events, DEFAULT.index)
    assert r.bonus_applied == approx(5.0)
    assert r.score == approx(64195 / 988 + 5)
    assert r.grade == "needs_improvement"
    vetoed = pd.concat([events, pd.DataFrame({"date": pd.to_datetime(["2025-08-02"]), "type": ["veto"],
                                              "points": [0.0], "description": [None]})], ignore_index=True)
    r = service_quality_index(values, vetoed, DEFAULT.index)
    assert (r.score, r.grade, r.veto) == (0.0, "failing", True)


@pytest.mark.metric("service_quality_index.score")
@pytest.mark.metric("service_quality_index.grade")
@pytest.mark.metric("flags")
def test_index_veto_quarter(default_run):
    prep, _ = default_run
    q2 = metrics_dict(compute_figures(prep, Quarter(2025, 2), DEFAULT), DEFAULT)
    idx = q2["service_quality_index"]
    # §12.1: base 86.28 from its components, veto → 0, Failing.
    assert idx["components"]["response"] == approx(100.0)
    assert idx["components"]["resolution"] == approx(100 * (8 / 9) / 0.95)
    assert idx["components"]["first_contact"] == approx(700 / 9)
    assert idx["components"]["attitude"] == approx(71.875)
    assert idx["components"]["knowledge"] == approx(68.75)
    assert idx["base_score"] == approx((2500 + 30 * 100 * (8 / 9) / 0.95 + 20 * 700 / 9 + 15 * 71.875 + 687.5) / 100)
    assert idx["veto"] is True
    assert idx["score"] == 0.0
    assert idx["grade"] == "failing"
    assert q2["flags"][0] == {"code": "veto_event", "severity": "critical"}


@pytest.mark.metric("service_quality_index.score")
@pytest.mark.metric("service_quality_index.grade")
def test_veto_applies_even_when_a_component_is_missing(tmp_path, fig):
    """methodology.md: "any veto ... sets the score to 0" — no exception for a missing component.

    2025Q1 has tickets but no survey (attitude/knowledge missing, §12.2). With a veto on
    2025-02-20 the quarter must still read 0 / 不合格, not an unknown score.
    """
    # §12.3, in-test frame: the 2025Q3 components without attitude.
    values = {name: c.value for name, c in fig.current.index.components.items()} | {"attitude": None}
    veto = pd.DataFrame({"date": pd.to_datetime(["2025-08-02"]), "type": ["veto"], "points": [0.0],
                         "description": [None]})
    r = service_quality_index(values, veto, DEFAULT.index)
    assert r.veto is True
    assert (r.score, r.grade) == (0.0, "failing")
    # §12.3 through the pipeline: a veto in 2025Q1.
    data = _variant(tmp_path)
    with (data / "events.csv").open("a", encoding="utf-8") as fh:
        fh.write("2025-02-20,veto,0,broken promise\n")
    idx = metrics_dict(_figures(DEFAULT, Quarter(2025, 1), data)[1], DEFAULT)["service_quality_index"]
    assert idx["veto"] is True
    assert (idx["score"], idx["grade"]) == (0.0, "failing")


# Comparisons -----------------------------------------------------------------------------------

@pytest.mark.metric("comparisons.qoq")
def test_quarter_on_quarter(doc):
    qoq = doc["comparisons"]["qoq"]
    # §13: response 9/9 → 6/12, pooled z.
    r = qoq["response_sla_rate"]
    assert (r["previous_period"], r["previous"], r["current"]) == ("2025Q2", 1.0, 0.5)
    assert r["delta"] == approx(-0.5)
    assert r["z"] == approx(hand.pooled_z(9, 9, 6, 12))
    assert r["p"] == approx(hand.two_sided(hand.pooled_z(9, 9, 6, 12)), P_TOL)
    assert r["significant"] is True
    # Both quarters' counts are kept, so that the test can be re-derived from metrics.json alone.
    assert (r["previous_counts"], r["current_counts"]) == ({"count": 9, "n": 9}, {"count": 6, "n": 12})
    # §13: the other rates are not significant.
    for name, counts in {"solution_sla_rate": (8, 9, 8, 12), "closure_sla_rate": (8, 9, 7, 12),
                         "resolution_rate": (8, 9, 8, 10), "first_contact_resolution_rate": (7, 9, 5, 10),
                         "repeat_rate": (0, 2, 2, 10), "handling_satisfaction_rate": (8, 9, 7, 10),
                         "csat_top2": (3, 4, 8, 12)}.items():
        assert qoq[name]["z"] == approx(hand.pooled_z(*counts)), name
        assert qoq[name]["significant"] is False, name
        prev, cur = qoq[name]["previous_counts"], qoq[name]["current_counts"]
        assert (prev["count"], prev["n"], cur["count"], cur["n"]) == counts, name
    # §13: NPS 0 → 25, z = Δ / √(var₁/n₁ + var₂/n₂).
    n = qoq["nps"]
    assert (n["previous"], n["current"]) == (approx(0.0), approx(25.0))
    assert n["delta"] == approx(25.0)
    assert n["z"] == approx(hand.nps_z(2, 2, 4, 6, 3, 12))
    assert n["p"] == approx(hand.two_sided(hand.nps_z(2, 2, 4, 6, 3, 12)), P_TOL)
    assert n["significant"] is False
    assert n["previous_counts"] == {"promoters": 2, "detractors": 2, "n": 4}
    assert n["current_counts"] == {"promoters": 6, "detractors": 3, "n": 12}
    assert (qoq["complaints_total"]["previous"], qoq["complaints_total"]["current"]) == (9, 12)
    # A count is compared without a test: no counts to re-derive one from.
    assert qoq["complaints_total"]["previous_counts"] is None and qoq["complaints_total"]["current_counts"] is None


@pytest.mark.metric("comparisons.yoy")
def test_year_on_year(doc):
    yoy = doc["comparisons"]["yoy"]
    # §13: resolution 1/2 → 8/10.
    r = yoy["resolution_rate"]
    assert (r["previous_period"], r["previous"], r["current"]) == ("2024Q3", 0.5, 0.8)
    assert r["z"] == approx(hand.pooled_z(1, 2, 8, 10))
    assert r["p"] == approx(hand.two_sided(hand.pooled_z(1, 2, 8, 10)), P_TOL)
    assert r["significant"] is False
    assert (r["previous_counts"], r["current_counts"]) == ({"count": 1, "n": 2}, {"count": 8, "n": 10})
    # §13: NPS −33.33 → 25.
    n = yoy["nps"]
    assert n["previous"] == approx(-100 / 3)
    assert n["previous_counts"] == {"promoters": 1, "detractors": 2, "n": 3}
    assert n["delta"] == approx(175 / 3)
    assert n["z"] == approx(hand.nps_z(1, 2, 3, 6, 3, 12))
    assert n["p"] == approx(hand.two_sided(hand.nps_z(1, 2, 3, 6, 3, 12)), P_TOL)
    # §4: no customer ids in 2024Q3 → nothing to compare.
    assert yoy["repeat_rate"]["previous"] is None and yoy["repeat_rate"]["z"] is None
    assert yoy["repeat_rate"]["previous_counts"] == {"count": 0, "n": 0}


@pytest.mark.metric("comparisons.stores_qoq")
def test_store_changes_with_holm(doc, doc_min_cell_2):
    # §13.1: with min_cell 30 no store is tested.
    for figure in ("closure_sla_rate", "csat_top2"):
        assert all(g["insufficient"] and g["change"] is None for g in doc["comparisons"]["stores_qoq"][figure].values())
    st = doc_min_cell_2["comparisons"]["stores_qoq"]
    c = st["closure_sla_rate"]
    assert (c["S1"]["change"]["previous"], c["S1"]["change"]["current"]) == (1.0, 0.5)
    z1, z2 = hand.pooled_z(5, 5, 3, 6), hand.pooled_z(3, 4, 4, 6)
    assert (c["S1"]["change"]["z"], c["S2"]["change"]["z"]) == (approx(z1), approx(z2))
    assert c["S1"]["change"]["p"] == approx(hand.two_sided(z1), P_TOL)
    assert (c["S1"]["change"]["previous_counts"], c["S1"]["change"]["current_counts"]) == (
        {"count": 5, "n": 5}, {"count": 3, "n": 6})  # kept through the Holm adjustment
    holm = hand.holm(hand.two_sided(z1), hand.two_sided(z2))
    assert (c["S1"]["p_holm"], c["S2"]["p_holm"]) == (approx(holm[0], P_TOL), approx(holm[1], P_TOL))
    assert c["S1"]["change"]["significant"] is False and c["S2"]["change"]["significant"] is False
    s = st["csat_top2"]
    assert (s["S1"]["change"]["previous"], s["S1"]["change"]["current"]) == (1.0, approx(2 / 3))
    z1, z2 = hand.pooled_z(2, 2, 4, 6), hand.pooled_z(1, 2, 4, 6)
    assert (s["S1"]["change"]["z"], s["S2"]["change"]["z"]) == (approx(z1), approx(z2))
    holm = hand.holm(hand.two_sided(z1), hand.two_sided(z2))
    assert s["S1"]["p_holm"] == s["S2"]["p_holm"] == approx(holm[0], P_TOL) == holm[1]


@pytest.mark.metric("priority_matrix")
def test_priority_matrix(doc, doc_min_cell_2):
    # §14: min_cell 2; medians over the four placed categories.
    pm = doc_min_cell_2["priority_matrix"]
    assert pm["impact_basis"] == "severity"
    assert pm["frequency_median"] == approx(5 / 24)
    assert pm["impact_median"] == approx(53 / 24)
    got = [(i["category"], i["count"], i["frequency"], i["impact"], i["quadrant"], i["rank"], i["insufficient"])
           for i in pm["items"]]
    assert got == [
        ("delivery_installation", 3, approx(0.25), approx(8 / 3), "high_frequency_high_impact", 1, False),
        ("return_exchange", 2, approx(1 / 6), approx(3.0), "low_frequency_high_impact", 2, False),
        ("product_quality", 4, approx(1 / 3), approx(1.75), "high_frequency_low_impact", 3, False),
        ("repair", 2, approx(1 / 6), approx(1.0), "low_frequency_low_impact", 4, False),
        ("service_attitude", 1, approx(1 / 12), approx(2.0), None, None, True),
    ]
    # §14: default min_cell 30 → nothing placed.
    d = doc["priority_matrix"]
    assert d["frequency_median"] is None and all(i["rank"] is None for i in d["items"])


@pytest.mark.metric("priority_matrix")
def test_priority_matrix_without_severity(tmp_path):
    data = _variant(tmp_path)
    frame = pd.read_csv(data / "complaints.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["severity"]).to_csv(data / "complaints.csv", index=False)
    pm = metrics_dict(_figures(MIN_CELL_2, data_dir=data)[1], MIN_CELL_2)["priority_matrix"]
    # §14.1: impact = closure-SLA breach share.
    assert pm["impact_basis"] == "closure_breach"
    assert pm["impact_median"] == approx(0.5)
    got = [(i["category"], i["impact"], i["quadrant"], i["rank"]) for i in pm["items"]]
    assert got == [
        ("delivery_installation", approx(2 / 3), "high_frequency_high_impact", 1),
        ("repair", approx(0.5), "low_frequency_high_impact", 2),
        ("return_exchange", approx(0.5), "low_frequency_high_impact", 3),
        ("product_quality", approx(0.25), "high_frequency_low_impact", 4),
        ("service_attitude", approx(0.0), None, None),
    ]


@pytest.mark.metric("importance_performance")
def test_importance_performance(doc):
    ipa = doc["importance_performance"]
    # §15: Pearson r of the dimension mean with overall (12 pairs); split at the means.
    expected = {
        # r = S_xy / √(S_xx × S_yy), S_yy = 73/4 (§15's table, its sums as fractions)
        "responsiveness": (15.375 / math.sqrt(217 / 16 * 73 / 4), 95 / 26, "maintain"),
        "resolution": (14.25 / math.sqrt(149 / 12 * 73 / 4), 47 / 13, "surplus"),
        "attitude": (17.625 / math.sqrt(899 / 48 * 73 / 4), 49 / 13, "surplus"),
        "knowledge": (12.5 / math.sqrt(29 / 3 * 73 / 4), 97 / 26, "surplus"),
        "communication": (14.625 / math.sqrt(611 / 48 * 73 / 4), 93 / 26, "improve"),
        "follow_up": (17.375 / math.sqrt(297 / 16 * 73 / 4), 83 / 26, "monitor"),
    }
    assert [i["dimension"] for i in ipa["items"]] == list(expected)
    for item in ipa["items"]:
        r, mean, quadrant = expected[item["dimension"]]
        assert item["importance"] == approx(r), item["dimension"]
        assert item["performance"] == approx((mean - 1) / 4 * 100), item["dimension"]
        assert item["n"] == 12
        assert item["quadrant"] == quadrant, item["dimension"]
    assert ipa["importance_mean"] == approx(sum(r for r, _, _ in expected.values()) / 6)
    assert ipa["performance_mean"] == approx(sum((m - 1) / 4 * 100 for _, m, _ in expected.values()) / 6)


@pytest.mark.metric("worsening_categories")
def test_worsening_categories(doc):
    # §16: counts in 2025Q1, Q2, Q3.
    assert doc["worsening_categories"] == [
        {"category": "product_quality", "counts": [1, 2, 4], "rose_twice": True, "jump": approx(1.0)},
        {"category": "delivery_installation", "counts": [2, 2, 3], "rose_twice": False, "jump": approx(0.5)},
    ]


@pytest.mark.metric("data_quality")
def test_data_quality_log(doc):
    # §17: one finding each, rows of 2025Q3 only.
    assert doc["data_quality"] == {
        "complaints.compensation_amount.out_of_range": 1,
        "complaints.first_response_at.before_received": 1,
        "complaints.handling_satisfaction.out_of_range": 1,
        "surveys.nps.out_of_range": 1,
        "surveys.q5.out_of_range": 1,
        "surveys.q7.out_of_range": 1,
    }


@pytest.mark.metric("trend")
def test_trend(doc):
    t = doc["trend"]
    # §18.
    assert [r["period"] for r in t] == ["2024Q3", "2025Q1", "2025Q2", "2025Q3"]
    assert [r["complaints_total"] for r in t] == [2, 3, 9, 12]
    assert [r["response_sla_rate"] for r in t] == [approx(0.5), approx(2 / 3), approx(1.0), approx(0.5)]
    assert t[1]["csat_top2"] is None and t[1]["nps"] is None and t[1]["service_quality_index"] is None
    assert t[2]["service_quality_index"] == 0.0
    assert t[3]["service_quality_index"] == approx(SQI_Q3)
    assert t[3]["responses_valid"] == 13


@pytest.mark.metric("flags")
def test_flags(doc):
    # §19, in order.
    codes = [(f["code"], f.get("sla") or f.get("figure") or f.get("category")) for f in doc["flags"]]
    assert codes == [
        ("index_below_90", None),
        ("sla_not_met", "response"), ("sla_not_met", "solution"), ("sla_not_met", "closure"),
        ("significant_decline", "response_sla_rate"),
        ("worsening_category", "product_quality"), ("worsening_category", "delivery_installation"),
    ]
    assert doc["flags"][0]["score"] == approx(SQI_Q3)
    assert doc["flags"][4]["delta"] == approx(-0.5)
    assert doc["flags"][4]["p"] == approx(hand.two_sided(hand.pooled_z(9, 9, 6, 12)), P_TOL)


# metrics.json ----------------------------------------------------------------------------------

CONTRACT = {  # the metrics.json block of data-contract.md
    "period": None,
    "complaints": {k: None for k in (
        "total", "response_sla_rate", "solution_sla_rate", "closure_sla_rate", "resolution_rate",
        "first_contact_resolution_rate", "repeat_rate", "handling_satisfaction_rate",
        "median_response_minutes", "p90_response_minutes", "median_closure_hours", "p90_closure_hours",
        "by_channel", "by_category")},
    "survey": {
        "responses_total": None, "responses_valid": None,
        "excluded": {k: None for k in ("duplicate", "too_fast", "contradiction", "straight_lining", "incomplete")},
        "csat_top2": None, "nps": None, "nps_ci95": None,
        "dimensions": {"responsiveness": {"mean": None, "score100": None, "n": None}},
        "reliability": {k: None for k in ("cronbach_alpha", "kmo", "bartlett_chi2", "bartlett_df", "bartlett_p")},
    },
    "service_quality_index": {"score": None, "grade": None, "components": {"response": None}},
}


def _missing_keys(doc: dict, shape: dict, prefix: str = "") -> list[str]:
    out = []
    for key, sub in shape.items():
        if key not in doc:
            out.append(prefix + key)
        elif isinstance(sub, dict):
            out += _missing_keys(doc[key], sub, f"{prefix}{key}.")
    return out


def _strict_load(path: Path) -> dict:
    def no_constant(name):
        raise AssertionError(f"{name} in {path.name}")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constant)


@pytest.mark.metric("complaints.total")
@pytest.mark.metric("survey.csat_top2")
@pytest.mark.metric("service_quality_index.score")
def test_metrics_json_has_the_contract_keys_and_no_nan(tmp_path):
    result = build(data_dir=FIXTURE, out_dir=tmp_path, period="2025Q3", documents=False)
    doc = _strict_load(result.out_dir / "metrics.json")
    assert _missing_keys(doc, CONTRACT) == []
    assert doc["period"] == "2025Q3"
    assert doc["complaints"]["total"] == 12
    assert doc["survey"]["nps_ci95"] == approx(hand.nps_interval(6, 3, 12))
    assert doc["service_quality_index"]["score"] == approx(SQI_Q3)


@pytest.mark.metric("survey.csat_top2")
@pytest.mark.metric("survey.nps")
@pytest.mark.metric("survey.nps_ci95")
def test_quarter_without_survey_gives_null(tmp_path):
    # §12.2: 2025Q1 has tickets and no responses.
    result = build(data_dir=FIXTURE, out_dir=tmp_path, period="2025Q1", documents=False)
    doc = _strict_load(result.out_dir / "metrics.json")
    assert doc["complaints"]["total"] == 3
    s = doc["survey"]
    assert (s["responses_total"], s["responses_valid"]) == (0, 0)
    assert s["csat_top2"] is None and s["nps"] is None and s["nps_ci95"] is None
    assert all(d["mean"] is None and d["score100"] is None and d["n"] == 0 for d in s["dimensions"].values())
    assert doc["service_quality_index"]["score"] is None and doc["service_quality_index"]["grade"] is None
    assert _missing_keys(doc, CONTRACT) == []


# Listings -------------------------------------------------------------------------------------

def test_exclusions_list_every_excluded_response_and_finding(tmp_path):
    from reportgen.build import build

    result = build(data_dir=FIXTURE, out_dir=tmp_path, period="2025Q3", documents=False)
    table = pd.read_csv(result.out_dir / "exclusions.csv", encoding="utf-8-sig", dtype=str)
    excluded = table[table["file"] == "surveys.csv"].groupby("rule").size().to_dict()
    # §10: duplicate 2, too_fast 2, contradiction 3, straight_lining 2, incomplete 2 (+ findings)
    for rule, n in {"duplicate": 2, "too_fast": 2, "contradiction": 3, "straight_lining": 2, "incomplete": 2}.items():
        assert excluded[rule] == n, rule
    dup = table[(table["rule"] == "duplicate") & (table["id"] == "S-TIE")]
    assert dup["detail"].tolist() == ["response_id submitted earlier (row 18)"]  # tie: earlier file row kept
    assert set(table.loc[table["rule"] == "before_received", "column"]) == {"first_response_at"}


def test_formula_injection_is_neutralised():
    from reportgen.csv_text import neutralise
    from reportgen.listings import to_csv

    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("+8613800000000") == "'+8613800000000"
    assert neutralise("@cmd") == "'@cmd" and neutralise("-1") == "'-1" and neutralise("普通文本") == "普通文本"
    text = to_csv(pd.DataFrame({"id": ["=1+1"], "row": [3]})).decode("utf-8-sig")
    assert text == "id,row\n'=1+1,3\n"


@pytest.mark.metric("complaints.by_category_channel")
@pytest.mark.metric("complaints.by_store_category")
@pytest.mark.metric("complaints.by_region_category")
@pytest.mark.metric("complaints.by_store_channel")
@pytest.mark.metric("complaints.by_region_channel")
def test_ticket_counts_crossed(doc):
    # §6, read off the 12 Q3 tickets C01–C12 (C13 and C14 are Q4 by local time).
    c = doc["complaints"]
    assert c["by_category_channel"] == {
        "delivery_installation": {"hotline": 1, "online": 2},  # C09 | C02, C05
        "product_quality": {"hotline": 3, "online": 1},  # C01, C03, C11 | C08
        "repair": {"hotline": 1, "online": 1},  # C04 | C10
        "return_exchange": {"hotline": 1, "online": 1},  # C06 | C07
        "service_attitude": {"wechat": 1}}  # C12
    assert c["by_store_category"] == {
        "S1": {"delivery_installation": 2, "product_quality": 3, "return_exchange": 1},  # C05 C09 | C01 C03 C11 | C07
        "S2": {"delivery_installation": 1, "product_quality": 1, "repair": 2, "return_exchange": 1,
               "service_attitude": 1}}  # C02 | C08 | C04 C10 | C06 | C12
    # S1 is the north's only store, S2 the south's
    assert c["by_region_category"] == {"north": c["by_store_category"]["S1"], "south": c["by_store_category"]["S2"]}
    assert c["by_store_channel"] == {"S1": {"hotline": 4, "online": 2},  # C01 C03 C09 C11 | C05 C07
                                     "S2": {"hotline": 2, "online": 3, "wechat": 1}}  # C04 C06 | C02 C08 C10 | C12
    assert c["by_region_channel"] == {"north": c["by_store_channel"]["S1"], "south": c["by_store_channel"]["S2"]}
    for crossed in ("by_category_channel", "by_store_category", "by_region_category", "by_store_channel",
                    "by_region_channel"):
        assert sum(n for row in c[crossed].values() for n in row.values()) == c["total"] == 12, crossed


@pytest.mark.metric("survey.segment_dimensions")
def test_segment_dimensions(doc):
    # §9, the 13 valid Q3 responses. low × online: V04 (q1 2, q2 2 → 2) and V07 (1, 2 → 1.5);
    # high × online: V01 (5, 5 → 5) and V13 (5, 4 → 4.5); mid × store attitude: V06's q5 = 6 is
    # out of range, so its attitude is q6 = 4 alone, and V12 (4, 4 → 4).
    cells = {(r["segment"], r["channel"], r["dimension"]): (r["n"], r["sum"]) for r in doc["survey"]["segment_dimensions"]}
    assert cells[("low", "online", "responsiveness")] == (2, approx(2 + 1.5))
    assert cells[("low", "online", "attitude")] == (2, approx(2 + 1))  # V04 2, 2; V07 1, 1
    assert cells[("high", "online", "responsiveness")] == (2, approx(5 + 4.5))
    assert cells[("mid", "store", "attitude")] == (2, approx(4 + 4))
    # every valid response answered q1: the cells of a dimension add up to its n and 13 × its mean
    resp = [v for k, v in cells.items() if k[2] == "responsiveness"]
    assert sum(n for n, _ in resp) == 13
    assert sum(s for _, s in resp) == approx(95 / 26 * 13)


@pytest.mark.metric("sampling.review_sample_size")
def test_review_sample_size(doc, default_run):
    # round(0.10 × 13 valid) = 1, the rows review_sample.csv lists
    from reportgen.listings import review_sample
    assert doc["sampling"]["review_sample_size"] == round(0.10 * 13) == 1
    assert len(review_sample(default_run[0], Q3, DEFAULT)) == 1


def test_actions_and_period_days_are_in_metrics(doc):
    assert doc["period_days"] == {"first": "2025-07-01", "last": "2025-09-30"}
    assert doc["source_files"] == {"complaints": "complaints.csv", "surveys": "surveys.csv"}
    assert doc["actions"] == []  # the fixture has no action plan


def test_each_trend_quarter_counts_its_tickets_per_category(doc):
    """Counted by hand from the fixture (local time, Asia/Shanghai): 2025Q2 holds P01–P09, 2025Q1
    R01–R03 (R03 at 23:00 on 31 March is still Q1), 2024Q3 Y01–Y02; the current quarter's are its
    category breakdown."""
    trend = {row["period"]: row["complaints_by_category"] for row in doc["trend"]}
    assert trend["2025Q2"] == {"delivery_installation": 2, "product_quality": 2, "repair": 2,
                               "return_exchange": 2, "service_attitude": 1}
    assert trend["2025Q1"] == {"delivery_installation": 2, "product_quality": 1}
    assert trend["2024Q3"] == {"delivery_installation": 1, "product_quality": 1}
    assert trend["2025Q3"] == doc["complaints"]["by_category"]
    assert list(trend["2025Q2"].values()) == sorted(trend["2025Q2"].values(), reverse=True)  # largest first
