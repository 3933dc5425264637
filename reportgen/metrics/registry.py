"""The registry of metric definitions: one entry per figure in `metrics.json`.

It feeds the definitions appendix, documents every key of `metrics.json`, and a test checks
that each entry has a hand-computed test and appears in the output. `{placeholders}` in a
definition are filled from the configuration in force (see `describe`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.config import Config, format_duration


@dataclass(frozen=True)
class MetricDef:
    key: str  # dotted path in metrics.json
    zh: str
    en: str
    unit: str  # share | count | minutes | hours | points | score | mean | table
    definition: str
    numerator: str | None = None
    denominator: str | None = None
    config: tuple[str, ...] = ()  # config keys the figure depends on
    higher_is_better: bool | None = True


def _m(*args, **kwargs) -> MetricDef:
    return MetricDef(*args, **kwargs)


METRICS: tuple[MetricDef, ...] = (
    # Complaints
    _m("complaints.total", "投诉总量", "Complaints received", "count",
       "Tickets whose received_at falls in the period (local time, {timezone}).", higher_is_better=None),
    _m("complaints.response_sla_rate", "响应及时率", "Response within SLA", "share",
       "Share of all tickets first answered within {sla_response} of receipt; a missing or impossible "
       "timestamp counts as not met. Required share {sla_response_required}.",
       "tickets with first_response_at − received_at ≤ {sla_response}", "all tickets in the period",
       ("sla.response",)),
    _m("complaints.solution_sla_rate", "方案及时率", "Solution within SLA", "share",
       "Share of all tickets given a solution within {sla_solution}. Required share {sla_solution_required}.",
       "tickets with solution_at − received_at ≤ {sla_solution}", "all tickets in the period", ("sla.solution",)),
    _m("complaints.closure_sla_rate", "结案及时率", "Closure within SLA", "share",
       "Share of all tickets closed within {sla_closure}. Required share {sla_closure_required}.",
       "tickets with closed_at − received_at ≤ {sla_closure}", "all tickets in the period", ("sla.closure",)),
    _m("complaints.resolution_rate", "投诉解决率", "Resolution rate", "share",
       "Tickets marked resolved among those with a recorded outcome.",
       "resolved = true", "tickets with resolved not empty"),
    _m("complaints.first_contact_resolution_rate", "一次解决率", "First-contact resolution", "share",
       "Tickets solved without escalation or transfer among those where this is recorded.",
       "first_contact_resolution = true", "tickets with first_contact_resolution not empty"),
    _m("complaints.repeat_rate", "重复投诉率", "Repeat complaints", "share",
       "Tickets whose customer had an earlier ticket (any category, earlier quarters included) received "
       "within the {repeat_window_days} days before it.",
       "tickets with an earlier ticket of the same customer_id within {repeat_window_days} days",
       "tickets with a customer_id", ("repeat_window_days",), higher_is_better=False),
    _m("complaints.handling_satisfaction_rate", "处理满意率", "Satisfied with handling", "share",
       "Tickets rated 4 or 5 for handling among rated tickets (ratings outside 1–5 are treated as missing).",
       "handling_satisfaction ≥ 4", "tickets with handling_satisfaction"),
    _m("complaints.handling_satisfaction_by_closure_sla", "按结案时效的处理满意率",
       "Handling satisfaction by closure SLA", "share",
       "Handling-satisfaction rate separately for tickets that met the closure SLA ({sla_closure}) and "
       "those that breached it (open tickets count as breached).", config=("sla.closure",)),
    _m("complaints.median_response_minutes", "响应时长中位数", "Median response time", "minutes",
       "Median of first_response_at − received_at over tickets with a valid first response.",
       higher_is_better=False),
    _m("complaints.p90_response_minutes", "响应时长 P90", "90th percentile response time", "minutes",
       "90th percentile (linear interpolation) of the response time over tickets with a valid first response.",
       higher_is_better=False),
    _m("complaints.median_solution_hours", "方案时长中位数", "Median solution time", "hours",
       "Median of solution_at − received_at over tickets with a valid solution time.", higher_is_better=False),
    _m("complaints.p90_solution_hours", "方案时长 P90", "90th percentile solution time", "hours",
       "90th percentile (linear interpolation) of the solution time.", higher_is_better=False),
    _m("complaints.median_closure_hours", "结案时长中位数", "Median closure time", "hours",
       "Median of closed_at − received_at over closed tickets with a valid closure time.", higher_is_better=False),
    _m("complaints.p90_closure_hours", "结案时长 P90", "90th percentile closure time", "hours",
       "90th percentile (linear interpolation) of the closure time.", higher_is_better=False),
    _m("complaints.compensation_total", "赔付金额合计", "Compensation paid", "yuan",
       "Sum of compensation_amount over the period's tickets (negative amounts are treated as missing).",
       higher_is_better=None),
    _m("complaints.by_channel", "按渠道投诉量", "Complaints by channel", "count",
       "Tickets per channel, largest first.", higher_is_better=None),
    _m("complaints.by_category", "按类别投诉量", "Complaints by category", "count",
       "Tickets per category, largest first.", higher_is_better=None),
    _m("complaints.breakdowns", "分组指标", "Breakdowns", "table",
       "Counts and every rate above per channel, category, severity, store, region and department; a group "
       "with fewer than {min_cell} tickets is marked insufficient and never ranked.", config=("min_cell",),
       higher_is_better=None),
    # Survey
    _m("survey.responses_total", "回收问卷数", "Responses received", "count",
       "Responses whose submitted_at falls in the period, before cleaning.", higher_is_better=None),
    _m("survey.excluded", "剔除问卷数（按规则）", "Responses excluded, by rule", "count",
       "Each response is excluded by the first rule it meets, in this order: duplicate (same response_id "
       "submitted earlier anywhere in the data; on a tie the earlier file row is kept); too_fast (duration "
       "< {min_duration_s} s); contradiction (overall 5 with nps ≤ 2, or overall 1 with nps ≥ 9); "
       "straight_lining (≥ {straight_line_min_items} items answered, all equal, duration < "
       "{straight_line_max_s} s); incomplete (fewer than half the items answered). A missing duration never "
       "triggers a duration rule.", config=("cleaning.min_duration_s", "cleaning.straight_line_max_s",
                                            "cleaning.straight_line_min_items"), higher_is_better=None),
    _m("survey.responses_valid", "有效问卷数", "Valid responses", "count",
       "Responses in the period left after cleaning.", higher_is_better=None),
    _m("survey.csat_top2", "顾客满意度（CSAT，前两档）", "CSAT (top-2 box)", "share",
       "Share of valid responses rating overall satisfaction 4 or 5, with a 95 % Wilson interval.",
       "overall ∈ {{4, 5}}", "valid responses with overall answered"),
    _m("survey.nps", "净推荐值（NPS）", "Net Promoter Score", "points",
       "100 × (share of promoters, 9–10 − share of detractors, 0–6) among valid responses with nps answered."),
    _m("survey.nps_ci95", "NPS 95% 置信区间", "NPS 95 % interval", "points",
       "Adjusted Wald: n' = n + 3, pP' = (promoters + 0.75)/n', pD' = (detractors + 0.75)/n', d = pP' − pD', "
       "100 × (d ± 1.96 × √((pP' + pD' − d²)/n')), clipped to [−100, 100].", higher_is_better=None),
    _m("survey.overall_counts", "总体满意度分布", "Overall satisfaction distribution", "count",
       "Valid responses per overall rating 1–5.", higher_is_better=None),
    _m("survey.nps_counts", "推荐意愿分布", "Likelihood-to-recommend distribution", "count",
       "Valid responses per nps answer 0–10.", higher_is_better=None),
    _m("survey.items", "题项统计", "Item statistics", "table",
       "Per item over valid responses that answered it: n, mean, sample standard deviation (ddof = 1), "
       "counts of 1–5. Reverse-coded items are recoded 6 − value first.", higher_is_better=None),
    _m("survey.dimensions", "维度得分", "Dimension scores", "score",
       "Mean, over valid responses that answered at least one of its items, of the response's mean over the "
       "dimension's answered items; score100 = (mean − 1) / 4 × 100."),
    _m("survey.reliability.cronbach_alpha", "克朗巴哈 α 系数", "Cronbach's alpha", "coefficient",
       "k/(k − 1) × (1 − Σ item variances / variance of the total), over valid responses that answered every "
       "item; also per dimension and with each item deleted. ≥ 0.7 acceptable."),
    _m("survey.reliability.kmo", "KMO 检验", "Kaiser-Meyer-Olkin measure", "coefficient",
       "Σ r² / (Σ r² + Σ partial r²) over item pairs, from the Pearson correlation matrix; per-item MSA "
       "likewise. ≥ 0.6 adequate."),
    _m("survey.reliability.bartlett_chi2", "Bartlett 球形检验", "Bartlett's test of sphericity", "chi2",
       "χ² = −(n − 1 − (2p + 5)/6) × ln|R|, df = p(p − 1)/2, p-value from the χ² distribution; p < 0.05 "
       "means the items are correlated enough to form scales.", higher_is_better=None),
    # Index
    _m("service_quality_index.components", "指数分项得分", "Index component scores", "score",
       "Component score = min(100, 100 × value / target): response = response_sla_rate (target "
       "{target_response}), resolution = resolution_rate ({target_resolution}), first_contact = "
       "first_contact_resolution_rate ({target_first_contact}), attitude and knowledge = dimension score100 / "
       "100 ({target_attitude}, {target_knowledge}).", config=("index.targets",)),
    _m("service_quality_index.score", "服务质量综合指数", "Service Quality Index", "score",
       "Σ weight × component score / Σ weight with weights response {w_response}, resolution "
       "{w_resolution}, first_contact {w_first_contact}, attitude {w_attitude}, knowledge {w_knowledge}. "
       "A veto event in the period sets it to 0; bonus points add at most {bonus_cap_pct} % of the score; "
       "capped at 100. A component with a positive weight and no value leaves the index uncomputed.",
       config=("index.weights", "index.bonus_cap")),
    _m("service_quality_index.grade", "等级", "Grade", "grade",
       "≥ 90 优秀 Excellent, ≥ 80 良好 Good, ≥ 70 合格 Adequate, ≥ 60 待改进 Needs improvement, else "
       "不合格 Failing. Below 90 calls for a targeted improvement plan.", higher_is_better=None),
    # Comparisons and flags
    _m("comparisons.qoq", "环比变化", "Change on previous quarter", "table",
       "Each headline rate against the previous quarter: difference and pooled two-proportion z-test "
       "(two-sided); NPS: z = Δ / √(var₁/n₁ + var₂/n₂), var = pP + pD − (pP − pD)². Significant only when "
       "p < 0.05.", higher_is_better=None),
    _m("comparisons.yoy", "同比变化", "Change on the same quarter last year", "table",
       "As the quarter-on-quarter change, against the same quarter a year earlier.", higher_is_better=None),
    _m("comparisons.stores_qoq", "门店环比变化", "Store changes on previous quarter", "table",
       "Per store, CSAT and closure-SLA attainment against the previous quarter; p-values Holm-adjusted "
       "across the stores compared; stores with fewer than {min_cell} in either quarter are not tested.",
       config=("min_cell",), higher_is_better=None),
    _m("priority_matrix", "改进优先级矩阵", "Priority matrix", "table",
       "Complaint categories by frequency (share of tickets) and impact (mean severity weight: urgent 3, "
       "important 2, routine 1; or the closure-SLA breach share when severity is absent); quadrants split "
       "at the medians (≥ median is high); ranked high-frequency high-impact first, then high impact, then "
       "high frequency; categories with fewer than {min_cell} tickets are not ranked.",
       config=("min_cell", "severity_weights"), higher_is_better=None),
    _m("importance_performance", "重要性-绩效分析", "Importance × performance", "table",
       "Importance: Pearson r between each valid response's dimension mean and its overall rating; "
       "performance: score100; quadrants split at the means of both (GB/T 19038 Annex D).",
       higher_is_better=None),
    _m("worsening_categories", "持续上升的投诉类别", "Recurring or worsening categories", "table",
       "Categories whose count rose in each of the last two quarters, or by more than 20 % on the previous "
       "quarter.", higher_is_better=None),
    _m("trend", "近五个季度趋势", "Five-quarter trend", "table",
       "The headline figures of up to five quarters ending with the period, computed with the same "
       "definitions and configuration.", higher_is_better=None),
    _m("data_quality", "数据质量记录", "Data-quality findings", "count",
       "Values tolerated but not used, per file, column and rule, for the period's rows: answers outside "
       "their scale and negative numbers (treated as missing), timestamps earlier than received_at "
       "(treated as missing).", higher_is_better=None),
    _m("flags", "预警", "Flags", "table",
       "Veto events, an index below 90, SLAs below their required share, significant declines on the "
       "previous quarter, worsening categories and a Cronbach's α below 0.7.", higher_is_better=None),
)

BY_KEY = {m.key: m for m in METRICS}

# metrics.json keys that carry the detail (counts, n, interval) of a registered figure.
DETAIL_OF = {
    "complaints.sla": "complaints.response_sla_rate",
    "complaints.rates": "complaints.resolution_rate",
    "survey.csat_top2_detail": "survey.csat_top2",
    "survey.nps_detail": "survey.nps",
    "survey.breakdowns": "survey.csat_top2",
    "service_quality_index.grade_en": "service_quality_index.grade",
    "service_quality_index.component_detail": "service_quality_index.components",
    "service_quality_index.base_score": "service_quality_index.score",
    "service_quality_index.veto": "service_quality_index.score",
    "service_quality_index.bonus_points": "service_quality_index.score",
    "service_quality_index.bonus_applied": "service_quality_index.score",
    "service_quality_index.needs_improvement_plan": "service_quality_index.grade",
    "service_quality_index.missing_components": "service_quality_index.score",
}
# metrics.json keys that are not figures: identification, inputs echoed, settings in force.
NOT_FIGURES = ("schema_version", "period", "events", "settings")


def placeholders(config: Config) -> dict[str, str]:
    """The configured values that definitions quote."""
    sla = config.sla
    w = config.index.weights
    t = config.index.targets
    c = config.cleaning
    return {
        "timezone": config.timezone,
        **{f"sla_{n}": format_duration(getattr(sla, n).limit) for n in ("response", "solution", "closure")},
        **{f"sla_{n}_required": f"{getattr(sla, n).required:.0%}" for n in ("response", "solution", "closure")},
        "repeat_window_days": f"{config.repeat_window_days:g}",
        "min_cell": str(config.min_cell),
        "min_duration_s": f"{c.min_duration_s:g}",
        "straight_line_max_s": f"{c.straight_line_max_s:g}",
        "straight_line_min_items": str(c.straight_line_min_items),
        **{f"w_{k}": f"{v:g}" for k, v in w.model_dump().items()},
        **{f"target_{k}": f"{v:g}" for k, v in t.model_dump().items()},
        "bonus_cap_pct": f"{config.index.bonus_cap * 100:g}",
    }


def describe(metric: MetricDef, config: Config) -> dict[str, str | None]:
    """The metric's definition with the configured values filled in."""
    values = placeholders(config)
    fill = lambda text: None if text is None else text.format(**values)  # noqa: E731
    return {"key": metric.key, "zh": metric.zh, "en": metric.en, "unit": metric.unit,
            "definition": fill(metric.definition), "numerator": fill(metric.numerator),
            "denominator": fill(metric.denominator)}
