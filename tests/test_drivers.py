"""Johnson's relative weights: closed cases by hand, least squares, a published example (the R
package rwa on mtcars), an exact Shapley decomposition of R², and the bootstrap intervals."""

import itertools
import math

import numpy as np
import pytest

from reportgen.metrics.drivers import relative_weights, relative_weights_interval, rescaled

EXACT = {"rel": 1e-9, "abs": 1e-12}
PRINTED = {"rel": 0, "abs": 5e-8}  # rwa's README prints 7 decimals

# mtcars (R's datasets package): mpg, cyl, disp, hp, gear of the 32 cars, in R's row order.
MTCARS = np.array([
    [21.0, 6, 160.0, 110, 4], [21.0, 6, 160.0, 110, 4], [22.8, 4, 108.0, 93, 4], [21.4, 6, 258.0, 110, 3],
    [18.7, 8, 360.0, 175, 3], [18.1, 6, 225.0, 105, 3], [14.3, 8, 360.0, 245, 3], [24.4, 4, 146.7, 62, 4],
    [22.8, 4, 140.8, 95, 4], [19.2, 6, 167.6, 123, 4], [17.8, 6, 167.6, 123, 4], [16.4, 8, 275.8, 180, 3],
    [17.3, 8, 275.8, 180, 3], [15.2, 8, 275.8, 180, 3], [10.4, 8, 472.0, 205, 3], [10.4, 8, 460.0, 215, 3],
    [14.7, 8, 440.0, 230, 3], [32.4, 4, 78.7, 66, 4], [30.4, 4, 75.7, 52, 4], [33.9, 4, 71.1, 65, 4],
    [21.5, 4, 120.1, 97, 3], [15.5, 8, 318.0, 150, 3], [15.2, 8, 304.0, 150, 3], [13.3, 8, 350.0, 245, 3],
    [19.2, 8, 400.0, 175, 3], [27.3, 4, 79.0, 66, 4], [26.0, 4, 120.3, 91, 5], [30.4, 4, 95.1, 113, 5],
    [15.8, 8, 351.0, 264, 5], [19.7, 6, 145.0, 175, 5], [15.0, 8, 301.0, 335, 5], [21.4, 4, 121.0, 109, 4],
])


def _corr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.corrcoef(np.column_stack([x, y]), rowvar=False)


def _survey(n=400, k=5, seed=0, coef=(0.5, 0.3, 0.2, 0.1, 0.0)) -> tuple[np.ndarray, np.ndarray]:
    """k dimension scores sharing a general factor (inter-correlations ≈ .5) and an overall score."""
    rng = np.random.default_rng(seed)
    dims = 0.7 * rng.normal(size=(n, 1)) + 0.7 * rng.normal(size=(n, k))
    return dims, dims @ np.asarray(coef[:k]) + rng.normal(size=n)


def _r2(r: np.ndarray, subset) -> float:
    """R² of the criterion (last) on the predictors in subset, from the correlation matrix."""
    s = list(subset)
    return float(r[s, -1] @ np.linalg.solve(r[np.ix_(s, s)], r[s, -1])) if s else 0.0


def _shapley(r: np.ndarray) -> np.ndarray:
    """Exact Shapley values of R² (= LMG = general dominance): each predictor's gain in R², averaged
    over all orders of entry, by brute force over all subsets of the other predictors."""
    k = r.shape[0] - 1
    phi = np.zeros(k)
    for j in range(k):
        others = [i for i in range(k) if i != j]
        for m in range(k):
            w = math.factorial(m) * math.factorial(k - m - 1) / math.factorial(k)
            phi[j] += sum(w * (_r2(r, (*s, j)) - _r2(r, s)) for s in itertools.combinations(others, m))
    return phi


