"""Locale formatting and the two languages' texts."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from reportgen.i18n import DASH, texts


@pytest.mark.parametrize("lang, expected", [
    ("zh-CN", ["89.7%", "12,345.7", "−3.5 个百分点", "+6.4", "2026 年第 3 季度", "2026年9月30日", "维修服务"]),
    ("en", ["89.7%", "12,345.7", "−3.5 pp", "+6.4", "Q3 2026", "September 30, 2026", "Repair service"]),
])
def test_formatting(lang, expected):
    t = texts(lang)
    got = [t.percent(0.89666), t.number(12345.678), t.pp(-0.0347), t.signed(6.4), t.quarter("2026Q3"),
           t.date(date(2026, 9, 30)), t.value("category", "repair")]
    assert got == expected


def test_missing_values_and_unknown_codes():
    t = texts("zh-CN")
    assert t.percent(None) == t.number(None) == t.pp(None) == DASH
    assert t.value("category", "安装延误") == "安装延误"  # a code without a label is shown as it is
    assert t.pp(0.035, signed=False) == "3.5 个百分点"
    assert t.signed(0.0) == "±0.0"


def test_both_languages_have_the_same_keys():
    from importlib import resources

    docs = {lang: yaml.safe_load(resources.files("reportgen").joinpath(f"locales/{lang}.yaml").read_text("utf-8"))
            for lang in ("zh-CN", "en")}
    for section in ("ui", "sentences"):
        assert set(docs["zh-CN"][section]) == set(docs["en"][section]), section
    for kind in docs["zh-CN"]["values"]:
        assert set(docs["zh-CN"]["values"][kind]) == set(docs["en"]["values"][kind]), kind


def test_unsupported_language():
    with pytest.raises(ValueError):
        texts("fr")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_one_name_per_figure_the_index_components_use_the_registrys(lang):
    """响应及时率 is called so everywhere: in the index table too, not 响应及时 or 响应时效达成率."""
    from reportgen.metrics.registry import BY_KEY

    t = texts(lang)
    for component, key in (("response", "complaints.response_sla_rate"), ("resolution", "complaints.resolution_rate"),
                           ("first_contact", "complaints.first_contact_resolution_rate")):
        assert t.value("index_component", component) == BY_KEY[key].name(lang)
