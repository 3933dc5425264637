"""Response-quality indices: hand examples, then scipy and slow loop references, then flags."""

import dataclasses
import math
import statistics

import numpy as np
import pandas as pd
import pytest

from reportgen.metrics.quality import (
    FLAG_CODES,
    INDEX_CODES,
    Thresholds,
    chi2_quantile,
    even_odd,
    flag_responses,
    flags_from,
    indices,
    irv,
    longstring,
    mahalanobis,
    psychometric_synonyms,
    seconds_per_item,
    speeder,
)
from reportgen.metrics.stats import Z95

EXACT = {"rel": 1e-12, "abs": 1e-12, "nan_ok": True}
REF = {"rel": 1e-9, "abs": 1e-12, "nan_ok": True}
N = np.nan

# 8 responses × 6 items (1–5) in 3 dimensions of 2 items, worked by hand below.
GIVEN = np.array(
    [
        [3, 3, 3, 3, 3, 3],  # r0 straight-liner
        [1, 2, 3, 4, 5, 4],  # r1
        [5, 5, N, 5, 5, 5],  # r2 straight-liner with a skipped item
        [2, 2, 2, 4, 4, N],  # r3
        [N, N, N, N, N, N],  # r4 nothing answered
        [4, N, N, N, N, N],  # r5 one answer
        [1, 1, 2, 2, 2, 2],  # r6
        [5, 4, 4, 4, 4, 4],  # r7
    ]
)
RECODED = GIVEN.copy()
RECODED[:, 3] = 6 - GIVEN[:, 3]  # item 4 is reverse-worded
DIMS = [[0, 1], [2, 3], [4, 5]]
DURATION = np.array([60, 30, 50, 40, 100, N, 120, 6], dtype=float)

# 8 complete responses built from Walsh functions (±1 vectors, mutually orthogonal, summing to 0)
# around 3, plus the centroid and two incomplete rows. Item deviations from the mean 3 are
# h1, h1+h4 | h2, h2+h5 | h3, h3+h6 (h4 = h1h2, h5 = h1h3, h6 = h2h3), so every cross product
# between items of different dimensions is 0 and the correlations are known exactly.
WALSH = np.array(
    [
        [4, 5, 4, 5, 4, 5],  # w0
        [4, 5, 4, 3, 2, 1],  # w1
        [4, 3, 2, 3, 4, 3],  # w2
        [4, 3, 2, 1, 2, 3],  # w3
        [2, 1, 4, 3, 4, 5],  # w4
        [2, 1, 4, 5, 2, 1],  # w5
        [2, 3, 2, 1, 4, 3],  # w6
        [2, 3, 2, 3, 2, 3],  # w7
        [3, 3, 3, 3, 3, 3],  # w8 the centroid: moves neither mean nor cross products
        [4, 5, 4, N, 2, 1],  # w9 incomplete
        [N, 3, 4, 5, 2, 1],  # w10 incomplete
    ]
)


