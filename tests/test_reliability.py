"""Reliability figures: a hand example, then equality with pingouin and factor_analyzer."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from reportgen.metrics.reliability import (
    ALPHA_OK,
    BARTLETT_P,
    KMO_OK,
    Reliability,
    alpha_if_deleted,
    bartlett_sphericity,
    cronbach_alpha,
    kmo,
    reliability,
    verdicts,
)

EXACT = {"rel": 1e-9}
REF = {"rel": 1e-9, "abs": 1e-12}

# 6 responses × 3 items, worked by hand below.
HAND = pd.DataFrame(
    {
        "a": [4, 3, 5, 2, 4, 3],
        "b": [5, 3, 5, 3, 4, 4],
        "c": [4, 4, 5, 2, 3, 3],
    }
)


def _latent_items(n=200, k=12, seed=7) -> pd.DataFrame:
    """n responses to k 1–5 Likert items driven by one latent factor (plus noise)."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    loadings = rng.uniform(0.4, 0.9, size=(1, k))
    raw = 3 + latent @ loadings + rng.normal(scale=0.8, size=(n, k))
    likert = np.clip(np.rint(raw), 1, 5)
    return pd.DataFrame(likert, columns=[f"q{i + 1:02d}" for i in range(k)])


@pytest.fixture(scope="module")
def latent() -> pd.DataFrame:
    return _latent_items()


@pytest.mark.metric("survey.reliability.cronbach_alpha")
def test_cronbach_alpha_by_hand():
    # item a: mean 3.5, deviations .5 −.5 1.5 −1.5 .5 −.5 → squares sum 5.5 → var 5.5/5 = 1.1
    # item b: mean 4,   deviations 1 −1 1 −1 0 0           → squares sum 4   → var 4/5   = 0.8
    # item c: mean 3.5, deviations .5 .5 1.5 −1.5 −.5 −.5  → squares sum 5.5 → var 1.1
    # Σ item variances = 3.0
    # sums 13 10 15 7 11 10: mean 11, deviations 2 −1 4 −4 0 −1 → squares 38 → var 38/5 = 7.6
    # α = k/(k−1) × (1 − Σ var / var(sum)) = 3/2 × (1 − 3/7.6) = 3/2 × 4.6/7.6 = 69/76
    alpha = cronbach_alpha(HAND)
    assert alpha == pytest.approx(69 / 76, **EXACT)  # 0.9078947368421053
    assert type(alpha) is float


@pytest.mark.metric("survey.reliability.alpha_if_deleted")
def test_alpha_if_deleted_by_hand():
    # without a: b + c = 9 7 10 5 7 7, mean 7.5, squares 2.25+.25+6.25+6.25+.25+.25 = 15.5
    #            → var 3.1; Σ var = 0.8 + 1.1 = 1.9; α = 2 × (1 − 1.9/3.1) = 2 × 1.2/3.1 = 24/31
    # without b: a + c = 8 7 10 4 7 6, mean 7, squares 1+0+9+9+0+1 = 20 → var 4;
    #            Σ var = 2.2; α = 2 × (1 − 2.2/4) = 0.9
    # without c: a + b = 9 6 10 5 8 7, mean 7.5, squares 2.25+2.25+6.25+6.25+.25+.25 = 17.5
    #            → var 3.5; Σ var = 1.9; α = 2 × (1 − 1.9/3.5) = 2 × 1.6/3.5 = 32/35
    out = alpha_if_deleted(HAND)
    assert list(out) == ["a", "b", "c"]
    assert out["a"] == pytest.approx(24 / 31, **EXACT)
    assert out["b"] == pytest.approx(0.9, **EXACT)
    assert out["c"] == pytest.approx(32 / 35, **EXACT)


@pytest.mark.metric("survey.reliability.bartlett_chi2")
@pytest.mark.metric("survey.reliability.bartlett_df")
@pytest.mark.metric("survey.reliability.bartlett_p")
def test_bartlett_two_items_by_hand():
    # items a, b above: cov = (.5·1 + (−.5)(−1) + 1.5·1 + (−1.5)(−1) + 0 + 0)/5 = 4/5 = 0.8
    # r² = 0.8² / (1.1 × 0.8) = 0.64/0.88 = 8/11; |R| = 1 − r² = 3/11
    # χ² = −(n − 1 − (2p + 5)/6) ln|R| = −(6 − 1 − 9/6) ln(3/11) = 3.5 × ln(11/3) = 4.547491…
    # df = 2 × 1 / 2 = 1; p = P(χ²₁ > x) = erfc(sqrt(x/2))
    chi2_, df, p = bartlett_sphericity(HAND[["a", "b"]])
    expected = 3.5 * math.log(11 / 3)
    assert chi2_ == pytest.approx(expected, **EXACT)
    assert df == 1 and type(df) is int
    assert p == pytest.approx(math.erfc(math.sqrt(expected / 2)), **EXACT)


