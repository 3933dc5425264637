"""The Service Quality Index (服务质量综合指数): weighted components, events, grade."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.config import INDEX_COMPONENTS, IndexConfig

from reportgen.metrics.registry import INDEX_PLAN

# (lower bound, code), best first; a score below every bound is "failing". The documents word
# the codes (locales: values.grade): 优秀 Excellent, 良好 Good, 合格 Adequate, 待改进, 不合格.
GRADES = ((90.0, "excellent"), (80.0, "good"), (70.0, "adequate"), (60.0, "needs_improvement"))
FAILING = "failing"


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
    grade: str | None  # a code of GRADES, or FAILING
    components: dict[str, Component]
    veto: bool
    bonus_points: float
    bonus_applied: float
    needs_improvement_plan: bool | None
    missing: tuple[str, ...]  # weighted components that could not be computed


def grade(score: float) -> str:
    for bound, code in GRADES:
        if score >= bound:
            return code
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
        return IndexResult(None, None, None, components, veto, bonus, 0.0, None, missing)
    else:
        applied = min(bonus, config.bonus_cap * base)
        score = min(100.0, base + applied)
    return IndexResult(score, base, grade(score), components, veto, bonus, applied,
                       not INDEX_PLAN.met(score), missing)
