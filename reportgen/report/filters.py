"""The HTML report's global filters: per store, region, channel, segment and product line, the
key figures, the charts, their captions and titles (the group's finding) as that group's figures
give them.

Everything is computed here from `Figures` (the breakdowns and the crossed ticket counts, which
`metrics.json` carries and `verify` checks), one field at a time: the data hold each group's
figures, not those of every combination. A group under `min_cell` shows "insufficient sample",
never a rate; a figure the chosen field does not apply to (tickets have no customer segment)
says so, rather than showing the whole quarter's value as if it were the group's.
"""

from __future__ import annotations

from reportgen.charts.marks import records
from reportgen.metrics.complaints import Group
from reportgen.figures import SurveyGroup
from reportgen.report.complaints import count_rows, sla_rows
from reportgen.report.context import Context
from reportgen.report.findings import counts_title, dimensions_title, sla_title
from reportgen.report.formatting import interval
from reportgen.report.model import Chart, Control, Filters
from reportgen.report.tiles import status

FIELDS = ("store", "region", "channel", "segment", "product_line")
TICKETS = ("store", "region", "channel")  # the complaint breakdowns a filter can choose from
SURVEYS = ("store", "channel", "segment", "product_line")  # the survey breakdowns
# The crossed counts that give a group's own bars in the category and the channel charts.
CROSSES = {"by_category": ("category", {"channel": "category+channel", "store": "store+category", "region": "region+category"}),
           "by_channel": ("channel", {"store": "store+channel", "region": "region+channel"})}


def _label(c: Context, field: str) -> str:
    return c.t.t({"channel": "filter_channel"}.get(field, field))


def _ticket_tiles(c: Context, g: Group) -> dict:
    t = c.t
    n = f"n = {t.integer(g.count)}"
    out = {"complaints_total": {"value": t.integer(g.count), "tone": "neutral",
                                "detail": f"{t.t('share')}{t.t('label_sep')}{t.percent(g.share)}"}}
    for name, sla in g.figures.sla.items():
        share = sla.attainment
        if g.insufficient or share.value is None:
            out[f"{name}_sla_rate"] = _insufficient(c, g.count)
            continue
        shaky = share.ci95 is not None and share.ci95[0] < sla.required
        out[f"{name}_sla_rate"] = {"value": t.percent(share.value),
                                   "detail": _clauses(t, interval(share.ci95, t, percent=True), n),
                                   "tone": status(sla.met, shaky=shaky)}
    return out


def _survey_tiles(c: Context, g: SurveyGroup) -> dict:
    t = c.t
    if g.insufficient:
        return {"nps": _insufficient(c, g.n_valid), "csat_top2": _insufficient(c, g.n_valid)}
    n = f"n = {t.integer(g.n_valid)}"
    return {"nps": {"value": t.number(g.nps.score), "detail": _clauses(t, interval(g.nps.ci95, t, percent=False), n),
                    "tone": "neutral"},
            "csat_top2": {"value": t.percent(g.csat_top2.value), "tone": "neutral",
                          "detail": _clauses(t, interval(g.csat_top2.ci95, t, percent=True), n)}}


def _clauses(t, *parts: str) -> str:
    return t.t("clause_sep").join(p for p in parts if p)


def _insufficient(c: Context, n: int) -> dict:
    return {"value": c.t.t("insufficient"), "detail": f"n = {c.t.integer(n)} < {c.config.min_cell}",
            "tone": "neutral"}


def _rows(rows: list[dict]) -> dict:
    return {"rows": records(rows)}


def _rate_chart(c: Context, insufficient: bool, n: int, plain: str, rows_of, title_of) -> tuple[dict, str]:
    """A chart of rates for one group: its rows and its finding, or under min_cell a note ("样本不足",
    never a rate) under the chart's plain name."""
    if insufficient:
        return {"note": c.t.say("filter_insufficient", n=c.t.integer(n), min_cell=c.config.min_cell)}, plain
    rows = rows_of()
    return _rows(rows), title_of(rows, c.t, plain)