def _factor_items(n=300, dims=(3, 4, 2, 5, 1, 3), seed=3, missing=0.08):
    """n responses (1–5) to items in dimensions of the given sizes, one latent factor per dimension
    (correlated through a general one), with a share of answers missing, a few straight-liners and
    a few responses answering only 2 items."""
    rng = np.random.default_rng(seed)
    k = sum(dims)
    g = rng.normal(size=(n, 1))
    theta = 0.6 * g + 0.8 * rng.normal(size=(n, len(dims)))
    raw = 3 + np.repeat(theta, dims, axis=1) + rng.normal(scale=0.7, size=(n, k))
    x = np.clip(np.rint(raw), 1, 5)
    x[rng.random(x.shape) < missing] = np.nan
    x[:5] = 4.0
    x[5:8, 2:] = np.nan
    columns = rng.permutation(k)  # dimensions need not be contiguous in the questionnaire
    bounds = np.cumsum((0, *dims))
    return x, [sorted(int(c) for c in columns[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


# --- longstring -------------------------------------------------------------------------------


def test_longstring_by_hand():
    # r0 3 3 3 3 3 3 → 6; r1 no repeats → 1; r2 5 5 | NaN | 5 5 5 → the NaN breaks it: 3;
    # r3 2 2 2 4 4 NaN → 3; r4 nothing answered → NaN; r5 one answer → 1;
    # r6 1 1 2 2 2 2 → 4; r7 5 4 4 4 4 4 → 5
    assert longstring(GIVEN) == pytest.approx([6, 1, 3, 3, N, 1, 4, 5], **EXACT)


def test_longstring_nan_breaks_runs():
    x = np.array(
        [
            [2, 2, N, 2, 2, 2, N, 2],  # runs 2 | 3 | 1: NaN never joins equal answers → 3
            [N, N, N, N, 1, N, N, N],  # NaNs form no run of their own → 1
            [1, 1, 1, 1, N, 1, 1, 1],  # 4 | 3 → 4, not 7
            [5, N, 5, N, 5, N, 5, N],  # → 1
        ]
    )
    assert longstring(x) == pytest.approx([3, 1, 4, 1], **EXACT)


# --- IRV --------------------------------------------------------------------------------------


def test_irv_by_hand():
    # r0, r2: all answers equal → 0
    # r1 1 2 3 4 5 4: mean 19/6, deviations −13 −7 −1 5 11 5 (/6), squares 390/36 → var 390/180 = 13/6
    # r3 2 2 2 4 4: mean 2.8, squares 3 × .64 + 2 × 1.44 = 4.8 → var 4.8/4 = 1.2
    # r4 none, r5 one answer → NaN (the SD of one value is undefined, as R's sd)
    # r6 1 1 2 2 2 2: mean 5/3, squares 2 × 4/9 + 4 × 1/9 = 4/3 → var 4/15
    # r7 5 4 4 4 4 4: mean 25/6, squares 25/36 + 5 × 1/36 = 5/6 → var 1/6
    expected = np.sqrt([0, 13 / 6, 0, 1.2, N, N, 4 / 15, 1 / 6])
    assert irv(GIVEN) == pytest.approx(expected, **EXACT)


def test_irv_equals_pandas_std():
    x, _dims = _factor_items()
    assert irv(x) == pytest.approx(pd.DataFrame(x).std(axis=1, ddof=1).to_numpy(), **REF)


# --- Mahalanobis ------------------------------------------------------------------------------


def test_mahalanobis_by_hand():
    # 9 complete rows, mean 3 in every item. Cross products of the deviations: per dimension
    # [[h·h, h·(h+h')], [.., (h+h')·(h+h')]] = [[8, 8], [8, 16]], 0 between dimensions, so
    # S = that / (9 − 1) = [[1, 1], [1, 2]] per dimension, S⁻¹ = [[2, −1], [−1, 1]].
    # A Walsh row has deviations (a, b) per dimension with a = ±1 and b = 0 or 2a:
    # 2a² − 2ab + b² = 2 − 0 + 0 = 2 or 2 − 4 + 4 = 2 → D² = 3 × 2 = 6 for each of w0–w7.
    # The centroid w8 has D² = 0; incomplete rows NaN. (Check: Σ D² = 48 = (9 − 1) × 6 items.)
    assert mahalanobis(WALSH) == pytest.approx([6] * 8 + [0, N, N], **EXACT)


def test_mahalanobis_singular_covariance_by_hand():
    # HAND's recoded complete rows r0 r1 r6 r7: 4 rows for 6 items, S has rank 3. With the
    # pseudo-inverse, D²_i = (m − 1) × [Xc (XcᵀXc)⁺ Xcᵀ]_ii, the projection onto the centred
    # rows' span, which for 4 affinely independent rows is I − 11ᵀ/4: D² = 3 × (1 − 1/4) = 9/4.
    assert mahalanobis(RECODED) == pytest.approx([9 / 4, 9 / 4, N, N, N, N, 9 / 4, 9 / 4], **EXACT)


def test_mahalanobis_ignores_constant_and_redundant_items():
    # A constant item and one that is the sum of two others add nothing to the span of the data,
    # so the pseudo-inverse gives the D² of the other items.
    x, _dims = _factor_items(seed=5)
    x = x[:, :6]
    wider = np.column_stack([x, np.full(len(x), 3.0), x[:, 0] + x[:, 1]])
    assert mahalanobis(wider) == pytest.approx(mahalanobis(x), rel=1e-7, abs=1e-9, nan_ok=True)


def test_mahalanobis_equals_scipy():
    distance = pytest.importorskip("scipy.spatial.distance")
    x, _dims = _factor_items(seed=11)
    ours = mahalanobis(x)
    complete = np.isfinite(x).all(axis=1)
    rows = x[complete]
    vi = np.linalg.inv(np.cov(rows, rowvar=False, ddof=1))
    mean = rows.mean(axis=0)
    ref = np.array([distance.mahalanobis(r, mean, vi) ** 2 for r in rows])
    assert complete.sum() > 50 and np.isnan(ours[~complete]).all()
    assert ours[complete] == pytest.approx(ref, **REF)


def test_mahalanobis_too_few_rows():
    assert np.isnan(mahalanobis(GIVEN[[1, 4]])).all()  # one complete row


# --- χ² quantile ------------------------------------------------------------------------------


def test_chi2_quantile_by_hand():
    # df = 2: P(χ² > x) = e^(−x/2) → x = −2 ln(1 − q); q = .999 → 2 ln 1000
    assert chi2_quantile(0.999, 2) == pytest.approx(2 * math.log(1000), rel=1e-12)
    assert chi2_quantile(0.5, 2) == pytest.approx(2 * math.log(2), rel=1e-12)
    # df = 1: χ²₁ = Z², so the .95 quantile is Φ⁻¹(.975)²
    assert chi2_quantile(0.95, 1) == pytest.approx(Z95**2, rel=1e-12)
    # df = 6 at x = 6: P(χ² > 6) = e^(−3)(1 + 3 + 9/2) = 0.4232 → 6 lies between the .5 and .6 quantiles
    assert chi2_quantile(0.5, 6) < 6 < chi2_quantile(0.6, 6)


@pytest.mark.parametrize("df", [1, 2, 3, 5, 6, 10, 29, 30, 100])
def test_chi2_quantile_equals_scipy(df):
    stats = pytest.importorskip("scipy.stats")
    for q in (0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999):
        assert chi2_quantile(q, df) == pytest.approx(float(stats.chi2.ppf(q, df)), rel=1e-9), q


def test_chi2_quantile_rejects_bad_arguments():
    for q in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            chi2_quantile(q, 3)
    with pytest.raises(ValueError):
        chi2_quantile(0.5, 0)


# --- even-odd ---------------------------------------------------------------------------------


def test_even_odd_by_hand():
    # Recoded (item 4 → 6 − x); odd halves are items 1, 3, 5, even halves items 2, 4, 6.
    # Any NaN leaves fewer than 3 dimensions with both halves: r2 r3 r4 r5 → NaN.
    # r0 all 3: constant halves → NaN.
    # r1 1 2 | 3 2 | 5 4: odd (1, 3, 5) dev (−2, 0, 2); even (2, 2, 4) mean 8/3 dev (−2, −2, 4)/3
    #    sxy = 4/3 + 0 + 8/3 = 4, sxx = 8, syy = 24/9 → r = 4/√(64/3) = √3/2
    #    → 2r/(1 + r) = √3/(1 + √3/2) = 2√3/(2 + √3) = 4√3 − 6
    # r6 1 1 | 2 4 | 2 2: odd (1, 2, 2) dev (−2, 1, 1)/3; even (1, 4, 2) dev (−4, 5, −1)/3
    #    sxy = (8 + 5 − 1)/9 = 4/3, sxx = 6/9, syy = 42/9 → r = (4/3)/(√28/3) = 2/√7
    #    → (4/√7)/(1 + 2/√7) = 4/(√7 + 2) = 4(√7 − 2)/3
    # r7 5 4 | 4 2 | 4 4: odd (5, 4, 4) dev (2, −1, −1)/3; even (4, 2, 4) dev (2, −4, 2)/3
    #    sxy = (4 + 4 − 2)/9 = 2/3, sxx = 2/3, syy = 24/9 → r = (2/3)/(4/3) = 1/2 → 1/1.5 = 2/3
    expected = [N, 4 * math.sqrt(3) - 6, N, N, N, N, 4 * (math.sqrt(7) - 2) / 3, 2 / 3]
    assert even_odd(RECODED, DIMS) == pytest.approx(expected, **EXACT)


def test_even_odd_half_means_and_clipping_by_hand():
    dims = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    x = np.array(
        [
            # odd half = mean of the 1st and 3rd item: (1+3)/2, (2+4)/2, (5+5)/2 = 2, 3, 5;
            # even = 2nd item: 1, 3, 6. dev (−4/3, −1/3, 5/3), (−7/3, −1/3, 8/3)
            # sxy = (28 + 1 + 40)/9 = 23/3, sxx = 42/9, syy = 114/9 → r = 69/√4788
            [1, 1, 3, 2, 3, 4, 5, 6, 5],
            # the 2nd dimension's even item is missing: only 2 dimensions → NaN
            [1, 1, 3, 2, N, 4, 5, 6, 5],
            # odd (1, 2, 3), even (3, 2, 1): r = −1 → 2r/(1 + r) = −2/0, set to −1 as careless does
            [1, 3, 1, 2, 2, 2, 3, 1, 3],
            # odd (1, 2, 3) dev (−1, 0, 1), even (2, 3, 1) dev (0, 1, −1): r = −1/2
            # → 2r/(1 + r) = −1/0.5 = −2 → −1
            [1, 2, 1, 2, 3, 2, 3, 1, 3],
        ]
    )
    r = 69 / math.sqrt(4788)
    assert even_odd(x, dims) == pytest.approx([2 * r / (1 + r), N, -1, -1], **EXACT)
    # 5 dimensions: odd (1, 2, 3, 4, 5) dev (−2 … 2), even (3, 1, 2, 5, 1) mean 12/5:
    # sxy = −2(.6) − 1(−1.4) + 0 + 1(2.6) + 2(−1.4) = 0, so r = 0 and the corrected value is 0.
    # Moving the last even answer to 5: even (3, 1, 2, 5, 5) mean 16/5, sxy = 8,
    # sxx = 10, syy = (.04 + 4.84 + 1.44 + 3.24 + 3.24) = 12.8 → r = 8/√128 = 1/√2
    five = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
    y = np.array([[1, 3, 2, 1, 3, 2, 4, 5, 5, 1], [1, 3, 2, 1, 3, 2, 4, 5, 5, 5]])
    r = 1 / math.sqrt(2)
    assert even_odd(y, five) == pytest.approx([0, 2 * r / (1 + r)], **EXACT)


def test_even_odd_constant_half_with_inexact_mean():
    # 7 dimensions of 5 items; the odd items (1st, 3rd, 5th) answer 1, 2, 2 everywhere, so every
    # odd half-mean is 5/3, but the floating mean of seven 5/3s is 2.2e-16 off them: an r from
    # those deviations would be a number (r = 1.8e-16 here, an even-odd of about 0, which flags),
    # the constant half must give NaN.
    row = []
    for d in range(7):
        row += [1, 1 + d % 5, 2, 3, 2]  # even half-means (4 + d % 5)/2 vary
    dims = [list(range(5 * d, 5 * d + 5)) for d in range(7)]
    odd = np.full((1, 7), 5 / 3)
    assert (odd - odd.mean(axis=1, keepdims=True)).any()  # the premise: the deviations are not 0
    assert np.isnan(even_odd(np.array([row], dtype=float), dims)).all()
    assert not flags_from({**{c: np.full(1, N) for c in INDEX_CODES},
                           "even_odd": even_odd(np.array([row], dtype=float), dims)}, 35)["even_odd"].any()


def _even_odd_loop(x, dims):
    """careless::evenodd written out row by row, with this module's 3-dimension minimum."""
    out = []
    for row in x:
        odd_means, even_means = [], []
        for dim in dims:
            answered = [(pos, row[c]) for pos, c in enumerate(dim) if not math.isnan(row[c])]
            odd = [v for pos, v in answered if pos % 2 == 0]
            even = [v for pos, v in answered if pos % 2 == 1]
            if odd and even:
                odd_means.append(statistics.fmean(odd))
                even_means.append(statistics.fmean(even))
        if len(odd_means) < 3 or len(set(odd_means)) == 1 or len(set(even_means)) == 1:
            out.append(math.nan)
            continue
        r = statistics.correlation(odd_means, even_means)
        out.append(-1.0 if r <= -1 else max(-1.0, 2 * r / (1 + r)))
    return np.array(out)


def test_even_odd_equals_loop_reference():
    x, dims = _factor_items()
    ours = even_odd(x, dims)
    ref = _even_odd_loop(x, dims)
    assert np.isfinite(ref).sum() > 200 and np.isnan(ref).sum() >= 8  # both kinds are exercised
    assert (ref < 0).any()
    assert ours == pytest.approx(ref, **REF)


# --- psychometric synonyms --------------------------------------------------------------------


def test_psychometric_synonyms_by_hand():
    # Correlations over the 9 complete rows: within a dimension h·(h + h')/√(8 × 16) = 8/√128
    # = 1/√2 ≈ .707 > .60; between dimensions 0. Pairs: (0, 1), (2, 3), (4, 5).
    # Per row, r between first items (x0, x2, x4) and second items (x1, x3, x5):
    # w0 (4, 4, 4): constant → NaN; w2 second (3, 3, 3) → NaN; w7, w8 constant → NaN
    # w1 (4, 4, 2) vs (5, 3, 1): dev (2, 2, −4)/3 and (2, 0, −2); sxy = 4, sxx = 24/9, syy = 8
    #    → r = 4/√(64/3) = √3/2; w4 (2, 4, 4) vs (1, 3, 5) likewise → √3/2
    # w3 (4, 2, 2) vs (3, 1, 3): dev (4, −2, −2)/3 and (2, −4, 2)/3: sxy = 12/9,
    #    sxx = syy = 24/9 → 1/2
    # w6 (2, 2, 4) vs (3, 1, 3): dev (−2, −2, 4)/3 and (2, −4, 2)/3: sxy = 12/9 → 1/2
    # w5 (2, 4, 2) vs (1, 5, 1): second dev = 2 × first dev → 1
    # w9, w10 answer only 2 of the 3 pairs → NaN
    values, pairs = psychometric_synonyms(WALSH)
    assert pairs == [(0, 1), (2, 3), (4, 5)]
    s = math.sqrt(3) / 2
    assert values == pytest.approx([N, s, N, 0.5, s, 1, 0.5, N, N, N, N], **EXACT)
    # the critical value is a strict bound on r = .7071
    assert psychometric_synonyms(WALSH, critical=0.70)[1] == pairs
    assert psychometric_synonyms(WALSH, critical=0.71)[1] == []
    # even-odd on the same layout correlates the same two vectors, then corrects: 2r/(1 + r)
    assert even_odd(WALSH, DIMS) == pytest.approx(
        [N, 4 * math.sqrt(3) - 6, N, 2 / 3, 4 * math.sqrt(3) - 6, 1, 2 / 3, N, N, N, N], **EXACT
    )


def test_psychometric_synonyms_without_pairs():
    values, pairs = psychometric_synonyms(WALSH, critical=0.95)
    assert pairs == [] and np.isnan(values).all()
    values, pairs = psychometric_synonyms(GIVEN[[1, 4, 5]])  # one complete row: no correlations
    assert pairs == [] and np.isnan(values).all()


def _psychsyn_loop(x, critical):
    """careless::psychsyn written out row by row (pairs from the complete rows, no resampling)."""
    corr = pd.DataFrame(x).dropna().corr().to_numpy()
    k = x.shape[1]
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k) if corr[i, j] > critical]
    out = []
    for row in x:
        both = [(row[i], row[j]) for i, j in pairs if not (math.isnan(row[i]) or math.isnan(row[j]))]
        first, second = [a for a, _ in both], [b for _, b in both]
        if len(both) < 3 or len(set(first)) == 1 or len(set(second)) == 1:
            out.append(math.nan)
        else:
            out.append(statistics.correlation(first, second))
    return np.array(out), pairs


@pytest.mark.parametrize("critical", [0.3, 0.6])
def test_psychometric_synonyms_equals_loop_reference(critical):
    x, _dims = _factor_items(missing=0.05)
    ours, pairs = psychometric_synonyms(x, critical)
    ref, ref_pairs = _psychsyn_loop(x, critical)
    assert pairs == ref_pairs and len(pairs) >= 3
    assert np.isfinite(ref).sum() > 100 and np.isnan(ref).sum() >= 8
    assert ours == pytest.approx(ref, **REF)


# --- seconds per item, speeders ---------------------------------------------------------------


def test_seconds_per_item_and_speeder_by_hand():
    # answered 6 6 5 5 0 1 6 6; durations 60 30 50 40 100 NaN 120 6
    # → 10, 5, 10, 8, NaN (no answer), NaN (no duration), 20, 1
    spi = seconds_per_item(DURATION, GIVEN)
    assert spi == pytest.approx([10, 5, 10, 8, N, N, 20, 1], **EXACT)
    # median of 1 5 8 10 10 20 = 9; flagged below 0.5 × 9 = 4.5: only r7 (1)
    assert speeder(spi).tolist() == [False] * 7 + [True]
    # below 0.6 × 9 = 5.4: r1 (5) too
    assert speeder(spi, ratio=0.6).tolist() == [False, True] + [False] * 5 + [True]
    # no durations at all: nothing to compare against, nothing flagged
    nothing = seconds_per_item(np.full(8, N), GIVEN)
    assert np.isnan(nothing).all() and not speeder(nothing).any()
    # a negative duration is not a time
    assert np.isnan(seconds_per_item(np.array([-5.0]), GIVEN[:1])).all()


def test_seconds_per_item_rejects_wrong_length():
    with pytest.raises(ValueError):
        seconds_per_item(DURATION[:3], GIVEN)


# --- flags ------------------------------------------------------------------------------------


def test_thresholds_defaults():
    t = Thresholds()
    assert (t.longstring_share, t.longstring_min_items, t.irv_below) == (0.5, 5, 0.5)
    assert (t.mahalanobis_quantile, t.even_odd_below) == (0.999, 0.30)
    assert (t.synonyms_below, t.synonyms_critical, t.speeder_ratio) == (0.0, 0.60, 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.irv_below = 1.0


def test_flags_by_hand():
    flags = flag_responses(GIVEN, RECODED, DIMS, DURATION)
    assert tuple(flags) == FLAG_CODES == (
        "longstring", "low_variability", "mahalanobis", "even_odd", "synonyms", "speeder",
    )
    f, t = False, True
    # longstring ≥ 0.5 × 6 = 3 and ≥ 5: r0 (6) and r7 (5); r6's run of 4 is under 5
    assert flags["longstring"].tolist() == [t, f, f, f, f, f, f, t]
    # IRV < 0.5: r0 0, r2 0, r7 √(1/6) = .41; not r6 √(4/15) = .52; r4, r5 NaN
    assert flags["low_variability"].tolist() == [t, f, t, f, f, f, f, t]
    # D² 9/4 far under the .999 quantile of χ²₆ (22.46)
    assert not flags["mahalanobis"].any()
    # even-odd .93, .86, .67 for r1 r6 r7, all ≥ .30; the rest NaN
    assert not flags["even_odd"].any()
    assert not flags["synonyms"].any()
    assert flags["speeder"].tolist() == [f] * 7 + [t]
    assert all(v.dtype == bool and v.shape == (8,) for v in flags.values())


def test_mahalanobis_flag_by_hand():
    # D² = 6 for w0–w7 and 0 for w8; P(χ²₆ > 6) = .4232, so 6 is above the .5 quantile only
    values = indices(WALSH, WALSH, DIMS, np.full(len(WALSH), 60.0))
    assert values["mahalanobis_d2"] == pytest.approx([6] * 8 + [0, N, N], **EXACT)
    half = flags_from(values, 6, Thresholds(mahalanobis_quantile=0.5))["mahalanobis"]
    assert half.tolist() == [True] * 8 + [False] * 3
    assert not flags_from(values, 6, Thresholds(mahalanobis_quantile=0.6))["mahalanobis"].any()


def test_flag_boundaries():
    values = {
        "longstring": np.array([5, 4, 10, N]),
        "irv": np.array([0.49, 0.5, 0.0, N]),
        "mahalanobis_d2": np.array([13.8, 13.9, 0.0, N]),  # χ²₂ .999 quantile = 2 ln 1000 = 13.8155
        "even_odd": np.array([0.29, 0.30, -1.0, N]),
        "synonyms": np.array([-0.01, 0.0, 1.0, N]),
        "seconds_per_item": np.array([4.99, 5.0, 10.0, N]),  # median 5 → below 2.5 flags: none
    }
    flags = flags_from(values, 2)
    assert flags["longstring"].tolist() == [True, False, True, False]  # ≥ 1 item and ≥ 5
    assert flags["low_variability"].tolist() == [True, False, True, False]
    assert flags["mahalanobis"].tolist() == [False, True, False, False]
    assert flags["even_odd"].tolist() == [True, False, True, False]
    assert flags["synonyms"].tolist() == [True, False, False, False]
    assert not flags["speeder"].any()
    # with 10 items, a run must reach 5 (half) — and with 20 items, 10
    assert flags_from(values, 10)["longstring"].tolist() == [True, False, True, False]
    assert flags_from(values, 20)["longstring"].tolist() == [False, False, True, False]
    # speeders: median of 10, 10, 10, 4.99, 5 is 10 → below 5 flags 4.99, not 5 itself
    fast = dict(values, seconds_per_item=np.array([10, 10, 10, 4.99, 5.0, N]))
    assert speeder(fast["seconds_per_item"]).tolist() == [False] * 3 + [True, False, False]


def test_nan_never_flags():
    empty = np.full((5, 6), N)
    values = indices(empty, empty, DIMS, np.full(5, N))
    assert tuple(values) == INDEX_CODES == (
        "longstring", "irv", "mahalanobis_d2", "even_odd", "synonyms", "seconds_per_item",
    )
    assert all(np.isnan(v).all() for v in values.values())
    flags = flag_responses(empty, empty, DIMS, np.full(5, N))
    assert not any(v.any() for v in flags.values())
    # and NaN against thresholds that would flag every number
    everything = Thresholds(irv_below=math.inf, even_odd_below=math.inf, synonyms_below=math.inf,
                            longstring_share=0.0, longstring_min_items=0, speeder_ratio=math.inf)
    nan_values = {code: np.full(3, N) for code in INDEX_CODES}
    assert not any(v.any() for v in flags_from(nan_values, 6, everything).values())
    # on the hand data the same thresholds flag exactly the rows that have a value
    flags = flag_responses(GIVEN, RECODED, DIMS, DURATION, everything)
    values = indices(GIVEN, RECODED, DIMS, DURATION, everything)
    for flag, code in [("longstring", "longstring"), ("low_variability", "irv"),
                       ("even_odd", "even_odd"), ("synonyms", "synonyms"), ("speeder", "seconds_per_item")]:
        assert flags[flag].tolist() == np.isfinite(values[code]).tolist(), flag


def _honest_and_random(seed=2, honest=400, careless=40, dims=8, k=4):
    """Honest respondents follow a latent factor per dimension (sharing a general one); careless
    ones pick 1–5 uniformly at random."""
    rng = np.random.default_rng(seed)
    theta = 0.6 * rng.normal(size=(honest, 1)) + 0.8 * rng.normal(size=(honest, dims))
    raw = 3 + np.repeat(theta, k, axis=1) + rng.normal(scale=0.6, size=(honest, dims * k))
    x = np.clip(np.rint(raw), 1, 5)
    noise = rng.integers(1, 6, size=(careless, dims * k)).astype(float)
    return np.vstack([x, noise]), [list(range(d * k, d * k + k)) for d in range(dims)]


def test_random_responders_flagged_by_even_odd():
    x, dims = _honest_and_random()
    values = indices(x, x, dims, np.full(len(x), 300.0))
    flags = flags_from(values, x.shape[1])
    eo, honest = values["even_odd"], slice(0, 400)
    careless = slice(400, None)
    assert np.nanmean(eo[honest]) > 0.7 and np.nanmean(eo[careless]) < 0.2
    assert flags["even_odd"][honest].mean() < 0.05
    assert flags["even_odd"][careless].mean() > 0.5
    # the random answers are multivariate outliers too
    assert flags["mahalanobis"][careless].mean() > 0.8 and not flags["mahalanobis"][honest].any()


def test_straight_liner_flagged():
    x, dims = _honest_and_random()
    x[7] = 4.0  # a straight-liner among the honest respondents
    flags = flag_responses(x, x, dims, np.full(len(x), 300.0))
    assert flags["longstring"][7] and flags["low_variability"][7]
    assert flags["longstring"].sum() <= 3  # rare among the others
    # its consistency indices are undefined (constant halves and pairs) and so do not flag it
    values = indices(x, x, dims, np.full(len(x), 300.0))
    assert math.isnan(values["even_odd"][7]) and math.isnan(values["synonyms"][7])
    assert not flags["even_odd"][7] and not flags["synonyms"][7]


def test_bad_inputs():
    with pytest.raises(ValueError, match="shape"):
        indices(GIVEN, RECODED[:, :5], DIMS, DURATION)
    with pytest.raises(ValueError, match="out of range"):
        indices(GIVEN, RECODED, [[0, 1], [2, 6]], DURATION)
    with pytest.raises(ValueError):
        longstring(np.arange(6.0))
