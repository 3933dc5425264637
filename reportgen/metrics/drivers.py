"""Key drivers of overall satisfaction: Johnson's (2000) relative weights.

The survey's dimension scores are correlated with each other, so regression coefficients (or
their squares) say little about which dimension matters most: credit for shared variance goes to
whichever predictor the estimate happens to favour. Relative weights split R² of the regression
of the criterion on all predictors into one non-negative share per predictor, by regressing on
the orthogonal matrix closest to the predictors (Johnson 2000; Tonidandel & LeBreton 2011). They
need only the correlation matrix, so the bootstrap intervals come from resampled correlation
matrices (reportgen.metrics.bootstrap) and a batched fit.

Figures that cannot be computed are None, never NaN; in the batched form (a stack in) a failed
replicate is a NaN row, which the percentile interval drops.
"""

from __future__ import annotations

import numpy as np

from reportgen.metrics import bootstrap

MIN_EIGEN = 1e-10
"""Predictor correlation matrices with an eigenvalue below this are singular: no weights."""
R2_SLACK = 1e-9
"""An R² above 1 + this means the matrix is not a correlation matrix of real data: no weights."""


def _weights(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative weights (B, k) and R² (B,) of a (B, k+1, k+1) stack; NaN rows where undefined."""
    b, k = r.shape[0], r.shape[-1] - 1
    eps, r2 = np.full((b, max(k, 0)), np.nan), np.full(b, np.nan)
    if k < 1:
        return eps, r2
    r = bootstrap.correlations(r)  # a covariance matrix works too; a correlation one is unchanged
    ok = np.all(np.isfinite(r), axis=(-2, -1))
    r = np.where(ok[:, None, None], r, np.eye(k + 1))
    rxx, rxy = r[:, :k, :k], r[:, :k, k]
    lam, q = np.linalg.eigh(rxx)
    ok &= lam[:, 0] > MIN_EIGEN
    root = np.sqrt(np.clip(lam, MIN_EIGEN, None))
    # Λ½ = Q Λ^½ Qᵀ is the correlation of the predictors with their closest orthogonal
    # counterparts Z; β = Λ½⁻¹ r_xy regresses the criterion on Z; ε_j = Σ_k (Λ½_jk)² β_k².
    half = (q * root[:, None, :]) @ np.swapaxes(q, -1, -2)
    beta = np.einsum("bij,bj->bi", q, np.einsum("bji,bj->bi", q, rxy) / root)
    weights = np.einsum("bjk,bk->bj", half**2, beta**2)
    total = (beta**2).sum(axis=1)  # Σ_j ε_j = Σ_k β_k² (Λ½²)_kk = Σ_k β_k², since diag R_xx = 1
    ok &= total <= 1 + R2_SLACK
    eps[ok], r2[ok] = weights[ok], total[ok]
    return eps, r2


def relative_weights(r: np.ndarray) -> tuple[np.ndarray, float] | tuple[np.ndarray, np.ndarray] | None:
    """Johnson's relative weights ε (k,) and R² from the (k+1) × (k+1) correlation matrix.

    The criterion (overall satisfaction) is the last row and column, the k predictors before it.
    Σε = R² of the least-squares regression of the criterion on all k predictors. None when k < 1,
    when the predictors' correlation matrix is singular or not finite, or when R² > 1.
    A (B, k+1, k+1) stack gives ((B, k), (B,)) arrays, NaN rows where the weights are undefined.
    """
    r = np.asarray(r, dtype=float)
    if r.ndim == 3:
        return _weights(r)
    eps, r2 = _weights(r[None])
    return None if not np.isfinite(r2[0]) else (eps[0], float(r2[0]))


def rescaled(weights: np.ndarray, r2: float) -> np.ndarray | None:
    """Each weight's share of R² (weights / R², summing to 1; the report shows it as "% of R²").

    None when R² is 0 (or missing): the criterion is unrelated to every predictor, nothing to share.
    """
    if r2 is None or not r2 > 0:
        return None
    return np.asarray(weights, dtype=float) / r2


def _complete(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    data = np.column_stack([x.reshape(len(x), -1), np.asarray(y, dtype=float)])
    return data[~np.isnan(data).any(axis=1)]


def relative_weights_interval(
    x: np.ndarray, y: np.ndarray, samples: int, seed: int, level: float = 0.95
) -> tuple[list[tuple[float, float]], tuple[float, float]] | None:
    """Bootstrap percentile intervals of each relative weight and of R²: ([(lo, hi)] × k, (lo, hi)).

    x (n × k predictors) and y (n) are resampled by rows together (complete rows only), drawn by
    ``np.random.default_rng(seed)``, so the intervals are reproducible. Replicates whose weights
    are undefined are dropped; None when fewer than half remain, or when the full sample has no
    weights.
    """
    data = _complete(x, y)
    if len(data) < 3 or relative_weights(np.cov(data, rowvar=False)) is None:
        return None
    eps, r2 = _weights(bootstrap.covariances(data, samples, seed))
    weights = [bootstrap.percentile_interval(col, level) for col in eps.T]
    total = bootstrap.percentile_interval(r2, level)
    if total is None or any(w is None for w in weights):
        return None
    return weights, total
