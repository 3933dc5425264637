"""The commitments per severity tier (sla.<commitment>.by_severity), defined like every other
figure (reportgen.metrics.definitions)."""

from __future__ import annotations

from reportgen.metrics.definitions import MetricDef, _m

TIER_METRICS: tuple[MetricDef, ...] = (
    _m("complaints.sla_by_severity", "分级时效达成", "Commitments by severity", "table",
       "Per severity, each commitment's attainment against that severity's own limit and required share "
       "(sla.<commitment>.by_severity; a severity without a tier, the commitment's): the share of the "
       "severity's tickets within the limit, a missing time counting as not met, and met or not.",
       higher_is_better=None,
       definition_zh="按严重程度分别统计各项时效承诺的达成率：以该严重程度自己的时限和达标要求（sla.<承诺>.by_severity；"
                     "未分级的严重程度用该承诺的总时限）计，时限内完成的工单占该严重程度工单的比例，缺失时间计为未达成，并判定是否达标。"),
)
