"""The action plan: what is being done about the problems, by whom, until when."""

from __future__ import annotations

from reportgen.actions import state_of
from reportgen.charts.style import BLUES, NEUTRAL, STATUS
from reportgen.report.context import Context, chart, table
from reportgen.report.model import Section


def build(c: Context) -> Section:
    t, actions = c.t, c.fig.actions
    if not actions:
        return Section("actions", t.t("actions_section"), paragraphs=(t.t("no_actions"),))
    def status(a) -> str:  # a known status word in the edition's language, any other as written
        state = state_of(a.status)
        return t.value("action_status", state) if state else a.status or ""

    rows = [{"action": a.action, "start": a.start, "due": a.due, "status": status(a)} for a in actions]
    text_table = table((t.t("action"), t.t("owner"), t.t("start"), t.t("due"), t.t("status"), t.t("related_category")),
                       [(a.action, a.owner or "", a.start, a.due, status(a),
                         "" if a.related_category is None else t.value("category", a.related_category))
                        for a in actions], (False,) * 6)
    return Section("actions", t.t("actions_section"), blocks=(
        chart("gantt", "gantt", rows, t.t("actions_section"), t.say("source_actions", n=t.integer(len(rows))),
              text_table, print_table=True, today=c.fig.last_day,
              status_colors={t.value("action_status", "done"): STATUS["met"],
                             t.value("action_status", "in_progress"): BLUES[2],
                             t.value("action_status", "not_started"): NEUTRAL}),))
