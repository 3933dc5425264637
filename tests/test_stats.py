"""Hand-computed checks of reportgen.metrics.stats.

Each expected value is worked out in the comment beside it (z = 1.959963984540054, z² =
3.8414588206941254); the literals were evaluated with a pocket-calculator precision of 16 digits,
so they are compared with rel=1e-9.
"""

import math

import numpy as np
import pytest

from reportgen.metrics.stats import (
    NPS_Z,
    Z95,
    holm,
    largest_remainder,
    nps_change_test,
    nps_ci95,
    pearson,
    percentile,
    two_proportion_test,
    wilson_ci,
)

EXACT = {"rel": 1e-9}


def _plain(value):
    """True if value is built only from plain Python floats/ints/tuples/lists/None."""
    if isinstance(value, (tuple, list)):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (float, int)


def test_z95_is_the_exact_normal_quantile():
    # Φ(1.959963984540054) = 0.975: 1 − Φ(z) = erfc(z/√2)/2 = 0.025
    assert math.erfc(Z95 / math.sqrt(2)) / 2 == pytest.approx(0.025, rel=1e-14)
    assert round(Z95, 2) == NPS_Z == 1.96


def test_wilson_8_of_10():
    # p̂ = 0.8, n = 10, z² = 3.8414588206941254
    # centre = (x + z²/2) / (n + z²) = (8 + 1.9207294103470627) / 13.841458820694125
    #        = 9.920729410347063 / 13.841458820694125 = 0.7167401600411333
    # half   = z × sqrt(n p̂ (1 − p̂) + z²/4) / (n + z²)
    #        = 1.959963984540054 × sqrt(1.6 + 0.9603647051735313) / 13.841458820694125
    #        = 1.959963984540054 × 1.6001139663078787 / 13.841458820694125 = 0.2265776885044915
    # interval = (0.7167401600411333 − 0.2265776885044915, 0.7167401600411333 + 0.2265776885044915)
    lo, hi = wilson_ci(8, 10)
    assert lo == pytest.approx(0.4901624715366418, **EXACT)
    assert hi == pytest.approx(0.9433178485456248, **EXACT)
    assert _plain((lo, hi))


def test_wilson_at_the_bounds():
    # 0 of 5: centre = 1.9207294103470627 / 8.841458820694125 = 0.21724123239158738,
    # half = z × sqrt(0 + 0.9603647051735313) / 8.841458820694125 = 0.21724123239158738
    # → (0, 2 × 0.21724123239158738) = (0, 0.43448246478317476); 5 of 5 is the mirror image.
    lo, hi = wilson_ci(0, 5)
    assert lo == pytest.approx(0.0, abs=1e-15)
    assert hi == pytest.approx(0.43448246478317476, **EXACT)
    lo, hi = wilson_ci(5, 5)
    assert lo == pytest.approx(1 - 0.43448246478317476, **EXACT)
    assert hi == pytest.approx(1.0, abs=1e-15)


def test_wilson_empty_and_invalid():
    assert wilson_ci(0, 0) is None
    with pytest.raises(ValueError):
        wilson_ci(3, 2)


def test_nps_ci95_5_promoters_2_detractors_of_10():
    # NPS = 100 × (5 − 2)/10 = 30. n' = 13, pP' = 5.75/13, pD' = 2.75/13, d = 3/13 = 0.23076923…
    # pP' + pD' − d² = 8.5/13 − 9/169 = (110.5 − 9)/169 = 101.5/169 = 203/338
    # variance / n' = 203/4394 = 0.0461993627674101; sqrt = 0.21494037025977716
    # half = 1.96 × 0.21494037025977716 = 0.4212831257091632
    # 100 × (0.23076923076923078 ∓ 0.4212831257091632) = (−19.05138949399324, 65.2052356478394)
    lo, hi = nps_ci95(5, 2, 10)
    assert lo == pytest.approx(-19.05138949399324, **EXACT)
    assert hi == pytest.approx(65.2052356478394, **EXACT)
    assert _plain((lo, hi))