def _ticket_charts(c: Context, field: str, key: str, g: Group, charts: dict[str, Chart]) -> tuple[dict, dict, dict]:
    """Each filterable chart's rows, caption (with the group's n) and title (the group's finding)."""
    t, fig = c.t, c.fig
    out, captions, titles = {}, {}, {}
    source = c.source_complaints(g.count)
    if "sla" in charts:
        out["sla"], titles["sla"] = _rate_chart(c, g.insufficient, g.count, t.t("sla_attainment"),
                                                lambda: sla_rows(g.figures.sla, t), sla_title)
        captions["sla"] = source
    for chart_id, (kind, crosses) in CROSSES.items():
        cross = crosses.get(field)
        if cross is None or chart_id not in charts:
            continue
        first = cross.split("+").index(field)
        counts = {k[1 - first]: n for k, n in fig.ticket_counts[cross].items() if k[first] == key}
        rows = count_rows(counts, kind, t)
        out[chart_id] = _rows(rows)
        titles[chart_id] = counts_title(rows, kind, t, c.label(f"complaints.{chart_id}"))
        captions[chart_id] = source
    return out, captions, titles


def _survey_charts(c: Context, field: str, key: str, g: SurveyGroup, charts: dict[str, Chart]) -> tuple[dict, dict, dict]:
    t = c.t
    out, captions, titles = {}, {}, {}
    source = c.source_survey(g.n_valid)
    if "dimensions" in charts:
        out["dimensions"], titles["dimensions"] = _rate_chart(
            c, g.insufficient, g.n_valid, c.label("survey.dimensions"),
            lambda: [{"label": c.dimension(d), "score100": score, "n": g.n_valid, "insufficient": False}
                     for d, score in g.dimensions.items() if score is not None], dimensions_title)
        captions["dimensions"] = source
    if field in ("segment", "channel") and "segments" in charts:
        label = t.value(field, key)
        out["segments"] = _rows([r for r in charts["segments"].rows if r[field] == label])
        captions["segments"] = source
    return out, captions, titles


def build(c: Context, charts: list[Chart]) -> Filters:
    """The controls (fields with at least two groups) and each group's view."""
    fig, t = c.fig, c.t
    by_id = {ch.id: ch for ch in charts}
    groups: dict[str, dict[str, str]] = {}
    for field in FIELDS:
        seen = {}
        for g in fig.breakdowns.get(field, {}) if field in TICKETS else ():
            seen.setdefault(g, t.value(field, g))
        for g in fig.survey_breakdowns.get(field, {}) if field in SURVEYS else ():
            seen.setdefault(g, t.value(field, g))
        if len(seen) >= 2:
            groups[field] = dict(sorted(seen.items(), key=lambda kv: kv[1]))
    views: dict = {}
    followed: set[str] = set()
    for field, options in groups.items():
        for key in options:
            tiles, out, captions, titles = {}, {}, {}, {}
            for fields, breakdowns, own_tiles, own_charts in (
                    (TICKETS, fig.breakdowns, _ticket_tiles, _ticket_charts),
                    (SURVEYS, fig.survey_breakdowns, _survey_tiles, _survey_charts)):
                if field in fields and key in breakdowns.get(field, {}):
                    g = breakdowns[field][key]
                    tiles.update(own_tiles(c, g))
                    more, words, named = own_charts(c, field, key, g, by_id)
                    out.update(more)
                    captions.update(words)
                    titles.update(named)
            followed.update(out)
            views.setdefault(field, {})[key] = {"tiles": tiles, "charts": out, "captions": captions, "titles": titles}
    controls = tuple(Control(f, _label(c, f), tuple(opts.items())) for f, opts in groups.items())
    return Filters(controls, views, tuple(ch.id for ch in charts if ch.id in followed))

