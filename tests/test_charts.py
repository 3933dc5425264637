"""Chart specs: asserted on `chart.to_dict()` (never on SVG bytes), plus one SVG smoke test."""

from __future__ import annotations

import json
import math

import pytest

from reportgen import charts
from reportgen.charts.style import STATUS
from reportgen.charts import bundle, convert
from reportgen.charts.marks import WRAP_LABEL

DIMS = ["响应速度", "问题解决", "服务态度", "专业水平", "沟通清晰", "主动跟进"]
SCORES = [82.4, 76.1, 91.3, 68.9, 79.2, 61.0]
LEVELS = ["非常不满意", "不满意", "一般", "满意", "非常满意"]


# Small inputs, one per builder ------------------------------------------------------------------

def dimension_rows():
    rows = [{"label": d, "score100": s, "n": 120, "insufficient": False} for d, s in zip(DIMS, SCORES)]
    rows[-1] = {"label": DIMS[-1], "score100": 61.0, "n": 12, "insufficient": True, "note": "样本不足"}
    return rows


def count_rows():
    return [{"label": "400热线", "count": 60, "share": 0.6}, {"label": "微信", "count": 30, "share": 0.3},
            {"label": "门店", "count": 10, "share": 0.1}]


def segment_rows():
    return [{"segment": seg, "channel": ch, "dimension": d, "n": 10 + i, "sum": (10 + i) * 4.0}
            for i, (seg, ch, d) in enumerate((s, c, d) for s in ("会员", "非会员") for c in ("短信", "微信")
                                             for d in DIMS[:2])]


def likert_rows():
    shares = [0.1, 0.2, 0.3, 0.25, 0.15]
    return [{"item": "工作人员态度热情、有礼貌", "level": lv, "share": s} for lv, s in enumerate(shares, 1)]


def segment_chart():
    return charts.segment_dimension_bars(
        segment_rows(), dimensions_order=DIMS[:2], min_n=30, note="样本不足")


BUILDERS = {
    "dimension_bars": lambda: charts.dimension_bars(dimension_rows(), target=80, target_label="目标"),
    "dumbbell": lambda: charts.dumbbell([{"label": "响应速度", "previous": 80.0, "current": 84.5},
                                         {"label": "服务态度", "previous": 90.0, "current": 88.0},
                                         {"label": "问题解决", "previous": None, "current": 70.0}]),
    "trend_lines": lambda: charts.trend_lines(
        [{"period": p, "series": s, "value": v} for s in ("响应及时率", "结案及时率")
         for p, v in zip(["2025Q3", "2025Q4", "2026Q1"], [0.9, None, 0.95])], percent=True, target=0.9),
    "sla_attainment": lambda: charts.sla_attainment(
        [{"label": "响应", "value": 0.96, "required": 0.9, "met": True},
         {"label": "解决", "value": 0.87, "required": 0.9, "met": False}]),
    "count_bars": lambda: charts.count_bars(count_rows()),
    "heatmap": lambda: charts.heatmap([{"row": "北京店", "column": "质量", "count": 3, "share": 0.3},
                                       {"row": "北京店", "column": "配送安装服务", "count": 7, "share": 0.7},
                                       {"row": "上海店", "column": "质量", "count": 9, "share": 0.9},
                                       {"row": "上海店", "column": "配送安装服务", "count": 1, "share": 0.1}],
                                      row_title="门店", column_title="类别"),
    "priority_scatter": lambda: charts.priority_scatter(
        [{"label": "质量", "frequency": 0.4, "impact": 2.5, "quadrant": "high_frequency_high_impact", "rank": 1},
         {"label": "价格", "frequency": 0.1, "impact": 1.5, "quadrant": "low_frequency_low_impact", "rank": 2},
         {"label": "积分", "frequency": 0.01, "impact": None, "quadrant": None, "rank": None}],
        x_median=0.25, y_median=2.0, x_title="频次", y_title="影响"),
    "ipa_scatter": lambda: charts.ipa_scatter(
        [{"label": "问题解决", "importance": 0.8, "performance": 70.0, "quadrant": "improve"},
         {"label": "服务态度", "importance": 0.5, "performance": 90.0, "quadrant": "surplus"}],
        x_mean=0.65, y_mean=80.0, x_title="重要性", y_title="表现"),
    "likert_diverging": lambda: charts.likert_diverging(likert_rows(), level_labels=LEVELS),
    "waterfall": lambda: charts.waterfall([{"stage": "收到", "count": 1000}, {"stage": "重复提交", "count": 975},
                                           {"stage": "作答过快", "count": 975}, {"stage": "有效", "count": 930}]),
    "gantt": lambda: charts.gantt([{"action": "培训", "start": "2026-07-01", "due": "2026-09-30", "status": "进行中"}],
                                  status_colors={"进行中": "#6baed6"}, today="2026-09-30"),
    "segment_dimension_bars": segment_chart,
}