def test_nps_ci95_is_clipped_to_the_nps_range():
    # 10 promoters of 10: n' = 13, d = (10.75 − 0.75)/13 = 10/13
    # pP' + pD' − d² = 11.5/13 − 100/169 = 49.5/169; / 13 = 99/4394 = 0.022530723714155668
    # upper = 100 × (10/13 + 1.96 × sqrt(0.022530723714155668)) = 106.3431429019799 (> 100, clipped to 100)
    lo, hi = nps_ci95(10, 0, 10)
    assert hi == 100.0  # unclipped: 106.3431429019799
    assert lo == pytest.approx(47.50301094417396, **EXACT)


def test_nps_ci95_empty_and_invalid():
    assert nps_ci95(0, 0, 0) is None
    with pytest.raises(ValueError):
        nps_ci95(6, 5, 10)


def test_two_proportion_45_of_50_then_40_of_50():
    # p1 = 0.9, p2 = 0.8, pooled p = 85/100 = 0.85
    # se = sqrt(0.85 × 0.15 × (1/50 + 1/50)) = sqrt(0.1275 × 0.04) = sqrt(0.0051) = 0.07141428428542851
    # z = (p2 − p1)/se = −0.1/0.07141428428542851 = −1.4002800840280094 (negative: the rate fell)
    # p = 2 × Φ(−|z|) = erfc(1.4002800840280094/√2) = 0.16142946236708333
    z, p = two_proportion_test(45, 50, 40, 50)
    assert z == pytest.approx(-1.4002800840280094, **EXACT)
    assert p == pytest.approx(0.16142946236708333, **EXACT)
    assert _plain((z, p))
    # Swapping the quarters flips the sign only: z is quarter 2 minus quarter 1.
    z_up, p_up = two_proportion_test(40, 50, 45, 50)
    assert z_up == pytest.approx(1.4002800840280094, **EXACT)
    assert p_up == pytest.approx(p, **EXACT)


def test_two_proportion_none_cases():
    assert two_proportion_test(0, 0, 3, 10) is None
    assert two_proportion_test(3, 10, 0, 0) is None
    # pooled 100 % or 0 %: the variance under H0 is 0
    assert two_proportion_test(50, 50, 40, 40) is None
    assert two_proportion_test(0, 50, 0, 40) is None


def test_nps_change_test_hand():
    # Q1: 5 P, 2 D of 10 → pP = 0.5, pD = 0.2, NPS 30; var1 = 0.7 − 0.3² = 0.61
    # Q2: 12 P, 3 D of 20 → pP = 0.6, pD = 0.15, NPS 45; var2 = 0.75 − 0.45² = 0.5475
    # Δ = 45 − 30 = 15 points
    # se = sqrt(0.61/10 + 0.5475/20) = sqrt(0.061 + 0.027375) = sqrt(0.088375) = 0.297279329923895
    # z = 0.15 / 0.297279329923895 = 0.5045759489514483
    # p = erfc(0.5045759489514483/√2) = 0.6138567059443487
    delta, z, p = nps_change_test(5, 2, 10, 12, 3, 20)
    assert delta == pytest.approx(15.0, **EXACT)
    assert z == pytest.approx(0.5045759489514483, **EXACT)
    assert p == pytest.approx(0.6138567059443487, **EXACT)
    assert _plain((delta, z, p))


def test_nps_change_test_none_cases():
    assert nps_change_test(0, 0, 0, 5, 1, 10) is None
    assert nps_change_test(5, 1, 10, 0, 0, 0) is None
    # all promoters in both quarters: var = 1 + 0 − 1² = 0 each, denominator 0
    assert nps_change_test(10, 0, 10, 20, 0, 20) is None


def test_holm_hand():
    # sorted 0.01, 0.03, 0.04 × (3, 2, 1) = 0.03, 0.06, 0.04; running max → 0.03, 0.06, 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06], **EXACT)


