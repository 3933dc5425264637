"""The hand-mapped metrics.json writer that the registry-driven one (reportgen.metrics_json) replaced,
kept as the reference it is checked against byte for byte (tests/test_registry.py)."""

from __future__ import annotations

from reportgen.config import Config
from reportgen.figures import Figures, PeriodFigures
# The helpers the two writers share (value cleaning, a share's fields, a group's rates, a trend
# row): what differs, and is checked, is which figure goes where.
from reportgen.metrics_json import SCHEMA_VERSION, _clean, _complaints, _nested, _settings, _share, _trend_row, dumps  # noqa: F401


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
    for name in ("region+category", "store+channel", "region+channel"):
        cur["complaints"]["by_" + name.replace("+", "_")] = _nested(fig.ticket_counts[name])
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
        "settings": _settings(config),  # the settings in force: not figures, written alike
    }
    return _clean(doc)
