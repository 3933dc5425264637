"""Small statistical building blocks for the report's figures.

Every function is pure: plain values in, plain Python ``float``/``int``/``tuple`` out, never a
numpy scalar and never NaN. Where a figure cannot be computed (no observations, zero variance)
the function returns ``None``; the caller renders that as ``null`` / "—".

Definitions follow ``methodology.md``. The formulas are the textbook ones, written with numpy and
the standard library's ``math`` (the normal and χ² distribution functions through erfc and
lgamma): importing statsmodels and ``scipy.stats`` cost about two seconds of every run, more than
all the sample's figures, and ``scipy.special`` a quarter of a second more. The tests check each
function against statsmodels and scipy to 1e-12, so the figures still match what an auditor gets
from those libraries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from numbers import Integral

import numpy as np

Z95: float = 1.959963984540054
"""Two-sided 95 % normal quantile, Φ⁻¹(0.975) (== ``scipy.stats.norm.ppf(0.975)``).

methodology.md writes 1.96, which is this value rounded. The exact quantile is what statsmodels'
Wilson interval and every other normal-theory interval in scipy/statsmodels use, so an auditor
re-computing a Wilson interval with those libraries gets the same digits. The one exception is
the NPS adjusted-Wald interval (:func:`nps_ci95`), which methodology.md spells out with the
literal 1.96; that function uses 1.96 so a re-computation from the written formula matches.
(statsmodels itself takes ``norm.isf(0.025)``, which is 2 ulp — 4.4e-16 — above this value.)
"""

NPS_Z: float = 1.96
"""The literal multiplier of methodology.md's NPS adjusted-Wald interval."""


def normal_cdf(x: float) -> float:
    """Φ(x), the standard normal distribution function (``scipy.special.ndtr``).

    Through erfc, whose relative accuracy holds in the lower tail, down to the smallest p-values.
    """
    return 0.5 * math.erfc(-x * math.sqrt(0.5))


