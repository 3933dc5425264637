"""The shared formatting filters of the documents, each on its own (reportgen/report/formatting.py)."""

from __future__ import annotations

import pytest

from reportgen.i18n import DASH, texts
from reportgen.report import formatting as f

EN, ZH = texts("en"), texts("zh-CN")


@pytest.mark.parametrize("p, cell, text", [
    (None, DASH, DASH),
    (0.0004, "< 0.001 *", "p < 0.001"),
    (0.044, "0.044 *", "p = 0.044"),
    (0.05, "0.050", "p = 0.050"),  # not below the line: no star
    (0.3, "0.300", "p = 0.300"),
])
def test_p_values(p, cell, text):
    assert f.p_cell(p) == cell and f.p_text(p) == text


def test_intervals():
    assert f.interval(None, EN, True) == ""
    assert f.interval((0.8125, 0.9), EN, True) == "95% CI 81.2%–90.0%"
    assert f.interval((-12.34, 40.0), EN, False) == "95% CI -12.3–40.0"
    assert f.interval((0.5, 0.75), ZH, True).endswith("50.0%–75.0%")


def test_distribution_adds_up_to_100():
    # 1, 1, 1 of 3: 33.3 + 33.3 + 33.4 (largest remainder), never 99.9
    shares = f.distribution({1: 1, 2: 1, 3: 1}, EN)
    assert sorted(shares) == ["33.3%", "33.3%", "33.4%"]
    assert f.distribution({1: 0, 2: 0}, EN) == [DASH, DASH]


def test_change_size_in_points_or_percentage_points():
    assert f.change_size("nps", -3.5, EN) == f"3.5 {EN.t('points')}"
    assert f.change_size("csat_top2", -0.021, EN) == f"2.1 {EN.t('pp')}"


def test_sla_labels_and_verdicts():
    # The registry's one name of the figure, with the limit in words (never 30m / 7d).
    assert f.sla_label("response", 30, EN) == "Response within SLA (30 minutes)"
    assert f.sla_label("closure", 7 * 24 * 60, texts("zh-CN")) == "结案及时率（7 天）"
    assert f.sla_label("solution", 24 * 60, texts("zh-CN")) == "方案及时率（24 小时）"
    assert [f.met_word(m, EN) for m in (True, False, None)] == [EN.t("met"), EN.t("not_met"), EN.t("not_measured")]
