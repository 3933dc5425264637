"""Appendix: every figure's definition, from the registry, with the configured values filled in."""

from __future__ import annotations

from reportgen.metrics.registry import METRICS, describe
from reportgen.report.context import Context
from reportgen.report.model import Section, Table


def build(c: Context) -> Section:
    t = c.t
    defs = [describe(m, c.config, t.lang, c.q.scale) for m in METRICS]
    rows = tuple((d["zh"] if t.lang == "zh-CN" else d["en"],
                  d["definition"] + (f" {t.t('numerator')}: {d['numerator']}." if d["numerator"] else "")
                  + (f" {t.t('denominator')}: {d['denominator']}." if d["denominator"] else "")) for d in defs)
    return Section("appendix-definitions", t.t("appendix_definitions"), blocks=(
        Table((t.t("figure"), t.t("definition")), rows, (False, False), block="deflist"),))
