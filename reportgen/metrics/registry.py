"""The registry of metric definitions: one entry per figure in `metrics.json`.

Entries (reportgen/metrics/definitions.py) and their readers (reportgen/metrics/values.py)
generate `metrics.json`, the definitions appendix and the evidence index; `COMPARISONS` and the
thresholds here drive the comparison tables, flags, tones and verdicts. A test checks that each
entry has a hand-computed test and appears in the output. `{placeholders}` in a definition are
filled from the configuration in force (see `describe`).
"""

from __future__ import annotations

import math

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportgen.config import Config
from reportgen.i18n import texts
from reportgen.metrics.comment_definitions import COMMENT_METRICS
from reportgen.metrics.definitions import METRICS as _METRICS, MetricDef, Threshold  # noqa: F401 (the registry's entries)

from reportgen.metrics.sla_definitions import SLA_METRICS

_AT = next(i for i, m in enumerate(_METRICS) if m.key == "complaints.breakdowns")
METRICS: tuple[MetricDef, ...] = (*_METRICS[:_AT], *SLA_METRICS, *_METRICS[_AT:], *COMMENT_METRICS)
from reportgen.metrics.values import VALUES
from reportgen.text.sentiment import NEUTRAL_BAND


BY_KEY = {m.key: m for m in METRICS}


def value_of(key: str, figures) -> Any:
    """A registered figure's value, read from `Figures` where reportgen.metrics.values says it is."""
    return VALUES[key](figures)


def threshold(key: str) -> Threshold:
    """The threshold of a registered figure (a KeyError or None is a registry defect)."""
    found = BY_KEY[key].threshold
    assert found is not None, f"{key} has no threshold"
    return found


ALPHA_OK = threshold("survey.reliability.cronbach_alpha")
OMEGA_OK = threshold("survey.reliability.omega_total")
ITEM_TOTAL_OK = threshold("survey.reliability.item_total")
KMO_OK = threshold("survey.reliability.kmo")
BARTLETT = threshold("survey.reliability.bartlett_chi2")  # on the test's p-value
INDEX_PLAN = threshold("service_quality_index.score")  # below it the index calls for an improvement plan
SIGNIFICANCE = threshold("comparisons.qoq")  # on a test's p-value
THRESHOLD_PLACEHOLDERS = {"alpha_ok": "survey.reliability.cronbach_alpha", "kmo_ok": "survey.reliability.kmo",
                          "omega_ok": "survey.reliability.omega_total", "item_total_ok": "survey.reliability.item_total",
                          "bartlett_p": "survey.reliability.bartlett_chi2",
                          "index_plan_below": "service_quality_index.score", "significance": "comparisons.qoq"}


@dataclass(frozen=True)
class Compared:
    """A figure compared with the previous quarter and a year ago (a key of `Figures.changes`).

    `test` names the comparison: "rate" (two-proportion z-test on a `Share`), "nps" (the NPS
    z-test on an `Nps`) or "none" (a count or a score, shown without a test). Which direction is
    better comes from the figure's registry entry.
    """

    name: str
    key: str  # the registry entry
    test: str
    value: Callable[[Any], Any]  # PeriodFigures -> Share | Nps | number

    @property
    def higher_is_better(self) -> bool | None:
        return BY_KEY[self.key].higher_is_better

    def number(self, period) -> float | None:
        """The compared value as a plain number (a share's value, an NPS score)."""
        v = self.value(period)
        return v.value if self.test == "rate" else v.score if self.test == "nps" else v

    def verdict(self, change) -> str | None:
        """"better" or "worse" for a significant change of a figure with a direction, else None."""
        if not change.significant or change.delta is None or self.higher_is_better is None:
            return None
        return "better" if (change.delta > 0) == self.higher_is_better else "worse"


def _sla(name: str) -> Callable[[Any], Any]:
    return lambda p: p.complaints.sla[name].attainment


COMPARISONS: tuple[Compared, ...] = (
    *(Compared(f"{n}_sla_rate", f"complaints.{n}_sla_rate", "rate", _sla(n)) for n in ("response", "solution", "closure")),
    Compared("resolution_rate", "complaints.resolution_rate", "rate", lambda p: p.complaints.resolution),
    Compared("first_contact_resolution_rate", "complaints.first_contact_resolution_rate", "rate",
             lambda p: p.complaints.first_contact_resolution),
    Compared("repeat_rate", "complaints.repeat_rate", "rate", lambda p: p.complaints.repeat),
    Compared("handling_satisfaction_rate", "complaints.handling_satisfaction_rate", "rate",
             lambda p: p.complaints.handling_satisfaction),
    Compared("csat_top2", "survey.csat_top2", "rate", lambda p: p.survey.csat_top2),
    Compared("nps", "survey.nps", "nps", lambda p: p.survey.nps),
    Compared("complaints_total", "complaints.total", "none", lambda p: p.complaints.total),
    Compared("service_quality_index", "service_quality_index.score", "none", lambda p: p.index.score),
)
COMPARED = {c.name: c for c in COMPARISONS}

