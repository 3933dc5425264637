"""Reliability and correlations from exact sums, as the engine's queries return them.

`item_moments.sql` gives, over the complete responses, n, each item's sum and every pair's sum
of products: integers, so the covariance matrix below is exact before it is rounded once to
floating point. Cronbach's α, α if an item is deleted, KMO and Bartlett's test follow from it
with the formulas of reliability.py, which the tests use as the reference on raw answers.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from reportgen.metrics.reliability import MIN_RESPONSES, Reliability, _float, bartlett_of, kmo_of


def covariance(moments: dict, items: list[str]) -> tuple[int, np.ndarray]:
    """n and the sample covariance matrix (ddof = 1) of the items, from sums and cross-products."""
    n = int(moments["n"])
    sums = [int(moments[f"s_{i}"]) for i in items]
    k = len(items)
    cov = np.empty((k, k))
    for a in range(k):
        for b in range(a, k):
            cross = int(moments[f"x_{items[a]}_{items[b]}"])  # item_moments.sql: pairs in questionnaire order
            value = float(Fraction(n * cross - sums[a] * sums[b], n * (n - 1))) if n > 1 else math.nan
            cov[a, b] = cov[b, a] = value
    return n, cov


def alpha_of(cov: np.ndarray) -> float | None:
    """Cronbach's α = k/(k−1) × (1 − Σ item variances / variance of the sum)."""
    k = cov.shape[0]
    total = cov.sum()
    if k < 2 or not math.isfinite(total) or total == 0:
        return None
    return _float(k / (k - 1) * (1.0 - np.trace(cov) / total))


def _alpha_if_deleted(cov: np.ndarray, names: list[str]) -> dict[str, float | None]:
    return {name: alpha_of(np.delete(np.delete(cov, j, 0), j, 1)) for j, name in enumerate(names)}


def correlation(cov: np.ndarray) -> np.ndarray | None:
    """The correlation matrix, or None with a constant item or when it is singular."""
    sd = np.sqrt(np.diag(cov))
    if cov.shape[0] < 2 or not np.all(np.isfinite(sd)) or np.any(sd == 0):
        return None
    r = cov / np.outer(sd, sd)
    np.fill_diagonal(r, 1.0)
    if np.linalg.matrix_rank(r) < r.shape[0]:
        return None
    return r


def reliability_of_moments(moments: dict | None, items: list[str], dimensions: dict[str, list[str]]) -> Reliability:
    """Every reliability figure of one period, from its `item_moments` row (None: no complete response)."""
    n = int(moments["n"]) if moments else 0
    if n < MIN_RESPONSES:
        return Reliability(n=0, items=len(items), cronbach_alpha=None, alpha_if_deleted=dict.fromkeys(items),
                           per_dimension={d: {"alpha": None, "alpha_if_deleted": dict.fromkeys(cols)}
                                          for d, cols in dimensions.items()},
                           kmo=None, msa=dict.fromkeys(items))
    n, cov = covariance(moments, items)
    index = {name: j for j, name in enumerate(items)}
    r = correlation(cov)
    overall_kmo, msa = kmo_of(r, items) if r is not None else (None, dict.fromkeys(items))
    bartlett = bartlett_of(r, n) if r is not None else None
    chi, df, p = bartlett if bartlett is not None else (None, None, None)
    per_dimension = {}
    for d, cols in dimensions.items():
        sub = cov[np.ix_([index[c] for c in cols], [index[c] for c in cols])]
        per_dimension[d] = {"alpha": alpha_of(sub), "alpha_if_deleted": _alpha_if_deleted(sub, cols)}
    return Reliability(n=n, items=len(items), cronbach_alpha=alpha_of(cov), alpha_if_deleted=_alpha_if_deleted(cov, items),
                       per_dimension=per_dimension, kmo=overall_kmo, msa=msa, bartlett_chi2=chi, bartlett_df=df,
                       bartlett_p=p)


def pearson_of(m: dict) -> float | None:
    """Pearson's r from n, Σx, Σx², Σy, Σy², Σxy (driver_moments.sql); None below 3 pairs or constant."""
    n = int(m.get("n") or 0)
    if n < 3 or m["dmin"] == m["dmax"] or m["omin"] == m["omax"]:
        return None
    sx, sxx, sy, syy, sxy = (int(m[k]) for k in ("sd", "sdd", "so", "soo", "sdo"))
    num = n * sxy - sx * sy
    den = (n * sxx - sx * sx) * (n * syy - sy * sy)
    return max(-1.0, min(1.0, num / math.sqrt(den)))
