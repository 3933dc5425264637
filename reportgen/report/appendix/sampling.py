"""Appendix: who answered (sample per group and stratum) and how it compares with the population."""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.metrics.registry import SIGNIFICANCE
from reportgen.report.context import Context, table
from reportgen.report.formatting import p_text
from reportgen.report.model import Section

GROUPS = ("segment", "channel", "product_line", "store")
STRATUM_PARTS = ("segment", "product_line", "channel")


def verdicts(c: Context, *, failing_only: bool = False) -> list[str]:
    """Per population check, what it found and, when the sample differs, what that means for
    CSAT and NPS (computed over the responses as they came)."""
    t = c.t
    out = []
    for check in c.fig.representativeness:
        if check.p is None or not check.rows:
            continue
        test = f"χ² = {t.number(check.chi2, 2)}{t.t('comma')}{p_text(check.p)}"
        if check.p >= SIGNIFICANCE.value:
            if not failing_only:
                out.append(t.say("representative", variable=t.t(check.variable), test=test))
            continue
        ordered = sorted(check.rows, key=lambda r: r.difference)
        over, under = ordered[-1], ordered[0]
        out.append(t.say("unrepresentative", variable=t.t(check.variable), test=test,
                         over=t.value(check.variable, over.value), over_pp=t.pp(over.difference, signed=False),
                         under=t.value(check.variable, under.value), under_pp=t.pp(under.difference, signed=False),
                         csat=c.label("survey.csat_top2"), nps=c.label("survey.nps")))
    return out


def build(c: Context) -> Section:
    t, fig = c.t, c.fig
    blocks = []
    for by in GROUPS:
        groups = fig.survey_breakdowns.get(by) or {}
        if groups:
            total = sum(g.n_valid for g in groups.values())
            blocks.append(table((t.t(by), t.t("valid_responses"), t.t("share")),
                                [(t.value(by, k), t.integer(g.n_valid), t.percent(g.n_valid / total))
                                 for k, g in groups.items()], (False, True, True),
                                ["muted" if g.insufficient else "" for g in groups.values()],
                                title=t.t(f"sample_by_{by}")))
    if fig.strata:
        total = sum(fig.strata.values())
        blocks.append(table((t.t("stratum"), t.t("valid_responses"), t.t("share")),
                            [(" | ".join(t.value(by, v) for by, v in zip(STRATUM_PARTS, k.split(" | "))),
                              t.integer(n), t.percent(n / total)) for k, n in fig.strata.items()],
                            (False, True, True), title=c.label("sampling.strata")))
    for check in fig.representativeness:
        test = f"χ² = {t.number(check.chi2, 2)}, df = {check.df}, {p_text(check.p)}" if check.chi2 is not None else DASH
        blocks.append(table(
            (t.t(check.variable), t.t("valid_responses"), t.t("sample_share"), t.t("population_share"), t.t("change")),
            [(t.value(check.variable, r.value), t.integer(r.n), t.percent(r.sample_share),
              t.percent(r.population_share), t.pp(r.difference)) for r in check.rows],
            (False, True, True, True, True),
            title=f"{c.label('sampling.representativeness')} · {t.t(check.variable)} · {test}"))
    notes = (t.say("insufficient_note", min_cell=c.config.min_cell),
             t.t("no_population") if not fig.representativeness else "", *verdicts(c))
    return Section("appendix-sampling", t.t("appendix_sampling"), paragraphs=tuple(p for p in notes if p),
                   blocks=tuple(blocks))
