"""Appendix: the questionnaire as the figures used it (items, dimensions, reverse coding)."""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.report.context import Context, table
from reportgen.report.model import Section


def build(c: Context) -> Section:
    t, q = c.t, c.q
    rows = [(i.id, c.dimension(i.dimension), i.text.get(t.lang), "✓" if i.reverse else "") for i in q.items]
    rows += [("overall", DASH, q.overall.get(t.lang), ""), ("nps", DASH, q.nps.get(t.lang), "")]
    return Section("appendix-questionnaire", t.t("appendix_questionnaire"), blocks=(
        table((t.t("item"), t.t("dimension"), t.t("text"), t.t("reverse")), rows, (False, False, False, False)),))
