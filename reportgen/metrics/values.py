"""Where each registered figure is found in `Figures`: one reader per registry key.

`metrics.json` writes these figures (in the data contract's shape); a test reads every key
both ways and requires the same value, so an entry of the registry, its place in `Figures` and
its place in `metrics.json` cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SLAS = ("response", "solution", "closure")
DURATIONS = ("median_response_minutes", "p90_response_minutes", "median_solution_hours", "p90_solution_hours",
             "median_closure_hours", "p90_closure_hours")
RATES = {"resolution_rate": "resolution", "first_contact_resolution_rate": "first_contact_resolution",
         "repeat_rate": "repeat", "handling_satisfaction_rate": "handling_satisfaction"}


def _cf(f):
    return f.current.complaints


def _sf(f):
    return f.current.survey


def _attr(get: Callable, name: str) -> Callable:
    return lambda f: getattr(get(f), name)


VALUES: dict[str, Callable[[Any], Any]] = {
    "complaints.total": lambda f: _cf(f).total,
    "complaints.closed": lambda f: _cf(f).closed,
    **{f"complaints.{n}_sla_rate": (lambda n: lambda f: _cf(f).sla[n].attainment.value)(n) for n in SLAS},
    **{f"complaints.{key}": (lambda a: lambda f: getattr(_cf(f), a).value)(a) for key, a in RATES.items()},
    "complaints.handling_satisfaction_by_closure_sla": lambda f: _cf(f).handling_satisfaction_by_closure_sla,
    **{f"complaints.{d}": _attr(_cf, d) for d in DURATIONS},
    "complaints.compensation_total": lambda f: _cf(f).compensation_total,
    "complaints.by_channel": lambda f: {g: v.count for g, v in f.breakdowns["channel"].items()},
    "complaints.by_category": lambda f: {g: v.count for g, v in f.breakdowns["category"].items()},
    "complaints.categories_derived": lambda f: None if _cf(f).categories_derived is None else {
        "tickets": _cf(f).categories_derived, "no_topic": _cf(f).categories_none},
    "complaints.sla_by_severity": lambda f: {g: v.figures.sla for g, v in f.breakdowns["severity"].items()},
    "complaints.overdue_open": lambda f: f.overdue_count,
    "complaints.breakdowns": lambda f: {by: groups for by, groups in f.breakdowns.items() if groups},
    "complaints.by_category_channel": lambda f: f.ticket_counts["category+channel"],
    "complaints.by_store_category": lambda f: f.ticket_counts["store+category"],
    "complaints.by_region_category": lambda f: f.ticket_counts["region+category"],
    "complaints.by_store_channel": lambda f: f.ticket_counts["store+channel"],
    "complaints.by_region_channel": lambda f: f.ticket_counts["region+channel"],
    "survey.responses_total": lambda f: _sf(f).responses_total,
    "survey.excluded": lambda f: _sf(f).excluded,
    "survey.responses_valid": lambda f: _sf(f).responses_valid,
    "survey.csat_top2": lambda f: _sf(f).csat_top2.value,
    "survey.nps": lambda f: _sf(f).nps.score,
    "survey.nps_ci95": lambda f: _sf(f).nps.ci95,
    "survey.overall_counts": lambda f: _sf(f).overall_counts,
    "survey.nps_counts": lambda f: _sf(f).nps_counts,
    "survey.items": lambda f: _sf(f).items,
    "survey.dimensions": lambda f: _sf(f).dimensions,
    "survey.segment_dimensions": lambda f: f.segment_dimensions,
    "survey.reliability.cronbach_alpha": lambda f: _sf(f).reliability.cronbach_alpha,
    "survey.reliability.kmo": lambda f: _sf(f).reliability.kmo,
    "survey.reliability.bartlett_chi2": lambda f: _sf(f).reliability.bartlett_chi2,
    "service_quality_index.components": lambda f: {k: c.score for k, c in f.current.index.components.items()},
    "service_quality_index.score": lambda f: f.current.index.score,
    "service_quality_index.grade": lambda f: f.current.index.grade,
    "comparisons.qoq": lambda f: f.changes["qoq"],
    "comparisons.yoy": lambda f: f.changes["yoy"],
    "comparisons.stores_qoq": lambda f: f.store_changes,
    "priority_matrix": lambda f: f.priority,
    "importance_performance": lambda f: f.ipa,
    "worsening_categories": lambda f: f.worsening,
    "trend": lambda f: f.trend,
    "data_quality": lambda f: f.data_quality,
    "sampling.strata": lambda f: f.strata,
    "sampling.representativeness": lambda f: f.representativeness,
    "sampling.review_sample_size": lambda f: f.review_sample_size,
    "flags": lambda f: f.flags,
    "survey.reliability.omega_total": lambda f: None if f.measurement is None else f.measurement.omega_total.value,
    "survey.reliability.item_total": lambda f: None if f.measurement is None else f.measurement.item_total,
    "key_drivers": lambda f: f.key_drivers,
    "survey.quality.flags": lambda f: None if f.quality is None else f.quality.flags,
    "survey.quality.flagged": lambda f: None if f.quality is None else f.quality.flagged,
    "survey.quality.without_flagged": lambda f: None if f.quality is None else f.quality.unflagged,
    **{f"comments.{k}": (lambda k: lambda f: _texts(f, k))(k) for k in (
        "texts", "sentiment", "topics", "unassigned_share", "topic_trend", "keywords", "overall_by_sentiment")},
}


def _texts(f, key: str):
    """A comment figure per source ({} when comment analytics is off)."""
    c = f.comments
    if c is None:
        return {}
    out = {}
    for name, s in c.sources.items():
        if key == "texts":
            out[name] = {"texts": s.texts, "rows": s.rows, "coverage": s.coverage.value}
        elif key == "sentiment":
            out[name] = {**{lab: {"count": k, "share": k / s.texts if s.texts else None} for lab, k in s.sentiment.items()},
                         "mean_score": s.mean_score}
        elif key == "topics":
            out[name] = {t.code: {"texts": t.texts, "share": t.share.value, "sentiment": t.sentiment,
                                  "negative_share": t.negative.value,
                                  **({"overall_mean": t.overall_mean, "overall_n": t.overall_n}
                                     if name == "survey" else {})} for t in s.topics}
        elif key == "unassigned_share":
            out[name] = {"count": s.unassigned.count, "n": s.unassigned.n, "value": s.unassigned.value}
        elif key == "topic_trend":
            out[name] = {t.code: [{"period": p, "texts": k, "of": n, "share": k / n if n else None} for p, k, n in t.trend]
                         for t in s.topics}
        elif key == "keywords":
            out[name] = [{"word": k.word, "texts": k.texts, "share": k.share, "earlier_share": k.earlier_share,
                          "score": k.score, "new": k.new} for k in s.keywords]
        elif key == "overall_by_sentiment" and name == "survey":
            out[name] = {lab: {"mean": m, "n": n} for lab, (m, n) in s.overall_by_label.items()}
    return out
# Written to metrics.json in another shape than the figure object's (a row per group or quarter).
RESHAPED = ("complaints.breakdowns", "complaints.sla_by_severity", "complaints.by_category_channel", "complaints.by_store_category",
            "complaints.by_region_category", "complaints.by_store_channel", "complaints.by_region_channel", "trend")
