"""Chart titles that state the finding, from rows written out by hand."""

from __future__ import annotations

from reportgen.i18n import texts
from reportgen.report import findings

ZH, EN = texts("zh-CN"), texts("en")


def test_counts_name_the_largest_two_groups():
    rows = [{"label": "送货安装", "count": 356, "share": 356 / 1500}, {"label": "产品质量", "count": 341, "share": 341 / 1500},
            {"label": "其他", "count": 0, "share": 0.0}]
    assert findings.counts_title(rows, "category", ZH, "按类别") == "送货安装类投诉最多（23.7%），其次是产品质量（22.7%）"
    assert findings.counts_title(rows[:1], "channel", EN, "x") == "Every complaint came through 送货安装 (23.7%)"
    assert findings.counts_title([], "channel", ZH, "按渠道投诉量") == "按渠道投诉量"


def test_sla_names_the_commitment_missed_by_most():
    rows = [{"label": "响应时效（30 分钟）", "value": 0.889, "required": 0.9, "met": False},
            {"label": "方案时效（24 小时）", "value": 0.95, "required": 0.9, "met": True},
            {"label": "结案时效（7 天）", "value": 0.899, "required": 0.9, "met": False}]
    assert findings.sla_title(rows, ZH, "") == (
        "3 项时效承诺中 2 项未达标，差距最大的是响应时效（30 分钟）：88.9%，承诺 90.0%（差 1.1 个百分点）")
    met = [dict(r, met=True) for r in rows]
    assert findings.sla_title(met, EN, "") == "All 3 time commitments met"


def test_dimensions_name_the_highest_and_lowest_scored_leaving_out_small_samples():
    rows = [{"label": "态度", "score100": 81.6}, {"label": "跟进", "score100": 66.8},
            {"label": "速度", "score100": 40.0, "insufficient": True}]
    assert findings.dimensions_title(rows, ZH, "") == "态度得分最高（81.6），跟进最低（66.8）"
    assert findings.dimensions_title(rows[:1], ZH, "维度得分") == "维度得分"


def test_quadrants_name_what_to_act_on_in_rank_order():
    rows = [{"label": "配送", "quadrant": "high_frequency_high_impact", "rank": 2},
            {"label": "质量", "quadrant": "high_frequency_high_impact", "rank": 1},
            {"label": "价格", "quadrant": "low_frequency_low_impact", "rank": 3}]
    assert findings.quadrant_title(rows, "high_frequency_high_impact", "priority_finding", ZH) == (
        "高频高影响、应优先整改的类别：质量、配送")
    assert findings.quadrant_title(rows[2:], "improve", "ipa_finding", EN) == (
        "No dimension is in the improve-first quadrant this quarter")


def test_a_single_series_trend_says_where_it_started_and_where_it_is():
    rows = [{"period": "2025Q3", "series": "NPS", "value": 29.3}, {"period": "2025Q4", "series": "NPS", "value": None},
            {"period": "2026Q3", "series": "NPS", "value": 35.7}]
    assert findings.trend_title(rows, EN, "plain", EN.number) == "NPS: 29.3 in 2025Q3, 35.7 in 2026Q3"
    two = rows + [{"period": "2026Q3", "series": "CSAT", "value": 0.8}]
    assert findings.trend_title(two, EN, "plain", EN.number) == "plain"
