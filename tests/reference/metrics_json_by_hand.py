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


def _comments(fig: Figures) -> dict:
    """Comment analytics, source by source, as the data contract's comments block reads."""
    c = fig.comments
    keys = ("texts", "sentiment", "topics", "unassigned_share", "topic_trend", "keywords", "overall_by_sentiment")
    out: dict = {k: {} for k in keys}
    if c is None:
        return {**out, "topic_dictionary": {}}
    for name, s in c.sources.items():
        out["texts"][name] = {"texts": s.texts, "rows": s.rows, "coverage": s.texts / s.rows if s.rows else None}
        out["sentiment"][name] = {lab: {"count": k, "share": k / s.texts if s.texts else None} for lab, k in s.sentiment.items()}
        out["sentiment"][name]["mean_score"] = s.mean_score
        out["topics"][name] = {}
        for t in s.topics:
            row = {"texts": t.texts, "share": t.texts / s.texts if s.texts else None, "sentiment": t.sentiment,
                   "negative_share": t.sentiment.get("negative", 0) / t.texts if t.texts else None}
            if name == "survey":
                row.update(overall_mean=t.overall_mean, overall_n=t.overall_n)
            out["topics"][name][t.code] = row
        un = s.unassigned.count
        out["unassigned_share"][name] = {"count": un, "n": s.texts, "value": un / s.texts if s.texts else None}
        out["topic_trend"][name] = {t.code: [{"period": p, "texts": k, "of": n, "share": k / n if n else None}
                                             for p, k, n in t.trend] for t in s.topics}
        out["keywords"][name] = [{"word": k.word, "texts": k.texts, "share": k.share, "earlier_share": k.earlier_share,
                                  "score": k.score, "new": k.new} for k in s.keywords]
        if name == "survey":
            out["overall_by_sentiment"][name] = {lab: {"mean": m, "n": n} for lab, (m, n) in s.overall_by_label.items()}
    out["topic_dictionary"] = {code: {"zh": zh, "en": en} for code, (zh, en) in c.topics.items()}
    return out


def metrics_dict(fig: Figures, config: Config) -> dict:
    """The metrics.json document for `fig`; keys are the data contract's, plus detail."""
    cur = _period(fig.current)
    cur["complaints"]["by_channel"] = {g: v.count for g, v in fig.breakdowns["channel"].items()}
    cur["complaints"]["by_category"] = {g: v.count for g, v in fig.breakdowns["category"].items()}
    c = fig.current.complaints
    cur["complaints"]["categories_derived"] = None if c.categories_derived is None else {
        "tickets": c.categories_derived, "no_topic": c.categories_none}
    cur["complaints"]["sla_by_severity"] = {
        g: {name: {"limit_minutes": s.limit_minutes, "required": s.required, "met": s.met, **_share(s.attainment)}
            for name, s in v.figures.sla.items()} for g, v in fig.breakdowns["severity"].items()}
    cur["complaints"]["overdue_open"] = fig.overdue_count
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
    qf, m = fig.quality, fig.measurement
    rel = cur["survey"]["reliability"] = _clean(cur["survey"]["reliability"])
    rel["omega_total"] = None if m is None else m.omega_total.value
    rel["omega_detail"] = None if m is None else {"n": m.n, "total": m.omega_total, "per_dimension": m.omega}
    rel["item_total"] = None if m is None else m.item_total
    cur["survey"]["quality"] = {"flags": None, "flagged": None, "detail": None, "without_flagged": None} if qf is None else {
        "flags": qf.flags, "flagged": qf.flagged,
        "detail": {"checked": qf.checked, "min_flags": qf.min_flags, "thresholds": qf.cut, "synonym_pairs": qf.synonym_pairs},
        "without_flagged": qf.unflagged}
    doc = {
        "schema_version": SCHEMA_VERSION,
        "period": fig.period,
        "period_days": {"first": fig.first_day, "last": fig.last_day},
        **cur,
        "comparisons": {"qoq": fig.changes["qoq"], "yoy": fig.changes["yoy"], "stores_qoq": fig.store_changes},
        "priority_matrix": fig.priority,
        "importance_performance": fig.ipa,
        "key_drivers": fig.key_drivers,
        "worsening_categories": fig.worsening,
        "trend": [_trend_row(p) for p in fig.trend],
        "data_quality": fig.data_quality,
        "sampling": {"strata": fig.strata, "representativeness": fig.representativeness,
                     "review_sample_size": fig.review_sample_size},
        "comments": _comments(fig),
        "flags": fig.flags,
        "actions": fig.actions,
        "inputs_absent": list(fig.absent),
        "source_files": fig.source_files,
        "settings": _settings(config),  # the settings in force: not figures, written alike
    }
    return _clean(doc)
