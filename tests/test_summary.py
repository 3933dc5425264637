"""The summary page's parts, each against values worked out by hand: tile statuses, changes,
sparklines, the verdict sentence, and the three things to fix with their actions."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from reportgen.actions import state_of
from reportgen.build import build
from reportgen.config import Config
from reportgen.figures import ActionItem
from reportgen.i18n import texts
from reportgen.metrics.compare import Change, ImportancePerformance, PriorityMatrix
from reportgen.report import build_report
from reportgen.report.formatting import sparkline, tile_change
from reportgen.report.tiles import index_status, status

FIXTURE = Path(__file__).parent / "data" / "fixture"
EN, T = Config(locale="en"), texts("en")


def test_status_against_a_target():
    assert status(True) == "met"
    assert status(True, shaky=True) == "at_risk"  # met, but the interval reaches below the line
    assert status(True, worse=True) == "at_risk"  # met, but fell significantly
    assert status(False, worse=True) == "missed" and status(None) == "neutral"
    assert status(None, target=False) == "neutral" and status(None, worse=True, target=False) == "at_risk"
    assert [index_status(x) for x in (90.0, 89.9, 80.0, 79.9, None)] == ["met", "at_risk", "at_risk", "missed",
                                                                           "neutral"]


def test_tile_change_arrow_and_tone():
    up = tile_change(0.035, 0.044, True, True, "3.5 pp", T)
    assert (up.text, up.tone, up.significant, up.note) == ("▲ 3.5 pp", "better", True, "vs previous quarter · p = 0.044")
    assert tile_change(-0.02, 0.3, False, True, "2.0 pp", T).tone == "worse"
    assert tile_change(0.02, 0.01, True, False, "2.0 pp", T).tone == "worse"  # e.g. repeat complaints rising
    assert tile_change(12, None, None, None, "12 tickets", T).tone == "same"  # no direction is better
    flat = tile_change(0.0, 1.0, False, True, "0.0 pp", T)
    assert (flat.text, flat.tone) == ("= 0.0 pp", "same")
    assert tile_change(None, None, None, True, "", T) is None


def test_sparkline_points_by_hand():
    # box 100 × 30, padding 3: x = 3 + i·47, y = 3 + (90 − v) / (90 − 80) · 24
    s = sparkline(["a", "b", "c"], [80.0, 90.0, 85.0], T, fmt=T.number, target=90.0)
    assert s.segments == ("3,27 50,3 97,15",) and s.last == (97, 15) and s.target_y == 3
    assert s.label == "a 80.0, b 90.0, c 85.0"
    # a quarter without a value breaks the line; x step 94 / 3
    gap = sparkline(["a", "b", "c", "d"], [80.0, None, 85.0, 90.0], T, fmt=T.number)
    assert gap.segments == ("3,27", "65.7,15 97,3") and gap.target_y is None
    # 0.2 points of noise drawn on a span of 5: lo 47.6, hi 52.6
    flat = sparkline(["a", "b"], [50.0, 50.2], T, fmt=T.number, min_span=5.0)
    assert flat.segments == ("3,15.5 97,14.5",)
    assert sparkline(["a", "b"], [None, 50.0], T, fmt=T.number) is None


@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    """The fixture quarter with nothing urgent: no significant change, no worsening category,
    nothing in the priority or importance quadrants, every commitment met."""
    fig = build(data_dir=FIXTURE, out_dir=tmp_path_factory.mktemp("out"), period="2025Q3", documents=False).figures
    changes = {scope: {n: dataclasses.replace(ch, significant=False) for n, ch in fig.changes[scope].items()}
               for scope in fig.changes}
    sla = {n: dataclasses.replace(s, met=True) for n, s in fig.current.complaints.sla.items()}
    current = dataclasses.replace(fig.current, events=(),
                                  complaints=dataclasses.replace(fig.current.complaints, sla=sla))
    return dataclasses.replace(fig, current=current, changes=changes, worsening=(),
                               priority=PriorityMatrix("severity", None, None, ()),
                               ipa=ImportancePerformance(None, None, ()))


def _with(fig, *, missed=(), qoq=None, actions=()):
    sla = {n: dataclasses.replace(s, met=n not in missed) for n, s in fig.current.complaints.sla.items()}
    current = dataclasses.replace(fig.current, complaints=dataclasses.replace(fig.current.complaints, sla=sla))
    changes = dict(fig.changes, qoq={**fig.changes["qoq"], **(qoq or {})})
    return dataclasses.replace(fig, current=current, changes=changes, actions=tuple(actions))


def _summary(fig, config=EN):
    return build_report(fig, config, logo=None, issued=date(2025, 10, 15)).summary


def _fall(delta=-0.035, p=0.0004) -> Change:
    return Change("2025Q2", 0.9, 0.9 + delta, delta, -3.5, p, True)


def test_verdict_names_the_index_the_commitments_and_what_changed(quiet):
    score = quiet.current.index.score
    grade = T.value("grade", quiet.current.index.grade)
    assert _summary(quiet).verdict == (f"The service quality index is {T.number(score)} this quarter ({grade}); "
                                       "all 3 service commitments were met; "
                                       "no figure changed significantly on the previous quarter.")
    fig = _with(quiet, missed=("response",), qoq={"closure_sla_rate": _fall(), "csat_top2": _fall(0.04, 0.01)})
    assert _summary(fig).verdict == (
        f"The service quality index is {T.number(score)} this quarter ({grade}); "
        "2 of 3 service commitments were met (Response within SLA missed); "
        "Closure within SLA got significantly worse than last quarter; "
        "CSAT (top-2 box) improved significantly on last quarter.")
    zh = _summary(fig, Config())
    assert "3 项服务承诺中 2 项达标，响应及时率未达标；结案及时率较上季度显著变差；" in zh.verdict
    assert zh.verdict.endswith("较上季度显著改善。")


def test_each_fix_shows_its_action_or_says_there_is_none(quiet):
    plan = (ActionItem("Extra staff at peak hours", "Service desk", "2025-08-01", "2025-10-31", "in progress",
                       None, "response_sla_rate"),
            ActionItem("Callback rota", "Service desk", "2025-07-01", "2025-09-15", "进行中", None, "response_sla_rate"),
            ActionItem("Escalate tickets open 5 days", "Region", "2025-07-01", "2025-08-31", "已完成", None,
                       "closure_sla_rate"))
    fig = _with(quiet, missed=("response",), qoq={"closure_sla_rate": _fall(), "nps": _fall(-6.0, 0.01)},
                actions=plan)
    fixes = _summary(fig).urgent
    assert [f.problem.split(" at ")[0] for f in fixes[:1]] == ["Response within SLA"]
    # the open action due first, the other one counted; statuses in the edition's language
    assert (fixes[0].action, fixes[0].owner, fixes[0].due, fixes[0].status, fixes[0].planned) == (
        "Callback rota (+1 more for this problem)", "Service desk", "2025-09-15", "In progress", True)
    # the closure decline has only a done action: it is shown, and the problem said to persist
    closure = [f for f in fixes if f.problem.startswith("Closure within SLA")][0]
    assert (closure.action, closure.status) == ("Escalate tickets open 5 days", "Done, problem persists")
    nps = [f for f in fixes if f.problem.startswith("Net Promoter Score")][0]
    assert (nps.action, nps.owner, nps.planned) == (T.t("no_action_yet"), "", False)


def test_changes_carry_direction_and_tone(quiet):
    fig = _with(quiet, qoq={"closure_sla_rate": _fall(), "repeat_rate": _fall(-0.02, 0.01)})
    summary = _summary(fig)
    changes = dict((line.split(" ", 2)[1], (line[0], tone)) for line, tone, _ in summary.changes)
    assert changes["Closure"] == ("▼", "worse") and changes["Repeat"] == ("▼", "better")  # fewer repeats is better
    assert all(cite is not None and cite.evidence.startswith("E-") for _, _, cite in summary.changes)
    assert _summary(quiet).changes == ((T.t("no_significant_changes"), "same", None),)


def test_tiles_have_the_status_palette_not_the_brand_colour(quiet):
    fig = _with(quiet, missed=("response",), qoq={"closure_sla_rate": _fall()})
    tiles = {k.label: k for k in _summary(fig).kpis}
    assert tiles["Response within SLA"].tone == "missed"
    assert tiles["Closure within SLA"].tone == "at_risk" and tiles["Closure within SLA"].change.tone == "worse"
    assert tiles["Closure within SLA"].target.startswith("Commitment: within 7 days, ≥ ")
    assert all(k.tone in ("met", "at_risk", "missed", "neutral") for k in tiles.values())


def test_status_words_are_read_in_either_language():
    assert [state_of(s) for s in ("已完成", " Done ", "进行中", "In  progress", "未开始", "on hold", None)] == [
        "done", "done", "in_progress", "in_progress", "not_started", None, None]


def test_an_unknown_related_metric_is_a_located_error(data_dir, run_cli):
    (data_dir / "actions.csv").write_text("action,owner,start,due,status,related_category,related_metric\n"
                                          "Callback rota,Desk,2025-07-01,2025-08-01,进行中,,response_sla\n",
                                          encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "actions.csv" in err and "related_metric" in err and "row 2" in err, err


def test_the_status_palette_is_the_same_in_the_stylesheet_and_the_charts():
    from reportgen.charts.style import STATUS

    css = (Path(__file__).parents[1] / "templates" / "_style.css").read_text(encoding="utf-8")
    for name, colour in STATUS.items():
        assert f"--{name.replace('_', '-')}: {colour};" in css, name
