"""The events (bonus points, one veto) and the improvement plan (actions), placed around the
quarters the sample covers so that every quarter's index and the actions table have a story."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from reportgen.periods import Quarter
from reportgen.sample.columns import ACTION_COLUMNS, EVENT_COLUMNS, in_order
from reportgen.sample.draws import quarter_dates


def events(quarters: list[Quarter]) -> pd.DataFrame:
    """Bonus events across the quarters; one veto in an earlier quarter (never the last)."""
    rows = []

    def at(k: int, day: int) -> date | None:
        if k >= len(quarters):
            return None
        return quarter_dates(quarters[-1 - k])[0] + timedelta(days=day)

    veto_k = min(2, len(quarters) - 1) or len(quarters)  # no veto when there is only one quarter
    plan = (
        (3, 47, "bonus", 2, "获评区市场监管局“放心消费示范店”"),
        (veto_k, 61, "veto", 0, "客户个人信息泄露：外包回访人员违规导出客户电话"),
        (1, 25, "bonus", 2, "客服中心获评行业“优秀客户联络中心”"),
        (0, 38, "bonus", 3, "获市消费者协会表彰"),
    )
    for k, day, kind, points, text in plan:
        d = at(k, day)
        if d is not None:
            rows.append((d.isoformat(), kind, points, text))
    return in_order(pd.DataFrame(rows, columns=["date", "type", "points", "description"]), EVENT_COLUMNS)


def actions(last: Quarter) -> pd.DataFrame:
    """The improvement plan around the last quarter, aimed at the worst complaint categories."""
    q0, q1 = quarter_dates(last)
    plan = (
        ("与第三方物流签订送装时效协议，超时按单扣罚", "物流配送部", -20, 45, "delivery_installation"),
        ("上线安装预约短信提醒与在线改约功能", "信息技术部", 10, 70, "delivery_installation"),
        ("大家电到货开箱验机流程全面推行", "家电部", 5, 120, "product_quality"),
        ("建立供应商质量黑名单与退换货成本分摊机制", "采购部", 95, 160, "product_quality"),
        ("退换货线上自助办理，退款时限压缩至3个工作日", "客服中心", -40, 30, "return_exchange"),
        ("维修工单48小时回访制度", "售后服务部", 30, 110, "repair"),
        ("一线服务人员服务礼仪与情绪管理轮训", "人力资源部", -10, 60, "service_attitude"),
        ("超期未结工单每日督办，满 5 天未结案升级至区域经理", "客服中心", 20, 100, "closure_sla_rate"),
    )
    end = q1
    rows = []
    for action, owner, s, d, target in plan:
        start, due = q0 + timedelta(days=s), q0 + timedelta(days=d)
        status = "未开始" if start >= end else ("已完成" if due < end else "进行中")
        # an action aims at a complaint category or, when it names one, at a compared figure
        metric = target if target.endswith("_rate") else None
        rows.append((action, owner, start.isoformat(), due.isoformat(), status, None if metric else target, metric))
    return in_order(pd.DataFrame(rows, columns=["action", "owner", "start", "due", "status", "related_category",
                                                "related_metric"]), ACTION_COLUMNS)

