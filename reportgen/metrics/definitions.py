"""What each figure of `metrics.json` is: its names, unit, direction and definition in two languages.

`reportgen.metrics.registry` looks entries up and fills their `{placeholders}` from the
configuration in force; the definitions appendix, the evidence index and the comparison tables
are generated from these entries.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    """The line a figure is judged against: good at or above it (">="), or below it ("<")."""

    op: str  # ">=" or "<"
    value: float

    def met(self, x: float | None) -> bool | None:
        if x is None:
            return None
        return x >= self.value if self.op == ">=" else x < self.value

    @property
    def text(self) -> str:
        return f"{'≥' if self.op == '>=' else '<'} {self.value:g}"


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
    # The same texts in Simplified Chinese, with the same {placeholders} (see `describe`).
    definition_zh: str = ""
    numerator_zh: str | None = None
    denominator_zh: str | None = None
    threshold: Threshold | None = None  # the line the figure is judged against (verdicts, flags, tones)

    def name(self, lang: str) -> str:
        """The figure's one name in a language ("zh-CN" or "en"): every document says it so."""
        return self.zh if lang == "zh-CN" else self.en


def _m(*args, **kwargs) -> MetricDef:
    return MetricDef(*args, **kwargs)


METRICS: tuple[MetricDef, ...] = (
    # Complaints
    _m("complaints.total", "投诉总量", "Complaints received", "count",
       "Tickets whose received_at falls in the period (local time, {timezone}).", higher_is_better=None,
       definition_zh="受理时间（received_at）落在报告期内的投诉工单数（按当地时间，时区 {timezone}）。"),
    _m("complaints.closed", "已办结", "Complaints closed", "count",
       "Tickets of the period with a closed_at at or after received_at (closed, not merely answered).",
       higher_is_better=None,
       definition_zh="报告期内受理、且 closed_at 不早于受理时间的工单数（已结案，而非仅已响应）。"),
    _m("complaints.response_sla_rate", "响应及时率", "Response within SLA", "share",
       "Share of all tickets first answered within {sla_response} of receipt; a missing or impossible "
       "timestamp counts as not met. Required share {sla_response_required}.",
       "tickets with first_response_at − received_at ≤ {sla_response}", "all tickets in the period",
       ("sla.response",),
       definition_zh="受理后 {sla_response}内完成首次响应的投诉工单占全部投诉工单的比例；时间戳缺失或不合理"
                     "（如早于受理时间）的，按未达标计。要求达标率 {sla_response_required}。",
       numerator_zh="first_response_at − received_at ≤ {sla_response}的投诉工单",
       denominator_zh="报告期内全部投诉工单"),
    _m("complaints.solution_sla_rate", "方案及时率", "Solution within SLA", "share",
       "Share of all tickets given a solution within {sla_solution}. Required share {sla_solution_required}.",
       "tickets with solution_at − received_at ≤ {sla_solution}", "all tickets in the period", ("sla.solution",),
       definition_zh="受理后 {sla_solution}内给出解决方案的投诉工单占全部投诉工单的比例。"
                     "要求达标率 {sla_solution_required}。",
       numerator_zh="solution_at − received_at ≤ {sla_solution}的投诉工单",
       denominator_zh="报告期内全部投诉工单"),
    _m("complaints.closure_sla_rate", "结案及时率", "Closure within SLA", "share",
       "Share of all tickets closed within {sla_closure}. Required share {sla_closure_required}.",
       "tickets with closed_at − received_at ≤ {sla_closure}", "all tickets in the period", ("sla.closure",),
       definition_zh="受理后 {sla_closure}内结案的投诉工单占全部投诉工单的比例。要求达标率 {sla_closure_required}。",
       numerator_zh="closed_at − received_at ≤ {sla_closure}的投诉工单",
       denominator_zh="报告期内全部投诉工单"),
    _m("complaints.resolution_rate", "投诉解决率", "Resolution rate", "share",
       "Tickets marked resolved among those with a recorded outcome.",
       "resolved = true", "tickets with resolved not empty",
       definition_zh="在已记录处理结果的投诉工单中，标记为已解决的工单所占比例。",
       numerator_zh="resolved = true 的投诉工单",
       denominator_zh="resolved 不为空的投诉工单"),
    _m("complaints.first_contact_resolution_rate", "一次解决率", "First-contact resolution", "share",
       "Tickets solved without escalation or transfer among those where this is recorded.",
       "first_contact_resolution = true", "tickets with first_contact_resolution not empty",
       definition_zh="在有相关记录的投诉工单中，未经升级或转派即得到解决的工单所占比例。",
       numerator_zh="first_contact_resolution = true 的投诉工单",
       denominator_zh="first_contact_resolution 不为空的投诉工单"),
    _m("complaints.repeat_rate", "重复投诉率", "Repeat complaints", "share",
       "Tickets whose customer had an earlier ticket (any category, earlier quarters included) received "
       "within the {repeat_window_days} days before it.",
       "tickets with an earlier ticket of the same customer_id within {repeat_window_days} days",
       "tickets with a customer_id", ("repeat_window_days",), higher_is_better=False,
       definition_zh="同一顾客在本工单受理前 {repeat_window_days} 天内已有更早投诉工单（不限类别，含以往季度）的"
                     "投诉工单所占比例。",
       numerator_zh="同一 customer_id 在 {repeat_window_days} 天内已有更早投诉工单的投诉工单",
       denominator_zh="有 customer_id 的投诉工单"),
    _m("complaints.handling_satisfaction_rate", "处理满意率", "Satisfied with handling", "share",
       "Tickets rated 4 or 5 for handling among rated tickets (ratings outside 1–5 are treated as missing).",
       "handling_satisfaction ≥ 4", "tickets with handling_satisfaction",
       definition_zh="在有处理满意度评分的投诉工单中，评分为 4 分或 5 分的工单所占比例（1–5 分以外的评分按缺失处理）。",
       numerator_zh="handling_satisfaction ≥ 4 的投诉工单",
       denominator_zh="有 handling_satisfaction 评分的投诉工单"),
    _m("complaints.handling_satisfaction_by_closure_sla", "按结案时效的处理满意率",
       "Handling satisfaction by closure SLA", "share",
       "Handling-satisfaction rate separately for tickets that met the closure SLA ({sla_closure}) and "
       "those that breached it (open tickets count as breached).", config=("sla.closure",),
       definition_zh="对结案时效达标（{sla_closure}内结案）与超时的投诉工单分别计算处理满意率"
                     "（未结案工单按超时计）。"),
    _m("complaints.median_response_minutes", "响应时长中位数", "Median response time", "minutes",
       "Median of first_response_at − received_at over tickets with a valid first response.",
       higher_is_better=False,
       definition_zh="首次响应时间有效的投诉工单中，first_response_at − received_at 的中位数。"),
    _m("complaints.p90_response_minutes", "响应时长 P90", "90th percentile response time", "minutes",
       "90th percentile (linear interpolation) of the response time over tickets with a valid first response.",
       higher_is_better=False,
       definition_zh="首次响应时间有效的投诉工单中，响应时长的第 90 百分位数（线性插值）。"),
    _m("complaints.median_solution_hours", "方案时长中位数", "Median solution time", "hours",
       "Median of solution_at − received_at over tickets with a valid solution time.", higher_is_better=False,
       definition_zh="解决方案时间有效的投诉工单中，solution_at − received_at 的中位数。"),
    _m("complaints.p90_solution_hours", "方案时长 P90", "90th percentile solution time", "hours",
       "90th percentile (linear interpolation) of the solution time.", higher_is_better=False,
       definition_zh="方案时长的第 90 百分位数（线性插值）。"),
    _m("complaints.median_closure_hours", "结案时长中位数", "Median closure time", "hours",
       "Median of closed_at − received_at over closed tickets with a valid closure time.", higher_is_better=False,
       definition_zh="已结案且结案时间有效的投诉工单中，closed_at − received_at 的中位数。"),
    _m("complaints.p90_closure_hours", "结案时长 P90", "90th percentile closure time", "hours",
       "90th percentile (linear interpolation) of the closure time.", higher_is_better=False,
       definition_zh="结案时长的第 90 百分位数（线性插值）。"),
    _m("complaints.compensation_total", "赔付金额合计", "Compensation paid", "yuan",
       "Sum of compensation_amount over the period's tickets (negative amounts are treated as missing).",
       higher_is_better=None,
       definition_zh="报告期内投诉工单 compensation_amount 的合计（负数金额按缺失处理）。"),
    _m("complaints.by_channel", "按渠道投诉量", "Complaints by channel", "count",
       "Tickets per channel, largest first.", higher_is_better=None,
       definition_zh="各渠道的投诉工单数，按数量从多到少排列。"),
    _m("complaints.by_category", "按类别投诉量", "Complaints by category", "count",
       "Tickets per category, largest first.", higher_is_better=None,
       definition_zh="各投诉类别的投诉工单数，按数量从多到少排列。"),
    _m("complaints.categories_derived", "由描述归类的工单", "Categories from descriptions", "count",
       "With comments.derive_categories, the tickets without a category that took one from their description: "
       "the first topic, in the topic dictionary's order, one of whose keywords its first 993 characters contain "
       "(lower-cased); no_topic: those of none, counted as “Other”. Null when the switch is off.",
       higher_is_better=None, definition_zh="开启 comments.derive_categories 时，无投诉类别而由描述归类的工单数：按主题"
       "词典的顺序，取描述前 993 个字符（转小写）含其任一关键词的第一个主题；no_topic 为不属于任何主题、计作“其他”的工单数。未开启时为 null。"),
    _m("complaints.breakdowns", "分组指标", "Breakdowns", "table",
       "Counts and every rate above per channel, category, severity, store, region and department; a group "
       "with fewer than {min_cell} tickets is marked insufficient and never ranked.", config=("min_cell",),
       higher_is_better=None,
       definition_zh="按渠道、投诉类别、严重程度、门店、区域和部门分组，分别统计工单数及上述各项比率；"
                     "投诉工单少于 {min_cell} 件的分组标注为“样本不足”，不参与排序。"),
    # Survey
    _m("complaints.by_category_channel", "按类别与渠道投诉量", "Complaints by category and channel", "count",
       "Tickets per category and channel (the category chart's channel filter).", higher_is_better=None,
       definition_zh="各投诉类别在各渠道的投诉工单数（投诉类别图表的渠道筛选所用）。"),
    _m("complaints.by_store_category", "按门店与类别投诉量", "Complaints by store and category", "count",
       "Tickets per store and category (the heat map).", higher_is_better=None,
       definition_zh="各门店各投诉类别的投诉工单数（热力图所用）。"),
    _m("complaints.by_region_category", "按区域与类别投诉量", "Complaints by region and category", "count",
       "Tickets per region and category (the category chart's region filter).", higher_is_better=None,
       definition_zh="各区域各投诉类别的投诉工单数（投诉类别图表的区域筛选所用）。"),
    _m("complaints.by_store_channel", "按门店与渠道投诉量", "Complaints by store and channel", "count",
       "Tickets per store and channel (the channel chart's store filter).", higher_is_better=None,
       definition_zh="各门店在各渠道的投诉工单数（投诉渠道图表的门店筛选所用）。"),
    _m("complaints.by_region_channel", "按区域与渠道投诉量", "Complaints by region and channel", "count",
       "Tickets per region and channel (the channel chart's region filter).", higher_is_better=None,
       definition_zh="各区域在各渠道的投诉工单数（投诉渠道图表的区域筛选所用）。"),
    _m("survey.responses_total", "回收问卷数", "Responses received", "count",
       "Responses whose submitted_at falls in the period, before cleaning.", higher_is_better=None,
       definition_zh="提交时间（submitted_at）落在报告期内的问卷数（数据清洗前）。"),
    _m("survey.excluded", "剔除问卷数（按规则）", "Responses excluded, by rule", "count",
       "Each response is excluded by the first rule it meets, in this order: duplicate (same response_id "
       "submitted earlier anywhere in the data; on a tie the earlier file row is kept); too_fast (duration "
       "< {min_duration_s} s); contradiction (overall {scale_max} with nps ≤ 2, or overall {scale_min} with nps ≥ 9); "
       "straight_lining (≥ {straight_line_min_items} items answered, all equal, duration < "
       "{straight_line_max_s} s); incomplete (fewer than half the items answered); then the response-quality "
       "flags listed in quality.exclude ({quality_exclude}), judged on the responses the five rules left "
       "valid. A missing duration never triggers a duration rule.",
       config=("cleaning.min_duration_s", "cleaning.straight_line_max_s", "cleaning.straight_line_min_items",
               "quality.exclude"), higher_is_better=None,
       definition_zh="每份问卷按以下顺序逐条核对，以首先触发的规则剔除：重复提交（同一 response_id 在全部数据中"
                     "已有更早的提交；提交时间相同时保留文件中靠前的一行）；答题过快（作答时长 < {min_duration_s} s）；"
                     "前后矛盾（overall 为 {scale_max} 且 nps ≤ 2，或 overall 为 {scale_min} 且 nps ≥ 9）；直线作答（已作答题项"
                     " ≥ {straight_line_min_items} 个、答案全部相同且作答时长 < {straight_line_max_s} s）；"
                     "作答不完整（已作答题项不足半数）；其后为 quality.exclude 所列的作答质量标记（{quality_exclude}），"
                     "在经上述五条规则保留的问卷上判定。作答时长缺失的问卷不适用任何作答时长规则。"),
    _m("survey.responses_valid", "有效问卷数", "Valid responses", "count",
       "Responses in the period left after cleaning.", higher_is_better=None,
       definition_zh="报告期内经数据清洗后保留的问卷数。"),
    _m("survey.csat_top2", "顾客满意度（CSAT，前两档）", "CSAT (top-2 box)", "share",
       "Share of valid responses rating overall satisfaction in the top two categories of its {scale} scale "
       "(on a slider of more than 11 points: 80 % of its range and above), with a 95 % Wilson interval.",
       "overall ∈ {top_box}", "valid responses with overall answered",
       definition_zh="总体满意度评为 {scale} 量表最高两档（超过 11 档的滑块题：量程的 80% 及以上）的有效问卷所占比例，"
                     "并给出 95% Wilson 置信区间。",
       numerator_zh="overall ∈ {top_box} 的有效问卷",
       denominator_zh="overall 已作答的有效问卷"),
    _m("survey.nps", "净推荐值（NPS）", "Net Promoter Score", "points",
       "100 × (share of promoters, 9–10 − share of detractors, 0–6) among valid responses with nps answered.",
       definition_zh="在 nps 已作答的有效问卷中，100 × （推荐者占比 − 贬损者占比）；推荐者为 9–10 分，"
                     "贬损者为 0–6 分。"),
    _m("survey.nps_ci95", "NPS 95% 置信区间", "NPS 95 % interval", "points",
       "Adjusted Wald: n' = n + 3, pP' = (promoters + 0.75)/n', pD' = (detractors + 0.75)/n', d = pP' − pD', "
       "100 × (d ± 1.96 × √((pP' + pD' − d²)/n')), clipped to [−100, 100].", higher_is_better=None,
       definition_zh="调整 Wald 法：n' = n + 3，pP' = (推荐者人数 + 0.75)/n'，pD' = (贬损者人数 + 0.75)/n'，"
                     "d = pP' − pD'，置信区间为 100 × (d ± 1.96 × √((pP' + pD' − d²)/n'))，"
                     "并截断至 [−100, 100]。"),
    _m("survey.overall_counts", "总体满意度分布", "Overall satisfaction distribution", "count",
       "Valid responses per overall rating {scale} (not counted one by one on a slider).", higher_is_better=None,
       definition_zh="总体满意度（overall）各评分（{scale} 分；滑块题不逐分计数）的有效问卷数。"),
    _m("survey.nps_counts", "推荐意愿分布", "Likelihood-to-recommend distribution", "count",
       "Valid responses per nps answer 0–10.", higher_is_better=None,
       definition_zh="推荐意愿（nps）各评分（0–10 分）的有效问卷数。"),
    _m("survey.items", "题项统计", "Item statistics", "table",
       "Per item over valid responses that answered it: n, mean, sample standard deviation (ddof = 1), "
       "counts of each answer {scale}. Reverse-coded items are recoded {reverse_sum} − value first (lowest plus "
       "highest answer).", higher_is_better=None,
       definition_zh="逐题项、基于作答该题的有效问卷统计：样本量 n、均值、样本标准差（ddof = 1）及 {scale} 分各档频数。"
                     "反向计分题先按 {reverse_sum} − 原始分值（最低分 + 最高分 − 原始分值）重新编码。"),
    _m("survey.dimensions", "维度得分", "Dimension scores", "score",
       "Mean, over valid responses that answered at least one of its items, of the response's mean over the "
       "dimension's answered items; score100 = (mean − {scale_min}) / {range} × 100 (mean − lowest answer, over "
       "the scale's range).",
       definition_zh="先计算每份问卷在该维度已作答题项上的平均分，再对至少作答该维度一个题项的有效问卷取平均；"
                     "百分制得分 score100 = (均值 − {scale_min}) / {range} × 100（均值减最低分，除以量程）。"),
    _m("survey.segment_dimensions", "分客群与渠道的维度得分", "Dimension scores by segment and channel", "table",
       "Per customer segment, survey channel and dimension: the valid responses that answered the dimension "
       "(n) and the sum of their dimension means on the {scale} scale (sum); sum / n is the group's mean. Cells "
       "with fewer than {min_cell} responses are drawn as insufficient.", config=("min_cell",),
       higher_is_better=None,
       definition_zh="按客户分层、调查渠道和维度，统计作答该维度的有效问卷数（n）及其维度均值之和（sum，{scale} 分制）；"
                     "sum / n 即该组均值。少于 {min_cell} 份的组显示为“样本不足”。"),
    _m("survey.reliability.cronbach_alpha", "克朗巴哈 α 系数", "Cronbach's alpha", "coefficient",
       "k/(k − 1) × (1 − Σ item variances / variance of the total), over valid responses that answered every "
       "item; also per dimension and with each item deleted. ≥ {alpha_ok} acceptable.", threshold=Threshold(">=", 0.7),
       definition_zh="α = k/(k − 1) × (1 − Σ 各题项方差 / 总分方差)，基于全部题项均已作答的有效问卷计算；"
                     "另按维度分别计算，并计算删除各题项后的 α 系数。α ≥ {alpha_ok} 为可接受。"),
    _m("survey.reliability.kmo", "KMO 检验", "Kaiser-Meyer-Olkin measure", "coefficient",
       "Σ r² / (Σ r² + Σ partial r²) over item pairs, from the Pearson correlation matrix; per-item MSA "
       "likewise. ≥ {kmo_ok} adequate.", threshold=Threshold(">=", 0.6),
       definition_zh="KMO = Σ r² / (Σ r² + Σ 偏相关 r²)，对所有题项对求和，基于 Pearson 相关矩阵计算；"
                     "各题项的取样适切性量数（MSA）按同法计算。KMO ≥ {kmo_ok} 为适宜。"),
    _m("survey.reliability.bartlett_chi2", "Bartlett 球形检验", "Bartlett's test of sphericity", "chi2",
       "χ² = −(n − 1 − (2p + 5)/6) × ln|R|, df = p(p − 1)/2, p-value from the χ² distribution; p < {bartlett_p} "
       "means the items are correlated enough to form scales.", higher_is_better=None,
       threshold=Threshold("<", 0.05),  # on the test's p-value
       definition_zh="χ² = −(n − 1 − (2p + 5)/6) × ln|R|，自由度 df = p(p − 1)/2（n 为样本量，p 为题项数，"
                     "R 为相关矩阵），p 值由 χ² 分布求得；p 值 < {bartlett_p} 表明题项间相关性足以构成量表。"),
    _m("survey.reliability.omega_total", "McDonald ω 系数", "McDonald's omega", "coefficient",
       "ω = (Σλ)² / ((Σλ)² + Σψ) from a one-factor model fitted by maximum likelihood to the items' covariance "
       "matrix (McDonald 1999), over the responses α uses; for all items and per dimension of three or more "
       "items (with two, a one-factor model is not identified); {bootstrap_level_pct} % bootstrap percentile "
       "interval from {bootstrap_samples} resamples of the responses (seed {bootstrap_seed}). ≥ {omega_ok} "
       "acceptable.", config=("bootstrap",), threshold=Threshold(">=", 0.7),
       definition_zh="ω = (Σλ)² / ((Σλ)² + Σψ)，由对题项协方差矩阵作最大似然估计的单因子模型求得（McDonald 1999），"
                     "样本同 α；对全部题项及题项不少于三个的维度计算（两个题项时单因子模型不可识别）；区间为对问卷重抽样 "
                     "{bootstrap_samples} 次（种子 {bootstrap_seed}）的 {bootstrap_level_pct}% bootstrap 百分位区间。"
                     "ω ≥ {omega_ok} 为可接受。"),
    _m("survey.reliability.item_total", "校正的项总相关", "Corrected item–total correlation", "coefficient",
       "Per item, Pearson r between the item and the sum of the other items, over the responses α uses; "
       "≥ {item_total_ok} adequate, below it the item measures something else than the scale.",
       threshold=Threshold(">=", 0.3),
       definition_zh="每个题项与其余题项之和的 Pearson 相关系数，样本同 α；≥ {item_total_ok} 为适宜，"
                     "低于此值说明该题测量的内容与量表其余题目不一致。"),
    # Index
    _m("service_quality_index.components", "指数分项得分", "Index component scores", "score",
       "Component score = min(100, 100 × value / target): response = response_sla_rate (target "
       "{target_response}), resolution = resolution_rate ({target_resolution}), first_contact = "
       "first_contact_resolution_rate ({target_first_contact}), attitude and knowledge = dimension score100 / "
       "100 ({target_attitude}, {target_knowledge}).", config=("index.targets",),
       definition_zh="分项得分 = min(100, 100 × 实际值 / 目标值)：响应（response）= response_sla_rate"
                     "（目标值 {target_response}），解决（resolution）= resolution_rate（{target_resolution}），"
                     "一次解决（first_contact）= first_contact_resolution_rate（{target_first_contact}），"
                     "服务态度（attitude）与专业知识（knowledge）= 相应维度的 score100 / 100"
                     "（{target_attitude}、{target_knowledge}）。"),
    _m("service_quality_index.score", "服务质量综合指数", "Service Quality Index", "score",
       "Σ weight × component score / Σ weight with weights response {w_response}, resolution "
       "{w_resolution}, first_contact {w_first_contact}, attitude {w_attitude}, knowledge {w_knowledge}. "
       "A veto event in the period sets it to 0; bonus points add at most {bonus_cap_pct} % of the score; "
       "capped at 100. A component with a positive weight and no value leaves the index uncomputed.",
       config=("index.weights", "index.bonus_cap"), threshold=Threshold(">=", 90.0),  # below: an improvement plan
       definition_zh="综合指数 = Σ 权重 × 分项得分 / Σ 权重，权重为：响应及时率 {w_response}，投诉解决率 {w_resolution}，"
                     "一次解决率 {w_first_contact}，服务态度 {w_attitude}，专业水平 {w_knowledge}。"
                     "报告期内发生一票否决事项的，综合指数记为 0；加分项所加分值不超过得分的 {bonus_cap_pct}%；"
                     "最高为 100 分。权重为正的分项无数值时，不计算综合指数。"),
    _m("service_quality_index.grade", "等级", "Grade", "grade",
       "≥ 90 Excellent, ≥ 80 Good, ≥ 70 Adequate, ≥ 60 Needs improvement, else Failing. Below {index_plan_below} calls for a targeted improvement plan.", higher_is_better=None,
       definition_zh="综合指数 ≥ 90 分为优秀，≥ 80 分为良好，≥ 70 分为合格，≥ 60 分为待改进，其余为不合格。"
                     "低于 {index_plan_below} 分的，须制定针对性改进计划。"),
    # Comparisons and flags
    _m("comparisons.qoq", "环比变化", "Change on previous quarter", "table",
       "Each headline rate against the previous quarter: difference and pooled two-proportion z-test "
       "(two-sided); NPS: z = Δ / √(var₁/n₁ + var₂/n₂), var = pP + pD − (pP − pD)². Significant only when "
       "p < {significance}.", higher_is_better=None, threshold=Threshold("<", 0.05),  # on the test's p-value
       definition_zh="各主要比率与上季度对比：计算差值（百分点），并采用合并比例的双比例 z 检验（双侧）；"
                     "NPS：z = Δ / √(var₁/n₁ + var₂/n₂)，var = pP + pD − (pP − pD)²。仅当 p < {significance} 时判定为显著。"),
    _m("comparisons.yoy", "同比变化", "Change on the same quarter last year", "table",
       "As the quarter-on-quarter change, against the same quarter a year earlier.", higher_is_better=None,
       definition_zh="计算方法同环比变化，对比对象为上年同一季度。"),
    _m("comparisons.stores_qoq", "门店环比变化", "Store changes on previous quarter", "table",
       "Per store, CSAT and closure-SLA attainment against the previous quarter; p-values Holm-adjusted "
       "across the stores compared; stores with fewer than {min_cell} in either quarter are not tested.",
       config=("min_cell",), higher_is_better=None,
       definition_zh="逐门店将 CSAT 与结案时效达成率同上季度对比；p 值在参与比较的各门店间作 Holm 校正；"
                     "任一季度样本量少于 {min_cell} 的门店不作检验。"),
    _m("priority_matrix", "改进优先级矩阵", "Priority matrix", "table",
       "Complaint categories by frequency (share of tickets) and impact (mean severity weight: urgent 3, "
       "important 2, routine 1; or the closure-SLA breach share when severity is absent); quadrants split "
       "at the medians (≥ median is high); ranked high-frequency high-impact first, then high impact, then "
       "high frequency; categories with fewer than {min_cell} tickets are not ranked.",
       config=("min_cell", "severity_weights"), higher_is_better=None,
       definition_zh="按发生频率（占投诉工单总量的比例）和影响程度（平均严重度权重：紧急 3、重要 2、一般 1；"
                     "无严重程度数据时采用结案超时占比）对投诉类别进行定位；以两者的中位数划分象限（≥ 中位数为高）；"
                     "排序依次为高频高影响、低频高影响、高频低影响；投诉工单少于 {min_cell} 件的类别不参与排序。"),
    _m("importance_performance", "重要性-绩效分析", "Importance × performance", "table",
       "Importance: Pearson r between each valid response's dimension mean and its overall rating; "
       "performance: score100; quadrants split at the means of both (GB/T 19038 Annex D).",
       higher_is_better=None,
       definition_zh="重要性：各有效问卷的维度均值与其总体满意度评分（overall）之间的 Pearson 相关系数 r；"
                     "绩效：维度百分制得分 score100；以两者各自的均值划分象限（GB/T 19038 附录 D）。"),
    _m("key_drivers", "关键驱动因素（相对权重）", "Key drivers (relative weights)", "table",
       "Johnson's (2000) relative weights of the dimension scores for overall satisfaction, over the valid "
       "responses with every dimension score and overall: each dimension's share of the R² of the "
       "regression of overall on all dimensions, which, unlike a correlation, accounts for the dimensions' "
       "correlation with each other; the weights sum to R². {bootstrap_level_pct} % bootstrap percentile "
       "intervals for each weight and R² ({bootstrap_samples} resamples, seed {bootstrap_seed}). Shown beside "
       "the Pearson importance; the quadrants use the Pearson importance, as the method defines them.",
       config=("bootstrap",), higher_is_better=None,
       definition_zh="Johnson（2000）相对权重：以各维度得分解释总体满意度的回归 R² 按维度分解，与相关系数不同，"
                     "它考虑了维度之间的相关；各权重之和等于 R²，基于各维度得分与总体满意度均有值的有效问卷。"
                     "每个权重与 R² 附 {bootstrap_level_pct}% bootstrap 百分位区间（重抽样 {bootstrap_samples} 次，"
                     "种子 {bootstrap_seed}）。与 Pearson 重要性并列展示；象限仍按方法规定的 Pearson 重要性划分。"),
    _m("worsening_categories", "持续上升的投诉类别", "Recurring or worsening categories", "table",
       "Categories whose count rose in each of the last two quarters, or by more than 20 % on the previous "
       "quarter.", higher_is_better=None,
       definition_zh="投诉量在最近两个季度均逐季上升，或环比增幅超过 20% 的投诉类别。"),
    _m("trend", "近五个季度趋势", "Five-quarter trend", "table",
       "The headline figures of up to five quarters ending with the period, computed with the same "
       "definitions and configuration.", higher_is_better=None,
       definition_zh="截至报告期（含）最多五个季度的主要指标，均按相同的指标定义和配置计算。"),
    _m("data_quality", "数据质量记录", "Data-quality findings", "count",
       "Values tolerated but not used, per file, column and rule, for the period's rows: answers outside "
       "their scale and negative numbers (treated as missing), timestamps earlier than received_at "
       "(treated as missing).", higher_is_better=None,
       definition_zh="报告期数据中予以容忍但不参与计算的值，按文件、列和规则分别统计：超出量表范围的作答值和负数"
                     "（按缺失处理），早于 received_at 的时间戳（按缺失处理）。"),
    _m("sampling.strata", "样本分层构成", "Sample by stratum", "count",
       "Valid responses per stratum: customer segment × product line × survey channel.", higher_is_better=None,
       definition_zh="按客户分层 × 产品线 × 调查渠道统计的有效问卷数。"),
    _m("sampling.representativeness", "样本代表性检验", "Representativeness", "table",
       "Where the config gives population shares (sampling.population), the sample's share of each value "
       "against the population's, and a χ² goodness-of-fit test over the listed values (df = values − 1); "
       "p < 0.05 means the sample departs from the population.", config=("sampling.population",),
       higher_is_better=None,
       definition_zh="配置给出总体构成（sampling.population）时，比较样本中各取值的占比与总体占比，并对所列取值做 χ² "
                     "拟合优度检验（自由度 = 取值数 − 1）；p < 0.05 表示样本构成与总体存在显著差异。"),
    _m("sampling.review_sample_size", "复核抽样数", "Responses drawn for review", "count",
       "round({review_share} × valid responses), drawn at random with seed {review_seed} from the period's "
       "valid responses in file order (review_sample.csv).", config=("sampling.review_share", "sampling.review_seed"),
       higher_is_better=None,
       definition_zh="round({review_share} × 有效问卷数)，以随机种子 {review_seed} 从本期有效问卷（按文件顺序）中"
                     "随机抽取（见 review_sample.csv）。"),
    # Response quality beyond the exclusion rules (reportgen.metrics.quality): flags, not exclusions
    _m("survey.quality.flags", "作答质量标记", "Response-quality flags", "count",
       "Valid responses flagged by each index: longstring (longest run of one answer ≥ {longstring_share} of "
       "the items and ≥ {longstring_min_items}); low variability (SD over the items < {irv_below}); Mahalanobis "
       "D² above the χ² quantile {mahalanobis_quantile}, df = items (complete responses); even-odd consistency "
       "(Spearman-Brown corrected, across dimensions) < {even_odd_below}; psychometric synonyms (item pairs "
       "correlated above {synonyms_critical}) < {synonyms_below}; seconds per answered item below "
       "{speeder_ratio} × the median (careless's definitions, Yentes & Wilhelm).",
       config=("quality",), higher_is_better=False,
       definition_zh="各指标标记的有效问卷数：长串相同作答（最长连续相同作答 ≥ 题目数的 {longstring_share} 且 ≥ "
                     "{longstring_min_items} 题）；作答变异过低（各题作答标准差 < {irv_below}）；马氏距离 D² 超过自由度为"
                     "题目数的 χ² 分布 {mahalanobis_quantile} 分位数（限全部作答的问卷）；奇偶一致性（跨维度，经 "
                     "Spearman-Brown 校正）< {even_odd_below}；同义题一致性（相关高于 {synonyms_critical} 的题对）< "
                     "{synonyms_below}；每题用时低于中位数的 {speeder_ratio} 倍（定义同 R 包 careless）。"),
    _m("survey.quality.flagged", "被标记问卷", "Flagged responses", "count",
       "Valid responses flagged by at least {min_flags} of the indices; they stay in every figure.",
       config=("quality.min_flags",), higher_is_better=False,
       definition_zh="被至少 {min_flags} 项指标标记的有效问卷数；它们仍计入全部指标。"),
    _m("survey.quality.without_flagged", "不含被标记问卷的主要指标", "Headline figures without the flagged",
       "table", "responses_valid, csat_top2, nps and each dimension's score100, computed as defined above over "
       "the valid responses that are not flagged.", higher_is_better=None,
       definition_zh="按上述定义，在未被标记的有效问卷上重新计算的有效问卷数、CSAT、NPS 和各维度百分制得分。"),
    _m("flags", "预警", "Flags", "table",
       "Veto events, an index below {index_plan_below}, SLAs below their required share, significant declines on the "
       "previous quarter, worsening categories and a Cronbach's α below {alpha_ok}.", higher_is_better=None,
       definition_zh="一票否决事项、综合指数低于 {index_plan_below} 分、时效达成率低于承诺要求、较上季度的显著下降、"
                     "持续上升的投诉类别，以及克朗巴哈 α 系数低于 {alpha_ok}。"),
)
