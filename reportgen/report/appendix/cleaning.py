"""Appendix: the cleaning waterfall (each exclusion rule and what it removed) and data-quality counts.

Every rule is named with its code, 重复提交（duplicate）, the code `exclusions.csv` lists it by.
"""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.rules import EXCLUSIONS, quality_exclusions
from reportgen.report.context import Context, chart, table
from reportgen.report.appendix import quality
from reportgen.report.complaints import derived_note
from reportgen.report.model import Section


def build(c: Context) -> Section:
    t, sf, cfg, fig = c.t, c.fig.current.survey, c.config, c.fig
    received, valid = c.label("survey.responses_total"), c.label("survey.responses_valid")
    steps = [{"stage": received, "count": sf.responses_total}]
    rows = [(received, DASH, DASH, t.integer(sf.responses_total))]
    cites = [c.cite("survey.responses_total", "cleaning", value=t.integer(sf.responses_total), n=sf.responses_total)]
    remaining = sf.responses_total
    for rule in EXCLUSIONS:  # every rule is a step, even one that removed nothing
        remaining -= sf.excluded[rule.code]
        name = c.coded("rule", rule.code)
        steps.append({"stage": name, "count": remaining})
        rows.append((name, rule.threshold(cfg, c.q), t.integer(sf.excluded[rule.code]), t.integer(remaining)))
        cites.append(c.cite(f"survey.excluded.{rule.code}", "cleaning", metric="survey.excluded",
                            value=t.integer(sf.excluded[rule.code]), n=sf.responses_total,
                            population=t.say("figure_part", figure=name, part=c.population("survey.excluded"))))
    for code in quality_exclusions(cfg):  # the response-quality flags configured to exclude, after the five
        remaining -= sf.excluded.get(code, 0)
        name = c.coded("rule", code)
        cut = c.fig.quality.cut.get(code) if c.fig.quality is not None else None
        line = DASH if cut is None else f"{quality.OPS.get(code, '<')} {t.number(cut, 2)}"
        steps.append({"stage": name, "count": remaining})
        rows.append((name, line, t.integer(sf.excluded.get(code, 0)), t.integer(remaining)))
        cites.append(c.cite(f"survey.excluded.{code}", "cleaning", metric="survey.excluded",
                            value=t.integer(sf.excluded.get(code, 0)), n=sf.responses_total,
                            population=t.say("figure_part", figure=name, part=c.population("survey.excluded"))))
    steps.append({"stage": valid, "count": sf.responses_valid})
    rows.append((valid, DASH, DASH, t.integer(sf.responses_valid)))
    cites.append(c.cite("survey.responses_valid", "cleaning", value=t.integer(sf.responses_valid),
                        n=sf.responses_total))
    rules_table = table((t.t("rule"), t.t("threshold"), t.t("excluded"), t.t("remaining")), rows,
                        (False, False, True, True), cites=cites)
    dq_rows = [(*k.split(".")[:2], c.coded("rule", k.split(".")[2]), t.integer(v)) for k, v in fig.data_quality.items()]
    dq_table = table((t.t("file"), t.t("column"), t.t("rule"), t.t("count")), dq_rows or [(t.t("none"), "", "", "")],
                     (False, False, False, True), title=c.label("data_quality"))
    largest = max(EXCLUSIONS, key=lambda r: sf.excluded[r.code])
    title = (t.say("cleaning_finding", valid=t.integer(sf.responses_valid),
                   share=t.percent(sf.responses_valid / sf.responses_total), rule=c.coded("rule", largest.code),
                   n=t.integer(sf.excluded[largest.code]))
             if sf.responses_total and sf.excluded[largest.code] else t.t("cleaning_title"))
    waterfall = chart("cleaning", "waterfall", steps, title, c.source_survey(sf.responses_total, received=True),
                      rules_table, print_table=True)
    review = t.say("review_sample", n=t.integer(fig.review_sample_size),
                   share=t.percent(cfg.sampling.review_share, 0), seed=cfg.sampling.review_seed)
    lead, checks = quality.blocks(c)
    return Section("appendix-cleaning", t.t("appendix_cleaning"), paragraphs=(review, *derived_note(c), *lead),
                   blocks=(waterfall, *checks, dq_table))
