"""The flags a reader must not miss: failed commitments, a low index, declines, low reliability,
a sample unlike its population.

Each kind of flag is its own type, so the documents word it by type and `metrics.json` carries
its code and values (the fields in this order).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.metrics.registry import ALPHA_OK, COMPARED, SIGNIFICANCE


@dataclass(frozen=True, kw_only=True)
class Flag:
    code: str
    severity: str = "warning"  # critical | warning | info


@dataclass(frozen=True, kw_only=True)
class VetoEvent(Flag):
    code: str = "veto_event"
    severity: str = "critical"


@dataclass(frozen=True, kw_only=True)
class IndexBelowPlan(Flag):
    code: str = "index_below_90"  # the code predates the configurable line; kept for readers of metrics.json
    score: float


@dataclass(frozen=True, kw_only=True)
class SlaNotMet(Flag):
    code: str = "sla_not_met"
    sla: str
    attainment: float | None
    required: float


@dataclass(frozen=True, kw_only=True)
class SignificantDecline(Flag):
    code: str = "significant_decline"
    figure: str  # a key of Figures.changes
    delta: float
    p: float | None


@dataclass(frozen=True, kw_only=True)
class WorseningCategory(Flag):
    code: str = "worsening_category"
    category: str
    counts: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class LowReliability(Flag):
    code: str = "low_reliability"
    severity: str = "info"
    cronbach_alpha: float


@dataclass(frozen=True, kw_only=True)
class UnrepresentativeSample(Flag):
    """The sample's make-up differs significantly from the population's: CSAT and NPS, computed
    over the responses as they came, lean towards the over-represented groups."""

    code: str = "unrepresentative_sample"
    variable: str  # segment | channel | product_line | store
    p: float
    over: str  # the group most over-represented (sample share − population share largest)
    under: str  # and the most under-represented


def flags_of(fig) -> tuple[Flag, ...]:
    """The flags of a quarter's `Figures`, most serious kind first."""
    flags: list[Flag] = []
    idx = fig.current.index
    if idx.veto:
        flags.append(VetoEvent())
    if idx.needs_improvement_plan:
        flags.append(IndexBelowPlan(score=idx.score))
    for name, sla in fig.current.complaints.sla.items():
        if sla.met is False:
            flags.append(SlaNotMet(sla=name, attainment=sla.attainment.value, required=sla.required))
    for name, change in fig.changes["qoq"].items():
        if COMPARED[name].verdict(change) == "worse":
            flags.append(SignificantDecline(figure=name, delta=change.delta, p=change.p))
    for t in fig.worsening:
        flags.append(WorseningCategory(category=t.category, counts=tuple(t.counts)))
    alpha = fig.current.survey.reliability.cronbach_alpha
    if ALPHA_OK.met(alpha) is False:
        flags.append(LowReliability(cronbach_alpha=alpha))
    for check in fig.representativeness:
        if check.p is not None and check.p < SIGNIFICANCE.value and check.rows:
            ordered = sorted(check.rows, key=lambda r: r.difference)
            flags.append(UnrepresentativeSample(variable=check.variable, p=check.p, over=ordered[-1].value,
                                                under=ordered[0].value))
    return tuple(flags)