# The engine queries (reportgen/engine/queries/<name>.sql) whose counts each figure is computed
# from, the cleaning queries `tickets` and `responses` aside; keyed by the figure's key or the
# first part of it. Figures computed from other figures (index, comparisons, trend, flags) and
# from the validation's findings (data_quality) name the queries of the figures they use.
QUERIES: dict[str, tuple[str, ...]] = {
    "complaints": ("complaint_groups",),
    **{f"complaints.{k}": ("complaint_durations",) for k in (
        "median_response_minutes", "p90_response_minutes", "median_solution_hours", "p90_solution_hours",
        "median_closure_hours", "p90_closure_hours")},
    "survey": ("survey_groups",),
    "survey.reliability": ("item_moments",),
    "service_quality_index": ("complaint_groups", "survey_groups"),
    "comparisons": ("complaint_groups", "survey_groups"),
    "priority_matrix": ("complaint_groups",),
    "importance_performance": ("driver_moments", "survey_groups"),
    "worsening_categories": ("complaint_groups",),
    "trend": ("complaint_groups", "survey_groups", "item_moments"),
    "data_quality": ("early_timestamps",),
    "sampling": ("survey_groups",),
    "flags": ("complaint_groups", "survey_groups", "item_moments"),
    "comments": ("comments",),
    "survey.quality": ("quality_responses",),
    "survey.reliability.omega_total": ("quality_responses",),
    "survey.reliability.item_total": ("quality_responses",),
    "key_drivers": ("quality_responses",),
}


def queries_of(key: str) -> tuple[str, ...]:
    """The queries a figure's counts come from (the longest matching key of QUERIES)."""
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in QUERIES:
            return QUERIES[".".join(parts[:n])]
    raise KeyError(f"no query registered for {key}")

# metrics.json keys that carry the detail (counts, n, interval) of a registered figure.
DETAIL_OF = {
    "complaints.sla": "complaints.response_sla_rate",
    "complaints.rates": "complaints.resolution_rate",
    "complaints.durations_n": "complaints.median_response_minutes",  # the n of each median and P90
    "survey.csat_top2_detail": "survey.csat_top2",
    "survey.nps_detail": "survey.nps",
    "survey.breakdowns": "survey.csat_top2",
    "service_quality_index.component_detail": "service_quality_index.components",
    "service_quality_index.base_score": "service_quality_index.score",
    "service_quality_index.veto": "service_quality_index.score",
    "service_quality_index.bonus_points": "service_quality_index.score",
    "service_quality_index.bonus_applied": "service_quality_index.score",
    "service_quality_index.needs_improvement_plan": "service_quality_index.grade",
    "service_quality_index.missing_components": "service_quality_index.score",
    "comments.topic_dictionary": "comments.topics",
    "survey.quality.detail": "survey.quality.flags",
    "survey.reliability.omega_detail": "survey.reliability.omega_total",  # n, interval, per dimension  # indexed responses, the lines applied, the synonym pairs  # the topics' names, as the dictionary gives them
}
# metrics.json keys that are not figures: identification, inputs echoed, settings in force.
NOT_FIGURES = ("schema_version", "period", "period_days", "events", "actions", "settings", "inputs_absent",
               "source_files")


def placeholders(config: Config, scale: tuple[int, int] = (1, 5), lang: str = "en") -> dict[str, str]:
    """The configured values that definitions quote (and the questionnaire's answer scale); time
    limits in the language's words (30 分钟, 30 minutes)."""

    lo, hi = scale
    top = hi - 1 if hi - lo <= 10 else lo + math.ceil(0.8 * (hi - lo))
    sla = config.sla
    w = config.index.weights
    t = config.index.targets
    c = config.cleaning
    return {
        "timezone": config.timezone,
        **{f"sla_{n}": texts(lang).duration(getattr(sla, n).limit.total_seconds() / 60)
           for n in ("response", "solution", "closure")},
        **{f"sla_{n}_required": f"{getattr(sla, n).required:.0%}" for n in ("response", "solution", "closure")},
        "repeat_window_days": f"{config.repeat_window_days:g}",
        "min_cell": str(config.min_cell),
        "min_duration_s": f"{c.min_duration_s:g}",
        "straight_line_max_s": f"{c.straight_line_max_s:g}",
        "straight_line_min_items": str(c.straight_line_min_items),
        **{f"w_{k}": f"{v:g}" for k, v in w.model_dump().items()},
        **{f"target_{k}": f"{v:g}" for k, v in t.model_dump().items()},
        "bonus_cap_pct": f"{config.index.bonus_cap * 100:g}",
        **{name: f"{BY_KEY[key].threshold.value:g}" for name, key in THRESHOLD_PLACEHOLDERS.items()},
        "review_share": f"{config.sampling.review_share:g}", "review_seed": str(config.sampling.review_seed),
        "scale": f"{lo}–{hi}", "scale_min": str(lo), "scale_max": str(hi), "reverse_sum": str(lo + hi),
        "neutral_band": f"{NEUTRAL_BAND:g}",
        "bootstrap_samples": str(config.bootstrap.samples), "bootstrap_seed": str(config.bootstrap.seed),
        "bootstrap_level_pct": f"{config.bootstrap.level * 100:g}",
        **{k: f"{v:g}" for k, v in config.quality.model_dump().items() if k != "exclude"},
        "quality_exclude": ", ".join(config.quality.exclude) or ("无" if lang == "zh-CN" else "none"),
        "range": str(hi - lo), "top_box": f"{{{top}, {hi}}}" if hi - lo <= 10 else f"[{top}, {hi}]",
    }


def describe(metric: MetricDef, config: Config, lang: str = "en",
             scale: tuple[int, int] = (1, 5)) -> dict[str, str | None]:
    """The metric's definition with the configured values filled in, in `lang` ("en" or "zh-CN").

    In Chinese, a text without a translation falls back to the English one.
    """
    values = placeholders(config, scale, lang)
    fill = lambda text: None if text is None else text.format(**values)  # noqa: E731
    if lang == "zh-CN":
        definition = metric.definition_zh or metric.definition
        numerator = metric.numerator_zh or metric.numerator
        denominator = metric.denominator_zh or metric.denominator
    else:
        definition, numerator, denominator = metric.definition, metric.numerator, metric.denominator
    return {"key": metric.key, "zh": metric.zh, "en": metric.en, "unit": metric.unit,
            "definition": fill(definition), "numerator": fill(numerator), "denominator": fill(denominator)}
