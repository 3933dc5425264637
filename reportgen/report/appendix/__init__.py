"""The appendix: one module per part, in this order (the evidence index is built after every
part that cites a figure, so it lists them all)."""

from __future__ import annotations

from reportgen.report.appendix import (cleaning, definitions, evidence, provenance, questionnaire, reliability,
                                       sampling)
from reportgen.report.context import Context
from reportgen.report.model import Section

PARTS = (questionnaire, sampling, definitions, cleaning, reliability, evidence, provenance)


def build(c: Context) -> Section:
    return Section("appendix", c.t.t("appendix"), children=tuple(part.build(c) for part in PARTS))