def chi2_sf(df: int, x: float) -> float:
    """P(χ² > x) with ``df`` degrees of freedom (``scipy.special.chdtrc``), ``df`` a whole number.

    The closed forms of the upper incomplete gamma function at integer and half-integer order: a
    sum of df/2 Poisson-like terms, plus erfc for odd df, each term taken in logs so that none
    overflows; matches scipy to about 1e-12, relative.
    """
    if int(df) != df or df < 1:
        raise ValueError(f"degrees of freedom must be a positive whole number, got {df}")
    if math.isnan(x):
        return math.nan
    if x <= 0:
        return 1.0
    y, df = x / 2, int(df)
    log_y = math.log(y)
    if df % 2 == 0:
        terms = [math.exp(-y + i * log_y - math.lgamma(i + 1)) for i in range(df // 2)]
    else:
        terms = [math.erfc(math.sqrt(y))]
        terms += [math.exp(-y + (i + 0.5) * log_y - math.lgamma(i + 1.5)) for i in range(df // 2)]
    return min(1.0, math.fsum(terms))


def _two_sided_p(z: float) -> float:
    return 2.0 * normal_cdf(-abs(float(z)))


def wilson_ci(successes: int, n: int) -> tuple[float, float] | None:
    """Return the 95 % Wilson score interval for ``successes`` out of ``n`` (None when n == 0)."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    if n == 0:
        return None
    p = successes / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def nps_ci95(promoters: int, detractors: int, n: int) -> tuple[float, float] | None:
    """Return the adjusted-Wald 95 % interval of NPS, in NPS points (None when n == 0).

    Exactly methodology.md: n' = n + 3, pP' = (promoters + 0.75)/n', pD' = (detractors + 0.75)/n',
    d = pP' − pD', interval 100 × (d ± 1.96 × sqrt((pP' + pD' − d²)/n')), then clipped to
    [−100, 100]: with few answers, all of them promoters, the formula reaches past 100, a value
    NPS cannot take, and a report must not print "NPS 100 (95 % CI 47.5 to 106.3)".
    """
    if n < 0 or promoters < 0 or detractors < 0 or promoters + detractors > n:
        raise ValueError(
            f"need promoters + detractors <= n, got {promoters}, {detractors}, n={n}"
        )
    if n == 0:
        return None
    n_adj = n + 3
    p_prom = (promoters + 0.75) / n_adj
    p_det = (detractors + 0.75) / n_adj
    d = p_prom - p_det
    half = NPS_Z * math.sqrt((p_prom + p_det - d * d) / n_adj)
    return max(-100.0, 100.0 * (d - half)), min(100.0, 100.0 * (d + half))


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float] | None:
    """Return (z, two-sided p) of the pooled two-proportion z-test.

    The sign of z is that of x2/n2 − x1/n1: quarter 2 (the later one) minus quarter 1, so a
    positive z means the rate went up. None when either n is 0 or the pooled proportion is 0 or 1
    (zero variance under the null, e.g. both quarters at 100 %).
    """
    for x, n in ((x1, n1), (x2, n2)):
        if n < 0 or x < 0 or x > n:
            raise ValueError(f"need 0 <= x <= n, got x={x}, n={n}")
    if n1 == 0 or n2 == 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    if pooled * (1.0 - pooled) == 0.0:
        return None
    z = (x2 / n2 - x1 / n1) / math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return z, _two_sided_p(z)


def nps_change_test(
    prom1: int, det1: int, n1: int, prom2: int, det2: int, n2: int
) -> tuple[float, float, float] | None:
    """Return (Δ in NPS points, z, two-sided p) for NPS2 − NPS1.

    z = (Δ/100) / sqrt(var1/n1 + var2/n2) with var = pP + pD − (pP − pD)² of each quarter
    (proportions, methodology.md). None if an n is 0 or the denominator is 0.
    """
    for prom, det, n in ((prom1, det1, n1), (prom2, det2, n2)):
        if n < 0 or prom < 0 or det < 0 or prom + det > n:
            raise ValueError(f"need promoters + detractors <= n, got {prom}, {det}, n={n}")
    if n1 == 0 or n2 == 0:
        return None
    pp1, pd1 = prom1 / n1, det1 / n1
    pp2, pd2 = prom2 / n2, det2 / n2
    var1 = pp1 + pd1 - (pp1 - pd1) ** 2
    var2 = pp2 + pd2 - (pp2 - pd2) ** 2
    se2 = var1 / n1 + var2 / n2
    if se2 <= 0.0:
        return None
    diff = (pp2 - pd2) - (pp1 - pd1)
    z = diff / math.sqrt(se2)
    return 100.0 * diff, z, _two_sided_p(z)


def holm(pvalues: Sequence[float | None]) -> list[float | None]:
    """Return Holm-adjusted p-values; None (or NaN) entries pass through and are not in the family."""
    keep = [
        i for i, p in enumerate(pvalues) if p is not None and not math.isnan(float(p))
    ]
    out: list[float | None] = [None] * len(pvalues)
    if not keep:
        return out
    # Holm: sort ascending, multiply the k-th smallest by (m − k), carry the running maximum, cap at 1.
    ps = np.array([float(pvalues[i]) for i in keep])
    order = np.argsort(ps, kind="stable")
    m = len(ps)
    stepped = np.maximum.accumulate((m - np.arange(m)) * ps[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, stepped)
    for i, p in zip(keep, adjusted):
        out[i] = float(p)
    return out


def _exact(value: float | int) -> Fraction:
    # Integers (counts) are exact; a float is read as its shortest decimal repr, so 0.29 means
    # 29/100 and not the binary 0.28999999999999998 that would floor to the wrong unit.
    if isinstance(value, Integral):
        return Fraction(int(value))
    f = float(value)
    if not math.isfinite(f):
        raise ValueError(f"largest_remainder needs finite values, got {value!r}")
    return Fraction(repr(f))


def largest_remainder(
    values: Sequence[float], decimals: int = 1, total: float = 100.0
) -> list[float]:
    """Round a distribution to ``decimals`` places so the rounded values sum to exactly ``total``.

    ``values`` are counts or shares; they are first scaled to sum to ``total``. Hare /
    largest-remainder: floor each at ``decimals``, then give the remaining units one each to the
    largest remainders, ties to the earlier position. All zero (or empty) gives all zero.
    """
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    exact = [_exact(v) for v in values]
    if any(v < 0 for v in exact):
        raise ValueError("largest_remainder needs non-negative values")
    s = sum(exact, Fraction(0))
    if s == 0:
        return [0.0] * len(exact)
    unit = Fraction(1, 10**decimals)
    total_units = _exact(total) / unit
    if total_units.denominator != 1:
        raise ValueError(f"total {total} is not a whole number of units at {decimals} decimals")
    scaled = [v / s * total_units for v in exact]  # in units of 10**-decimals
    floors = [math.floor(v) for v in scaled]
    left = int(total_units) - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [float(Fraction(u) * unit) for u in floors]


def _floats(values: Iterable) -> np.ndarray:
    """A float array with None as NaN; arrays pass through without a Python loop."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return values.ravel()
    try:
        return np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return np.asarray([np.nan if v is None else v for v in values], dtype=float).ravel()


def _finite(values: Iterable) -> np.ndarray:
    arr = _floats(values)
    return arr[~np.isnan(arr)]


def percentile(values: Iterable[float], q: float) -> float | None:
    """Return the q-th percentile (q in 0..100) by numpy's default linear interpolation.

    Missing values (None/NaN) are left out; None when nothing is left.
    """
    arr = _finite(values)
    if arr.size == 0:
        return None
    return float(np.percentile(arr, q))


def pearson(x: Iterable[float], y: Iterable[float]) -> float | None:
    """Return Pearson's r over the pairs where both values are present.

    None with fewer than 3 complete pairs or when either variable is constant.
    """
    xa, ya = _floats(x), _floats(y)
    if xa.shape != ya.shape:
        raise ValueError(f"x and y differ in length: {xa.size} vs {ya.size}")
    ok = ~(np.isnan(xa) | np.isnan(ya))
    xa, ya = xa[ok], ya[ok]
    if xa.size < 3 or np.ptp(xa) == 0 or np.ptp(ya) == 0:
        return None
    dx, dy = xa - xa.mean(), ya - ya.mean()
    r = float(np.dot(dx, dy) / math.sqrt(np.dot(dx, dx) * np.dot(dy, dy)))
    return max(-1.0, min(1.0, r))
