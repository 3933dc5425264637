"""Nonparametric bootstrap of covariance and correlation matrices, and percentile intervals.

ω (reportgen.metrics.factor) and the key-driver weights (reportgen.metrics.drivers) depend on the
data only through a covariance or correlation matrix, so a bootstrap replicate needs nothing but
that matrix. Resampling n rows with replacement is the same as weighting each row by how often it
was drawn, so the B matrices come from one matrix product of the (B, n) count matrix with the
rows' first and second moments: a few hundred milliseconds for n = 50,000, p = 6, B = 1,000,
where drawing and reducing B resampled copies of the data would take seconds and gigabytes.
"""

from __future__ import annotations

import numpy as np

CHUNK_CELLS = 1 << 21
"""Replicates are drawn in chunks of at most this many (replicate × row) draws (16 MiB)."""


def covariances(x: np.ndarray, samples: int, seed: int, chunk: int | None = None) -> np.ndarray:
    """Covariance matrices (ddof = 1) of ``samples`` bootstrap resamples of the rows of x: (B, p, p).

    x is n × p with no missing value. Rows are drawn with replacement by
    ``np.random.default_rng(seed).integers(0, n, (chunk, n))``, one chunk of replicates after
    another: replicate b is the covariance of x[draws[b]], and the same (x, samples, seed) gives
    the same matrices whatever the chunk (numpy draws the same stream in pieces). The data are
    centred on the full-sample mean first, so the sums of squares lose no digits to a large mean.
    """
    x = np.asarray(x, dtype=float)
    n, p = x.shape
    if n < 2 or samples < 1:
        raise ValueError(f"need n >= 2 rows and samples >= 1, got n = {n}, samples = {samples}")
    chunk = max(1, min(samples, CHUNK_CELLS // n)) if chunk is None else chunk
    xc = x - x.mean(axis=0)
    iu = np.triu_indices(p)
    # one row per observation: its p values, then its p(p+1)/2 distinct cross-products
    moments = np.hstack([xc, xc[:, iu[0]] * xc[:, iu[1]]])
    rng = np.random.default_rng(seed)
    out = np.empty((samples, p, p))
    counts = np.empty((chunk, n))
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        draws = rng.integers(0, n, size=(size, n))
        for i in range(size):  # one replicate at a time: its counts stay in the cache
            counts[i] = np.bincount(draws[i], minlength=n)
        sums = counts[:size] @ moments  # (size, p + p(p+1)/2)
        mean = sums[:, :p] / n
        cross = sums[:, p:] - n * mean[:, iu[0]] * mean[:, iu[1]]
        block = out[start:start + size]
        block[:, iu[0], iu[1]] = cross / (n - 1)
        block[:, iu[1], iu[0]] = cross / (n - 1)
    return out


def correlations(cov: np.ndarray) -> np.ndarray:
    """Correlation matrices of a stack of covariance matrices (..., p, p); NaN where a variance is 0."""
    sd = np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cov / (sd[..., :, None] * sd[..., None, :])
    r[np.isinf(r)] = np.nan
    return r


def percentile_interval(values: np.ndarray, level: float = 0.95, min_share: float = 0.5) -> tuple[float, float] | None:
    """The (1 − level)/2 and (1 + level)/2 percentiles of the finite values (numpy's linear rule).

    NaN marks a replicate whose figure could not be computed; such replicates are dropped, and if
    fewer than ``min_share`` of all replicates remain, the interval is None rather than one taken
    from the few that happened to work.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    values = np.asarray(values, dtype=float).ravel()
    good = values[np.isfinite(values)]
    if len(good) == 0 or len(good) < min_share * len(values):
        return None
    lo, hi = np.percentile(good, [50 * (1 - level), 50 * (1 + level)])
    return float(lo), float(hi)
