"""Appendix: the cleaning funnel (each exclusion rule and what it removed) and data-quality counts."""

from __future__ import annotations

from reportgen.rules import EXCLUSION_RULES, EXCLUSIONS
from reportgen.report.context import Context, chart, table
from reportgen.report.model import Section


def build(c: Context) -> Section:
    t, sf, cfg, fig = c.t, c.fig.current.survey, c.config, c.fig
    funnel_rows = [{"stage": t.t("responses"), "count": sf.responses_total}]
    remaining = sf.responses_total
    for rule in EXCLUSION_RULES:
        remaining -= sf.excluded[rule]
        funnel_rows.append({"stage": f"− {t.value('rule', rule)}", "count": remaining})
    funnel_rows[-1] = {"stage": t.t("valid_responses"), "count": sf.responses_valid}
    rules_table = table((t.t("rule"), t.t("threshold"), t.t("excluded")),
                        [(t.value("rule", r.code), r.threshold(cfg, c.q), t.integer(sf.excluded[r.code]))
                         for r in EXCLUSIONS]
                        + [(t.t("valid_responses"), "", t.integer(sf.responses_valid))], (False, False, True))
    dq_rows = [(*k.split(".")[:2], t.value("rule", k.split(".")[2]), t.integer(v)) for k, v in fig.data_quality.items()]
    dq_table = table((t.t("file"), t.t("column"), t.t("rule"), t.t("count")), dq_rows or [(t.t("none"), "", "", "")],
                     (False, False, False, True), title=c.label("data_quality"))
    funnel = chart("funnel", "funnel", funnel_rows, t.t("funnel_title"), c.source_survey(sf.responses_total),
                   rules_table, print_table=True)
    review = t.say("review_sample", n=t.integer(fig.review_sample_size),
                   share=t.percent(cfg.sampling.review_share, 0), seed=cfg.sampling.review_seed)
    return Section("appendix-cleaning", t.t("appendix_cleaning"), paragraphs=(review,), blocks=(funnel, dq_table))
