"""Response-quality indices per survey response: screens for careless responding.

Each index follows the R package careless (Yentes & Wilhelm, version 1.2.2) where it has one,
with the differences named in its docstring; all are written with numpy and vectorised over the
responses, so 200,000 responses score in a few seconds. Inputs are float arrays, one row per
response, items in questionnaire order, NaN for a missing answer: ``given`` as the respondent
answered, ``recoded`` with reverse-worded items recoded (for the indices where direction
matters). Every index is a float array with one value per response and NaN where the index
cannot be computed for that response; the caller turns NaN into None. A NaN never raises a flag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reportgen.metrics.stats import chi2_sf

MIN_POINTS = 3
"""Even-odd and psychometric synonyms need this many (dimension, pair) points in a row."""
LONGSTRING_MIN_ITEMS = 5
"""A longstring flag needs a run of at least this many items, whatever the questionnaire length."""
SINGULAR_RTOL = 1e-10
"""Covariance eigenvalues below this × the largest count as zero (pseudo-inverse)."""
_CHUNK = 2_000_000
"""Elements per block when a row-wise computation spans many item pairs (bounds the memory)."""


def _rows(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-d array (responses × items), got shape {x.shape}")
    return x


def longstring(given) -> np.ndarray:
    """Longest run of identical consecutive answers in questionnaire order (careless::longstring).

    A missing answer breaks a run, as in R's ``rle``; NaN for a response with no answer (careless
    gives 1 there, the length of R's run of one NA).
    """
    x = _rows(given)
    run = np.zeros(x.shape[0])
    best = np.zeros(x.shape[0])
    for j in range(x.shape[1]):
        same = x[:, j] == x[:, j - 1] if j else np.zeros(x.shape[0], dtype=bool)
        run = np.where(np.isfinite(x[:, j]), np.where(same, run + 1, 1.0), 0.0)
        np.maximum(best, run, out=best)
    return np.where(best > 0, best, np.nan)


def irv(given) -> np.ndarray:
    """Intra-individual response variability: the sample SD (ddof = 1) of the answered items.

    careless::irv with na.rm = TRUE: NaN with fewer than two answers.
    """
    x = _rows(given)
    ok = np.isfinite(x)
    k = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, x, 0.0).sum(axis=1) / k
        ss = (np.where(ok, x - mean[:, None], 0.0) ** 2).sum(axis=1)
        return np.where(k >= 2, np.sqrt(ss / (k - 1)), np.nan)


def mahalanobis(recoded) -> np.ndarray:
    """Squared Mahalanobis distance D² of each complete row from the complete rows' mean.

    With their sample covariance S (ddof = 1), as careless::mahad's ``d_sq``; careless also scores
    incomplete rows (psych::outlier), here a row with a missing item gets NaN, and all rows NaN
    with fewer than 2 complete ones. A singular S (fewer complete rows than items, a constant or
    redundant item) is inverted with the Moore-Penrose pseudo-inverse, eigenvalues below
    ``SINGULAR_RTOL`` × the largest taken as zero: D² then measures the distance within the
    subspace the data span. For a non-singular S the pseudo-inverse is the inverse.
    """
    x = _rows(recoded)
    complete = np.isfinite(x).all(axis=1)
    out = np.full(x.shape[0], np.nan)
    m = int(complete.sum())
    if m < 2:
        return out
    xc = x[complete] - x[complete].mean(axis=0)
    inv = np.linalg.pinv(xc.T @ xc / (m - 1), rtol=SINGULAR_RTOL, hermitian=True)
    out[complete] = np.maximum(np.einsum("ij,ij->i", xc @ inv, xc), 0.0)
    return out


def chi2_quantile(q: float, df: int) -> float:
    """The q quantile of χ² with ``df`` degrees of freedom, by bisection on :func:`chi2_sf`.

    Bisects to the last representable digit (scipy.stats is too slow to import, see stats.py);
    matches scipy.stats.chi2.ppf to 1e-9 relative for q from 0.01 to 0.9999.
    """
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie strictly between 0 and 1, got {q}")
    target = 1.0 - q
    lo, hi = 0.0, float(max(df, 1))
    while chi2_sf(df, hi) > target:  # chi2_sf validates df
        lo, hi = hi, 2.0 * hi
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            return mid
        if chi2_sf(df, mid) > target:
            lo = mid
        else:
            hi = mid


def _row_pearson(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r per row between a and b (n × k) over the columns where both have a value.

    NaN with fewer than ``MIN_POINTS`` such columns or when a or b is constant over them (tested
    exactly, so rounding in the mean cannot make a constant row look variable); clipped to
    [−1, 1] against rounding.
    """
    ok = np.isfinite(a) & np.isfinite(b)
    k = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        da = np.where(ok, a - (np.where(ok, a, 0.0).sum(axis=1) / k)[:, None], 0.0)
        db = np.where(ok, b - (np.where(ok, b, 0.0).sum(axis=1) / k)[:, None], 0.0)
        r = (da * db).sum(axis=1) / np.sqrt((da * da).sum(axis=1) * (db * db).sum(axis=1))
    varies = np.ones(len(k), dtype=bool)
    for v in (a, b):
        low = np.min(np.where(ok, v, np.inf), axis=1, initial=np.inf)
        varies &= low < np.max(np.where(ok, v, -np.inf), axis=1, initial=-np.inf)
    return np.where((k >= MIN_POINTS) & varies, np.clip(r, -1.0, 1.0), np.nan)


