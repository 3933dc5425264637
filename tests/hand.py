"""The formulas of tests/data/EXPECTED.md, written out, so that expected values in the tests are
expressions of the hand-counted numbers (x of n, promoters and detractors) rather than digits
copied from a run. Independent of reportgen's own code."""

from __future__ import annotations

import math
from statistics import NormalDist

Z = NormalDist().inv_cdf(0.975)  # 1.959963984540054


def wilson(x: int, n: int) -> list[float]:
    """Wilson 95 % interval: centre (p̂ + z²/2n)/(1 + z²/n), half z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n)."""
    p = x / n
    d = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / d
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return [centre - half, centre + half]


def pooled_z(x1: int, n1: int, x2: int, n2: int) -> float:
    """z = (x₂/n₂ − x₁/n₁) / √(p(1 − p)(1/n₁ + 1/n₂)), p = (x₁ + x₂)/(n₁ + n₂)."""
    p = (x1 + x2) / (n1 + n2)
    return (x2 / n2 - x1 / n1) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))


def two_sided(z: float) -> float:
    return 2 * (1 - NormalDist().cdf(abs(z)))


def nps_z(p1: int, d1: int, n1: int, p2: int, d2: int, n2: int) -> float:
    """z = Δ / √(var₁/n₁ + var₂/n₂), var = pP + pD − (pP − pD)²."""
    def var(p, d, n):
        return p / n + d / n - (p / n - d / n) ** 2
    delta = (p2 - d2) / n2 - (p1 - d1) / n1
    return delta / math.sqrt(var(p1, d1, n1) / n1 + var(p2, d2, n2) / n2)


def nps_interval(promoters: int, detractors: int, n: int) -> list[float]:
    """Adjusted Wald: n' = n + 3, pP' = (P + 0.75)/n', pD' = (D + 0.75)/n', 100 × (d ± 1.96 √((pP' + pD' − d²)/n'))."""
    m = n + 3
    pp, pd = (promoters + 0.75) / m, (detractors + 0.75) / m
    d = pp - pd
    half = 1.96 * math.sqrt((pp + pd - d * d) / m)
    return [100 * (d - half), 100 * (d + half)]


def sd(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def holm(*p: float) -> list[float]:
    """Holm's step-down adjustment, in the given order."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0.0] * len(p), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        out[i] = running
    return out
