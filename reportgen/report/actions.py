"""The action plan: what is being done about the problems, by whom, until when, and whether the
figure each action addresses has moved since it started; then the problems no action addresses."""

from __future__ import annotations

from datetime import date

from reportgen.actions import state_of
from reportgen.charts.style import BLUES, NEUTRAL, STATUS
from reportgen.i18n import DASH
from reportgen.metrics.registry import COMPARED
from reportgen.periods import Quarter
from reportgen.report import summary
from reportgen.report.context import Context, chart, table
from reportgen.report.model import Section, Table


def build(c: Context) -> Section:
    t, actions = c.t, c.fig.actions
    if not actions:
        return Section("actions", t.t("actions_section"), paragraphs=(t.t("no_actions"),),
                       blocks=tuple(b for b in (unaddressed(c),) if b is not None))
    def status(a) -> str:  # a known status word in the edition's language, any other as written
        state = state_of(a.status)
        return t.value("action_status", state) if state else a.status or ""

    rows = [{"action": a.action, "start": a.start, "due": a.due, "status": status(a)} for a in actions]
    text_table = table((t.t("action"), t.t("owner"), t.t("start"), t.t("due"), t.t("status"), t.t("addresses"),
                        t.t("since_start")),
                       [(a.action, a.owner or "", a.start, a.due, status(a), addresses(c, a), since_start(c, a))
                        for a in actions], (False,) * 7)
    return Section("actions", t.t("actions_section"), paragraphs=(t.t("since_start_note"),), blocks=tuple(b for b in (
        chart("gantt", "gantt", rows, t.t("actions_section"), t.say("source_actions", n=t.integer(len(rows))),
              text_table, print_table=True, today=c.fig.last_day,
              status_colors={t.value("action_status", "done"): STATUS["met"],
                             t.value("action_status", "in_progress"): BLUES[2],
                             t.value("action_status", "not_started"): NEUTRAL}),
        unaddressed(c)) if b is not None))


def addresses(c: Context, a) -> str:
    """The category or the figure an action is about, by its name."""
    if a.related_category:
        return c.t.value("category", a.related_category)
    if a.related_metric:
        return c.compared_label(a.related_metric)
    return ""


def since_start(c: Context, a) -> str:
    """That figure from the quarter before the action started to this one: 282 → 324 → 356."""
    t = c.t
    start = date.fromisoformat(a.start)
    first = Quarter(start.year, (start.month - 1) // 3 + 1).previous()
    periods = [p for p in c.fig.trend if Quarter.parse(p.period) >= first]
    if not periods or not (a.related_category or a.related_metric):
        return ""
    if a.related_category:
        values = [t.integer(p.categories.get(a.related_category, 0)) for p in periods]
    else:
        compared = COMPARED[a.related_metric]
        fmt = t.percent if compared.test == "rate" else t.integer if a.related_metric == "complaints_total" \
            else t.number
        values = [fmt(compared.number(p)) if compared.number(p) is not None else DASH for p in periods]
    return " → ".join(values)


def unaddressed(c: Context) -> Table | None:
    """Every improvement item (not only the summary's three) that no action names."""
    t = c.t
    rows = [(item.text,) for item in summary.urgent_items(c) if not summary.fix(c, item).planned]
    if not rows:
        return None
    return table((t.t("problem"),), rows, (False,), ["warn"] * len(rows), title=t.t("unaddressed"))