# Spec helpers ------------------------------------------------------------------------------------

def units(spec):
    """Every single-view spec inside a (possibly nested) layer."""
    if "layer" in spec:
        return [u for layer in spec["layer"] for u in units(layer)]
    return [spec]


def mark_types(spec):
    return [u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"] for u in units(spec)]


def embedded(spec):
    """All data values a spec carries, whether inline or in top-level `datasets`."""
    found = [list(values) for values in spec.get("datasets", {}).values()]
    for u in [spec, *units(spec)]:
        if "values" in u.get("data", {}):
            found.append(u["data"]["values"])
    return found


def condition(enc):
    """The first condition of an encoding (Altair writes a list or a single object)."""
    cond = enc["condition"]
    return cond[0] if isinstance(cond, list) else cond


def encoding_with(spec, channel, field):
    for u in units(spec):
        enc = u.get("encoding", {}).get(channel)
        if isinstance(enc, dict) and enc.get("field") == field:
            return enc
    raise AssertionError(f"no {channel} encoding of {field}")


# Common rules ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_spec_is_deterministic_and_names_everything(name):
    first, second = BUILDERS[name]().to_dict(), BUILDERS[name]().to_dict()
    assert first == second
    text = json.dumps(first, ensure_ascii=False)
    # Altair's counter-based names would differ between runs and between charts of one page.
    assert "param_" not in text and "view_" not in text


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_house_config_is_applied_and_no_chart_title(name):
    spec = BUILDERS[name]().to_dict()
    assert spec["config"] == json.loads(json.dumps(charts.chart_config()))
    assert spec["config"]["font"].startswith("Noto Sans CJK SC") and spec["config"]["font"].endswith("sans-serif")
    assert "title" not in spec
    assert 0 < spec["width"] <= 560


def test_config_fonts_every_kind_of_text():
    config = charts.chart_config()
    for part in ("axis", "legend"):
        assert config[part]["labelFont"] == config[part]["titleFont"] == charts.FONT
    assert config["text"]["font"] == charts.FONT


# Builders ----------------------------------------------------------------------------------------

def test_dimension_bars_grey_for_insufficient_and_sequential_otherwise():
    spec = BUILDERS["dimension_bars"]().to_dict()
    assert mark_types(spec) == ["rule", "text", "bar", "text", "text"]
    bar = encoding_with(spec, "x", "score100")
    assert bar["scale"]["domain"] == [0, 100]
    color = next(u["encoding"]["color"] for u in units(spec) if u["mark"]["type"] == "bar")
    assert condition(color) == {"test": "datum.insufficient", "value": charts.NEUTRAL}
    assert color["scale"]["scheme"]["name"] == "blues"
    y = encoding_with(spec, "y", "label")
    assert y["sort"] == DIMS  # as given, not by value
    assert dimension_rows() in embedded(spec)
    # Labels: the caller's note for insufficient rows, one decimal for scores.
    calc = json.dumps(spec)
    assert "datum.note" in calc and "format(datum.score100, '.1f')" in calc
    target = [u for u in units(spec) if u["mark"]["type"] == "rule"][0]
    assert target["encoding"]["x"]["field"] == "value"
    assert [{"value": 80, "text": "目标 80.0"}] in embedded(spec)


def test_dumbbell_joins_the_two_quarters_and_prints_the_change_away_from_the_line():
    spec = BUILDERS["dumbbell"]().to_dict()
    assert mark_types(spec) == ["rule", "point", "text"]
    x = encoding_with(spec, "x", "score100")
    assert x["scale"]["domain"] == [67, 93]  # 70 … 90, padded by 15 % of the range (3; at least 2), whole points
    values = embedded(spec)
    pairs = next(v for v in values if v and "current" in v[0] and "series" not in v[0])
    assert [r["label"] for r in pairs] == ["响应速度", "服务态度"]  # no line where a quarter is missing
    labels = next(v for v in values if v and "text" in v[0])
    assert [(r["label"], r["text"], r["align"]) for r in labels] == [
        ("响应速度", "84.5 ▲4.5", "left"), ("服务态度", "88.0 ▼2.0", "right"), ("问题解决", "70.0", "left")]
    points = next(v for v in values if v and "series" in v[0] and "text" not in v[0])
    assert [(r["label"], r["series"]) for r in points] == [
        ("响应速度", "上季度"), ("响应速度", "本季度"), ("服务态度", "上季度"), ("服务态度", "本季度"), ("问题解决", "本季度")]
    fill = encoding_with(spec, "fill", "series")
    assert fill["scale"] == {"domain": ["上季度", "本季度"], "range": ["white", charts.style.SERIES_COLORS[0]]}


def test_trend_lines_colour_and_dash_and_percent_axis():
    spec = BUILDERS["trend_lines"]().to_dict()
    assert mark_types(spec)[:2] == ["line", "point"]
    line = units(spec)[0]
    assert line["mark"]["invalid"] == "break-paths-filter-domains"  # a null breaks the line
    assert set(line["encoding"]) >= {"color", "strokeDash"}
    assert units(spec)[1]["encoding"]["shape"]["field"] == "series"
    y = encoding_with(spec, "y", "value")
    assert y["axis"]["format"] == charts.PERCENT_AXIS
    tooltip = {t["field"]: t.get("format") for t in units(spec)[1]["encoding"]["tooltip"]}
    assert tooltip["value"] == ".1%"
    assert None in [v["value"] for v in embedded(spec)[0]]  # nulls reach Vega-Lite as null
    with pytest.raises(ValueError, match="at most 4"):
        charts.trend_lines([{"period": "2026Q1", "series": str(i), "value": 1.0} for i in range(5)], percent=False)


def test_sla_attainment_required_tick_and_met_colour():
    spec = BUILDERS["sla_attainment"]().to_dict()
    assert mark_types(spec) == ["bar", "bar", "bar", "tick", "text"]
    short, met, bar, tick, text = units(spec)
    # a bullet chart: behind the bar, the range short of the required share and the range meeting it
    assert [u["transform"][0]["calculate"] for u in (short, met)] == ["0", "datum.required"]
    assert [u["transform"][1]["calculate"] for u in (short, met)] == ["datum.required", "1"]
    assert short["mark"]["color"] != met["mark"]["color"]
    assert bar["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert condition(bar["encoding"]["color"]) == {"test": "datum.met", "value": STATUS["met"]}
    assert bar["encoding"]["color"]["value"] == STATUS["missed"] == charts.WARNING
    assert tick["encoding"]["x"]["field"] == "required"
    # The value and its distance from the required share, so that a miss of 0.3 points is read.
    gap = text["transform"][0]["calculate"]
    assert "format(datum.value, '.1%')" in gap and "abs(datum.value - datum.required) * 100" in gap
    assert text["encoding"]["text"]["field"] == "text"


def test_count_bars_static_embeds_only_the_given_aggregates():
    spec = BUILDERS["count_bars"]().to_dict()
    assert mark_types(spec) == ["bar", "text"]
    assert embedded(spec) == [count_rows()]
    assert "params" not in spec
    assert "format(datum.share, '.1%')" in json.dumps(spec)


def test_count_bars_sort_by_their_counts_so_replaced_rows_sort_again():
    """The HTML's filters swap the rows; the order follows the counts, not the first rows' labels."""
    spec = BUILDERS["count_bars"]().to_dict()
    assert encoding_with(spec, "y", "label")["sort"] == {"field": "count", "op": "sum", "order": "descending"}
    assert "domain" not in json.dumps(encoding_with(spec, "y", "label"))


def test_heatmap_shows_shares_of_the_row_in_the_given_order_with_horizontal_labels():
    spec = BUILDERS["heatmap"]().to_dict()
    assert mark_types(spec) == ["rect", "text"]
    text = units(spec)[1]
    assert condition(text["encoding"]["color"]) == {"test": "datum.share > 0.45", "value": "white"}
    assert text["encoding"]["text"] == {"field": "share", "format": ".0%", "type": "quantitative"}
    assert encoding_with(spec, "y", "row")["title"] is None
    assert encoding_with(spec, "y", "row")["sort"] == ["北京店", "上海店"]
    x = encoding_with(spec, "x", "column")
    assert x["title"] == "类别" and x["sort"] == ["质量", "配送安装服务"]
    assert x["axis"]["labelAngle"] == 0 and x["axis"]["labelExpr"] == WRAP_LABEL


def test_long_labels_wrap_instead_of_turning():
    svg = convert.to_svg(convert.to_spec(BUILDERS["heatmap"]()))
    assert "<tspan>配送安</tspan>" in svg and ">装服务</tspan>" in svg  # six characters: two lines of three
    assert ">质量<" in svg and "<tspan>质量" not in svg  # two: one line
    english = charts.heatmap([{"row": "A", "column": "Delivery and installation", "count": 1, "share": 1.0}],
                             row_title="Store", column_title="Category")
    svg = convert.to_svg(convert.to_spec(english))
    assert "<tspan>Delivery</tspan>" in svg and "rotate" not in svg


def test_priority_scatter_highlights_the_top_quadrant_and_leaves_out_unplaced():
    spec = BUILDERS["priority_scatter"]().to_dict()
    assert mark_types(spec) == ["rule", "rule", "point", "text"]
    values = next(v for v in embedded(spec) if v and "frequency" in v[0])
    assert [v["text"] for v in values] == ["1. 质量", "2. 价格"]  # 积分 is insufficient: never placed
    point = units(spec)[2]
    assert condition(point["encoding"]["color"])["test"] == 'datum.quadrant === "high_frequency_high_impact"'
    assert condition(point["encoding"]["color"])["value"] == charts.WARNING
    x = encoding_with(spec, "x", "frequency")
    assert x["title"] == "频次"
    assert {t["field"]: t.get("format") for t in point["encoding"]["tooltip"]}["frequency"] == ".1%"


def test_ipa_scatter_flags_improve_quadrant_and_draws_mean_rules():
    spec = BUILDERS["ipa_scatter"]().to_dict()
    rules = [u for u in units(spec) if u["mark"]["type"] == "rule"]
    assert [r["encoding"].get("x", r["encoding"].get("y"))["field"] for r in rules] == ["value", "value"]
    assert [{"value": 0.65, "text": ""}] in embedded(spec) and [{"value": 80.0, "text": ""}] in embedded(spec)
    point = [u for u in units(spec) if u["mark"]["type"] == "point"][0]
    assert condition(point["encoding"]["color"])["test"] == 'datum.quadrant === "improve"'


def test_likert_offsets_of_a_known_row():
    offsets = charts.likert_offsets({1: 0.1, 2: 0.2, 3: 0.3, 4: 0.25, 5: 0.15})
    expected = {1: (-0.45, -0.35), 2: (-0.35, -0.15), 3: (-0.15, 0.15), 4: (0.15, 0.4), 5: (0.4, 0.55)}
    for level, (x, x2) in expected.items():
        assert offsets[level] == pytest.approx((x, x2))


def test_likert_diverging_spec():
    spec = BUILDERS["likert_diverging"]().to_dict()
    assert mark_types(spec) == ["rule", "bar", "text"]  # the zero line under the bars: no label struck through
    values = next(v for v in embedded(spec) if v and "level" in v[0])
    neutral = next(v for v in values if v["level"] == 3)
    assert (neutral["x"], neutral["x2"]) == pytest.approx((-0.15, 0.15))  # centred across zero
    color = encoding_with(spec, "color", "level_label")
    assert color["scale"]["domain"] == LEVELS
    assert color["scale"]["range"][:3] == [charts.WARNING, charts.WARNING_LIGHT, "#d0d0d0"]
    assert "abs(datum.value)" in units(spec)[1]["encoding"]["x"]["axis"]["labelExpr"]
    y = encoding_with(spec, "y", "item")["axis"]
    assert y["labelLimit"] == 0 and "工作人员态度热情、有礼貌" in y["labelExpr"]  # whole, never cut with "…"


def test_labels_wrap_by_width_chinese_anywhere_english_at_spaces():
    from reportgen.charts.marks import wrap_text, wrapped_labels

    # 30 units a line, a Chinese character two: "q1 " and 13 characters, then the rest
    assert wrap_text("q1 您的诉求提出后，工作人员响应及时") == ["q1 您的诉求提出后，工作人员响", "应及时"]
    assert wrap_text("q12 The staff kept the promises they made about when things would happen") == [
        "q12 The staff kept the", "promises they made about when", "things would happen"]
    assert wrap_text("短") == ["短"]
    expr = wrapped_labels(["短", "q12 The staff kept the promises they made about when things would happen"])
    assert '"短": ["短", ""]' in expr  # padded to two lines, so every block centres alike
    assert '["q12 The staff kept the", "promises they made about when things would happen"]' in expr


def test_waterfall_floats_each_rules_removal_between_the_totals():
    spec = BUILDERS["waterfall"]().to_dict()
    assert mark_types(spec) == ["bar", "text", "text"]
    values = embedded(spec)[0]
    # removed 70 in all; the axis starts at 930 − 0.6 × 70 = 888, down to a round 850
    assert [(v["stage"], v["x"], v["x2"], v["text"]) for v in values] == [
        ("收到", 850, 1000, "1,000"), ("重复提交", 975, 1000, "−25"), ("作答过快", 975, 975, "0"),
        ("有效", 850, 930, "930")]
    assert encoding_with(spec, "x", "x")["scale"]["domain"] == [850, 1000]
    assert encoding_with(spec, "y", "stage")["sort"] == ["收到", "重复提交", "作答过快", "有效"]
    bar = units(spec)[0]
    assert condition(bar["encoding"]["color"]) == {"test": "datum.kind === 'total'", "value": charts.style.BAR}


def test_gantt_status_colours_and_today_rule():
    spec = BUILDERS["gantt"]().to_dict()
    assert mark_types(spec) == ["bar", "rule", "text"]
    bar = units(spec)[0]
    assert bar["encoding"]["x"]["field"] == "start" and bar["encoding"]["x2"]["field"] == "due"
    assert bar["encoding"]["color"]["scale"] == {"domain": ["进行中"], "range": ["#6baed6"]}
    assert bar["encoding"]["x"]["scale"]["type"] == "utc"


def test_segment_dimension_bars_reaggregate_the_cells_they_are_given():
    """No select of its own (the report's filters replace the cells); the sums re-aggregate."""
    spec = segment_chart().to_dict()
    assert "params" not in spec and '"bind"' not in json.dumps(spec)
    transforms = units(spec)[0]["transform"]
    assert transforms[0] == {"aggregate": [{"op": "sum", "field": "n", "as": "n"},
                                           {"op": "sum", "field": "sum", "as": "total"}], "groupby": ["dimension"]}
    assert transforms[1]["calculate"] == "datum.n > 0 ? (datum.total / datum.n - 1) / 4 * 100 : null"
    assert embedded(spec) == [segment_rows()]  # per-cell sums only, no response


# Kinds -----------------------------------------------------------------------------------------

def test_every_kind_names_its_builder_and_is_tested():
    assert all(charts.KINDS[name].__name__ == name for name in charts.KINDS)
    assert all(getattr(charts, name) is builder for name, builder in charts.KINDS.items())
    assert set(charts.KINDS) <= set(BUILDERS)


# Output ----------------------------------------------------------------------------------------

def test_to_spec_is_the_vega_lite_dict():
    chart = BUILDERS["count_bars"]()
    assert convert.to_spec(chart) == chart.to_dict()


def test_to_svg_keeps_chinese_text_as_text():
    svg = convert.to_svg(convert.to_spec(charts.count_bars(count_rows())))
    assert svg.lstrip().startswith("<svg")
    assert "400热线" in svg and "微信" in svg
    assert "Noto Sans CJK SC" in svg


def test_vega_bundle_is_cached_and_offline(private_cache):
    bundle.vega_bundle.cache_clear()
    text = bundle.vega_bundle()
    assert text is bundle.vega_bundle()
    assert "vegaEmbed" in text
    assert (private_cache / f"vega-bundle-{convert.library_versions()}.js").read_text(encoding="utf-8") == text


def test_quadrant_charts_name_their_quadrants_and_mark_the_one_to_act_on():
    names = {"high_frequency_high_impact": "高频高影响", "low_frequency_high_impact": "低频高影响",
             "high_frequency_low_impact": "高频低影响", "low_frequency_low_impact": "低频低影响"}
    spec = charts.priority_scatter(
        [{"label": "质量", "frequency": 0.4, "impact": 2.5, "quadrant": "high_frequency_high_impact", "rank": 1},
         {"label": "价格", "frequency": 0.1, "impact": 1.5, "quadrant": "low_frequency_low_impact", "rank": 2}],
        x_median=0.25, y_median=2.0, x_title="频次", y_title="影响", quadrant_names=names).to_dict()
    corners = {(u["mark"].get("x"), u["mark"].get("y")): (u["data"], u["mark"]["color"])
               for u in units(spec) if u["mark"]["type"] == "text" and "x" in u["mark"]}
    texts_by_corner = {k: spec["datasets"][v[0]["name"]][0]["text"] for k, v in corners.items()}
    assert texts_by_corner == {("width", 0): "高频高影响", (0, 0): "低频高影响", ("width", "height"): "高频低影响",
                               (0, "height"): "低频低影响"}
    assert corners[("width", 0)][1] == charts.WARNING and corners[(0, "height")][1] != charts.WARNING
    points = next(u for u in units(spec) if u["mark"]["type"] == "point")
    # The rows carry codes, so the quadrant to act on is found (a translated name never matched it).
    assert condition(points["encoding"]["color"])["test"] == 'datum.quadrant === "high_frequency_high_impact"'