@pytest.mark.metric("survey.reliability.kmo")
def test_kmo_two_items_by_hand():
    # With two items R⁻¹ = [[1, −r], [−r, 1]] / (1 − r²), so the partial correlation is
    # −(−r/(1 − r²)) / (1/(1 − r²)) = r, and KMO = MSA = r² / (r² + r²) = 1/2 whatever r is.
    overall, msa = kmo(HAND[["a", "b"]])
    assert overall == pytest.approx(0.5, **EXACT)
    assert msa == pytest.approx({"a": 0.5, "b": 0.5}, **EXACT)


@pytest.mark.metric("survey.reliability.cronbach_alpha")
def test_cronbach_alpha_equals_pingouin(latent):
    pingouin = pytest.importorskip("pingouin")
    ours = cronbach_alpha(latent)
    ref, _ci = pingouin.cronbach_alpha(data=latent)
    assert ours == pytest.approx(float(ref), **REF)
    assert ours > ALPHA_OK  # a one-factor scale of 12 items is reliable
    # the hand example too
    assert cronbach_alpha(HAND) == pytest.approx(float(pingouin.cronbach_alpha(data=HAND)[0]), **REF)


@pytest.mark.metric("survey.reliability.alpha_if_deleted")
def test_alpha_if_deleted_equals_pingouin(latent):
    pingouin = pytest.importorskip("pingouin")
    ours = alpha_if_deleted(latent)
    assert list(ours) == list(latent.columns)
    for col in latent.columns:
        ref, _ci = pingouin.cronbach_alpha(data=latent.drop(columns=[col]))
        assert ours[col] == pytest.approx(float(ref), **REF), col


