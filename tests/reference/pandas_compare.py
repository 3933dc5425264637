"""The frame-based priority matrix, importance × performance, strata and representativeness checks
as reportgen computed them before the engine: the reference the engine's counts are checked against."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import chdtrc

from reportgen.metrics.compare import *  # noqa: F403 (the shared, aggregate-level functions)
from reportgen.metrics.compare import (IPA_QUADRANTS, QUADRANT_ORDER, ImportancePerformance, IpaItem,
                                       PriorityItem, PriorityMatrix)
from reportgen.metrics.sampling import Representativeness, ShareCheck
from reportgen.metrics.stats import pearson


def priority_matrix(tickets: pd.DataFrame, closure_met: pd.Series, severity_weights: dict[str, float],
                    min_cell: int) -> PriorityMatrix:
    """Categories by frequency and impact, quadrants split at the medians (≥ median is high).

    Impact is the mean severity weight over tickets with a known severity; with no severity in
    the data it is the share of tickets that breached the closure SLA. Categories with fewer
    than `min_cell` tickets are listed but never placed or ranked. Ranking: quadrant in
    QUADRANT_ORDER, then frequency × impact, then count, then name.
    """
    total = len(tickets)
    weight = tickets["severity"].map(severity_weights).astype("float64") if "severity" in tickets else None
    basis = "severity" if weight is not None and weight.notna().any() else "closure_breach"
    rows = []
    for cat, part in tickets.groupby("category", sort=True, observed=True):
        if basis == "severity":
            w = weight[part.index].dropna()
            impact = float(w.mean()) if len(w) else None
        else:
            impact = float(1.0 - closure_met[part.index].mean())
        rows.append((str(cat), len(part), len(part) / total, impact))
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



def importance_performance(dimension_scores: pd.DataFrame, overall: pd.Series,
                           performance: dict[str, float | None]) -> ImportancePerformance:
    """Key-driver quadrants (GB/T 19038 Annex D), split at the means of both axes."""
    raw = []
    for dim in dimension_scores.columns:
        pair = pd.DataFrame({"d": dimension_scores[dim], "o": overall.astype("float64")}).dropna()
        raw.append((dim, pearson(pair["d"].to_numpy(), pair["o"].to_numpy()), performance.get(dim), len(pair)))
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



def strata(valid: pd.DataFrame, by: tuple[str, ...]) -> dict[str, int]:
    """Valid responses per stratum ("high | appliances | online"), largest first."""
    present = [b for b in by if b in valid and valid[b].notna().any()]
    if not present:
        return {}
    counts = valid[present].astype("string").fillna("—").value_counts()
    items = sorted(((" | ".join(k if isinstance(k, tuple) else (k,)), int(v)) for k, v in counts.items()),
                   key=lambda kv: (-kv[1], kv[0]))
    return dict(items)



def representativeness(values: pd.Series, population: dict[str, float], variable: str) -> Representativeness:
    """Compare the sample's shares with the population's; χ² goodness of fit over the listed values."""
    counts = values.dropna().astype(str).value_counts()
    listed = {k: int(counts.get(k, 0)) for k in population}
    n = sum(listed.values())
    rows = tuple(ShareCheck(k, c, c / n if n else 0.0, population[k], (c / n if n else 0.0) - population[k])
                 for k, c in listed.items())
    chi2 = df = p = None
    if n and len(population) > 1:
        total_share = sum(population.values())
        expected = [n * s / total_share for s in population.values()]
        if all(e > 0 for e in expected):
            chi2 = float(sum((o - e) ** 2 / e for o, e in zip(listed.values(), expected)))
            df = len(population) - 1
            p = float(chdtrc(df, chi2))
    return Representativeness(variable, rows, chi2, df, p, int(counts.sum()) - n)