def test_holm_caps_at_one_and_passes_none_through():
    # [0.5, 0.6]: 0.5 × 2 = 1.0, 0.6 × 1 = 0.6 → running max 1.0, 1.0
    assert holm([0.5, 0.6]) == pytest.approx([1.0, 1.0], **EXACT)
    # None/NaN are not in the family: the family is {0.01, 0.04, 0.03} as above
    out = holm([None, 0.01, float("nan"), 0.04, 0.03])
    assert out[0] is None and out[2] is None
    assert out[1] == pytest.approx(0.03, **EXACT)
    assert out[3] == pytest.approx(0.06, **EXACT)
    assert out[4] == pytest.approx(0.06, **EXACT)
    assert holm([]) == []
    assert holm([None]) == [None]
    assert _plain(out)


def test_largest_remainder_thirds():
    # 33.333… each: floors 33.3 × 3 = 99.9, one unit of 0.1 left, equal remainders → earliest
    assert largest_remainder([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert largest_remainder([1 / 3, 1 / 3, 1 / 3]) == [33.4, 33.3, 33.3]


def test_largest_remainder_where_naive_rounding_overshoots():
    # counts 1, 1, 1, 3 of 6 → 16.666…, 16.666…, 16.666…, 50.0
    # naive round: 16.7 × 3 + 50.0 = 100.1
    # floors 16.6 × 3 + 50.0 = 99.8 → 2 units to the two earliest of the equal remainders .666…
    values = [1, 1, 1, 3]
    assert round(sum(round(v / 6 * 100, 1) for v in values), 1) == 100.1
    out = largest_remainder(values)
    assert out == [16.7, 16.7, 16.6, 50.0]
    assert round(sum(out), 10) == 100.0


def test_largest_remainder_picks_largest_remainders():
    # 5, 7, 9 of 21 → 23.8095…, 33.3333…, 42.8571…; floors sum 99.9
    # remainders .095, .333, .571 → the unit goes to the third
    assert largest_remainder([5, 7, 9]) == [23.8, 33.3, 42.9]
    # six equal shares: 16.666… each, floors 99.6, 4 units to the four earliest (naive gives 100.2)
    assert largest_remainder([1] * 6) == [16.7, 16.7, 16.7, 16.7, 16.6, 16.6]


def test_largest_remainder_other_scales_and_edges():
    # shares given as decimals are read as written: 0.29 → 29.0 exactly, not 28.9 + a unit
    assert largest_remainder([0.29, 0.71]) == [29.0, 71.0]
    # whole numbers: 33.33… → floors 33 × 3 = 99, one unit to the first
    assert largest_remainder([1, 1, 1], decimals=0) == [34.0, 33.0, 33.0]
    # fractions of 1 at 3 decimals
    assert largest_remainder([2, 1], decimals=3, total=1.0) == [0.667, 0.333]
    assert largest_remainder([0, 0, 0]) == [0.0, 0.0, 0.0]
    assert largest_remainder([]) == []
    assert largest_remainder([0, 4]) == [0.0, 100.0]
    with pytest.raises(ValueError):
        largest_remainder([1, -1, 3])


def test_percentile_linear():
    # [1, 2, 3, 4]: median at position 1.5 → 2.5; p90 at position 0.9 × 3 = 2.7 → 3 + 0.7 × 1 = 3.7
    assert percentile([4, 1, 3, 2], 50) == pytest.approx(2.5, **EXACT)
    assert percentile([4, 1, 3, 2], 90) == pytest.approx(3.7, **EXACT)
    # missing values are left out
    assert percentile([4, None, 1, float("nan"), 3, 2], 90) == pytest.approx(3.7, **EXACT)
    assert type(percentile([1, 2], 50)) is float
    assert percentile([], 50) is None
    assert percentile([None, float("nan")], 50) is None


def test_pearson_hand():
    # x = 1, 2, 3; y = 1, 2, 4; means 2 and 7/3
    # Sxy = (−1)(−4/3) + 0 + (1)(5/3) = 3; Sxx = 2; Syy = (16 + 1 + 25)/9 = 14/3
    # r = 3 / sqrt(2 × 14/3) = sqrt(27/28) = 0.9819805060619657
    r = pearson([1, 2, 3], [1, 2, 4])
    assert r == pytest.approx(0.9819805060619657, **EXACT)
    assert type(r) is float
    # incomplete pairs are dropped before counting
    assert pearson([1, 2, None, 3], [1, 2, 5, 4]) == pytest.approx(0.9819805060619657, **EXACT)


def test_pearson_none_cases():
    assert pearson([1, 2], [2, 1]) is None  # fewer than 3 pairs
    assert pearson([1, 2, 3, None], [1, 2, None, 4]) is None  # only 2 complete pairs
    assert pearson([2, 2, 2], [1, 2, 3]) is None  # zero variance
    assert pearson(np.array([1, 2, 3]), np.array([5, 5, 5])) is None
    with pytest.raises(ValueError):
        pearson([1, 2, 3], [1, 2])


# The formulas above are written out (no statsmodels or scipy.stats at run time); these check them
# against those libraries on many inputs.

def test_formulas_equal_statsmodels_and_scipy():
    import numpy as np
    from scipy import stats
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportion_confint, proportions_ztest

    from reportgen.metrics.stats import holm, pearson, two_proportion_test, wilson_ci

    rng = np.random.default_rng(3)
    for _ in range(200):
        n1, n2 = (int(v) for v in rng.integers(1, 2000, 2))
        x1, x2 = int(rng.integers(0, n1 + 1)), int(rng.integers(0, n2 + 1))
        lo, hi = proportion_confint(x1, n1, alpha=0.05, method="wilson")
        assert wilson_ci(x1, n1) == pytest.approx((lo, hi), rel=1e-12, abs=1e-15)
        test = two_proportion_test(x1, n1, x2, n2)
        if test is not None:
            z, p = proportions_ztest([x2, x1], [n2, n1])
            assert test == pytest.approx((z, p), rel=1e-9, abs=1e-15)
    for _ in range(12):  # statsmodels takes 60 ms a call
        ps = list(rng.uniform(0, 0.2, int(rng.integers(1, 12))))
        assert holm(ps) == pytest.approx(list(multipletests(ps, method="holm")[1]), rel=1e-12)
    for _ in range(50):
        x = rng.normal(size=40)
        y = x + rng.normal(size=40)
        assert pearson(x, y) == pytest.approx(stats.pearsonr(x, y).statistic, rel=1e-12)


def test_normal_cdf_equals_scipy_ndtr():
    """The standard library's erfc gives scipy's Φ to 2e-15 relative for |z| <= 5, and to 1e-13
    out to where Φ underflows: the two erfc implementations (Cephes's rational approximations in
    scipy, the C library's in math) differ in the last digits, most in the far tail."""
    from scipy.special import ndtr

    from reportgen.metrics.stats import _two_sided_p, normal_cdf

    for z in [*np.linspace(-5, 5, 20001), -1.0, -1e-300, 0.0, 1e-300, 1.0]:
        assert normal_cdf(z) == pytest.approx(float(ndtr(z)), rel=2e-15, abs=0), z
        assert _two_sided_p(z) == pytest.approx(2 * float(ndtr(-abs(z))), rel=2e-15, abs=0), z
    for z in np.linspace(-37, 37, 20001):
        assert normal_cdf(z) == pytest.approx(float(ndtr(z)), rel=1e-13, abs=0), z
    assert normal_cdf(-40.0) == float(ndtr(-40.0)) == 0.0
    assert normal_cdf(float("inf")) == 1.0 and normal_cdf(float("-inf")) == 0.0
    assert math.isnan(normal_cdf(float("nan")))


def test_chi2_sf_equals_scipy_chdtrc():
    from scipy.special import chdtrc

    from reportgen.metrics.stats import chi2_sf

    for df in [*range(1, 41), 66, 105, 190, 1225]:
        for x in [1e-9, 0.5, 1.0, float(df), *np.linspace(0.05, 4 * df + 60, 300)]:
            expected = float(chdtrc(df, x))
            if expected > 1e-300:
                assert chi2_sf(df, x) == pytest.approx(expected, rel=1e-11, abs=0), (df, x)
    assert chi2_sf(66, 3248.0) == float(chdtrc(66, 3248.0)) == 0.0
    assert chi2_sf(3, 0.0) == 1.0 and math.isnan(chi2_sf(3, float("nan")))
    with pytest.raises(ValueError):
        chi2_sf(0, 1.0)
    with pytest.raises(ValueError):
        chi2_sf(2.5, 1.0)
