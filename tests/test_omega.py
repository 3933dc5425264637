"""McDonald's ω, its one-factor fit and bootstrap interval, and corrected item–total correlations:
exact covariance matrices worked by hand, then agreement with factor_analyzer (and semopy)."""

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

from reportgen.metrics import bootstrap
from reportgen.metrics.factor import (
    HEYWOOD_FLOOR,
    corrected_item_total,
    corrected_item_total_of,
    omega_interval,
    omega_total,
    one_factor,
)
from reportgen.metrics.reliability import cronbach_alpha

EXACT = {"rel": 1e-9, "abs": 1e-12}
FIT = {"rel": 1e-7, "abs": 1e-8}  # an iterative fit, stopped when ψ moves by < 1e-10 of S_ii
REF = {"abs": 1e-3}  # another package's optimizer, stopped by its own tolerance

# 6 responses × 3 items (the same as tests/test_reliability.py), worked by hand below.
HAND = np.array([[4, 5, 4], [3, 3, 4], [5, 5, 5], [2, 3, 2], [4, 4, 3], [3, 4, 3]], dtype=float)


def _likert(n=300, k=6, seed=7, noise=0.8) -> np.ndarray:
    """n responses to k 1–5 Likert items driven by one latent factor (plus noise)."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    loadings = rng.uniform(0.4, 0.9, size=(1, k))
    return np.clip(np.rint(3 + latent @ loadings + rng.normal(scale=noise, size=(n, k))), 1, 5)


def _with_covariance(sigma: np.ndarray, n: int = 40, seed: int = 3) -> np.ndarray:
    """n rows whose sample covariance (ddof = 1) is exactly sigma."""
    z = np.random.default_rng(seed).normal(size=(n, len(sigma)))
    z -= z.mean(axis=0)
    white = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False)).T)
    return 3 + white @ np.linalg.cholesky(sigma).T


@pytest.fixture
def fa(monkeypatch):
    """factor_analyzer's module; its fit() passes scikit-learn's pre-1.6 keyword, bridged here."""
    module = pytest.importorskip("factor_analyzer.factor_analyzer")
    check = module.check_array
    if "force_all_finite" not in inspect.signature(check).parameters:
        monkeypatch.setattr(module, "check_array",
                            lambda X, force_all_finite=True, **kw: check(X, ensure_all_finite=force_all_finite, **kw))
    return module


def _fa_ml(module, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    model = module.FactorAnalyzer(n_factors=1, method="ml", rotation=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x)
    loadings = model.loadings_[:, 0]
    return loadings * np.sign(loadings.sum()), model.get_uniquenesses()


# --- the one-factor fit and ω --------------------------------------------------------------------


@pytest.mark.metric("survey.reliability.omega_total")
def test_congeneric_covariance_is_recovered_exactly():
    lam = np.array([1.2, 0.9, 0.8, 0.5])
    psi = np.array([0.36, 0.50, 0.40, 0.75])
    sigma = np.outer(lam, lam) + np.diag(psi)
    got_l, got_u = one_factor(sigma)
    assert got_l == pytest.approx(lam, **FIT)
    assert got_u == pytest.approx(psi, **FIT)
    # Σλ = 1.2 + 0.9 + 0.8 + 0.5 = 3.4 → (Σλ)² = 11.56; Σψ = 0.36 + 0.5 + 0.4 + 0.75 = 2.01
    # ω = 11.56 / (11.56 + 2.01) = 11.56 / 13.57 = 0.851879…
    omega = omega_total(sigma)
    assert omega == pytest.approx(11.56 / 13.57, **FIT)
    assert type(omega) is float
    # a reverse-keyed item keeps its sign (the loadings are signed to sum to ≥ 0)
    flip = np.array([1, -1, 1, 1])
    got_l, _ = one_factor(sigma * np.outer(flip, flip))
    assert got_l == pytest.approx(lam * flip, **FIT)


def test_tau_equivalent_omega_equals_alpha():
    # equal loadings 0.7 on p = 5 items: (Σλ)² = (5 × 0.7)² = 12.25; Σψ = 0.3+0.5+0.4+0.6+0.2 = 2
    # ω = 12.25 / 14.25 = 49/57, and α = p/(p−1)(1 − tr Σ / 1ᵀΣ1) is the same number:
    # tr Σ = 5 × 0.49 + 2 = 4.45, 1ᵀΣ1 = 14.25, α = 5/4 × (1 − 4.45/14.25) = 5/4 × 9.8/14.25 = 49/57
    sigma = np.full((5, 5), 0.49) + np.diag([0.3, 0.5, 0.4, 0.6, 0.2])
    x = _with_covariance(sigma)
    assert np.cov(x, rowvar=False) == pytest.approx(sigma, **EXACT)
    assert omega_total(sigma) == pytest.approx(49 / 57, **FIT)
    assert cronbach_alpha(pd.DataFrame(x)) == pytest.approx(49 / 57, **EXACT)
    # with unequal loadings α is below ω (α is a lower bound)
    lam = np.array([0.9, 0.8, 0.5, 0.4, 0.3])
    congeneric = _with_covariance(np.outer(lam, lam) + np.diag(1 - lam**2))
    assert cronbach_alpha(pd.DataFrame(congeneric)) < omega_total(np.cov(congeneric, rowvar=False)) - 0.01


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_equals_factor_analyzer(fa, seed):
    x = _likert(seed=seed)
    ref_l, ref_u = _fa_ml(fa, x)
    # ML is scale-free: on the correlation matrix the fit is factor_analyzer's standardized one
    r = np.corrcoef(x, rowvar=False)
    lam, psi = one_factor(r)
    assert lam == pytest.approx(ref_l, **REF)
    assert psi == pytest.approx(ref_u, **REF)
    assert omega_total(r) == pytest.approx(ref_l.sum() ** 2 / (ref_l.sum() ** 2 + ref_u.sum()), **REF)
    # and on the covariance matrix it is the same fit, in the items' own units
    sd = x.std(axis=0, ddof=1)
    lam, psi = one_factor(np.cov(x, rowvar=False))
    assert lam == pytest.approx(ref_l * sd, **REF)
    assert psi == pytest.approx(ref_u * sd**2, **REF)
    common = (ref_l * sd).sum() ** 2
    assert omega_total(np.cov(x, rowvar=False)) == pytest.approx(common / (common + (ref_u * sd**2).sum()), **REF)


def test_heywood_case_stops_at_the_floor(fa):
    x = _likert(n=200, k=5, seed=6)
    x[:, 0] = x[:, 1] + (np.arange(200) % 7 == 0)  # two items almost the same: a Heywood case
    ref_l, ref_u = _fa_ml(fa, x)
    r = np.corrcoef(x, rowvar=False)
    lam, psi = one_factor(r)
    assert lam == pytest.approx(ref_l, **REF)
    assert HEYWOOD_FLOOR == fa.FactorAnalyzer().bounds[0] == 0.005  # factor_analyzer's lower bound
    assert psi[1] == pytest.approx(HEYWOOD_FLOOR, **EXACT)  # the bound, where factor_analyzer's is too
    assert psi[[0, 2, 3, 4]] == pytest.approx(ref_u[[0, 2, 3, 4]], **REF)
    assert lam[1] ** 2 + psi[1] > 1  # the model over-fits that item's variance: the boundary optimum
    assert ref_u[1] < HEYWOOD_FLOOR  # factor_analyzer reports 1 − λ² there, below its own bound
    assert 0 < omega_total(r) < 1


def test_denominator_is_model_implied(fa):
    # Two clusters of items (3 at r = .7, 3 at r = .3, .2 between) fit one factor badly, so the
    # model-implied variance of the sum, (Σλ)² + Σψ, and the observed 1ᵀR1 part: ω is the former.
    r = np.full((6, 6), 0.2)
    r[:3, :3], r[3:, 3:] = 0.7, 0.3
    np.fill_diagonal(r, 1.0)
    model = fa.FactorAnalyzer(n_factors=1, method="ml", rotation=None, is_corr_matrix=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(r)
    ref_l, ref_u = np.abs(model.loadings_[:, 0]), model.get_uniquenesses()
    implied = ref_l.sum() ** 2 / (ref_l.sum() ** 2 + ref_u.sum())
    observed = ref_l.sum() ** 2 / r.sum()  # 1ᵀR1 = 6 + 2 × (3 × .7 + 3 × .3 + 9 × .2) = 15.6
    assert omega_total(r) == pytest.approx(implied, **REF)
    assert implied - observed > 0.05  # .744 against .690: the test tells the two apart


def test_fit_is_the_constrained_ml_optimum(fa):
    # Bootstrap replicates of a small sample: many end in Heywood cases. Whatever the case, no start
    # of factor_analyzer's own optimizer (L-BFGS-B on its ML objective, ψ in [0.005, 1]) does better.
    optimize = pytest.importorskip("scipy.optimize")
    x = _likert(n=25, k=4, seed=1, noise=0.6)
    stack = bootstrap.correlations(bootstrap.covariances(x, 20, seed=2))
    lam, psi = one_factor(stack)
    objective = fa.FactorAnalyzer._fit_ml_objective
    heywood = 0
    for r, u in zip(stack, psi):
        ours = objective(u, r, 1)
        best = min(optimize.minimize(objective, np.full(4, start), args=(r, 1), method="L-BFGS-B",
                                     bounds=[(HEYWOOD_FLOOR, 1)] * 4).fun for start in (0.1, 0.9))
        assert ours <= best + 1e-9
        heywood += bool(np.isclose(u, HEYWOOD_FLOOR).any())
    assert 5 <= heywood < len(stack)  # both boundary and interior optima were exercised


def test_small_sample_local_optimum_is_avoided(fa):
    # A 15-row resample of 6 items has two local optima; factor_analyzer's start (1 − SMC) ends in
    # the worse one (discrepancy 3.77), every uniform start of L-BFGS-B and our fit in the better one
    # (3.26): the fit runs from two starts and keeps the better.
    optimize = pytest.importorskip("scipy.optimize")
    r = bootstrap.correlations(bootstrap.covariances(_likert(n=15, k=6, seed=4), 100, seed=1))[63]
    objective, bounds = fa.FactorAnalyzer._fit_ml_objective, [(HEYWOOD_FLOOR, 1)] * 6

    def fit(start):
        return optimize.minimize(objective, start, args=(r, 1), method="L-BFGS-B", bounds=bounds).fun

    ours = objective(one_factor(r)[1], r, 1)
    assert ours == pytest.approx(min(fit(np.full(6, u)) for u in (0.1, 0.3, 0.5, 0.7, 0.9)), abs=1e-7)
    assert fit(1 - fa.smc(r)) > ours + 0.4


def test_fit_equals_semopy():
    semopy = pytest.importorskip("semopy")  # not a declared test dependency: skipped without it
    x = _likert(n=400, seed=1)
    cols = [f"q{i}" for i in range(x.shape[1])]
    model = semopy.Model("f =~ " + " + ".join(cols))
    model.fit(pd.DataFrame(x, columns=cols))
    est = model.inspect()
    marker = est[(est.op == "~") & (est.rval == "f")].set_index("lval").loc[cols, "Estimate"].to_numpy(float)
    var_f = float(est[(est.op == "~~") & (est.lval == "f")]["Estimate"].iloc[0])
    unique = est[(est.op == "~~") & (est.lval == est.rval) & (est.lval != "f")].set_index("lval")
    ref_l, ref_u = marker * np.sqrt(var_f), unique.loc[cols, "Estimate"].to_numpy(float)
    lam, psi = one_factor(np.cov(x, rowvar=False, ddof=0))  # semopy's ML takes S with ddof = 0
    assert lam == pytest.approx(ref_l, **REF)
    assert psi == pytest.approx(ref_u, **REF)


def test_batched_fit_equals_one_by_one():
    x = _likert(n=120, k=5, seed=4)
    stack = bootstrap.covariances(x, 25, seed=1)
    stack[3] = np.ones((5, 5))  # singular
    stack[7, 0, 0] = np.nan
    stack[9, 2, :] = stack[9, :, 2] = 0.0  # an item that never varies
    lam, psi = one_factor(stack)
    omegas = omega_total(stack)
    assert lam.shape == psi.shape == (25, 5) and omegas.shape == (25,)
    for b in range(25):
        single = one_factor(stack[b])
        if b in (3, 7, 9):
            assert single is None and omega_total(stack[b]) is None
            assert np.isnan(lam[b]).all() and np.isnan(psi[b]).all() and np.isnan(omegas[b])
        else:
            assert lam[b] == pytest.approx(single[0], **EXACT)
            assert psi[b] == pytest.approx(single[1], **EXACT)
            assert omegas[b] == pytest.approx(omega_total(stack[b]), **EXACT)


def test_unidentified_or_singular_gives_none():
    sigma = np.array([[1.0, 0.5], [0.5, 1.0]])
    assert one_factor(sigma) is None and omega_total(sigma) is None  # p < 3: not identified
    assert np.isnan(omega_total(np.stack([sigma, sigma]))).all()
    assert omega_total(np.cov(_likert(n=4, k=6), rowvar=False)) is None  # n ≤ p: singular
    assert omega_total(np.ones((3, 3))) is None
    assert omega_interval(HAND[:, :2], samples=50, seed=1) is None
    assert omega_interval(HAND[:2], samples=50, seed=1) is None


def test_omega_interval_none_when_most_replicates_fail():
    # 5 rows, 3 items: ω is defined, but a resample needs 4 distinct rows for a non-singular S;
    # P(≥ 4 distinct of 5 draws from 5) = (5! + 5 · S(5,4) · 4!) / 5⁵ = (120 + 1200) / 3125 = 0.42
    five = HAND[:5]
    assert omega_total(np.cov(five, rowvar=False)) is not None
    ok = np.isfinite(omega_total(bootstrap.covariances(five, 400, seed=1))).mean()
    assert 0.3 < ok < 0.5
    assert omega_interval(five, samples=400, seed=1) is None
    assert omega_interval(HAND, samples=400, seed=1) is not None  # 6 rows: 75 % of resamples work


# --- the bootstrap -------------------------------------------------------------------------------


def test_bootstrap_covariances_are_those_of_the_resampled_rows():
    x = _likert(n=90, k=4, seed=2) + 100  # a large mean: the centring keeps the digits
    stack = bootstrap.covariances(x, 30, seed=11)
    draws = np.random.default_rng(11).integers(0, 90, size=(30, 90))
    for b in range(30):
        assert stack[b] == pytest.approx(np.cov(x[draws[b]], rowvar=False), **EXACT)
    # the chunk size changes memory, not the draws
    assert bootstrap.covariances(x, 30, seed=11, chunk=7) == pytest.approx(stack, **EXACT)
    assert not np.allclose(bootstrap.covariances(x, 30, seed=12), stack)


def test_percentile_interval():
    values = np.arange(101.0)  # numpy's linear percentiles: 2.5 and 97.5 of 0…100 are themselves
    assert bootstrap.percentile_interval(values, 0.95) == pytest.approx((2.5, 97.5), **EXACT)
    assert bootstrap.percentile_interval(values, 0.9) == pytest.approx((5.0, 95.0), **EXACT)
    # 51 of 101 replicates succeed: 0, 2, …, 100, whose 2.5th percentile is 1/40 of the way to 100
    half = np.where(np.arange(101) % 2 == 0, values, np.nan)
    assert bootstrap.percentile_interval(half, 0.95) == pytest.approx((2.5, 97.5), **EXACT)
    assert bootstrap.percentile_interval(np.where(np.arange(101) < 50, values, np.nan)) is None
    assert bootstrap.percentile_interval(np.full(5, np.nan)) is None
    with pytest.raises(ValueError):
        bootstrap.percentile_interval(values, 95)


def test_omega_interval_equals_a_direct_bootstrap():
    x = _likert(n=150, k=5, seed=8)
    got = omega_interval(x, samples=200, seed=5, level=0.9)
    draws = np.random.default_rng(5).integers(0, 150, size=(200, 150))
    omegas = [omega_total(np.cov(x[d], rowvar=False)) for d in draws]
    assert None not in omegas
    assert got == pytest.approx(tuple(np.percentile(omegas, [5, 95])), **FIT)
    assert type(got[0]) is float and type(got[1]) is float


def test_omega_interval_reproducible_contains_estimate_and_narrows():
    small, large = _likert(n=200, seed=9), _likert(n=2000, seed=9)
    lo, hi = omega_interval(small, samples=300, seed=1)
    assert omega_interval(small, samples=300, seed=1) == (lo, hi)
    assert omega_interval(small, samples=300, seed=2) != (lo, hi)
    assert lo < omega_total(np.cov(small, rowvar=False)) < hi
    lo2, hi2 = omega_interval(large, samples=300, seed=1)
    assert lo2 < omega_total(np.cov(large, rowvar=False)) < hi2
    # the interval's width shrinks like 1/√n: 10 × the rows, about a third of the width
    assert hi2 - lo2 < 0.5 * (hi - lo)
    # rows with a missing item are dropped before resampling
    gappy = np.vstack([small, [[np.nan, 1, 1, 1, 1, 1]]])
    assert omega_interval(gappy, samples=300, seed=1) == (lo, hi)


# --- corrected item–total correlations -----------------------------------------------------------


@pytest.mark.metric("survey.reliability.item_total")
def test_corrected_item_total_by_hand():
    # deviations from the means 3.5, 4, 3.5:
    #   a: .5 −.5 1.5 −1.5 .5 −.5  (SS 5.5)   b: 1 −1 1 −1 0 0  (SS 4)   c: .5 .5 1.5 −1.5 −.5 −.5  (SS 5.5)
    # a vs b + c = 9 7 10 5 7 7: deviations 1.5 −.5 2.5 −2.5 −.5 −.5, SS 15.5;
    #   cross = .75 + .25 + 3.75 + 3.75 − .25 + .25 = 8.5            → r = 8.5 / √(5.5 × 15.5)
    # b vs a + c = 8 7 10 4 7 6: deviations 1 0 3 −3 0 −1, SS 20;
    #   cross = 1 + 0 + 3 + 3 + 0 + 0 = 7                            → r = 7 / √(4 × 20)
    # c vs a + b = 9 6 10 5 8 7: deviations 1.5 −1.5 2.5 −2.5 .5 −.5, SS 17.5;
    #   cross = .75 − .75 + 3.75 + 3.75 − .25 + .25 = 7.5             → r = 7.5 / √(5.5 × 17.5)
    expected = [8.5 / np.sqrt(85.25), 7 / np.sqrt(80), 7.5 / np.sqrt(96.25)]  # .9206, .7826, .7645
    got = corrected_item_total(HAND)
    assert got == pytest.approx(expected, **EXACT)
    assert all(type(v) is float for v in got)
    assert corrected_item_total_of(np.cov(HAND, rowvar=False)) == pytest.approx(expected, **EXACT)


def test_corrected_item_total_equals_pandas_and_scipy():
    stats = pytest.importorskip("scipy.stats")
    df = pd.DataFrame(_likert(n=200, k=12, seed=7), columns=[f"q{i:02d}" for i in range(12)])
    got = corrected_item_total(df.to_numpy())
    for col, r in zip(df.columns, got):
        rest = df.drop(columns=[col]).sum(axis=1)
        assert r == pytest.approx(df[col].corr(rest), **EXACT), col
        assert r == pytest.approx(stats.pearsonr(df[col], rest)[0], **EXACT), col
    # the covariance-only form (what the engine has from sums) gives the same numbers
    assert corrected_item_total_of(df.cov().to_numpy()) == pytest.approx(got, **EXACT)
    assert corrected_item_total_of(df.cov(ddof=0).to_numpy()) == pytest.approx(got, **EXACT)


def test_corrected_item_total_undefined_cases():
    assert corrected_item_total(HAND[:, :1]) == [None]  # one item: no rest score
    assert corrected_item_total(HAND[:2]) == [None, None, None]  # < 3 rows
    assert corrected_item_total_of(np.array([[1.0]])) == [None]
    # a constant item has no r; the others still do (a constant adds nothing to their rest score)
    const = np.column_stack([HAND, np.full(6, 3.0)])
    got = corrected_item_total(const)
    assert got[3] is None and got[:3] == pytest.approx(corrected_item_total(HAND), **EXACT)
    of_cov = corrected_item_total_of(np.cov(const, rowvar=False))
    assert of_cov[3] is None and of_cov[:3] == pytest.approx(got[:3], **EXACT)
    # b + c constant: a's rest score never varies
    x = np.array([[1, 1, 3], [2, 2, 2], [3, 3, 1], [5, 2, 2]], dtype=float)
    got = corrected_item_total(x)
    assert got[0] is None and None not in got[1:]
    assert corrected_item_total_of(np.cov(x, rowvar=False))[0] is None
    # two items: each item's rest is the other, so r is their correlation
    assert corrected_item_total(HAND[:, :2]) == pytest.approx([np.corrcoef(HAND[:, 0], HAND[:, 1])[0, 1]] * 2)
    # missing values are dropped listwise
    gappy = np.vstack([HAND, [1, np.nan, 5]])
    assert corrected_item_total(gappy) == pytest.approx(corrected_item_total(HAND), **EXACT)