def _mean_answered(x: np.ndarray) -> np.ndarray:
    ok = np.isfinite(x)
    k = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(k > 0, np.where(ok, x, 0.0).sum(axis=1) / k, np.nan)


def even_odd(recoded, dimensions: list[list[int]]) -> np.ndarray:
    """Even-odd consistency (careless::evenodd; Johnson 2005), Spearman-Brown corrected.

    Per dimension, the mean of the answered items at odd positions (1st, 3rd, …) and at even
    positions; a dimension counts for a row when both halves have an answer. Per row, Pearson r
    across those dimensions between the odd and the even half-means, then 2r/(1 + r), and, as in
    careless, a value below −1 (r < −1/3, and r = −1 itself) set to −1. NaN with fewer than 3
    dimensions (careless has no minimum) or a constant half. The sign is Johnson's, higher =
    more consistent; careless ≥ 1.2.0 returns the negative (higher = more careless).
    """
    x = _rows(recoded)
    none = [np.empty((len(x), 0))]
    odd = np.column_stack([_mean_answered(x[:, list(d)[0::2]]) for d in dimensions] or none)
    even = np.column_stack([_mean_answered(x[:, list(d)[1::2]]) for d in dimensions] or none)
    r = _row_pearson(odd, even)
    with np.errstate(invalid="ignore", divide="ignore"):
        sb = np.where(r > -1.0, 2.0 * r / (1.0 + r), -1.0)
    return np.where(np.isnan(r), np.nan, np.maximum(sb, -1.0))


def psychometric_synonyms(
    recoded, critical: float = 0.60
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Psychometric synonyms (careless::psychsyn; Meade & Craig 2012): (values, pairs).

    The pairs (i, j), i < j, are the items whose Pearson correlation over the complete rows
    exceeds ``critical`` (careless uses pairwise-complete correlations; the same without missing
    answers). Per row, Pearson r across the pairs answered in both items between the first and
    the second item's answers; NaN with fewer than 3 such pairs or zero variance (careless then
    retries with the two items of each pair swapped at random; here it stays NaN). No pairs
    (careless stops with an error): every value NaN and ``pairs`` empty.
    """
    x = _rows(recoded)
    complete = x[np.isfinite(x).all(axis=1)]
    pairs: list[tuple[int, int]] = []
    if len(complete) >= 2 and x.shape[1] >= 2:
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.corrcoef(complete, rowvar=False)  # a constant item gives NaN, never a pair
        i, j = np.triu_indices(x.shape[1], k=1)
        keep = r[i, j] > critical
        pairs = [(int(a), int(b)) for a, b in zip(i[keep], j[keep])]
    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    out = np.full(x.shape[0], np.nan)
    step = max(1, _CHUNK // max(len(pairs), 1))
    for s in range(0, x.shape[0], step):
        out[s : s + step] = _row_pearson(x[s : s + step, first], x[s : s + step, second])
    return out, pairs


def seconds_per_item(duration, given) -> np.ndarray:
    """Duration in seconds / number of answered items (no careless equivalent).

    NaN where the duration is missing or negative, or nothing was answered.
    """
    x = _rows(given)
    d = np.asarray(duration, dtype=float)
    if d.shape != (x.shape[0],):
        raise ValueError(f"duration has shape {d.shape}, expected ({x.shape[0]},)")
    k = np.isfinite(x).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((k > 0) & (d >= 0), d / k, np.nan)


def speeder(spi, ratio: float = 0.5) -> np.ndarray:
    """Flag responses faster than ``ratio`` × the median seconds per item of the rows with one."""
    spi = np.asarray(spi, dtype=float)
    known = spi[np.isfinite(spi)]
    if known.size == 0:
        return np.zeros(spi.shape, dtype=bool)
    return np.isfinite(spi) & (spi < ratio * float(np.median(known)))


@dataclass(frozen=True)
class Thresholds:
    """Where each index flags a response; one line each on where the default comes from."""

    longstring_share: float = 0.5
    """Run ≥ this share of the questionnaire's items: a convention, no published fixed cutoff."""
    longstring_min_items: int = LONGSTRING_MIN_ITEMS
    """… and ≥ this many items, so a short questionnaire's agreeing answers are not flagged."""
    irv_below: float = 0.5
    """IRV below this many answer points: a convention; Dunn et al. (2018) set no fixed cutoff."""
    mahalanobis_quantile: float = 0.999
    """D² above this χ²(items) quantile: p < .001, Tabachnick & Fidell (careless's default .99)."""
    even_odd_below: float = 0.30
    """Even-odd (Spearman-Brown) below this: Johnson (2005)."""
    synonyms_below: float = 0.0
    """Synonyms r below this (answers run against the sample's synonym pairs): a convention."""
    synonyms_critical: float = 0.60
    """Synonym pairs correlate above this: Meade & Craig (2012), careless::psychsyn's default."""
    speeder_ratio: float = 0.5
    """Faster than this × median seconds per item: Leiner (2019), speed index above 2."""


