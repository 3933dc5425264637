"""Survey figures (methodology.md, "Survey"): cleaning counts, CSAT, NPS, items, dimensions, from the
counts of engine/queries/survey_groups.sql and item_moments.sql."""

from __future__ import annotations

from dataclasses import dataclass

import math
from fractions import Fraction

from reportgen.rules import EXCLUSION_RULES
from reportgen.metrics.moments import reliability_of_moments
from reportgen.metrics.reliability import Reliability
from reportgen.metrics.results import Nps, Share
from reportgen.metrics.stats import nps_ci95
from reportgen.questionnaire import Questionnaire, levels_of


@dataclass(frozen=True)
class ItemStats:
    n: int
    mean: float | None
    sd: float | None  # sample standard deviation (ddof = 1)
    counts: dict[int, int]  # each answer of the scale (none for a slider)


@dataclass(frozen=True)
class DimensionStats:
    mean: float | None
    score100: float | None  # (mean − min) / (max − min) × 100
    n: int  # valid responses that answered at least one of the dimension's items


@dataclass(frozen=True)
class SurveyFigures:
    responses_total: int
    responses_valid: int
    excluded: dict[str, int]
    csat_top2: Share
    nps: Nps
    overall_counts: dict[int, int]
    nps_counts: dict[int, int]
    items: dict[str, ItemStats]
    dimensions: dict[str, DimensionStats]
    reliability: Reliability


def nps_of(counts: dict[int, int]) -> Nps:
    """NPS from the number of answers 0–10."""
    n = sum(counts.values())
    promoters = counts.get(9, 0) + counts.get(10, 0)
    detractors = sum(counts.get(v, 0) for v in range(0, 7))
    score = 100.0 * (promoters - detractors) / n if n else None
    return Nps(score, promoters, n - promoters - detractors, detractors, n, nps_ci95(promoters, detractors, n))


def item_stats(counts: dict[int, int], sums: tuple[int, int, int] | None = None) -> ItemStats:
    """Mean and sample standard deviation from the answers' count, sum and sum of squares (or
    from the counts of each answer), exactly, then rounded once."""
    if sums is None:
        sums = (sum(counts.values()), sum(v * c for v, c in counts.items()), sum(v * v * c for v, c in counts.items()))
    n, total, squares = sums
    sd = math.sqrt(Fraction(n * squares - total * total, n * (n - 1))) if n > 1 else None
    return ItemStats(n, total / n if n else None, sd, dict(counts))


def score100(mean: float | None, scale: tuple[int, int] = (1, 5)) -> float | None:
    """A mean answer on the 0–100 scale: (mean − min) / (max − min) × 100."""
    lo, hi = scale
    return None if mean is None else (mean - lo) / (hi - lo) * 100


def dimension_stats(row: dict, dim: str, scale: int, answers: tuple[int, int] = (1, 5),
                    unit: int | None = None) -> DimensionStats:
    """A dimension's mean over responses of each response's mean item score (see responses.sql):
    the sums are of each answer's place on its item's scale in units of 1/`unit` of the range;
    the mean is given on the questionnaire's scale `answers` (the items' own if they share it)."""
    lo, hi = answers
    unit = unit or hi - lo
    n = int(row.get(f"dim_n_{dim}") or 0)
    if not n:
        return DimensionStats(None, None, 0)
    place = Fraction(int(row[f"dim_sum_{dim}"]), n * scale * unit)  # 0 … 1 of the range
    return DimensionStats(float(lo + place * (hi - lo)), float(place * 100), n)


def _answers(row: dict, prefix: str, lo: int, hi: int) -> dict[int, int]:
    return {v: int(row.get(f"{prefix}{v}") or 0) for v in range(lo, hi + 1)}


def survey_figures(row: dict | None, moments: dict | None, questionnaire: Questionnaire, scale: int) -> SurveyFigures:
    """The survey figures of one period, from its `survey_groups` row and `item_moments` row."""
    row = row or {}
    levels = questionnaire.levels
    overall = _answers(row, "overall_", levels[0], levels[-1]) if levels else {}

    def item(name: str) -> ItemStats:
        own = levels_of(questionnaire.item_scales[name])
        counts = _answers(row, f"item_{name}_", own[0], own[-1]) if own else {}
        sums = tuple(int(row.get(f"item_{name}_{part}") or 0) for part in ("n", "sum", "sq"))
        return item_stats(counts, sums)

    return SurveyFigures(
        responses_total=int(row.get("responses_total") or 0),
        responses_valid=int(row.get("valid") or 0),
        # the five rules, then any response-quality flag that quality.exclude made a rule
        excluded={**{rule: int(row.get(f"excluded_{rule}") or 0) for rule in EXCLUSION_RULES},
                  **{k.removeprefix("excluded_"): int(v or 0) for k, v in row.items()
                     if k.startswith("excluded_") and k.removeprefix("excluded_") not in EXCLUSION_RULES}},
        csat_top2=Share.of(int(row.get("csat_k") or 0), int(row.get("csat_n") or 0)),
        nps=nps_of(_answers(row, "nps_", 0, 10)),
        overall_counts=overall,
        nps_counts=_answers(row, "nps_", 0, 10),
        items={name: item(name) for name in questionnaire.item_ids},
        dimensions={dim: dimension_stats(row, dim, scale, questionnaire.scale, questionnaire.unit)
                    for dim in questionnaire.dimensions},
        reliability=reliability_of_moments(moments, questionnaire.item_ids,
                                           {d: questionnaire.dimension_items(d) for d in questionnaire.dimensions}),
    )