def test_uncorrelated_predictors_get_their_squared_validities():
    # R_xx = I: Λ½ = I, β = r_xy, ε = r_xy² = (.09, .16, .04), R² = .29
    r = np.eye(4)
    r[:3, 3] = r[3, :3] = [0.3, -0.4, 0.2]
    eps, r2 = relative_weights(r)
    assert eps == pytest.approx([0.09, 0.16, 0.04], **EXACT)
    assert r2 == pytest.approx(0.29, **EXACT) and type(r2) is float
    # the same from data whose predictors are exactly uncorrelated (orthogonal centred columns)
    rng = np.random.default_rng(1)
    a = rng.normal(size=(50, 3))
    x, _ = np.linalg.qr(a - a.mean(axis=0))  # combinations of centred columns: centred, orthogonal
    y = x @ [1.0, -2.0, 0.5] + 0.3 * rng.normal(size=50)
    r = _corr(x, y)
    assert r[:3, :3] == pytest.approx(np.eye(3), abs=1e-12)
    eps, r2 = relative_weights(r)
    assert eps == pytest.approx(r[:3, 3] ** 2, **EXACT)


def test_weights_add_up_to_the_least_squares_r2():
    x, y = _survey()
    eps, r2 = relative_weights(_corr(x, y))
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    zy = (y - y.mean()) / y.std()
    beta, *_ = np.linalg.lstsq(z, zy, rcond=None)
    ols = 1 - ((zy - z @ beta) ** 2).sum() / (zy**2).sum()
    assert r2 == pytest.approx(ols, **EXACT)
    assert eps.sum() == pytest.approx(ols, **EXACT)
    assert (eps > 0).all()
    # a covariance matrix gives the same weights (it is scaled to correlations first)
    cov = np.cov(np.column_stack([x, y]), rowvar=False)
    assert relative_weights(cov)[0] == pytest.approx(eps, **EXACT)


@pytest.mark.metric("key_drivers")
def test_mtcars_equals_the_rwa_package():
    # rwa (Martin Chan, CRAN) README: mtcars %>% rwa(outcome = "mpg", predictors = c("cyl", "disp",
    # "hp", "gear")) → rsquare 0.7791896; Raw.RelWeight 0.2284797 0.2221469 0.2321744 0.0963886;
    # Rescaled.RelWeight 29.32274 28.50999 29.79691 12.37037
    assert MTCARS.mean(axis=0) == pytest.approx([20.090625, 6.1875, 230.721875, 146.6875, 3.6875])  # R's means
    y, x = MTCARS[:, 0], MTCARS[:, 1:]
    eps, r2 = relative_weights(_corr(x, y))
    assert r2 == pytest.approx(0.7791896, **PRINTED)
    assert eps == pytest.approx([0.2284797, 0.2221469, 0.2321744, 0.0963886], **PRINTED)
    assert 100 * rescaled(eps, r2) == pytest.approx([29.32274, 28.50999, 29.79691, 12.37037], abs=5e-6)


def test_two_predictors_equal_the_shapley_values():
    # With k = 2, Λ½ = [[a, b], [b, a]] with a² + b² = 1, and r_xy = Λ½ β gives
    # ε₁ − ε₂ = (a² − b²)(β₁² − β₂²) = r₁² − r₂² = φ₁ − φ₂; both sum to R², so ε = φ exactly.
    for seed, rho in enumerate([0.3, 0.6, 0.9, -0.5]):
        rng = np.random.default_rng(seed)
        first = rng.normal(size=300)
        x = np.column_stack([first, rho * first + math.sqrt(1 - rho**2) * rng.normal(size=300)])
        y = x @ rng.normal(size=2) + rng.normal(size=300)
        r = _corr(x, y)
        assert abs(r[0, 1]) > 0.2  # correlated predictors, or the check would be the trivial one
        assert relative_weights(r)[0] == pytest.approx(_shapley(r), **EXACT)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_close_to_the_shapley_values(seed):
    # For k > 2 the two decompositions differ: Shapley averages gains over orders of entry, relative
    # weights apportion through the closest orthogonal predictors. With survey-like dimension
    # scores (inter-correlations ≈ .5, R² ≈ .4) they differ here by at most 0.003; the cruder
    # measures one might mistake for either (β², r²) miss Shapley by 0.05 and 0.17. A tolerance of
    # 0.01 of R² units separates the two cases.
    x, y = _survey(seed=seed)
    r = _corr(x, y)
    eps, r2 = relative_weights(r)
    phi = _shapley(r)
    assert phi.sum() == pytest.approx(r2, **EXACT)
    assert np.abs(eps - phi).max() < 0.01
    assert np.abs(eps - phi).max() > 1e-4  # not the same quantity
    beta = np.linalg.solve(r[:5, :5], r[:5, 5])
    assert np.abs(beta**2 - phi).max() > 0.03 and np.abs(r[:5, 5] ** 2 - phi).max() > 0.1


