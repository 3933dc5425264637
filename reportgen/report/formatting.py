"""Pure formatting filters the section builders share: p-values, intervals, changes, shares.

Each takes values and a language's `Texts` and returns the text a reader sees; none reads a
figure object, so each is tested on its own (tests/test_formatting.py).
"""

from __future__ import annotations

from datetime import timedelta

from reportgen.config import format_duration
from reportgen.i18n import DASH, Texts
from reportgen.metrics.registry import SIGNIFICANCE
from reportgen.metrics.stats import largest_remainder



def p_cell(p: float | None) -> str:
    """A p-value in a table column headed "p": 0.044 *, < 0.001 * (the star marks significance)."""
    if p is None:
        return DASH
    return ("< 0.001" if p < 0.001 else f"{p:.3f}") + (" *" if SIGNIFICANCE.met(p) else "")


def p_text(p: float | None) -> str:
    """A p-value as printed in a sentence: p = 0.044, p < 0.001."""
    if p is None:
        return DASH
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def interval(ci: tuple[float, float] | None, t: Texts, percent: bool) -> str:
    """A 95 % interval with its label: 95% CI 81.2%–88.0%; empty when there is none."""
    if ci is None:
        return ""
    lo, hi = ci
    fmt = t.percent if percent else t.number
    return f"{t.t('ci95')} {fmt(lo)}–{fmt(hi)}"


def distribution(counts: dict, t: Texts) -> list[str]:
    """Each count's share, rounded so that the shares add up to exactly 100 %."""
    values = list(counts.values())
    if not sum(values):
        return [DASH] * len(values)
    return [f"{t.number(v)}%" for v in largest_remainder(values, decimals=1)]


def change_size(name: str, delta: float, t: Texts) -> str:
    """The size of a change where the words give its direction: 3.5 points (NPS), 2.1 pp (rates)."""
    return f"{t.number(abs(delta))} {t.t('points')}" if name == "nps" else t.pp(delta, signed=False)


def sla_label(name: str, limit_minutes: float, t: Texts) -> str:
    """A commitment as the tables label it: 响应 ≤ 30m."""
    return f"{t.value('sla', name)} ≤ {format_duration(timedelta(minutes=limit_minutes))}"


def met_word(met: bool | None, t: Texts) -> str:
    """Whether a commitment was met, in words; None when it could not be measured."""
    return t.t("not_measured") if met is None else t.t("met") if met else t.t("not_met")
