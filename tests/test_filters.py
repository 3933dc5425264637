"""The HTML report's global filters, from figures alone (no document rendered): each group's
tiles, chart rows and captions, the small-sample rule and the fields a table does not have."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from reportgen.config import Config
from reportgen.i18n import texts
from reportgen.render.charts_stage import render_charts
from reportgen.report import build_report

EN = Config(locale="en")
T = texts("en")


@pytest.fixture(scope="module")
def fig(fixture_figures):
    return fixture_figures


def _filters(fig, config=EN):
    return build_report(fig, config, logo=None, issued=date(2025, 10, 15)).filters


def test_one_select_per_field_with_two_groups_or_more(fig):
    filters = _filters(fig)
    assert [(c.field, c.label) for c in filters.controls] == [
        ("store", "Store"), ("region", "Region"), ("channel", "Channel"), ("segment", "Customer segment"),
        ("product_line", "Product line")]
    channel = dict(next(c for c in filters.controls if c.field == "channel").options)
    # Complaint channels (hotline, online, wechat) and survey channels (online, phone, store), each once.
    assert set(channel) == set(fig.breakdowns["channel"]) | set(fig.survey_breakdowns["channel"])
    assert channel["hotline"] == T.value("channel", "hotline")


def test_a_groups_tiles_are_its_own_figures(fig):
    # The fixture's stores are under the default min_cell: taken as large enough here.
    ticket_group = dataclasses.replace(fig.breakdowns["store"]["S1"], insufficient=False)
    survey_group = dataclasses.replace(fig.survey_breakdowns["store"]["S1"], insufficient=False)
    fig = dataclasses.replace(fig, breakdowns={**fig.breakdowns, "store": {"S1": ticket_group}},
                              survey_breakdowns={**fig.survey_breakdowns, "store": {"S1": survey_group,
                                                                                    "S2": fig.survey_breakdowns["store"]["S2"]}})
    views = _filters(fig).views
    tiles = views["store"]["S1"]["tiles"]
    assert tiles["complaints_total"]["value"] == str(ticket_group.count)
    response = ticket_group.figures.sla["response"].attainment
    assert tiles["response_sla_rate"]["value"] == T.percent(response.value)
    assert tiles["response_sla_rate"]["detail"].endswith(f"; n = {ticket_group.count}")
    assert tiles["nps"]["value"] == T.number(survey_group.nps.score)
    assert tiles["csat_top2"]["value"] == T.percent(survey_group.csat_top2.value)
    assert views["store"]["S1"]["captions"]["sla"].endswith(f"n = {ticket_group.count}")


def test_the_tone_of_a_groups_commitment_is_its_own():
    from reportgen.metrics.complaints import breakdown

    # 36 of 40 tickets answered within 30 minutes: 90.0 %, exactly the required share, so met; the
    # Wilson interval (77.0 %–96.0 %) reaches below 90 %, so at risk. 10 of 40 closed in 7 days: missed.
    row = {"total": 40, "closed": 40, "within_response": 36, "sla_n_response": 40, "within_solution": 40,
           "sla_n_solution": 40, "within_closure": 10, "sla_n_closure": 40}
    group = breakdown({("S9",): row}, 40, Config().sla, 30)["S9"]
    from reportgen.report.filters import _ticket_tiles
    from reportgen.report.context import Context

    tiles = _ticket_tiles(Context(None, Config(locale="en"), T, None, ""), group)
    assert tiles["response_sla_rate"]["value"] == "90.0%" and tiles["response_sla_rate"]["tone"] == "at_risk"
    assert tiles["solution_sla_rate"]["tone"] == "met" and tiles["closure_sla_rate"]["tone"] == "missed"
    assert tiles["complaints_total"]["detail"] == "Share: 100.0%"


def test_category_counts_of_a_channel_are_its_own_with_shares_of_its_total(fig):
    crossed = {"category+channel": {("delivery", "hotline"): 3, ("price", "hotline"): 1, ("delivery", "online"): 2},
               "store+category": {("S1", "price"): 5}, "region+category": {}, "store+channel": {("S1", "online"): 5},
               "region+channel": {("north", "online"): 4, ("north", "hotline"): 1}}
    views = _filters(dataclasses.replace(fig, ticket_counts=crossed), Config(locale="en", min_cell=1)).views
    rows = views["channel"]["hotline"]["charts"]["by_category"]["rows"]
    assert rows == [{"label": T.value("category", "delivery"), "count": 3, "share": 3 / 4},
                    {"label": T.value("category", "price"), "count": 1, "share": 1 / 4}]
    assert views["store"]["S1"]["charts"]["by_category"]["rows"] == [
        {"label": T.value("category", "price"), "count": 5, "share": 1.0}]
    # each view's title states the group's own finding
    assert views["channel"]["hotline"]["titles"]["by_category"] == (
        f"{T.value('category', 'delivery')} is the largest category (75.0%), then {T.value('category', 'price')} (25.0%)")
    assert views["store"]["S1"]["titles"]["by_category"] == f"Every complaint is {T.value('category', 'price')} (100.0%)"
    assert views["region"]["north"]["charts"]["by_category"]["rows"] == []  # none counted: no bars
    assert views["store"]["S1"]["charts"]["by_channel"]["rows"] == [
        {"label": T.value("channel", "online"), "count": 5, "share": 1.0}]
    assert views["region"]["north"]["charts"]["by_channel"]["rows"] == [
        {"label": T.value("channel", "online"), "count": 4, "share": 0.8},
        {"label": T.value("channel", "hotline"), "count": 1, "share": 0.2}]
    assert "by_channel" not in views["channel"]["hotline"]["charts"]  # a channel's own channel chart says nothing


def test_a_group_under_min_cell_shows_insufficient_sample_never_a_rate(fig):
    config = Config(locale="en", min_cell=1000)
    views = _filters(fig, config).views
    for field, groups in views.items():
        for key, view in groups.items():
            tiles = view["tiles"]
            for name in ("response_sla_rate", "solution_sla_rate", "closure_sla_rate", "nps", "csat_top2"):
                if name in tiles:
                    assert tiles[name]["value"] == "insufficient sample", (field, key, name)
                    assert tiles[name]["detail"].endswith("< 1000") and tiles[name]["tone"] == "neutral"
            if "complaints_total" in tiles:  # a count is no rate: shown
                assert tiles["complaints_total"]["value"] == str(fig.breakdowns[field][key].count)
            for chart in ("sla", "dimensions"):
                if chart in view["charts"]:
                    assert set(view["charts"][chart]) == {"note"}, (field, key, chart)
                    assert view["charts"][chart]["note"].startswith("Insufficient sample (n = ")


def test_a_field_the_table_lacks_leaves_its_figures_out(fig):
    views = _filters(fig).views
    segment = views["segment"]["mid"]
    assert set(segment["tiles"]) == {"nps", "csat_top2"}  # tickets have no customer segment
    assert not {"sla", "by_category"} & set(segment["charts"])
    region = views["region"]["north"]
    assert set(region["tiles"]) == {"complaints_total", "response_sla_rate", "solution_sla_rate", "closure_sla_rate"}
    segment_rows = segment["charts"]["segments"]["rows"]
    assert segment_rows and {r["segment"] for r in segment_rows} == {T.value("segment", "mid")}


def test_every_chart_that_follows_has_a_dataset_to_replace(fig):
    report = build_report(fig, EN, logo=None, issued=date(2025, 10, 15))
    rendered = render_charts(report.charts(), svg=False)
    assert set(report.filters.charts) == {"sla", "by_channel", "by_category", "dimensions", "segments"}
    for chart_id in report.filters.charts:
        name = rendered[chart_id].dataset
        spec = json.loads(rendered[chart_id].spec_json)
        assert name in spec["datasets"], chart_id
    tables = {b.group_by for s in report.sections for b in s.blocks if getattr(b, "group_by", None)}
    assert tables == {"store", "segment", "channel"}


def test_the_views_cannot_end_their_script_element(fig):
    hostile = '</script><img src=x onerror=alert(1)>&'
    stores = {hostile: fig.breakdowns["store"]["S1"]}
    text = _filters(dataclasses.replace(fig, breakdowns={**fig.breakdowns, "store": {**stores, "S2": fig.breakdowns["store"]["S2"]}})).views_json()
    assert "</script" not in text and "<img" not in text
    assert hostile in json.loads(text)["store"]