def test_strongly_collinear_predictors_differ_more_from_shapley():
    # mtcars' predictors correlate at .8–.9: the two part further (by 0.021 of R² = .78)
    y, x = MTCARS[:, 0], MTCARS[:, 1:]
    r = _corr(x, y)
    diff = np.abs(relative_weights(r)[0] - _shapley(r))
    assert 0.015 < diff.max() < 0.03


def test_batched_equals_one_by_one():
    x, y = _survey(n=80, k=3, seed=4, coef=(0.5, 0.3, 0.2))
    rng = np.random.default_rng(2)
    stack = np.stack([_corr(x[d], y[d]) for d in rng.integers(0, 80, size=(20, 80))])
    stack[5, :3, :3] = 1.0  # singular predictors
    stack[8, 0, 3] = np.nan
    eps, r2 = relative_weights(stack)
    assert eps.shape == (20, 3) and r2.shape == (20,)
    for b in range(20):
        single = relative_weights(stack[b])
        if b in (5, 8):
            assert single is None and np.isnan(eps[b]).all() and np.isnan(r2[b])
        else:
            assert eps[b] == pytest.approx(single[0], **EXACT) and r2[b] == pytest.approx(single[1], **EXACT)


def test_undefined_cases_give_none():
    x, y = _survey(n=50, k=3, seed=1, coef=(0.5, 0.3, 0.2))
    assert relative_weights(np.eye(1)) is None  # k = 0
    assert relative_weights(_corr(np.column_stack([x, x[:, 0]]), y)) is None  # a duplicate predictor
    # not a correlation matrix of real data: |r_xy| = .9 on two uncorrelated predictors gives R² 1.62
    bad = np.eye(3)
    bad[:2, 2] = bad[2, :2] = 0.9
    assert relative_weights(bad) is None
    assert relative_weights(np.full((3, 3), np.nan)) is None
    assert rescaled(np.zeros(2), 0.0) is None and rescaled(np.zeros(2), None) is None
    share = rescaled(np.array([0.1, 0.3]), 0.4)
    assert share == pytest.approx([0.25, 0.75], **EXACT)
    assert relative_weights_interval(x[:2], y[:2], samples=50, seed=1) is None  # < 3 rows
    assert relative_weights_interval(np.column_stack([x, x]), y, samples=50, seed=1) is None


def test_interval_equals_a_direct_bootstrap():
    x, y = _survey(n=120, k=3, seed=5, coef=(0.5, 0.3, 0.2))
    weights, total = relative_weights_interval(x, y, samples=200, seed=9, level=0.9)
    draws = np.random.default_rng(9).integers(0, 120, size=(200, 120))
    fits = [relative_weights(_corr(x[d], y[d])) for d in draws]
    eps = np.array([f[0] for f in fits])
    r2 = np.array([f[1] for f in fits])
    assert total == pytest.approx(tuple(np.percentile(r2, [5, 95])), **EXACT)
    for j in range(3):
        assert weights[j] == pytest.approx(tuple(np.percentile(eps[:, j], [5, 95])), **EXACT)
    assert all(type(v) is float for w in (*weights, total) for v in w)


def test_interval_reproducible_and_contains_the_estimate():
    x, y = _survey(n=500, seed=3)
    got = relative_weights_interval(x, y, samples=300, seed=1)
    assert relative_weights_interval(x, y, samples=300, seed=1) == got
    assert relative_weights_interval(x, y, samples=300, seed=2) != got
    eps, r2 = relative_weights(_corr(x, y))
    weights, total = got
    assert len(weights) == 5
    assert total[0] < r2 < total[1]
    for (lo, hi), e in zip(weights, eps):
        assert lo < e < hi
    # rows with a missing value are dropped (listwise) before resampling
    gx, gy = np.vstack([x, np.full((1, 5), 3.0)]), np.append(y, np.nan)
    assert relative_weights_interval(gx, gy, samples=300, seed=1) == got
    # a single predictor: its weight is R² = r²
    one = relative_weights_interval(x[:, 0], y, samples=100, seed=1)
    assert one[0][0] == pytest.approx(one[1], **EXACT)
