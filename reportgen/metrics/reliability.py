"""Scale reliability and factorability of the survey's Likert items.

Cronbach's α (overall, per dimension, α if an item is deleted), Kaiser-Meyer-Olkin (overall KMO
and per-item MSA) and Bartlett's test of sphericity, on the Pearson correlation matrix of the
complete responses (listwise), as methodology.md defines them. The formulas are short, so they
are written with numpy here; the tests check them against pingouin and factor_analyzer.

Input DataFrames have one column per item and one row per response. Every function drops rows
with a missing item (listwise) before computing, so a stray NaN can never turn into a NaN figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reportgen.metrics.registry import ALPHA_OK as _ALPHA, BARTLETT as _BARTLETT, KMO_OK as _KMO
from reportgen.metrics.stats import chi2_sf

# The registry's thresholds (reportgen.metrics.definitions), as numbers.
ALPHA_OK = _ALPHA.value
"""Cronbach's α at or above this is "acceptable"."""
KMO_OK = _KMO.value
"""Overall KMO at or above this is "adequate" for factor analysis."""
BARTLETT_P = _BARTLETT.value
"""Bartlett's test is "significant" when its p-value is below this."""

MIN_RESPONSES = 3
"""Fewer complete responses than this and :func:`reliability` reports no figures."""


def _complete(items: pd.DataFrame) -> np.ndarray:
    return items.dropna(axis=0, how="any").to_numpy(dtype=float)


