"""Appendix: every figure's definition, from the registry, with the configured values filled in."""

from __future__ import annotations

from reportgen.metrics.registry import METRICS, describe
from reportgen.report.context import Context
from reportgen.report.model import Section, Table


def build(c: Context) -> Section:
    t = c.t
    defs = [describe(m, c.config, t.lang, c.q.scale) for m in METRICS]
    gap = "" if t.lang == "zh-CN" else " "  # Chinese sentences run on without spaces, with full-width marks

    def part(word: str, text: str | None) -> str:
        return f"{gap}{t.t(word)}{t.t('label_sep')}{text}{t.t('full_stop')}" if text else ""

    rows = tuple((d["zh"] if t.lang == "zh-CN" else d["en"],
                  d["definition"] + part("numerator", d["numerator"]) + part("denominator", d["denominator"]))
                 for d in defs)
    return Section("appendix-definitions", t.t("appendix_definitions"), blocks=(
        Table((t.t("figure"), t.t("definition")), rows, (False, False), block="deflist"),))
