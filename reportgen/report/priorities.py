"""What to improve first: the priority matrix, importance × performance, worsening categories.

These blocks close the comparison chapter (they compare categories and dimensions with each
other), so `comparisons.build` places them; they are built here on their own.
"""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.report.context import Context, chart, table
from reportgen.report.findings import quadrant_title
from reportgen.report.model import Table


def blocks(c: Context) -> list:
    return [*_priority(c), *_ipa(c), *_drivers(c), _worsening(c)]


def _drivers(c: Context) -> list:
    """Johnson's relative weights beside the Pearson importance the quadrants use."""
    t, kd, ipa = c.t, c.fig.key_drivers, c.fig.ipa
    if kd is None or kd.r2 is None or not kd.weights:
        return []
    pearson = {i.dimension: i.importance for i in ipa.items}
    order = sorted(kd.weights, key=lambda d: -kd.weights[d])

    def ci(pair, percent=False):
        if pair is None:
            return DASH
        fmt = (lambda v: t.percent(v)) if percent else (lambda v: t.number(v, 3))
        return f"{fmt(pair[0])}–{fmt(pair[1])}"

    rows = [(c.dimension(d), t.number(kd.weights[d], 3), ci(kd.intervals.get(d)), t.percent(kd.shares.get(d)),
             t.number(pearson.get(d), 3)) for d in order]
    rows.append(("R²", t.number(kd.r2, 3), ci(kd.r2_interval), t.percent(1.0 if kd.shares else None), DASH))
    top = order[0]
    title = t.say("drivers_title", dimension=c.dimension(top), share=t.percent(kd.shares.get(top)))
    cite = c.cite("key_drivers", "drivers", value=t.number(kd.r2, 3), n=kd.n, interval=ci(kd.r2_interval),
                  population=t.say("drivers_population", period=c.period_text))
    return [table((t.t("dimension"), t.t("relative_weight"), t.t("ci95_short"), t.t("share_of_r2"), "r"), rows,
                  (False, True, True, True, True), title=title, cites=[None] * len(order) + [cite])]


def _priority(c: Context) -> list:
    t, pm = c.t, c.fig.priority
    src = c.source_complaints(c.fig.current.complaints.total)
    rows = [{"label": t.value("category", i.category), "frequency": i.frequency, "impact": i.impact,
             "quadrant": i.quadrant, "rank": i.rank}
            for i in pm.items if not i.insufficient]
    impact_title = t.t(f"impact_{pm.impact_basis}")
    text_table = table((t.t("rank"), t.t("group"), t.t("count"), t.t("share"), impact_title, t.t("quadrant")),
                       [(DASH if i.rank is None else str(i.rank), t.value("category", i.category), t.integer(i.count),
                         t.percent(i.frequency), t.number(i.impact, 2),
                         t.t("insufficient") if i.insufficient else t.value("priority_quadrant", i.quadrant))
                        for i in pm.items], (True, False, True, True, True, False),
                       ["muted" if i.insufficient else ("warn" if i.rank == 1 else "") for i in pm.items])
    if not rows:
        return [text_table]
    title = quadrant_title(rows, "high_frequency_high_impact", "priority_finding", t)
    return [chart("priority", "priority_scatter", rows, title, src, text_table, print_table=True,
                  x_median=pm.frequency_median, y_median=pm.impact_median, x_title=t.t("frequency_axis"),
                  y_title=impact_title, quadrant_names=t.values["priority_quadrant"])]


def _ipa(c: Context) -> list:
    t, ipa = c.t, c.fig.ipa
    src = c.source_survey(c.fig.current.survey.responses_valid)
    rows = [{"label": c.dimension(i.dimension), "importance": i.importance, "performance": i.performance,
             "quadrant": i.quadrant} for i in ipa.items if i.quadrant is not None]
    text_table = table((t.t("dimension"), "r", t.t("score100"), t.t("quadrant")),
                       [(c.dimension(i.dimension), t.number(i.importance, 3), t.number(i.performance),
                         DASH if i.quadrant is None else t.value("ipa_quadrant", i.quadrant)) for i in ipa.items],
                       (False, True, True, False), ["warn" if i.quadrant == "improve" else "" for i in ipa.items])
    if not rows:
        return [text_table]
    title = quadrant_title(rows, "improve", "ipa_finding", t)
    return [chart("ipa", "ipa_scatter", rows, title, src, text_table, print_table=True,
                  x_mean=ipa.importance_mean, y_mean=ipa.performance_mean, x_title=t.t("importance_axis"),
                  y_title=t.t("performance_axis"), quadrant_names=t.values["ipa_quadrant"])]


def _worsening(c: Context) -> Table:
    t = c.t
    periods = [t.quarter(str(c.quarter.shift(k))) for k in (-2, -1, 0)]
    rows = [(t.value("category", w.category), *(t.integer(x) for x in w.counts),
             t.percent(w.jump) if w.jump is not None else DASH) for w in c.fig.worsening]
    if not rows:
        rows = [(t.t("none"), "", "", "", "")]
    return table((t.t("category"), *periods, t.t("change")), rows, (False, True, True, True, True),
                 ["warn"] * len(c.fig.worsening), title=c.label("worsening_categories"))