@pytest.mark.metric("survey.reliability.kmo")
@pytest.mark.metric("survey.reliability.msa")
def test_kmo_equals_factor_analyzer(latent):
    fa = pytest.importorskip("factor_analyzer.factor_analyzer")
    overall, msa = kmo(latent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref_items, ref_total = fa.calculate_kmo(latent.to_numpy())
    assert overall == pytest.approx(float(ref_total), **REF)
    assert list(msa) == list(latent.columns)
    for col, ref in zip(latent.columns, ref_items):
        assert msa[col] == pytest.approx(float(ref), **REF), col
    assert type(overall) is float and all(type(v) is float for v in msa.values())


@pytest.mark.metric("survey.reliability.bartlett_chi2")
@pytest.mark.metric("survey.reliability.bartlett_df")
@pytest.mark.metric("survey.reliability.bartlett_p")
def test_bartlett_equals_factor_analyzer(latent):
    fa = pytest.importorskip("factor_analyzer.factor_analyzer")
    chi2_, df, p = bartlett_sphericity(latent)
    ref_chi2, ref_p = fa.calculate_bartlett_sphericity(latent.to_numpy())
    assert chi2_ == pytest.approx(float(ref_chi2), **REF)
    assert df == 12 * 11 // 2 == 66
    # p is ~1e-85 for this strong factor; check a weak small set too, where p is a usable number
    assert p == pytest.approx(float(ref_p), **REF)
    weak = _latent_items(n=25, k=3, seed=11)
    ours = bartlett_sphericity(weak)
    ref_chi2, ref_p = fa.calculate_bartlett_sphericity(weak.to_numpy())
    assert ours[0] == pytest.approx(float(ref_chi2), **REF)
    assert ours[2] == pytest.approx(float(ref_p), **REF)
    assert 0 < ours[2] < 1


def test_constant_column_gives_none():
    items = HAND.assign(d=[3, 3, 3, 3, 3, 3])
    assert kmo(items) == (None, {"a": None, "b": None, "c": None, "d": None})
    assert bartlett_sphericity(items) is None
    # α itself is still defined: a constant item adds 0 to both variances' numerators
    assert cronbach_alpha(items) is not None
    # a scale whose sum never varies has no α
    assert cronbach_alpha(pd.DataFrame({"x": [1, 2, 3], "y": [3, 2, 1]})) is None


def test_singular_correlation_gives_none():
    # d = a + b: R is singular
    items = HAND.assign(d=HAND["a"] + HAND["b"])
    assert kmo(items)[0] is None
    assert bartlett_sphericity(items) is None
    # more items than responses: R has rank ≤ n − 1
    assert bartlett_sphericity(_latent_items(n=3, k=5)) is None


def test_small_inputs_give_none():
    assert cronbach_alpha(HAND[["a"]]) is None  # k < 2
    assert cronbach_alpha(HAND.iloc[:1]) is None  # n < 2
    assert alpha_if_deleted(HAND[["a", "b"]]) == {"a": None, "b": None}
    assert kmo(HAND[["a"]]) == (None, {"a": None})


def test_missing_values_are_dropped_listwise():
    with_gap = pd.concat([HAND, pd.DataFrame({"a": [1.0], "b": [np.nan], "c": [5.0]})])
    assert cronbach_alpha(with_gap) == pytest.approx(69 / 76, **EXACT)


@pytest.mark.metric("survey.reliability.cronbach_alpha")
@pytest.mark.metric("survey.reliability.kmo")
@pytest.mark.metric("survey.reliability.bartlett_chi2")
def test_reliability_bundle(latent):
    dims = {"first": ["q01", "q02", "q03", "q04"], "rest": [f"q{i:02d}" for i in range(5, 13)],
            "pair": ["q01", "q02"]}
    gappy = latent.copy()
    gappy.iloc[0, 3] = np.nan
    gappy.iloc[5, 0] = np.nan
    complete = latent.drop(index=[0, 5])
    r = reliability(gappy, dims)
    assert isinstance(r, Reliability)
    assert r.n == 198 and r.items == 12
    assert r.cronbach_alpha == pytest.approx(cronbach_alpha(complete), **EXACT)
    assert r.alpha_if_deleted == pytest.approx(alpha_if_deleted(complete), **EXACT)
    assert r.per_dimension["first"]["alpha"] == pytest.approx(
        cronbach_alpha(complete[dims["first"]]), **EXACT
    )
    assert r.per_dimension["pair"]["alpha_if_deleted"] == {"q01": None, "q02": None}
    overall, msa = kmo(complete)
    assert r.kmo == pytest.approx(overall, **EXACT)
    assert r.msa == pytest.approx(msa, **EXACT)
    chi2_, df, p = bartlett_sphericity(complete)
    assert (r.bartlett_chi2, r.bartlett_df) == (pytest.approx(chi2_, **EXACT), df)
    assert verdicts(r) == {"acceptable": True, "adequate": True, "significant": True}
    with pytest.raises(Exception):
        r.n = 1  # frozen


def test_reliability_too_few_responses():
    r = reliability(HAND.iloc[:2], {"ab": ["a", "b"]})
    assert r.n == 0 and r.items == 3
    assert r.cronbach_alpha is None and r.kmo is None
    assert r.bartlett_chi2 is None and r.bartlett_df is None and r.bartlett_p is None
    assert r.alpha_if_deleted == {"a": None, "b": None, "c": None}
    assert r.per_dimension == {"ab": {"alpha": None, "alpha_if_deleted": {"a": None, "b": None}}}
    assert r.msa == {"a": None, "b": None, "c": None}
    assert verdicts(r) == {"acceptable": None, "adequate": None, "significant": None}
    # 3 complete rows are enough for α; R of 3 items from 3 rows is singular
    three = reliability(HAND.iloc[:3], {"ab": ["a", "b"]})
    assert three.n == 3 and three.cronbach_alpha is not None and three.kmo is None


def test_reliability_unknown_dimension_item():
    with pytest.raises(ValueError, match="zz"):
        reliability(HAND, {"x": ["a", "zz"]})


def test_verdict_thresholds():
    def make(alpha, k, p):
        return Reliability(n=10, items=3, cronbach_alpha=alpha, kmo=k, bartlett_p=p)

    assert verdicts(make(ALPHA_OK, KMO_OK, BARTLETT_P)) == {
        "acceptable": True, "adequate": True, "significant": False,
    }
    assert verdicts(make(0.69, 0.59, 0.049)) == {
        "acceptable": False, "adequate": False, "significant": True,
    }
