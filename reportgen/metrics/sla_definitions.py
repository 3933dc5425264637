"""The commitments per severity tier (sla.<commitment>.by_severity) and the tickets open past their
closure limit, defined like every other figure (reportgen.metrics.definitions)."""

from __future__ import annotations

from reportgen.metrics.definitions import MetricDef, _m

SLA_METRICS: tuple[MetricDef, ...] = (
    _m("complaints.sla_by_severity", "分级时效达成", "Commitments by severity", "table",
       "Per severity, each commitment's attainment against that severity's own limit and required share "
       "(sla.<commitment>.by_severity; a severity without a tier, the commitment's): the share of the "
       "severity's tickets within the limit, a missing time counting as not met, and met or not.",
       higher_is_better=None,
       definition_zh="按严重程度分别统计各项时效承诺的达成率：以该严重程度自己的时限和达标要求（sla.<承诺>.by_severity；"
                     "未分级的严重程度用该承诺的总时限）计，时限内完成的工单占该严重程度工单的比例，缺失时间计为未达成，并判定是否达标。"),
    _m("complaints.overdue_open", "超时未结工单", "Open past the closure limit", "count",
       "Tickets received before the period's end and not closed by then (no valid closed_at, or a later one) "
       "whose age at the period's end exceeds their closure limit (their severity's, under the configured "
       "clock); overdue.csv lists them, oldest first.", higher_is_better=False,
       definition_zh="报告期末之前受理、截至期末仍未结案（无有效结案时间或结案晚于期末），且期末时已超过其结案时限"
                     "（按严重程度分级、按所配置的计时方式）的工单数；明细见 overdue.csv，按超时长短排列。"),
)
