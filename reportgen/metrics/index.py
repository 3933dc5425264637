"""The Service Quality Index (服务质量综合指数): weighted components, events, grade."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.config import INDEX_COMPONENTS, IndexConfig

# (lower bound, zh-CN, en), best first; a score below every bound is 不合格 / Failing.
GRADES = ((90.0, "优秀", "Excellent"), (80.0, "良好", "Good"), (70.0, "合格", "Adequate"),
          (60.0, "待改进", "Needs improvement"))
FAILING = ("不合格", "Failing")
IMPROVEMENT_PLAN_BELOW = 90.0


@dataclass(frozen=True)
class Component:
    value: float | None  # the source figure as a fraction
    target: float
    weight: float
    score: float | None  # min(100, 100 × value / target)


@dataclass(frozen=True)
class IndexResult:
    score: float | None  # after events, capped at 100
    base_score: float | None  # Σ weight × component score / Σ weight
    grade: str | None  # zh-CN label
    grade_en: str | None
    components: dict[str, Component]
    veto: bool
    bonus_points: float
    bonus_applied: float
    needs_improvement_plan: bool | None
    missing: tuple[str, ...]  # weighted components that could not be computed


def grade(score: float) -> tuple[str, str]:
    for bound, zh, en in GRADES:
        if score >= bound:
            return zh, en
    return FAILING


def service_quality_index(values: dict[str, float | None], events: pd.DataFrame | None,
                          config: IndexConfig) -> IndexResult:
    """Combine the component values (fractions) and the period's events into the index.

    A component with a positive weight but no value makes the index uncomputable (None): the
    weights are fixed by the method, so they are never silently re-spread. Set a weight to 0
    to leave a component out on purpose.
    """
    weights = config.weights.model_dump()
    targets = config.targets.model_dump()
    components = {}
    for name in INDEX_COMPONENTS:
        v = values.get(name)
        score = None if v is None else min(100.0, 100.0 * v / targets[name])
        components[name] = Component(v, targets[name], weights[name], score)
    missing = tuple(n for n, c in components.items() if c.weight > 0 and c.score is None)
    veto = bool(events is not None and (events["type"] == "veto").any())
    bonus = float(events.loc[events["type"] == "bonus", "points"].sum()) if events is not None else 0.0
    base = None
    if not missing:
        total_weight = sum(c.weight for c in components.values())
        base = sum(c.weight * c.score for c in components.values() if c.weight > 0) / total_weight
    if veto:  # a veto decides the score whatever the components are
        score, applied = 0.0, 0.0
    elif base is None:
        return IndexResult(None, None, None, None, components, veto, bonus, 0.0, None, missing)
    else:
        applied = min(bonus, config.bonus_cap * base)
        score = min(100.0, base + applied)
    zh, en = grade(score)
    return IndexResult(score, base, zh, en, components, veto, bonus, applied,
                       score < IMPROVEMENT_PLAN_BELOW, missing)
