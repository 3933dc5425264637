"""`metrics.json`: every figure, machine-readable, in the contract's shape (null, never NaN)."""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass

from reportgen.config import Config, format_duration
from reportgen.figures import Figures, PeriodFigures
from reportgen.metrics.complaints import ComplaintFigures
from reportgen.metrics.results import Share
from reportgen.metrics.values import DURATIONS, RATES, SLAS, VALUES

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


def _slas(slas: dict) -> dict:
    return {name: {"limit_minutes": s.limit_minutes, "required": s.required, "met": s.met, **_share(s.attainment)}
            for name, s in slas.items()}


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
        "durations_n": cf.durations_n,
        "sla": _slas(cf.sla),
        "rates": {
            "resolution_rate": _share(cf.resolution),
            "first_contact_resolution_rate": _share(cf.first_contact_resolution),
            "repeat_rate": _share(cf.repeat),
            "handling_satisfaction_rate": _share(cf.handling_satisfaction),
        },
        "handling_satisfaction_by_closure_sla": {k: _share(v) for k, v in cf.handling_satisfaction_by_closure_sla.items()},
    })
    return out


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
        "complaints_by_category": p.categories,
        **({"sla_by_severity": {g: {k: v.attainment.value for k, v in slas.items()} for g, slas in p.severity_sla.items()}}
           if p.severity_sla else {}),
    }


