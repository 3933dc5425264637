"""Figures → the report model: the summary, then the ordered list of sections.

Each section is one module with a `build(Context) -> Section`; the report is `SECTIONS` in
order. A new section is a new module, listed here, whose blocks the standard `_section.html`
partial already renders (a new kind of block brings its own partial, see docs/templates.md).
The documents read `Figures` and the validated settings only: no data frame, no file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reportgen.config import Config
from reportgen.figures import Figures
from reportgen.i18n import texts
from reportgen.report import actions, appendix, comments, comparisons, complaints, filters, summary, survey
from reportgen.report.context import Context
from reportgen.report.model import (Chart, Cite, EvidenceIndex, EvidenceRow, Kpi, Report, Section, Summary,  # noqa: F401
                                    Table)

SECTIONS = (complaints, survey, comments, comparisons, actions, appendix)


def build_report(fig: Figures, config: Config, *, logo: str | None, issued: date,
                 provenance: dict | None = None) -> Report:
    """Assemble the report model for one quarter in the configured language."""
    lang = config.locale
    t = texts(lang)
    c = Context(fig, config, t, provenance, t.date(issued))
    cf, sf = fig.current.complaints, fig.current.survey
    org = config.organisation.name if lang == "zh-CN" else config.organisation.name_en
    head = summary.build(c)  # first: the summary's figures take the first evidence numbers
    sections = tuple(section.build(c) for section in SECTIONS)
    report = Report(
        lang=lang, title=t.t("report_title"), organisation=org, logo=logo,
        period=fig.period, period_label=t.quarter(fig.period),
        period_range=f"{t.date(date.fromisoformat(fig.first_day))} – {t.date(date.fromisoformat(fig.last_day))}",
        issued=t.date(issued),
        cover_facts=((t.t("tickets"), t.integer(cf.total)), (t.t("responses"), t.integer(sf.responses_total)),
                     (t.t("valid_responses"), t.integer(sf.responses_valid))),
        summary=head,
        sections=sections,
        ui=t.ui,
    )
    return replace(report, filters=filters.build(c, report.charts()))
