"""Typed, frozen results shared by the figure modules."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.metrics.stats import wilson_ci


@dataclass(frozen=True)
class Share:
    """A rate: `count` of `n`, its value (None when n is 0) and 95 % Wilson interval."""

    count: int
    n: int
    value: float | None
    ci95: tuple[float, float] | None

    @classmethod
    def of(cls, count, n) -> "Share":
        count, n = int(count), int(n)
        return cls(count, n, count / n if n else None, wilson_ci(count, n))


@dataclass(frozen=True)
class Nps:
    """Net Promoter Score in points (−100…100) with its adjusted-Wald interval."""

    score: float | None
    promoters: int
    passives: int
    detractors: int
    n: int
    ci95: tuple[float, float] | None