FLAG_CODES = ("longstring", "low_variability", "mahalanobis", "even_odd", "synonyms", "speeder")
INDEX_CODES = ("longstring", "irv", "mahalanobis_d2", "even_odd", "synonyms", "seconds_per_item")


def indices(
    given, recoded, dimensions, duration, thresholds: Thresholds = Thresholds()
) -> dict[str, np.ndarray]:
    """Every index per response, keyed by ``INDEX_CODES`` (thresholds: the synonym critical r)."""
    g, r = _rows(given), _rows(recoded)
    if g.shape != r.shape:
        raise ValueError(f"given {g.shape} and recoded {r.shape} differ in shape")
    bad = sorted({c for d in dimensions for c in d if not 0 <= c < g.shape[1]})
    if bad:
        raise ValueError(f"dimension columns out of range 0..{g.shape[1] - 1}: {bad}")
    return {
        "longstring": longstring(g),
        "irv": irv(g),
        "mahalanobis_d2": mahalanobis(r),
        "even_odd": even_odd(r, dimensions),
        "synonyms": psychometric_synonyms(r, thresholds.synonyms_critical)[0],
        "seconds_per_item": seconds_per_item(duration, g),
    }


def flags_from(
    values: dict[str, np.ndarray], items: int, thresholds: Thresholds = Thresholds()
) -> dict[str, np.ndarray]:
    """Boolean flags, keyed by ``FLAG_CODES``, from :func:`indices`' values for ``items`` items."""
    t = thresholds

    def known(v):
        v = np.asarray(v, dtype=float)
        return np.isfinite(v), np.where(np.isfinite(v), v, 0.0)

    (ls_ok, ls), (iv_ok, iv) = known(values["longstring"]), known(values["irv"])
    (d2_ok, d2), (eo_ok, eo) = known(values["mahalanobis_d2"]), known(values["even_odd"])
    sy_ok, sy = known(values["synonyms"])
    cut = chi2_quantile(t.mahalanobis_quantile, items) if items >= 1 else math.inf
    return {
        "longstring": ls_ok & (ls >= t.longstring_share * items) & (ls >= t.longstring_min_items),
        "low_variability": iv_ok & (iv < t.irv_below),
        "mahalanobis": d2_ok & (d2 > cut),
        "even_odd": eo_ok & (eo < t.even_odd_below),
        "synonyms": sy_ok & (sy < t.synonyms_below),
        "speeder": speeder(values["seconds_per_item"], t.speeder_ratio),
    }


def flag_responses(
    given, recoded, dimensions, duration, thresholds: Thresholds = Thresholds()
) -> dict[str, np.ndarray]:
    """Compute :func:`indices` and judge them: ``FLAG_CODES`` -> bool array per response."""
    values = indices(given, recoded, dimensions, duration, thresholds)
    return flags_from(values, _rows(given).shape[1], thresholds)