def _float(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def cronbach_alpha(items: pd.DataFrame) -> float | None:
    """Return Cronbach's α = k/(k−1) × (1 − Σ item variances / variance of the sum), ddof = 1.

    None if fewer than 2 items, fewer than 2 responses, or the sum has zero variance.
    """
    x = _complete(items)
    n, k = x.shape
    if k < 2 or n < 2:
        return None
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return None
    item_var = x.var(axis=0, ddof=1).sum()
    return _float(k / (k - 1) * (1.0 - item_var / total_var))


def alpha_if_deleted(items: pd.DataFrame) -> dict[str, float | None]:
    """Return Cronbach's α of the scale without each item, keyed by item (None for a 2-item scale)."""
    complete = items.dropna(axis=0, how="any")
    return {str(c): cronbach_alpha(complete.drop(columns=[c])) for c in complete.columns}


def _correlation(x: np.ndarray) -> np.ndarray | None:
    """Pearson correlation matrix of the columns, or None if it has a NaN or is singular."""
    n, p = x.shape
    if p < 2 or n < 2:
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(x, rowvar=False)
    if not np.all(np.isfinite(r)):  # a constant column
        return None
    if np.linalg.matrix_rank(r) < p:  # e.g. n <= p, or an item that is a sum of others
        return None
    return r


def kmo(items: pd.DataFrame) -> tuple[float | None, dict[str, float | None]]:
    """Return the overall Kaiser-Meyer-Olkin measure and the per-item MSA.

    With r the correlations and a the partial correlations (a_ij = −R⁻¹_ij / sqrt(R⁻¹_ii R⁻¹_jj)),
    off the diagonal: MSA_j = Σ_i r_ij² / (Σ_i r_ij² + Σ_i a_ij²), KMO the same over all pairs.
    (None, {item: None}) when R is singular or has a NaN (a constant column).
    """
    names = [str(c) for c in items.columns]
    r = _correlation(_complete(items))
    if r is None:
        return None, dict.fromkeys(names)
    return kmo_of(r, names)


def kmo_of(r: np.ndarray, names: list[str]) -> tuple[float | None, dict[str, float | None]]:
    """Overall KMO and per-item MSA from a (non-singular) correlation matrix."""
    inv = np.linalg.inv(r)
    d = np.sqrt(np.diag(inv))
    partial = -inv / np.outer(d, d)
    np.fill_diagonal(partial, 0.0)
    r2 = r**2
    np.fill_diagonal(r2, 0.0)
    a2 = partial**2
    r_col, a_col = r2.sum(axis=0), a2.sum(axis=0)
    msa = {name: (_float(rc / (rc + ac)) if rc + ac > 0 else None) for name, rc, ac in zip(names, r_col, a_col)}
    r_all, a_all = r2.sum(), a2.sum()
    return (_float(r_all / (r_all + a_all)) if r_all + a_all > 0 else None), msa


def bartlett_sphericity(items: pd.DataFrame) -> tuple[float, int, float] | None:
    """Return Bartlett's test of sphericity as (χ², df, p).

    χ² = −(n − 1 − (2p + 5)/6) × ln|R|, df = p(p − 1)/2, p from the χ² survival function.
    None when R is singular or has a NaN.
    """
    x = _complete(items)
    r = _correlation(x)
    return None if r is None else bartlett_of(r, x.shape[0])


def bartlett_of(r: np.ndarray, n: int) -> tuple[float, int, float] | None:
    """Bartlett's test of sphericity (χ², df, p) from the correlation matrix of n responses."""
    p = r.shape[0]
    sign, logdet = np.linalg.slogdet(r)
    if sign <= 0:
        return None
    stat = float(-(n - 1 - (2 * p + 5) / 6) * logdet)
    df = p * (p - 1) // 2
    return stat, df, chi2_sf(df, stat)


@dataclass(frozen=True)
class Reliability:
    """Reliability and factorability figures of one set of Likert items (None: not computable)."""

    n: int
    """Complete responses used (listwise); 0 when too few to compute anything."""
    items: int
    """Number of items, k."""
    cronbach_alpha: float | None
    alpha_if_deleted: dict[str, float | None] = field(default_factory=dict)
    """Item -> α of the scale without that item."""
    per_dimension: dict[str, dict] = field(default_factory=dict)
    """Dimension -> {"alpha": float | None, "alpha_if_deleted": {item: float | None}}."""
    kmo: float | None = None
    msa: dict[str, float | None] = field(default_factory=dict)
    """Item -> measure of sampling adequacy."""
    bartlett_chi2: float | None = None
    bartlett_df: int | None = None
    bartlett_p: float | None = None


def reliability(items: pd.DataFrame, dimensions: dict[str, list[str]]) -> Reliability:
    """Compute all reliability figures on the complete responses (listwise) of ``items``.

    Per-dimension α uses the same complete responses as the overall figures. With fewer than
    ``MIN_RESPONSES`` complete responses every figure is None and n is 0.
    """
    names = [str(c) for c in items.columns]
    missing = {d: [i for i in cols if i not in items.columns] for d, cols in dimensions.items()}
    missing = {d: cols for d, cols in missing.items() if cols}
    if missing:
        raise ValueError(f"dimension items not among the item columns: {missing}")

    complete = items.dropna(axis=0, how="any")
    if len(complete) < MIN_RESPONSES:
        return Reliability(
            n=0,
            items=len(names),
            cronbach_alpha=None,
            alpha_if_deleted=dict.fromkeys(names),
            per_dimension={
                d: {"alpha": None, "alpha_if_deleted": dict.fromkeys(str(c) for c in cols)}
                for d, cols in dimensions.items()
            },
            kmo=None,
            msa=dict.fromkeys(names),
        )

    overall_kmo, msa = kmo(complete)
    bartlett = bartlett_sphericity(complete)
    chi, df, p = bartlett if bartlett is not None else (None, None, None)
    return Reliability(
        n=len(complete),
        items=len(names),
        cronbach_alpha=cronbach_alpha(complete),
        alpha_if_deleted=alpha_if_deleted(complete),
        per_dimension={
            d: {
                "alpha": cronbach_alpha(complete[cols]),
                "alpha_if_deleted": alpha_if_deleted(complete[cols]),
            }
            for d, cols in dimensions.items()
        },
        kmo=overall_kmo,
        msa=msa,
        bartlett_chi2=chi,
        bartlett_df=df,
        bartlett_p=p,
    )


def verdicts(r: Reliability) -> dict[str, bool | None]:
    """Judge the overall figures against the thresholds (None where the figure is missing)."""
    return {
        "acceptable": _ALPHA.met(r.cronbach_alpha),
        "adequate": _KMO.met(r.kmo),
        "significant": _BARTLETT.met(r.bartlett_p),
    }
