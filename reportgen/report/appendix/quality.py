"""Appendix, cleaning: the response-quality indices, what each flags, and the headline figures
with and without the flagged responses side by side."""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.report.context import Context, table

OPS = {"longstring": "≥", "mahalanobis": ">"}  # the others flag below their line


def blocks(c: Context) -> tuple[list[str], list]:
    """The lead sentence and the two tables (nothing when no valid response was indexed)."""
    t, qf = c.t, c.fig.quality
    if qf is None:
        return [], []
    rows = [(c.coded("rule", code), f"{OPS.get(code, '<')} {t.number(qf.cut[code], 2)}", t.integer(n),
             t.percent(n / qf.checked if qf.checked else None))
            for code, n in qf.flags.items()]
    flags = table((t.t("rule"), t.t("threshold"), t.t("flagged_responses"), t.t("share")), rows,
                  (False, False, True, True), title=t.t("quality_flags_title"),
                  cites=[c.cite(f"survey.quality.flags.{code}", "quality", metric="survey.quality.flags",
                                value=t.integer(n), n=qf.checked,
                                population=t.say("figure_part", figure=c.coded("rule", code),
                                                 part=t.t("valid_responses")))
                         for code, n in qf.flags.items()])
    a, b = qf.all_valid, qf.unflagged

    def row(label, x, y, fmt, scale=1.0):
        diff = None if x is None or y is None else (y - x) * scale
        return (label, fmt(x), fmt(y), DASH if diff is None else t.signed(diff, 1))

    compare = [row(t.t("valid_responses"), a.responses, b.responses, t.integer),
               row(c.label("survey.csat_top2"), a.csat_top2.value, b.csat_top2.value, t.percent, 100),
               row(c.label("survey.nps"), a.nps.score, b.nps.score, t.number)]
    for d in a.dimensions:
        compare.append(row(c.dimension(d), a.dimensions[d], b.dimensions.get(d), t.number))
    table_b = table((t.t("figure"), t.t("all_valid"), t.t("without_flagged"), t.t("difference")), compare,
                    (False, True, True, True), title=t.t("quality_compare_title"),
                    cites=[None, c.cite("survey.quality.without_flagged", "quality",
                                        value=t.percent(b.csat_top2.value), n=b.responses,
                                        population=t.say("figure_part", figure=c.label("survey.csat_top2"),
                                                         part=t.t("without_flagged")))] + [None] * (len(compare) - 2))
    lead = t.say("quality_lead", checked=t.integer(qf.checked), flagged=t.integer(qf.flagged),
                 share=t.percent(qf.flagged / qf.checked if qf.checked else None), min_flags=qf.min_flags)
    return [lead], [flags, table_b]
