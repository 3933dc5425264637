"""Each report section from figures alone: figures are made by hand from one computed quarter
(dataclasses.replace), and no document is rendered (no WeasyPrint)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from reportgen.config import Config
from reportgen.figures import ActionItem
from reportgen.i18n import texts
from reportgen.metrics import flags as kinds
from reportgen.metrics.compare import Change
from reportgen.report import SECTIONS, build_report, summary
from reportgen.report.context import Context
from reportgen.report.model import Chart, Section, Table

EN = Config(locale="en")
T = texts("en")


@pytest.fixture(scope="module")
def fig(fixture_figures):
    return fixture_figures


def _report(fig, config=EN):
    return build_report(fig, config, logo=None, issued=date(2025, 10, 15))


def _section(report, id_) -> Section:
    found = [s for s in report.sections if s.id == id_] + [c for s in report.sections for c in s.children if c.id == id_]
    return found[0]


def _blocks(section, kind=Table):
    return [b for b in section.blocks if isinstance(b, kind)]


def _significant(name: str, delta: float, p: float = 0.001) -> Change:
    return Change("2025Q2", 0.5, 0.5 + delta, delta, 3.3, p, True)


def test_sections_in_order(fig):
    ids = [s.id for s in _report(fig).sections]
    assert ids == ["complaints", "survey", "comments", "comparison", "actions", "appendix"] and len(ids) == len(SECTIONS)


def test_the_summary_takes_the_first_evidence_numbers(fig):
    report = _report(fig)
    assert report.summary.kpis[0].cite.evidence == "E-01"  # the index, the first figure a reader sees
    evidence = _section(report, "appendix-evidence").blocks[0].rows
    assert [r.id for r in evidence] == [f"E-{i:02d}" for i in range(1, len(evidence) + 1)]


def test_direction_of_better_comes_from_the_registry(fig):
    # a significant rise is good for CSAT and bad for repeat complaints
    changes = dict(fig.changes["qoq"], csat_top2=_significant("csat_top2", 0.1), repeat_rate=_significant("repeat_rate", 0.1))
    changed = dataclasses.replace(fig, changes={**fig.changes, "qoq": changes})
    table = _blocks(_section(_report(changed), "comparison"))[0]
    tone = {row[0]: cls for row, cls in zip(table.rows, table.row_classes)}
    assert tone["CSAT (top-2 box)"] == "good" and tone["Repeat complaints"] == "warn"
    items = summary.urgent(Context(changed, EN, T))
    assert "Repeat complaints rose significantly on the previous quarter, by 10.0 pp." in items
    assert not any(i.startswith("CSAT") for i in items)  # a rise of CSAT is no problem


def test_flags_are_worded_by_type(fig):
    flags = (kinds.SlaNotMet(sla="closure", attainment=0.5, required=0.9),
             kinds.SignificantDecline(figure="repeat_rate", delta=0.02, p=0.01),
             kinds.SignificantDecline(figure="nps", delta=-4.0, p=0.01),
             kinds.LowReliability(cronbach_alpha=0.612), kinds.VetoEvent(),
             kinds.UnrepresentativeSample(variable="segment", p=0.016, over="high", under="low"))
    words = _report(dataclasses.replace(fig, flags=flags)).summary.flags
    assert words[0] == "Closure within SLA below its commitment (50.0% < 90.0%)"  # the figure's one name
    assert words[-1] == "The sample's make-up by Customer segment differs from the population's (p = 0.016)"
    assert words[:-1] == (T.say("flag_sla_not_met", sla="Closure within SLA", value="50.0%", required="90.0%"),
                     T.say("flag_significant_rise", figure="Repeat complaints", delta=T.pp(0.02)),
                     T.say("flag_significant_decline", figure="Net Promoter Score", delta=f"-4.0 {T.t('points')}"),
                     T.say("flag_low_reliability", alpha="0.61"), T.say("flag_veto_event"))


def test_actions_come_from_the_figures(fig):
    assert _section(_report(fig), "actions").paragraphs == (T.t("no_actions"),)
    plan = (ActionItem("Call back every open ticket", "Ops", "2025-07-01", "2025-08-31", None, "repair"),)
    section = _section(_report(dataclasses.replace(fig, actions=plan)), "actions")
    gantt = _blocks(section, Chart)[0]
    assert gantt.rows == ({"action": "Call back every open ticket", "start": "2025-07-01", "due": "2025-08-31",
                           "status": ""},) and gantt.options["today"] == fig.last_day == "2025-09-30"
    assert gantt.table.rows[0][:2] == ("Call back every open ticket", "Ops")


def test_an_absent_table_is_said_not_shown(fig):
    report = _report(dataclasses.replace(fig, absent=("complaints",)))
    assert _section(report, "complaints").paragraphs == (T.t("absent_complaints"),)
    volume = [k for k in report.summary.kpis if k.label == "Complaints received"][0]  # the registry name
    assert (volume.value, volume.detail) == ("—", T.t("no_data"))


def test_captions_name_the_source_files(fig):
    renamed = dataclasses.replace(fig, source_files={"complaints": "工单导出.xlsx", "surveys": "问卷.csv"})
    charts = _report(renamed).charts()
    assert any("工单导出.xlsx" in c.caption for c in charts) and any("问卷.csv" in c.caption for c in charts)


def test_the_grade_is_worded_from_its_code(fig):
    index = dataclasses.replace(fig.current.index, score=85.0, grade="good")
    zh = build_report(dataclasses.replace(fig, current=dataclasses.replace(fig.current, index=index)), Config(),
                      logo=None, issued=date(2025, 10, 15))
    # good, and at risk: below the plan line 90
    assert zh.summary.kpis[0].detail == "等级：良好" and zh.summary.kpis[0].tone == "at_risk"


def _index_rows(fig, index, events):
    current = dataclasses.replace(fig.current, index=index, events=events)
    table = next(b for b in _blocks(_section(_report(dataclasses.replace(fig, current=current)), "comparison"))
                 if b.title == "Index component scores")
    return [(row[0], row[-1]) for row in table.rows[len(index.components):]], table


def test_the_index_table_adds_base_and_bonus_up_to_the_score(fig):
    from reportgen.figures import EventItem

    idx = fig.current.index
    bonus = (EventItem("2025-08-01", "bonus", 20.0, "award"),)
    # base 80 + 20 points, at most 15 % of the base counted: 80 + 12 = 92
    capped = dataclasses.replace(idx, base_score=80.0, bonus_points=20.0, bonus_applied=12.0, score=92.0, veto=False)
    rows, table = _index_rows(fig, capped, bonus)
    assert rows == [("Base score (weighted mean of the components)", "80.0"), ("Index events: Bonus 2025-08-01", "+20.0"),
                    ("Bonus counted (at most 15 % of the base score)", "+12.0"),
                    ("Service Quality Index (base score + bonus)", "92.0")]
    assert table.cites[-1].evidence == "E-01" and not any(table.cites[:-1])  # the score's evidence, here too
    # uncapped: the event's points are what is counted
    rows, _ = _index_rows(fig, dataclasses.replace(capped, bonus_applied=20.0, score=100.0), bonus)
    assert [r[1] for r in rows] == ["80.0", "+20.0", "100.0"]
    veto = (EventItem("2025-08-02", "veto", 0.0, "broken promise"),)
    rows, _ = _index_rows(fig, dataclasses.replace(capped, veto=True, bonus_points=0.0, bonus_applied=0.0, score=0.0),
                          veto)
    assert rows == [("Base score (weighted mean of the components)", "80.0"), ("Index events: Veto 2025-08-02", ""),
                    ("Service Quality Index (veto: scored 0)", "0.0")]


def test_a_figure_cited_with_two_values_is_a_defect():
    from reportgen.report.context import Ledger

    ledger = Ledger()
    first = ledger.cite("survey.nps", "summary", value="29.3")
    assert ledger.cite("survey.nps", "survey", value="29.3").evidence == first.evidence
    with pytest.raises(ValueError, match="survey.nps cited at survey as '30.0', but as '29.3' by E-01"):
        ledger.cite("survey.nps", "survey", value="30.0")


def test_a_change_without_counts_still_cites_its_periods(fig):
    changes = dict(fig.changes["qoq"], csat_top2=_significant("csat_top2", 0.1))
    changed = dataclasses.replace(fig, changes={**fig.changes, "qoq": changes})
    rows = {r.figure: r for r in _section(_report(changed), "appendix-evidence").blocks[0].rows}
    row = rows["Change on previous quarter: CSAT (top-2 box)"]
    assert (row.value, row.test, row.n, row.population) == ("+10.0 pp", "p = 0.001", "—", "Q3 2025 and Q2 2025")
    row = rows["Change on previous quarter: Response within SLA"]  # computed: both quarters' counts
    assert (row.n, row.population) == ("12", "Q3 2025: 6 of 12; Q2 2025: 9 of 9")


def test_trends_name_the_veto_at_its_point_and_draw_the_lines_to_meet(fig):
    """The fixture's 2025Q2 had a veto (a personal-data leak): the index trend says so where it
    falls to 0, with the score the quarter had before it; rates show the commitments' 90 % line,
    the index its plan line, and NPS (−100…100) has an axis of its own."""
    comparisons = _section(_report(fig), "comparison")
    charts = {b.id: b for b in comparisons.blocks if isinstance(b, Chart)}
    index = charts["trend_index"]
    q2 = next(p for p in fig.trend if p.period == "2025Q2")
    assert q2.index.veto and q2.index.score == 0
    assert index.options["notes"] == [{"period": T.quarter("2025Q2"), "value": 0,
                                       "text": f"Veto: personal-data leak (base score {T.number(q2.index.base_score)})"}]
    assert index.options["target"] == 90 and {r["series"] for r in index.rows} == {"Service Quality Index"}
    assert charts["trend_rates"].options["target"] == 0.9
    assert {r["series"] for r in charts["trend_nps"].rows} == {"Net Promoter Score"}
    # the titles say where each score went, and the index's names the veto
    first, last = [r for r in index.rows if r["value"] is not None][0], index.rows[-1]
    assert index.title == (f"Service Quality Index: {T.number(first['value'])} in {first['period']}, "
                           f"{T.number(last['value'])} in {last['period']}; "
                           f"{T.quarter('2025Q2')}: Veto: personal-data leak (base score {T.number(q2.index.base_score)})")


def test_actions_show_what_they_address_and_its_course_and_the_problems_without_one(fig):
    """By hand from the fixture: product_quality had 1 ticket in 2025Q1 and 2 in 2025Q2; an action
    started in May 2025 (Q2) shows it from Q1 (the quarter before) to this quarter."""
    acts = (ActionItem("复检来料", "质量部", "2025-05-01", "2025-09-30", "进行中", "product_quality"),
            ActionItem("限时回访", "客服部", "2025-08-01", "2025-12-31", "未开始", None, "closure_sla_rate"))
    f = dataclasses.replace(fig, actions=acts)
    section = _section(_report(f), "actions")
    text = next(b for b in section.blocks if isinstance(b, Chart)).table
    now = fig.breakdowns["category"]["product_quality"].count
    assert text.rows[0][5:] == (T.value("category", "product_quality"), f"1 → 2 → {now}")
    closure = [T.percent(p.complaints.sla["closure"].attainment.value) for p in fig.trend if p.period >= "2025Q2"]
    assert text.rows[1][5:] == ("Closure within SLA", " → ".join(closure))
    problems = next(b for b in section.blocks if isinstance(b, Table) and b.title == T.t("unaddressed"))
    expected = [u.text for u in summary.urgent_items(Context(f, EN, T, None, ""))
                if u.category != "product_quality" and u.figure != "closure_sla_rate"]
    assert [r[0] for r in problems.rows] == expected and expected


def test_a_sample_unlike_its_population_is_said_where_csat_and_nps_are_shown(fig):
    from reportgen.metrics.flags import UnrepresentativeSample, flags_of
    from reportgen.metrics.sampling import Representativeness, ShareCheck

    check = Representativeness("segment", (ShareCheck("high", 20, 0.6, 0.4, 0.2), ShareCheck("low", 13, 0.4, 0.6, -0.2)),
                               8.25, 1, 0.016, 0)
    f = dataclasses.replace(fig, representativeness=(check,))
    assert UnrepresentativeSample(variable="segment", p=0.016, over="high", under="low") in flags_of(f)
    survey = _section(_report(f), "survey")
    sentence = ("The sample's make-up by Customer segment differs significantly from the population's "
                f"(χ² = 8.25, p = 0.016): {T.value('segment', 'high')} is over-represented by 20.0 pp, "
                f"{T.value('segment', 'low')} under-represented by 20.0 pp.")
    assert survey.paragraphs[0].startswith(sentence)
    calm = dataclasses.replace(fig, representativeness=(dataclasses.replace(check, p=0.2),))
    assert not _section(_report(calm), "survey").paragraphs
    assert not any(isinstance(x, UnrepresentativeSample) for x in flags_of(calm))
    assert any("does not differ significantly" in p for p in _section(_report(calm), "appendix-sampling").paragraphs)


@pytest.fixture(scope="module")
def fig_min_cell_2():
    from conftest import FIXTURE

    from reportgen.dataset import load_dataset
    from reportgen.figures import compute_figures, prepare
    from reportgen.periods import Quarter

    config = Config(locale="en", min_cell=2)
    return compute_figures(prepare(load_dataset(FIXTURE, config), config), Quarter(2025, 3), config), config


def test_the_heat_map_shows_each_stores_shares_in_the_tables_order_and_states_its_finding(fig, fig_min_cell_2):
    # EXPECTED.md §1: S1 = C01 C03 C05 C07 C09 C11, S2 = C02 C04 C06 C08 C10 C12.
    f, config = fig_min_cell_2
    report = build_report(f, config, logo=None, issued=date(2025, 10, 15))
    heat = next(b for b in _section(report, "complaints").blocks if getattr(b, "id", None) == "heatmap")
    shares = {(r["row"], r["column"]): (r["count"], r["share"]) for r in heat.rows}
    pq, di, rp = (T.value("category", k) for k in ("product_quality", "delivery_installation", "repair"))
    assert shares[("S1", pq)] == (3, 3 / 6) and shares[("S1", di)] == (2, 2 / 6) and shares[("S1", rp)] == (0, 0)
    assert shares[("S2", rp)] == (2, 2 / 6) and shares[("S2", pq)] == (1, 1 / 6)
    for store in ("S1", "S2"):
        assert sum(s for (row, _), (_, s) in shares.items() if row == store) == pytest.approx(1)
    assert list(dict.fromkeys(r["row"] for r in heat.rows)) == list(f.breakdowns["store"])
    assert list(dict.fromkeys(r["column"] for r in heat.rows)) == [T.value("category", k) for k in f.breakdowns["category"]]
    # furthest above its all-store share: S1's product quality 1/2 against 4/12 (S2's repair, 1/3
    # against 2/12, is as far but on fewer tickets)
    assert heat.title == "Product quality is 50% of S1's complaints, against 33% over all stores"
    # under the default min_cell (30) both stores are insufficient: no map, the stores' table says so
    assert not [b for b in _section(_report(fig), "complaints").blocks if getattr(b, "id", None) == "heatmap"]


def test_the_dimensions_change_chart_states_the_largest_rise_and_fall(fig, fig_min_cell_2):
    from reportgen.report.findings import change_title

    f, config = fig_min_cell_2
    rows = [{"label": "Speed", "previous": 80.0, "current": 84.5}, {"label": "Attitude", "previous": 90.0, "current": 88.0},
            {"label": "Solving", "previous": 70.0, "current": 70.5}, {"label": "New", "previous": None, "current": 60.0}]
    assert change_title(rows, T, "") == ("On the quarter before, Speed rose most (+4.5 points) "
                                      "and Attitude fell most (−2.0 points)")
    assert change_title(rows[2:], T, "") == "On the quarter before, all 1 dimensions rose, Solving most (+0.5 points)"
    assert change_title(rows[1:2], T, "") == "On the quarter before, all 1 dimensions fell, Attitude most (−2.0 points)"
    survey = _section(build_report(f, config, logo=None, issued=date(2025, 10, 15)), "survey")
    change = next(b for b in survey.blocks if getattr(b, "id", None) == "dimension_change")
    now, before = f.current.survey.dimensions, f.previous.survey.dimensions
    assert [(r["current"], r["previous"]) for r in change.rows] == [(now[d].score100, before[d].score100) for d in now]
    assert change.title == change_title(list(change.rows), T, "")
    # under the default min_cell every dimension (n = 13, EXPECTED.md §11) is insufficient: no change is drawn
    assert not [b for b in _section(_report(fig), "survey").blocks if getattr(b, "id", None) == "dimension_change"]


def test_a_repeated_definition_in_the_evidence_index_points_to_its_first_row(fig):
    import re

    rows = list(_section(_report(fig), "appendix-evidence").blocks[0].rows)
    pointer = re.compile(r"As (E-\d+)")
    written = {r.id: r.definition for r in rows if not pointer.fullmatch(r.definition)}
    pointed = [pointer.fullmatch(r.definition)[1] for r in rows if pointer.fullmatch(r.definition)]
    assert pointed and set(pointed) <= set(written)  # to a row that writes it out
    assert len(set(written.values())) == len(written)  # each definition written out once
    order = [r.id for r in rows]
    for r in rows:
        if pointer.fullmatch(r.definition):
            assert order.index(pointer.fullmatch(r.definition)[1]) < order.index(r.id)  # earlier in the index


def test_stores_keep_the_stores_tables_order_in_the_quarter_on_quarter_table(fig):
    order = list(fig.breakdowns["store"])
    flipped = dataclasses.replace(fig, breakdowns={**fig.breakdowns, "store": dict(reversed(fig.breakdowns["store"].items()))})
    for f, expected in ((fig, order), (flipped, order[::-1])):
        table = next(b for s in _report(f).sections for b in s.blocks
                     if isinstance(b, Table) and b.columns[-1] == "p (Holm)")  # the stores' changes
        assert [r[0] for r in table.rows] == expected and len(expected) == 2


def test_the_dimensions_change_leaves_out_a_quarter_under_min_cell(fig_min_cell_2):
    f, config = fig_min_cell_2
    d = next(iter(f.previous.survey.dimensions))
    small = dataclasses.replace(f.previous.survey.dimensions[d], n=1)  # under min_cell = 2 last quarter
    previous = dataclasses.replace(f.previous, survey=dataclasses.replace(
        f.previous.survey, dimensions={**f.previous.survey.dimensions, d: small}))
    survey = _section(build_report(dataclasses.replace(f, previous=previous), config, logo=None,
                                   issued=date(2025, 10, 15)), "survey")
    change = next(b for b in survey.blocks if getattr(b, "id", None) == "dimension_change")
    row = change.rows[0]  # the first dimension, in the questionnaire's order
    assert row["previous"] is None and row["current"] is not None
    assert change.table.rows[0][1] == "—" and change.table.rows[0][3] == "—"
