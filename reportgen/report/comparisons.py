"""The comparison chapter: changes on the previous quarter and a year ago, trends, stores, the index."""

from __future__ import annotations

from reportgen.metrics.registry import BY_KEY, COMPARED, COMPARISONS
from reportgen.report import priorities
from reportgen.report.context import Context, chart, table
from reportgen.report.formatting import p_cell
from reportgen.report.model import Section, Table

RATE_TRENDS = ("csat_top2", "response_sla_rate", "closure_sla_rate", "resolution_rate")
SCORE_TRENDS = ("service_quality_index", "nps")
TONES = {None: "", "better": "good", "worse": "warn"}


def build(c: Context) -> Section:
    t = c.t
    blocks = [_changes_table(c), *_trend_charts(c), _store_changes_table(c), *priorities.blocks(c), _index_table(c)]
    return Section("comparison", t.t("comparison_section"), paragraphs=(t.t("significance_note"),),
                   blocks=tuple(b for b in blocks if b is not None))


def _changes_table(c: Context) -> Table:
    t, fig = c.t, c.fig
    rows, classes = [], []
    for compared in COMPARISONS:
        name = compared.name
        q_, y_ = fig.changes["qoq"][name], fig.changes["yoy"][name]
        decimals = 0 if BY_KEY[compared.key].unit == "count" else 1
        if compared.test == "rate":
            value, delta = t.percent, t.pp
        else:
            value, delta = (lambda v: t.number(v, decimals)), (lambda d: t.signed(d, decimals))
        rows.append((c.compared_label(name), value(q_.current), value(q_.previous), delta(q_.delta),
                     p_cell(q_.p), value(y_.previous), delta(y_.delta), p_cell(y_.p)))
        classes.append(TONES[compared.verdict(q_)])
    return table((t.t("figure"), t.t("this_quarter"), t.t("previous_quarter"), t.t("change"), "p",
                  t.t("year_ago"), t.t("change"), "p"), rows, (False, True, True, True, True, True, True, True),
                 classes, title=t.t("changes_table"))


def _trend_charts(c: Context) -> list:
    t, trend = c.t, c.fig.trend
    periods = [t.quarter(p.period) for p in trend]
    files = ", ".join(c.file_name(n) for n in ("complaints", "surveys") if n not in c.fig.absent)
    src = t.say("source_trend", files=files, first=periods[0], last=periods[-1])
    out = []
    for id, names, percent in (("trend_rates", RATE_TRENDS, True), ("trend_scores", SCORE_TRENDS, False)):
        fmt = t.percent if percent else t.number
        rows = [{"period": per, "series": c.compared_label(name), "value": COMPARED[name].number(p)}
                for name in names for per, p in zip(periods, trend)]
        text_table = table((t.t("figure"), *periods),
                           [(c.compared_label(name), *(fmt(COMPARED[name].number(p)) for p in trend)) for name in names],
                           (False,) + (True,) * len(periods))
        out.append(chart(id, "trend_lines", rows, t.t(id), src, text_table, percent=percent))
    return out


def _store_changes_table(c: Context) -> Table | None:
    t, sc = c.t, c.fig.store_changes
    if not sc:
        return None
    rows, classes = [], []
    for s in sorted(set(sc["csat_top2"]) | set(sc["closure_sla_rate"])):
        cells, warn = [s], False
        for fam in ("csat_top2", "closure_sla_rate"):
            g = sc[fam].get(s)
            if g is None or g.change is None:
                cells += [t.t("insufficient"), ""]
            else:
                cells += [t.pp(g.change.delta), p_cell(g.p_holm)]
                warn = warn or COMPARED[fam].verdict(g.change) == "worse"
        rows.append(tuple(cells))
        classes.append("warn" if warn else "")
    return table((t.t("group"), c.compared_label("csat_top2"), "p (Holm)", c.compared_label("closure_sla_rate"),
                  "p (Holm)"), rows, (False, True, True, True, True), classes, title=c.label("comparisons.stores_qoq"))


def _index_table(c: Context) -> Table:
    t, idx = c.t, c.fig.current.index
    rows = [(t.value("index_component", name), t.percent(comp.value), t.percent(comp.target, 0),
             t.number(comp.weight, 0), t.number(comp.score)) for name, comp in idx.components.items()]
    rows.append((t.t("sqi"), "", "", "", t.number(idx.score)))
    for e in c.fig.current.events:
        rows.append((f"{t.t('events')}: {t.value('event', e.type)} {e.date}", e.description or "", "", "",
                     t.number(e.points)))
    return table((t.t("figure"), t.t("value"), t.t("target"), t.t("weight"), t.t("score100")), rows,
                 (False, True, True, True, True), title=c.label("service_quality_index.components"))
