"""The hand-mapped metrics.json writer that the registry-driven one (reportgen.metrics_json) replaced,
kept as the reference it is checked against byte for byte (tests/test_registry.py)."""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass

from reportgen.config import Config, format_duration
from reportgen.figures import Figures, PeriodFigures
from reportgen.metrics.complaints import ComplaintFigures
from reportgen.metrics.results import Share

SCHEMA_VERSION = 1


def _clean(value):
    """Plain JSON values: dataclasses to dicts, tuples to lists, NaN and ±inf to null."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _clean(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # a numpy scalar that slipped through
        return _clean(value.item())
    return value


def _share(s: Share) -> dict:
    return {"value": s.value, "count": s.count, "n": s.n, "ci95": s.ci95}


def _complaints(cf: ComplaintFigures) -> dict:
    out = {"total": cf.total, "closed": cf.closed}
    for name, sla in cf.sla.items():
        out[f"{name}_sla_rate"] = sla.attainment.value
    out.update({
        "resolution_rate": cf.resolution.value,
        "first_contact_resolution_rate": cf.first_contact_resolution.value,
        "repeat_rate": cf.repeat.value,
        "handling_satisfaction_rate": cf.handling_satisfaction.value,
        "median_response_minutes": cf.median_response_minutes,
        "p90_response_minutes": cf.p90_response_minutes,
        "median_solution_hours": cf.median_solution_hours,
        "p90_solution_hours": cf.p90_solution_hours,
        "median_closure_hours": cf.median_closure_hours,
        "p90_closure_hours": cf.p90_closure_hours,
        "compensation_total": cf.compensation_total,
        "sla": {name: {"limit_minutes": s.limit_minutes, "required": s.required, "met": s.met,
                       **_share(s.attainment)} for name, s in cf.sla.items()},
        "rates": {
            "resolution_rate": _share(cf.resolution),
            "first_contact_resolution_rate": _share(cf.first_contact_resolution),
            "repeat_rate": _share(cf.repeat),
            "handling_satisfaction_rate": _share(cf.handling_satisfaction),
        },
        "handling_satisfaction_by_closure_sla": {k: _share(v) for k, v in cf.handling_satisfaction_by_closure_sla.items()},
    })
    return out


def _period(p: PeriodFigures) -> dict:
    sf = p.survey
    return {
        "complaints": _complaints(p.complaints),
        "survey": {
            "responses_total": sf.responses_total,
            "responses_valid": sf.responses_valid,
            "excluded": sf.excluded,
            "csat_top2": sf.csat_top2.value,
            "csat_top2_detail": _share(sf.csat_top2),
            "nps": sf.nps.score,
            "nps_ci95": sf.nps.ci95,
            "nps_detail": sf.nps,
            "overall_counts": sf.overall_counts,
            "nps_counts": sf.nps_counts,
            "items": sf.items,
            "dimensions": sf.dimensions,
            "reliability": sf.reliability,
        },
        "service_quality_index": {
            "score": p.index.score,
            "grade": p.index.grade,
            "components": {k: c.score for k, c in p.index.components.items()},
            "component_detail": p.index.components,
            "base_score": p.index.base_score,
            "veto": p.index.veto,
            "bonus_points": p.index.bonus_points,
            "bonus_applied": p.index.bonus_applied,
            "needs_improvement_plan": p.index.needs_improvement_plan,
            "missing_components": p.index.missing,
        },
        "events": p.events,
    }


def _trend_row(p: PeriodFigures) -> dict:
    c, s = p.complaints, p.survey
    return {
        "period": p.period, "complaints_total": c.total,
        **{f"{k}_sla_rate": v.attainment.value for k, v in c.sla.items()},
        "resolution_rate": c.resolution.value, "first_contact_resolution_rate": c.first_contact_resolution.value,
        "repeat_rate": c.repeat.value, "handling_satisfaction_rate": c.handling_satisfaction.value,
        "responses_valid": s.responses_valid, "csat_top2": s.csat_top2.value, "nps": s.nps.score,
        "dimensions": {d: v.score100 for d, v in s.dimensions.items()},
        "service_quality_index": p.index.score,
    }


def _nested(counts: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    """Counts keyed by two codes as JSON can hold them: first code -> second code -> count."""
    out: dict[str, dict[str, int]] = {}
    for (a, b), n in counts.items():
        out.setdefault(str(a), {})[str(b)] = n
    return out


def metrics_dict(fig: Figures, config: Config) -> dict:
    """The metrics.json document for `fig`; keys are the data contract's, plus detail."""
    cur = _period(fig.current)
    cur["complaints"]["by_channel"] = {g: v.count for g, v in fig.breakdowns["channel"].items()}
    cur["complaints"]["by_category"] = {g: v.count for g, v in fig.breakdowns["category"].items()}
    cur["complaints"]["breakdowns"] = {
        by: {g: {"count": v.count, "share": v.share, "insufficient": v.insufficient,
                 **{k: val for k, val in _complaints(v.figures).items() if k != "total"}}
             for g, v in groups.items()}
        for by, groups in fig.breakdowns.items() if groups}
    cur["survey"]["breakdowns"] = {by: groups for by, groups in fig.survey_breakdowns.items() if groups}
    cur["complaints"]["by_category_channel"] = _nested(fig.ticket_counts["category+channel"])
    cur["complaints"]["by_store_category"] = _nested(fig.ticket_counts["store+category"])
    cur["survey"]["segment_dimensions"] = fig.segment_dimensions
    doc = {
        "schema_version": SCHEMA_VERSION,
        "period": fig.period,
        "period_days": {"first": fig.first_day, "last": fig.last_day},
        **cur,
        "comparisons": {"qoq": fig.changes["qoq"], "yoy": fig.changes["yoy"], "stores_qoq": fig.store_changes},
        "priority_matrix": fig.priority,
        "importance_performance": fig.ipa,
        "worsening_categories": fig.worsening,
        "trend": [_trend_row(p) for p in fig.trend],
        "data_quality": fig.data_quality,
        "sampling": {"strata": fig.strata, "representativeness": fig.representativeness,
                     "review_sample_size": fig.review_sample_size},
        "flags": fig.flags,
        "actions": fig.actions,
        "inputs_absent": list(fig.absent),
        "source_files": fig.source_files,
        "settings": {
            "timezone": config.timezone,
            "sla": {name: {"limit": format_duration(getattr(config.sla, name).limit),
                           "required": getattr(config.sla, name).required}
                    for name in ("response", "solution", "closure")} | {"preset": config.sla.preset,
                                                                          "clock": config.sla.clock},
            "index": config.index.model_dump(),
            "cleaning": config.cleaning.model_dump(),
            "min_cell": config.min_cell,
            "sampling": config.sampling.model_dump(),
            "repeat_window_days": config.repeat_window_days,
        },
    }
    return _clean(doc)


def dumps(doc: dict) -> str:
    """Serialise deterministically (sorted keys would scramble the contract's order, so keep it)."""
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