def _nested(counts: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    """Counts keyed by two codes as JSON can hold them: first code -> second code -> count."""
    out: dict[str, dict[str, int]] = {}
    for (a, b), n in counts.items():
        out.setdefault(str(a), {})[str(b)] = n
    return out


def _sla_detail(f: Figures) -> dict:
    return {name: {"limit_minutes": s.limit_minutes, "required": s.required, "met": s.met, **_share(s.attainment)}
            for name, s in f.current.complaints.sla.items()}


def _breakdowns(groups_by: dict) -> dict:
    return {by: {g: {"count": v.count, "share": v.share, "insufficient": v.insufficient,
                     **{k: val for k, val in _complaints(v.figures).items() if k != "total"}}
                 for g, v in groups.items()}
            for by, groups in groups_by.items()}


# metrics.json in the data contract's order. A registered key is read from the figures where
# reportgen.metrics.values says (and reshaped where SHAPES says); a detail key (registry DETAIL_OF,
# or a group of registered figures written whole) has its reader in DETAILS; the rest is context
# (registry NOT_FIGURES).
SHAPES = {
    "complaints.handling_satisfaction_by_closure_sla": lambda shares: {k: _share(v) for k, v in shares.items()},
    "complaints.sla_by_severity": lambda groups: {g: _slas(slas) for g, slas in groups.items()},
    "complaints.breakdowns": _breakdowns,
    "complaints.by_category_channel": lambda counts: _nested(counts),
    "complaints.by_store_category": lambda counts: _nested(counts),
    "complaints.by_region_category": lambda counts: _nested(counts),
    "complaints.by_store_channel": lambda counts: _nested(counts),
    "complaints.by_region_channel": lambda counts: _nested(counts),
    "trend": lambda periods: [_trend_row(p) for p in periods],
}
DETAILS = {
    "complaints.sla": _sla_detail,
    "complaints.durations_n": lambda f: f.current.complaints.durations_n,
    "complaints.rates": lambda f: {k: _share(getattr(f.current.complaints, a)) for k, a in RATES.items()},
    "survey.csat_top2_detail": lambda f: _share(f.current.survey.csat_top2),
    "survey.nps_detail": lambda f: f.current.survey.nps,
    "survey.reliability": lambda f: _clean(f.current.survey.reliability),  # its registered figures and detail
    "survey.reliability.omega_detail": lambda f: None if f.measurement is None else {
        "n": f.measurement.n, "total": f.measurement.omega_total, "per_dimension": f.measurement.omega},
    "survey.breakdowns": lambda f: {by: groups for by, groups in f.survey_breakdowns.items() if groups},
    "service_quality_index.component_detail": lambda f: f.current.index.components,
    **{f"service_quality_index.{k}": (lambda a: lambda f: getattr(f.current.index, a))(a) for k, a in (
        ("base_score", "base_score"), ("veto", "veto"), ("bonus_points", "bonus_points"),
        ("bonus_applied", "bonus_applied"), ("needs_improvement_plan", "needs_improvement_plan"),
        ("missing_components", "missing"))},
    "events": lambda f: f.current.events,
    "period_days": lambda f: {"first": f.first_day, "last": f.last_day},
    "actions": lambda f: f.actions,
    "inputs_absent": lambda f: list(f.absent),
    "source_files": lambda f: f.source_files,
    "survey.quality.detail": lambda f: None if f.quality is None else {
        "checked": f.quality.checked, "min_flags": f.quality.min_flags, "thresholds": f.quality.cut,
        "synonym_pairs": f.quality.synonym_pairs},
    "comments.topic_dictionary": lambda f: {} if f.comments is None else
        {code: {"zh": zh, "en": en} for code, (zh, en) in f.comments.topics.items()},
}
ORDER = (
    "period_days",
    "complaints.total", "complaints.closed", *(f"complaints.{n}_sla_rate" for n in SLAS),
    *(f"complaints.{k}" for k in RATES), *(f"complaints.{d}" for d in DURATIONS), "complaints.compensation_total",
    "complaints.durations_n", "complaints.sla", "complaints.rates", "complaints.handling_satisfaction_by_closure_sla",
    "complaints.by_channel", "complaints.by_category", "complaints.categories_derived", "complaints.sla_by_severity", "complaints.overdue_open",
    "complaints.breakdowns",
    "complaints.by_category_channel", "complaints.by_store_category", "complaints.by_region_category",
    "complaints.by_store_channel", "complaints.by_region_channel",
    "survey.responses_total", "survey.responses_valid", "survey.excluded", "survey.csat_top2",
    "survey.csat_top2_detail", "survey.nps", "survey.nps_ci95", "survey.nps_detail", "survey.overall_counts",
    "survey.nps_counts", "survey.items", "survey.dimensions", "survey.reliability",
    "survey.reliability.omega_total", "survey.reliability.omega_detail", "survey.reliability.item_total",
    "survey.breakdowns",
    "survey.segment_dimensions", "survey.quality.flags", "survey.quality.flagged", "survey.quality.detail",
    "survey.quality.without_flagged",
    "service_quality_index.score", "service_quality_index.grade", "service_quality_index.components",
    "service_quality_index.component_detail", "service_quality_index.base_score", "service_quality_index.veto",
    "service_quality_index.bonus_points", "service_quality_index.bonus_applied",
    "service_quality_index.needs_improvement_plan", "service_quality_index.missing_components",
    "events", "comparisons.qoq", "comparisons.yoy", "comparisons.stores_qoq", "priority_matrix",
    "importance_performance", "key_drivers", "worsening_categories", "trend", "data_quality", "sampling.strata",
    "sampling.representativeness", "sampling.review_sample_size",
    "comments.texts", "comments.sentiment", "comments.topics", "comments.unassigned_share", "comments.topic_trend",
    "comments.keywords", "comments.overall_by_sentiment", "comments.topic_dictionary",
    "flags", "actions", "inputs_absent", "source_files",
)


def _value(key: str, fig: Figures):
    if key in DETAILS:
        return DETAILS[key](fig)
    value = VALUES[key](fig)
    return SHAPES[key](value) if key in SHAPES else value


def _settings(config: Config) -> dict:
    return {
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
    }


def metrics_dict(fig: Figures, config: Config) -> dict:
    """The metrics.json document for `fig`, generated from the registry in the contract's order."""
    doc: dict = {"schema_version": SCHEMA_VERSION, "period": fig.period}
    for key in ORDER:
        *parents, last = key.split(".")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = _value(key, fig)
    doc["settings"] = _settings(config)
    return _clean(doc)


def dumps(doc: dict) -> str:
    """Serialise deterministically (sorted keys would scramble the contract's order, so keep it)."""
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
