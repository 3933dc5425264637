"""Comparisons and flags: changes with significance, priority matrix, importance × performance."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from reportgen.metrics.results import Nps, Share
from reportgen.metrics.registry import SIGNIFICANCE
from reportgen.metrics.stats import holm, nps_change_test, two_proportion_test

ALPHA = SIGNIFICANCE.value  # a test's p-value below it is significant


@dataclass(frozen=True)
class Change:
    """The change of a figure from an earlier period to the current one."""

    previous_period: str
    previous: float | None
    current: float | None
    delta: float | None  # current − previous (fraction points for rates, points for NPS)
    z: float | None
    p: float | None
    significant: bool | None  # p < 0.05 (after Holm where a family was compared)
    # What the test is computed from, so that it can be re-derived: a rate's {"count", "n"}, an NPS's
    # {"promoters", "detractors", "n"}; None for a figure compared without a test, or a period without it.
    previous_counts: dict[str, int] | None = None
    current_counts: dict[str, int] | None = None


def _rate_counts(s: Share | None) -> dict[str, int] | None:
    return None if s is None else {"count": s.count, "n": s.n}


def _nps_counts(s: Nps | None) -> dict[str, int] | None:
    return None if s is None else {"promoters": s.promoters, "detractors": s.detractors, "n": s.n}


def rate_change(previous_period: str, prev: Share | None, cur: Share) -> Change:
    """Two-proportion z-test of a rate between two periods."""
    counts = {"previous_counts": _rate_counts(prev), "current_counts": _rate_counts(cur)}
    if prev is None or prev.value is None or cur.value is None:
        return Change(previous_period, None if prev is None else prev.value, cur.value, None, None, None, None,
                      **counts)
    test = two_proportion_test(prev.count, prev.n, cur.count, cur.n)
    z, p = test if test is not None else (None, None)
    return Change(previous_period, prev.value, cur.value, cur.value - prev.value, z, p,
                  None if p is None else p < ALPHA, **counts)


def nps_change(previous_period: str, prev: Nps | None, cur: Nps) -> Change:
    """NPS change with z = Δ / sqrt(var₁/n₁ + var₂/n₂), var = pP + pD − (pP − pD)²."""
    counts = {"previous_counts": _nps_counts(prev), "current_counts": _nps_counts(cur)}
    if prev is None or prev.score is None or cur.score is None:
        return Change(previous_period, None if prev is None else prev.score, cur.score, None, None, None, None,
                      **counts)
    test = nps_change_test(prev.promoters, prev.detractors, prev.n, cur.promoters, cur.detractors, cur.n)
    if test is None:
        return Change(previous_period, prev.score, cur.score, cur.score - prev.score, None, None, None, **counts)
    delta, z, p = test
    return Change(previous_period, prev.score, cur.score, delta, z, p, p < ALPHA, **counts)


def value_change(previous_period: str, prev: float | None, cur: float | None) -> Change:
    """A change with no test (counts, index scores)."""
    delta = None if prev is None or cur is None else cur - prev
    return Change(previous_period, prev, cur, delta, None, None, None)


@dataclass(frozen=True)
class GroupChange:
    group: str
    change: Change | None  # None when the group is too small in either period
    p_holm: float | None
    insufficient: bool


def group_changes(previous_period: str, prev: dict[str, Share], cur: dict[str, Share],
                  min_cell: int) -> dict[str, GroupChange]:
    """Per-group rate changes, Holm-adjusted across the groups compared at once."""
    names = sorted(set(cur) | set(prev))
    changes, pvalues = {}, []
    for g in names:
        a, b = prev.get(g), cur.get(g)
        small = a is None or b is None or a.n < min_cell or b.n < min_cell
        ch = None if small else rate_change(previous_period, a, b)
        changes[g] = (ch, small)
        pvalues.append(None if ch is None else ch.p)
    adjusted = holm(pvalues)
    out = {}
    for (g, (ch, small)), p_adj in zip(changes.items(), adjusted):
        if ch is not None:
            ch = replace(ch, significant=None if p_adj is None else p_adj < ALPHA)
        out[g] = GroupChange(g, ch, p_adj, small)
    return out


# Priority matrix ------------------------------------------------------------------------------

QUADRANT_ORDER = ("high_frequency_high_impact", "low_frequency_high_impact",
                  "high_frequency_low_impact", "low_frequency_low_impact")


@dataclass(frozen=True)
class PriorityItem:
    category: str
    count: int
    frequency: float  # share of the period's tickets
    impact: float | None
    quadrant: str | None  # None when insufficient
    rank: int | None  # 1 = most urgent; None when insufficient
    insufficient: bool


@dataclass(frozen=True)
class PriorityMatrix:
    impact_basis: str  # "severity" or "closure_breach"
    frequency_median: float | None
    impact_median: float | None
    items: tuple[PriorityItem, ...]


def priority_matrix(categories: dict[str, tuple[int, float | None]], total: int, basis: str,
                    min_cell: int) -> PriorityMatrix:
    """Categories by frequency and impact, quadrants split at the medians (≥ median is high).

    `categories` maps each category to its ticket count and impact: the mean severity weight over
    its tickets with a known severity (basis "severity"), or, with no severity in the data, the
    share of its tickets that breached the closure SLA (basis "closure_breach"). Categories with
    fewer than `min_cell` tickets are listed but never placed or ranked. Ranking: quadrant in
    QUADRANT_ORDER, then frequency × impact, then count, then name.
    """
    rows = [(cat, count, count / total, impact) for cat, (count, impact) in sorted(categories.items())]
    eligible = [r for r in rows if r[1] >= min_cell and r[3] is not None]
    f_med = float(np.median([r[2] for r in eligible])) if eligible else None
    i_med = float(np.median([r[3] for r in eligible])) if eligible else None
    items = []
    for cat, count, freq, impact in rows:
        small = count < min_cell or impact is None
        quadrant = None
        if not small:
            quadrant = (f"{'high' if freq >= f_med else 'low'}_frequency_"
                        f"{'high' if impact >= i_med else 'low'}_impact")
        items.append(PriorityItem(cat, count, freq, impact, quadrant, None, small))
    ranked = sorted((it for it in items if not it.insufficient),
                    key=lambda it: (QUADRANT_ORDER.index(it.quadrant), -(it.frequency * it.impact), -it.count, it.category))
    rank = {it.category: i + 1 for i, it in enumerate(ranked)}
    items = [PriorityItem(it.category, it.count, it.frequency, it.impact, it.quadrant, rank.get(it.category),
                          it.insufficient) for it in items]
    items.sort(key=lambda it: (it.rank is None, it.rank or 0, -it.count, it.category))
    return PriorityMatrix(basis, f_med, i_med, tuple(items))


# Importance × performance ---------------------------------------------------------------------

IPA_QUADRANTS = {  # (high importance, high performance) -> name
    (True, False): "improve",       # 优先改进区: matters, under-performs
    (True, True): "maintain",       # 优势保持区
    (False, False): "monitor",      # 次要改进区
    (False, True): "surplus",       # 过度表现区
}


@dataclass(frozen=True)
class IpaItem:
    dimension: str
    importance: float | None  # Pearson r of the response's dimension mean with `overall`
    performance: float | None  # score100
    n: int
    quadrant: str | None


@dataclass(frozen=True)
class ImportancePerformance:
    importance_mean: float | None
    performance_mean: float | None
    items: tuple[IpaItem, ...]


def importance_performance(drivers: dict[str, tuple[float | None, int]],
                           performance: dict[str, float | None]) -> ImportancePerformance:
    """Key-driver quadrants (GB/T 19038 Annex D), split at the means of both axes.

    `drivers` maps each dimension to its importance (Pearson's r of the dimension score with the
    overall rating) and the number of responses it was computed on.
    """
    raw = [(dim, imp, performance.get(dim), n) for dim, (imp, n) in drivers.items()]
    known = [(i, p) for _, i, p, _ in raw if i is not None and p is not None]
    i_mean = float(np.mean([k[0] for k in known])) if known else None
    p_mean = float(np.mean([k[1] for k in known])) if known else None
    items = []
    for dim, imp, perf, n in raw:
        quadrant = None
        if imp is not None and perf is not None:
            quadrant = IPA_QUADRANTS[(imp >= i_mean, perf >= p_mean)]
        items.append(IpaItem(dim, imp, perf, n, quadrant))
    return ImportancePerformance(i_mean, p_mean, tuple(items))


# Recurring or worsening categories ------------------------------------------------------------

@dataclass(frozen=True)
class Trending:
    category: str
    counts: tuple[int, int, int]  # two quarters ago, last quarter, this quarter
    rose_twice: bool
    jump: float | None  # growth on last quarter as a fraction, when last quarter had tickets


def worsening_categories(counts: pd.DataFrame, jump_threshold: float = 0.20) -> list[Trending]:
    """Categories whose count rose in each of the last two quarters, or by > 20 % on last quarter.

    `counts` has one row per category and three columns: two quarters ago, last, this quarter.
    """
    out = []
    for cat, (c0, c1, c2) in counts.astype(int).iterrows():
        rose_twice = c0 < c1 < c2
        jump = (c2 - c1) / c1 if c1 > 0 else None
        if rose_twice or (jump is not None and jump > jump_threshold):
            out.append(Trending(str(cat), (int(c0), int(c1), int(c2)), rose_twice, jump))
    return sorted(out, key=lambda t: (-t.counts[2], t.category))
