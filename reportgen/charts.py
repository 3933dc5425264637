"""Every chart of the report as a Vega-Lite spec (Altair), plus SVG rendering for the PDF.

Builders take aggregates only (never raw rows) with labels already translated by the caller, and
return a configured `alt.Chart`/`alt.LayerChart`. Every spec is deterministic: params are named
explicitly and data are inlined, so two calls give identical `to_dict()` output.

House rules, applied by `finish` from `chart_config` so no builder repeats them: one CJK font, one
palette (sequential blues for scores, one warning colour, neutral grey), percentages `.1%`,
scores `.1f`, no chart titles (the template writes a caption with source and n).
"""

from __future__ import annotations

import functools
import hashlib
import os
import json
import math
import subprocess
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import vl_convert


class _Altair:
    """Altair, imported on first use.

    Importing it takes about half a second, and a build whose charts are all in the cache
    (see reportgen.render.charts_stage) never needs it; the constants here are used without it.
    """

    def __getattr__(self, name: str) -> Any:
        import altair

        globals()["alt"] = altair  # later uses go straight to the module
        return getattr(altair, name)


alt: Any = _Altair()

FONT = "Noto Sans CJK SC, sans-serif"
INK = "#333333"  # text and marks that carry no meaning
WARNING = "#c0392b"  # negative results: below target, detractors, breached
WARNING_LIGHT = "#eaa093"
NEUTRAL = "#b0b0b0"  # neutral answers, insufficient samples
GRID = "#d9d9d9"
BLUES = ("#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1", "#c6dbef")
BAR = "#4292c6"  # bars whose colour carries no value (counts)
# A sequential scale starting above white so the lowest values stay visible on paper.
SCORE_SCHEME = {"name": "blues", "extent": [0.3, 1.0]}
# Series of line charts: lightness steps plus dashes and shapes, readable in greyscale.
SERIES_COLORS = ("#08519c", "#6baed6", "#525252", "#969696")
SERIES_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3])
SERIES_SHAPES = ("circle", "square", "triangle-up", "diamond")

WIDTH = 520  # plot width of charts without a wide axis
BAR_WIDTH = 400  # plot width of horizontal bars: leaves room for category labels and value labels
STEP = 26  # band height per category row
PERCENT = ".1%"
SCORE = ".1f"
COUNT = ",d"
PERCENT_AXIS = ".1~%"  # axis ticks: 90%, 92.5% (one decimal at most, no padding zeros)
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto",
             "/usr/share/fonts/opentype/noto-cjk", "/usr/share/fonts/noto-cjk")


# Common configuration -------------------------------------------------------------------------

def chart_config() -> dict[str, Any]:
    """The house style as a Vega-Lite config, kept in one place so every chart looks alike."""
    axis = {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12,
            "titleFontWeight": "normal", "labelColor": INK, "titleColor": INK,
            "domainColor": "#888888", "tickColor": "#888888", "gridColor": "#e8e8e8"}
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
        "axis": axis,
        "axisBand": {"labelLimit": 240},  # long Likert items and action names
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12,
                   "titleFontWeight": "normal", "labelColor": INK, "orient": "bottom", "labelLimit": 240},
        "text": {"font": FONT, "fontSize": 11, "color": INK},
        "title": {"font": FONT},
    }


def finish(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the house config; the one place where chart-wide style is set."""
    return chart.configure(**chart_config())


def _clean(value: Any) -> Any:
    """NaN is not JSON: a figure that cannot be computed is null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _values(rows: Sequence[Mapping[str, Any]], **extra: Sequence[Any]) -> list[dict[str, Any]]:
    out = [{k: _clean(v) for k, v in row.items()} for row in rows]
    for key, column in extra.items():
        for row, value in zip(out, column):
            row[key] = _clean(value)
    return out


def _data(values: list[dict[str, Any]]) -> alt.InlineData:
    return alt.InlineData(values=values)


def _unique(values: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _js(text: str) -> str:
    """A JavaScript string literal, safe for any label inside a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


def _rule(value: float, *, field: str, label: str | None, fmt: str,
          color: str = WARNING) -> alt.LayerChart | alt.Chart:
    """A dashed reference line (target, median, mean) with an optional label."""
    data = _data([{"value": value, "text": f"{label} {format(value, fmt)}" if label else ""}])
    enc = alt.X if field == "x" else alt.Y
    rule = alt.Chart(data).mark_rule(color=color, strokeDash=[5, 3], strokeWidth=1.5).encode(
        enc("value:Q"))
    if not label:
        return rule
    if field == "x":
        text = alt.Chart(data).mark_text(align="left", baseline="bottom", dx=3, dy=-2, y=0,
                                         color=color, fontSize=10).encode(alt.X("value:Q"), text="text:N")
    else:
        # Outside the plot, on the right, where no line or point can collide with it.
        text = alt.Chart(data).mark_text(align="left", baseline="middle", dx=4, x="width",
                                         color=color, fontSize=10).encode(alt.Y("value:Q"), text="text:N")
    return rule + text


def _band_height(n: int) -> int:
    return max(1, n) * STEP


# 1. Dimension scores ---------------------------------------------------------------------------

INSIDE_MIN_SCORE = 50  # from here on a bar is long and dark enough to carry its label in white


def _score_bars(base: alt.Chart, y: alt.Y, *, label_field: str, value_title: str | None,
                target: float | None = None, target_label: str | None = None) -> list[alt.Chart | alt.LayerChart]:
    """Score100 bars with their labels, shared by the static and the filterable dimension charts.

    `base` must provide `score100`, `n`, `insufficient` and `text`. Labels sit inside the bar end and
    the target line behind the bars, so the line never crosses a label (a white text halo works in
    browsers but did not show in WeasyPrint's PDF).
    """
    base = base.transform_calculate(
        inside=f"!datum.insufficient && isValid(datum.score100) && datum.score100 >= {INSIDE_MIN_SCORE}",
        x_text="isValid(datum.score100) ? datum.score100 : 0")
    bars = base.mark_bar(height={"band": 0.7}).encode(
        y, alt.X("score100:Q", scale=alt.Scale(domain=[0, 100]), title=value_title),
        color=alt.when("datum.insufficient").then(alt.value(NEUTRAL)).otherwise(
            alt.Color("score100:Q", scale=alt.Scale(scheme=SCORE_SCHEME, domain=[0, 100]), legend=None)),
        tooltip=[alt.Tooltip(f"{label_field}:N", title=" "),
                 alt.Tooltip("score100:Q", format=SCORE, title="score100"),
                 alt.Tooltip("n:Q", format=COUNT, title="n")])
    inside = base.transform_filter("datum.inside").mark_text(
        align="right", baseline="middle", dx=-5, color="white").encode(y, alt.X("score100:Q"), text="text:N")
    outside = base.transform_filter("!datum.inside").mark_text(
        align="left", baseline="middle", dx=4).encode(y, alt.X("x_text:Q"), text="text:N")
    layers: list[alt.Chart | alt.LayerChart] = []
    if target is not None:
        layers.append(_rule(target, field="x", label=target_label, fmt=SCORE))
    return [*layers, bars, inside, outside]


def dimension_bars(rows: Sequence[Mapping[str, Any]], *, target: float | None = None,
                   target_label: str | None = None, value_title: str | None = None) -> alt.LayerChart:
    """Score100 per dimension; insufficient samples are greyed, never coloured as a result."""
    labels = [r["label"] for r in rows]
    base = alt.Chart(_data(_values(rows))).transform_calculate(
        text=("datum.insufficient && isValid(datum.note) ? datum.note"
              f" : (isValid(datum.score100) ? format(datum.score100, '{SCORE}') : '')"))
    y = alt.Y("label:N", sort=labels, scale=alt.Scale(domain=labels), title=None)
    layers = _score_bars(base, y, label_field="label", value_title=value_title, target=target,
                         target_label=target_label)
    return finish(alt.layer(*layers).properties(width=BAR_WIDTH, height=_band_height(len(rows))))


# 2. Radar --------------------------------------------------------------------------------------

RADAR_RINGS = (20, 40, 60, 80, 100)
RADAR_SIZE = 400


def radar_point(index: int, *, count: int, radius: float) -> tuple[float, float]:
    """Spoke `index` of `count` points up and the rest follow clockwise, as readers expect."""
    angle = math.pi / 2 - 2 * math.pi * index / count
    # Rounding removes float noise (6e-15 for 0) that would make specs differ between platforms.
    return round(radius * math.cos(angle), 6) + 0.0, round(radius * math.sin(angle), 6) + 0.0


def radar(rows: Sequence[Mapping[str, Any]], *, previous: Sequence[Mapping[str, Any]] | None = None,
          series_names: tuple[str, str] = ("本季度", "上季度")) -> alt.LayerChart:
    """Six dimensions at a glance; Vega-Lite has no radar mark, so vertices are computed here."""
    labels = [r["label"] for r in rows]
    count = len(labels)
    if count < 3:
        raise ValueError(f"a radar needs at least 3 dimensions, got {count}")
    grid = [{"ring": ring, "order": i, "x": x, "y": y}
            for ring in RADAR_RINGS
            for i in range(count + 1)
            for x, y in [radar_point(i % count, count=count, radius=ring)]]
    spokes = [{"x": 0.0, "y": 0.0, "x2": x, "y2": y}
              for i in range(count) for x, y in [radar_point(i, count=count, radius=100)]]
    ring_labels = [{"x": 0.0, "y": float(ring), "text": str(ring)} for ring in RADAR_RINGS]
    tip_labels = []
    for i, r in enumerate(rows):
        x, y = radar_point(i, count=count, radius=112)
        align = "center" if abs(x) < 1 else ("left" if x > 0 else "right")
        baseline = "bottom" if y > 1 else ("top" if y < -1 else "middle")
        score = r.get("score100")
        text = r["label"] if score is None else f"{r['label']} {score:{SCORE}}"
        tip_labels.append({"x": x, "y": y, "text": text, "align": align, "baseline": baseline})

    series = []
    names = list(series_names[: 1 if previous is None else 2])
    # The previous quarter comes first in the data, so the current quarter is drawn on top of it.
    for name, data_rows in reversed(list(zip(names, (rows, previous)))):
        scores = {r["label"]: _clean(r.get("score100")) for r in data_rows}
        points = [(i, scores.get(label)) for i, label in enumerate(labels)]
        points = [(i, s) for i, s in points if s is not None]
        if not points:
            continue
        for order, (i, s) in enumerate([*points, points[0]] if len(points) > 2 else points):
            x, y = radar_point(i, count=count, radius=s)
            series.append({"series": name, "order": order, "label": labels[i], "score100": s, "x": x, "y": y})

    extent = 135
    x = alt.X("x:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    layers = [
        alt.Chart(_data(grid)).mark_line(color=GRID, strokeWidth=0.8).encode(
            x, y, detail="ring:N", order="order:Q"),
        alt.Chart(_data(spokes)).mark_rule(color=GRID, strokeWidth=0.8).encode(x, y, x2="x2:Q", y2="y2:Q"),
        alt.Chart(_data(ring_labels)).mark_text(align="left", baseline="bottom", dx=3, fontSize=9,
                                                color="#888888").encode(x, y, text="text:N"),
        alt.Chart(_data(tip_labels)).mark_text(align=alt.expr("datum.align"), baseline=alt.expr("datum.baseline"),
                                               fontSize=11).encode(x, y, text="text:N"),
    ]
    legend_scale = {"domain": names}
    # The top-right corner of a radar is empty: the legend costs no height there.
    color = alt.Color("series:N", scale=alt.Scale(range=[SERIES_COLORS[0], SERIES_COLORS[3]], **legend_scale),
                      title=None, legend=alt.Legend(orient="top-right", direction="vertical"))
    dash = alt.StrokeDash("series:N", scale=alt.Scale(range=[SERIES_DASHES[0], SERIES_DASHES[1]], **legend_scale),
                          title=None)
    shape = alt.Shape("series:N", scale=alt.Scale(range=[SERIES_SHAPES[0], SERIES_SHAPES[1]], **legend_scale),
                      title=None)
    tooltip = [alt.Tooltip("series:N", title=" "), alt.Tooltip("label:N", title=" "),
               alt.Tooltip("score100:Q", format=SCORE, title="score100")]
    lines = alt.Chart(_data(series))
    layers += [
        lines.mark_line(strokeWidth=2).encode(x, y, color, dash, order="order:Q", detail="series:N"),
        lines.mark_point(filled=True, size=40, opacity=1).encode(x, y, color, shape, tooltip=tooltip),
    ]
    return finish(alt.layer(*layers).properties(width=RADAR_SIZE, height=RADAR_SIZE))


# 3. Donut --------------------------------------------------------------------------------------

MAX_SLICES = 5
DONUT_MIN_LABEL = 0.05


# Hand-picked from ColorBrewer Blues for even lightness steps (also in greyscale), dark first.
SEQUENTIAL = {
    1: ("#2171b5",),
    2: ("#08519c", "#9ecae1"),
    3: ("#08519c", "#4292c6", "#9ecae1"),
    4: ("#08306b", "#2171b5", "#6baed6", "#b3d3e8"),
    5: ("#08306b", "#08519c", "#4292c6", "#85bcdb", "#c6dbef"),
}


def donut(rows: Sequence[Mapping[str, Any]], *, percent_labels: Sequence[str],
          colors: Sequence[str] | None = None) -> alt.LayerChart:
    """One question's distribution; the caller's rounded percentages are shown so they add to 100.

    Every percentage is in the legend; beside the ring only slices of at least 5 %, since labels of
    thin neighbouring slices would overprint each other.
    """
    if len(rows) > MAX_SLICES:
        raise ValueError(f"a donut shows at most {MAX_SLICES} slices, got {len(rows)}: use bars")
    if len(percent_labels) != len(rows):
        raise ValueError(f"{len(percent_labels)} percent labels for {len(rows)} slices")
    labels = [r["label"] for r in rows]
    palette = list(colors) if colors is not None else list(SEQUENTIAL.get(len(rows), ()))
    total = sum(r["count"] or 0 for r in rows)
    wide = [total > 0 and (r["count"] or 0) / total >= DONUT_MIN_LABEL for r in rows]
    data = _data(_values(rows, order=range(len(rows)), percent=percent_labels, outside=wide))
    legend_text = " : ".join(f"datum.label === {_js(label)} ? {_js(f'{label}  {pct}')}"
                             for label, pct in zip(labels, percent_labels))
    base = alt.Chart(data).encode(alt.Theta("count:Q", stack=True), alt.Order("order:Q"))
    arcs = base.mark_arc(innerRadius=60, outerRadius=105, stroke="white", strokeWidth=1.5).encode(
        color=alt.Color("label:N", sort=labels, scale=alt.Scale(domain=labels, range=palette), title=None,
                        legend=alt.Legend(orient="right",
                                          labelExpr=f"{legend_text} : datum.label" if labels else alt.Undefined)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("count:Q", format=COUNT, title="n"),
                 alt.Tooltip("percent:N", title="%")])
    # Not a filter: the text layer must stack every slice to find the angles of the wide ones.
    text = base.mark_text(radius=124, fontSize=11).encode(
        text=alt.when("datum.outside").then(alt.Text("percent:N")).otherwise(alt.value("")))
    return finish((arcs + text).properties(width=280, height=280))


# 4. Trends -------------------------------------------------------------------------------------

MAX_SERIES = 4


def trend_lines(rows: Sequence[Mapping[str, Any]], *, percent: bool, target: float | None = None,
                target_label: str | None = None, value_title: str | None = None) -> alt.LayerChart:
    """The last quarters per series; a missing value breaks the line instead of bridging it."""
    periods = _unique([r["period"] for r in rows])
    series = _unique([r["series"] for r in rows])
    if len(series) > MAX_SERIES:
        raise ValueError(f"a trend chart shows at most {MAX_SERIES} series, got {len(series)}")
    fmt = PERCENT if percent else SCORE
    k = len(series)
    data = _data(_values(rows))
    x = alt.X("period:O", sort=periods, scale=alt.Scale(domain=periods), title=None,
              axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", scale=alt.Scale(zero=False, nice=True), title=value_title,
              axis=alt.Axis(format=PERCENT_AXIS if percent else "~f"))
    legend = None if k == 1 else alt.Legend()
    color = alt.Color("series:N", sort=series, scale=alt.Scale(domain=series, range=list(SERIES_COLORS[:k])),
                      title=None, legend=legend)
    dash = alt.StrokeDash("series:N", sort=series, scale=alt.Scale(domain=series, range=list(SERIES_DASHES[:k])),
                          title=None, legend=legend)
    shape = alt.Shape("series:N", sort=series, scale=alt.Scale(domain=series, range=list(SERIES_SHAPES[:k])),
                      title=None, legend=legend)
    tooltip = [alt.Tooltip("series:N", title=" "), alt.Tooltip("period:O", title=" "),
               alt.Tooltip("value:Q", format=fmt, title=value_title or " ")]
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2, invalid="break-paths-filter-domains").encode(x, y, color, dash)
    points = base.mark_point(filled=True, size=50, opacity=1).encode(x, y, color, shape, tooltip=tooltip)
    layers = [lines, points]
    if target is not None:
        layers.append(_rule(target, field="y", label=target_label, fmt=fmt))
    return finish(alt.layer(*layers).properties(width=WIDTH - 60, height=260))


# 5. SLA attainment -----------------------------------------------------------------------------

def sla_attainment(rows: Sequence[Mapping[str, Any]], *, value_title: str | None = None) -> alt.LayerChart:
    """Attainment against each SLA's required share, on an honest 0–100 % axis."""
    labels = [r["label"] for r in rows]
    data = _data(_values(rows))
    y = alt.Y("label:N", sort=labels, title=None)
    x = alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), title=value_title,
              axis=alt.Axis(format=PERCENT_AXIS, values=[0, 0.2, 0.4, 0.6, 0.8, 1]))
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format=PERCENT, title=value_title or " "),
               alt.Tooltip("required:Q", format=PERCENT, title="required")]
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.6}).encode(
        y, x, color=alt.when("datum.met").then(alt.value(BLUES[4])).otherwise(alt.value(WARNING)),
        tooltip=tooltip)
    required = base.mark_tick(color=INK, thickness=2.5, size=STEP * 1.3 * 0.8).encode(
        y, alt.X("required:Q"), tooltip=tooltip)
    # A column of values right of 100 %: never crosses the required-share tick.
    text = base.mark_text(align="left", baseline="middle", dx=8).encode(
        y, alt.X(datum=1), text=alt.Text("value:Q", format=PERCENT),
        color=alt.when("datum.met").then(alt.value(INK)).otherwise(alt.value(WARNING)))
    return finish(alt.layer(bars, required, text).properties(width=BAR_WIDTH, height=len(rows) * STEP * 1.3))


# 6. Counts -------------------------------------------------------------------------------------

COUNT_TEXT = "format(datum.count, ',d') + ' (' + format(datum.share, '.1%') + ')'"


def count_bars(rows: Sequence[Mapping[str, Any]], *, filter_param: Mapping[str, Any] | None = None,
               value_title: str | None = None) -> alt.LayerChart:
    """Counts with their shares; with `filter_param` the reader re-aggregates by one field in the HTML.

    `filter_param`: {"name", "field", "options", "all_label"} and optionally "label" (the text
    beside the dropdown). Rows then hold one count per label × field value; the initial value is
    `all_label`, so the static SVG shows the total.
    """
    labels = _unique([r["label"] for r in rows])
    data = _data(_values(rows))
    base = alt.Chart(data)
    params: list[alt.Parameter] = []
    if filter_param is not None:
        name, field, all_label = filter_param["name"], filter_param["field"], filter_param["all_label"]
        param = alt.param(name=name, value=all_label, bind=alt.binding_select(
            options=[all_label, *filter_param["options"]], name=filter_param.get("label") or " "))
        params.append(param)
        base = base.transform_filter(
            f"{name} === {_js(all_label)} || datum[{_js(field)}] === {name}"
        ).transform_aggregate(
            count="sum(count)", groupby=["label"]
        ).transform_joinaggregate(
            total="sum(count)"
        ).transform_calculate(
            share="datum.total > 0 ? datum.count / datum.total : 0")
    base = base.transform_calculate(text=COUNT_TEXT)
    y = alt.Y("label:N", sort=labels, scale=alt.Scale(domain=labels), title=None)
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("count:Q", format=COUNT, title="n"),
               alt.Tooltip("share:Q", format=PERCENT, title="%")]
    bars = base.mark_bar(color=BAR, height={"band": 0.7}).encode(
        y, alt.X("count:Q", title=value_title, axis=alt.Axis(format=COUNT, tickMinStep=1)), tooltip=tooltip)
    text = base.mark_text(align="left", baseline="middle", dx=4).encode(y, alt.X("count:Q"), text="text:N")
    chart = alt.layer(bars, text).properties(width=BAR_WIDTH, height=_band_height(len(labels)))
    if params:
        chart = chart.add_params(*params)
    return finish(chart)


# 7. Heatmap ------------------------------------------------------------------------------------

def heatmap(rows: Sequence[Mapping[str, Any]], *, row_title: str, column_title: str) -> alt.LayerChart:
    """Where complaints concentrate; counts are printed so the colour need not be decoded."""
    row_order = _unique([r["row"] for r in rows])
    column_order = _unique([r["column"] for r in rows])
    top = max((r["count"] or 0 for r in rows), default=0)
    data = _data(_values(rows))
    x = alt.X("column:N", sort=column_order, title=column_title,
              axis=alt.Axis(orient="top", labelAngle=0 if len(column_order) <= 6 else -35))
    y = alt.Y("row:N", sort=row_order, title=row_title)
    base = alt.Chart(data).encode(x, y)
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme={"name": "blues", "extent": [0.05, 1.0]},
                                                   domain=[0, max(top, 1)]), legend=None),
        tooltip=[alt.Tooltip("row:N", title=row_title), alt.Tooltip("column:N", title=column_title),
                 alt.Tooltip("count:Q", format=COUNT, title="n")])
    # Light text only on the darker half of the scale keeps every count legible.
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("count:Q", format=COUNT),
        color=alt.when(f"datum.count > {top * 0.5}").then(alt.value("white")).otherwise(alt.value(INK)))
    width = min(WIDTH, max(1, len(column_order)) * 56)
    return finish((cells + text).properties(width=width, height=_band_height(len(row_order))))


# 8–9. Quadrant scatters ------------------------------------------------------------------------

def _quadrant_scatter(values: list[dict[str, Any]], *, x_field: str, y_field: str, x_mean: float | None,
                      y_mean: float | None, x_title: str, y_title: str, x_format: str, y_format: str,
                      highlight: str, text_field: str) -> alt.LayerChart:
    """Points split by two reference lines, the quadrant that needs action in the warning colour."""
    data = _data(values)
    x = alt.X(f"{x_field}:Q", scale=alt.Scale(zero=False, nice=True, padding=20), title=x_title,
              axis=alt.Axis(format=x_format.replace(PERCENT, PERCENT_AXIS)))
    y = alt.Y(f"{y_field}:Q", scale=alt.Scale(zero=False, nice=True, padding=20), title=y_title,
              axis=alt.Axis(format=y_format.replace(PERCENT, PERCENT_AXIS)))
    flagged = f"datum.quadrant === {_js(highlight)}"
    base = alt.Chart(data).encode(x, y)
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip(f"{x_field}:Q", format=x_format, title=x_title),
               alt.Tooltip(f"{y_field}:Q", format=y_format, title=y_title)]
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        color=alt.when(flagged).then(alt.value(WARNING)).otherwise(alt.value(BLUES[3])),
        shape=alt.when(flagged).then(alt.value("triangle-up")).otherwise(alt.value("circle")),
        tooltip=tooltip)
    # Above and right of the point: a point on a median or mean line (common: with an odd number of
    # categories one lies on the median) keeps its label clear of both lines.
    text = base.mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=10).encode(
        text=f"{text_field}:N", color=alt.when(flagged).then(alt.value(WARNING)).otherwise(alt.value(INK)))
    layers = []
    if x_mean is not None:
        layers.append(_rule(x_mean, field="x", label=None, fmt=x_format, color="#888888"))
    if y_mean is not None:
        layers.append(_rule(y_mean, field="y", label=None, fmt=y_format, color="#888888"))
    return finish(alt.layer(*layers, points, text).properties(width=WIDTH - 40, height=320))


def priority_scatter(rows: Sequence[Mapping[str, Any]], *, x_median: float | None, y_median: float | None,
                     x_title: str, y_title: str, y_format: str = ".2f",
                     highlight: str = "high_frequency_high_impact") -> alt.LayerChart:
    """Categories by frequency and impact; unplaced (insufficient) categories are left out, as the method says.

    `y_format`: ".2f" for a mean severity weight, ".1%" when impact is the closure-breach share.
    """
    placed = [r for r in rows if r.get("quadrant") is not None and _clean(r.get("impact")) is not None]
    values = _values(placed, text=[f"{r['rank']}. {r['label']}" if r.get("rank") is not None else r["label"]
                                   for r in placed])
    return _quadrant_scatter(values, x_field="frequency", y_field="impact", x_mean=x_median, y_mean=y_median,
                             x_title=x_title, y_title=y_title, x_format=PERCENT, y_format=y_format,
                             highlight=highlight, text_field="text")


def ipa_scatter(rows: Sequence[Mapping[str, Any]], *, x_mean: float | None, y_mean: float | None,
                x_title: str, y_title: str, highlight: str = "improve") -> alt.LayerChart:
    """Importance × performance: what matters to customers and under-performs stands out."""
    placed = [r for r in rows if _clean(r.get("importance")) is not None and _clean(r.get("performance")) is not None]
    return _quadrant_scatter(_values(placed), x_field="importance", y_field="performance", x_mean=x_mean,
                             y_mean=y_mean, x_title=x_title, y_title=y_title, x_format=".2f", y_format=SCORE,
                             highlight=highlight, text_field="label")


# 10. Likert ------------------------------------------------------------------------------------

LIKERT_COLORS = (WARNING, WARNING_LIGHT, "#d0d0d0", BLUES[5], BLUES[2])
LIKERT_TEXT = ("white", INK, INK, INK, "white")
LIKERT_MIN_LABEL = 0.08  # narrower segments get no text: it would not fit


def likert_offsets(shares: Mapping[int, float]) -> dict[int, tuple[float, float]]:
    """Segment extents for one item: levels 1–2 left of zero, 3 centred on it, 4–5 right."""
    s = {level: float(shares.get(level) or 0.0) for level in range(1, 6)}
    left = -(s[1] + s[2] + s[3] / 2)
    out, start = {}, left
    for level in range(1, 6):
        out[level] = (start, start + s[level])
        start += s[level]
    return out


def likert_diverging(rows: Sequence[Mapping[str, Any]], *, level_labels: Sequence[str],
                     value_title: str | None = None) -> alt.LayerChart:
    """Agreement and disagreement on either side of zero, so items compare at a glance."""
    if len(level_labels) != 5:
        raise ValueError(f"a 5-point scale needs 5 level labels, got {len(level_labels)}")
    items = _unique([r["item"] for r in rows])
    shares: dict[Any, dict[int, float]] = {item: {} for item in items}
    for r in rows:
        shares[r["item"]][int(r["level"])] = _clean(r["share"]) or 0.0
    values = []
    for item in items:
        for level, (x, x2) in likert_offsets(shares[item]).items():
            if x2 == x and level not in shares[item]:
                continue
            share = shares[item].get(level, 0.0)
            values.append({"item": item, "level": level, "level_label": level_labels[level - 1],
                           "share": share, "x": x, "x2": x2, "mid": (x + x2) / 2})
    data = _data(values)
    y = alt.Y("item:N", sort=items, scale=alt.Scale(domain=items), title=None)
    x = alt.X("x:Q", title=value_title, scale=alt.Scale(nice=True),
              axis=alt.Axis(labelExpr="format(abs(datum.value), '.0%')", tickCount=8))
    tooltip = [alt.Tooltip("item:N", title=" "), alt.Tooltip("level_label:N", title=" "),
               alt.Tooltip("share:Q", format=PERCENT, title="%")]
    bars = alt.Chart(data).mark_bar(height={"band": 0.7}).encode(
        y, x, alt.X2("x2:Q"),
        color=alt.Color("level_label:N", sort=list(level_labels),
                        scale=alt.Scale(domain=list(level_labels), range=list(LIKERT_COLORS)), title=None,
                        legend=alt.Legend(columns=5, symbolType="square")),
        tooltip=tooltip)
    text_color = " : ".join(f"datum.level === {lv} ? '{c}'" for lv, c in enumerate(LIKERT_TEXT[:-1], 1))
    text = alt.Chart(data).transform_filter(f"datum.share >= {LIKERT_MIN_LABEL}").mark_text(
        fontSize=9, color=alt.expr(f"{text_color} : '{LIKERT_TEXT[-1]}'")).encode(
        y, alt.X("mid:Q"), text=alt.Text("share:Q", format=PERCENT))
    zero = alt.Chart(_data([{"x": 0}])).mark_rule(color=INK, strokeWidth=1).encode(alt.X("x:Q"))
    return finish(alt.layer(bars, text, zero).properties(width=WIDTH - 140, height=_band_height(len(items))))


# 11. Cleaning funnel ---------------------------------------------------------------------------

def funnel(rows: Sequence[Mapping[str, Any]]) -> alt.LayerChart:
    """Responses left after each exclusion rule, centred so the narrowing reads as a funnel."""
    stages = [r["stage"] for r in rows]
    first = (rows[0]["count"] or 0) if rows else 0
    values = _values(rows, left=[-(r["count"] or 0) / 2 for r in rows],
                     right=[(r["count"] or 0) / 2 for r in rows],
                     share=[(r["count"] or 0) / first if first else None for r in rows],
                     last=[i == len(rows) - 1 for i in range(len(rows))])
    data = _data(values)
    y = alt.Y("stage:N", sort=stages, scale=alt.Scale(domain=stages), title=None)
    x = alt.X("left:Q", axis=None, scale=alt.Scale(domain=[-first / 2, first / 2]) if first else alt.Undefined)
    bars = alt.Chart(data).mark_bar(height={"band": 0.75}).encode(
        y, x, alt.X2("right:Q"),
        color=alt.when("datum.last").then(alt.value(BLUES[1])).otherwise(alt.value(BLUES[3])),
        tooltip=[alt.Tooltip("stage:N", title=" "), alt.Tooltip("count:Q", format=COUNT, title="n"),
                 alt.Tooltip("share:Q", format=PERCENT, title="%")])
    text = alt.Chart(data).transform_calculate(
        text="format(datum.count, ',d') + (isValid(datum.share) ? ' (' + format(datum.share, '.1%') + ')' : '')"
    ).mark_text(baseline="middle", color="white", fontSize=11).encode(y, text="text:N")
    return finish(alt.layer(bars, text).properties(width=WIDTH - 160, height=_band_height(len(rows)) + 4))


# 12. Improvement actions -----------------------------------------------------------------------

def gantt(rows: Sequence[Mapping[str, Any]], *, status_colors: Mapping[str, str] | None = None,
          today: str | None = None) -> alt.LayerChart:
    """The improvement plan on one time axis, with the report's period end as 'today'."""
    actions = _unique([r["action"] for r in rows])
    statuses = _unique([r["status"] for r in rows])
    mapping = dict(status_colors or {})
    fallback = [BLUES[1], BLUES[5], NEUTRAL, BLUES[3], "#707070"]
    for status in statuses:
        if status not in mapping:
            mapping[status] = fallback[len(mapping) % len(fallback)]
    data = _data(_values(rows))
    y = alt.Y("action:N", sort=actions, scale=alt.Scale(domain=actions), title=None)
    # UTC throughout: ISO dates are parsed as UTC midnight and must not shift by the viewer's zone.
    x = alt.X("start:T", scale=alt.Scale(type="utc"), title=None,
              axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, tickCount="month"))
    bars = alt.Chart(data).mark_bar(height={"band": 0.6}, cornerRadius=2).encode(
        y, x, alt.X2("due:T"),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(mapping), range=list(mapping.values())),
                        title=None),
        tooltip=[alt.Tooltip("action:N", title=" "), alt.Tooltip("status:N", title=" "),
                 alt.Tooltip("start:N", title="start"),
                 alt.Tooltip("due:N", title="due")])
    layers = [bars]
    if today is not None:
        marker = _data([{"today": today, "text": today}])
        layers += [
            alt.Chart(marker).mark_rule(color=WARNING, strokeDash=[5, 3], strokeWidth=1.5).encode(
                alt.X("today:T", scale=alt.Scale(type="utc"))),
            alt.Chart(marker).mark_text(align="left", baseline="top", dx=3, y=-14, color=WARNING,
                                        fontSize=10).encode(alt.X("today:T", scale=alt.Scale(type="utc")),
                                                             text="text:N"),
        ]
    return finish(alt.layer(*layers).properties(width=WIDTH - 160, height=_band_height(len(actions))))


# 13. Survey dimensions by segment and channel --------------------------------------------------

def segment_dimension_bars(rows: Sequence[Mapping[str, Any]], *, dimensions_order: Sequence[str],
                           segment_options: Sequence[str], channel_options: Sequence[str], all_label: str,
                           segment_title: str | None = None, channel_title: str | None = None,
                           min_n: int | None = None, note: str | None = None,
                           value_title: str | None = None, scale_min: float = 1, scale_max: float = 5
                           ) -> alt.LayerChart:
    """Dimension scores the reader can filter by segment and channel, from per-cell sums only.

    Each row is one segment × channel × dimension cell: `n` answers and the `sum` of their
    dimension means, so means re-aggregate exactly and no response is embedded. With `min_n`,
    cells below it are greyed and labelled with `note`, as the method requires of small groups.
    """
    dims = list(dimensions_order)
    segment = alt.param(name="segment_filter", value=all_label, bind=alt.binding_select(
        options=[all_label, *segment_options], name=segment_title or " "))
    channel = alt.param(name="survey_channel_filter", value=all_label, bind=alt.binding_select(
        options=[all_label, *channel_options], name=channel_title or " "))
    all_js = _js(all_label)
    threshold = 0 if min_n is None else min_n
    span = scale_max - scale_min
    base = alt.Chart(_data(_values(rows))).transform_filter(
        f"(segment_filter === {all_js} || datum.segment === segment_filter)"
        f" && (survey_channel_filter === {all_js} || datum.channel === survey_channel_filter)"
    ).transform_aggregate(
        n="sum(n)", total="sum(sum)", groupby=["dimension"]
    ).transform_calculate(
        score100=f"datum.n > 0 ? (datum.total / datum.n - {scale_min}) / {span} * 100 : null",
        insufficient=f"datum.n < {threshold}",
    ).transform_calculate(
        text=(f"datum.insufficient ? {_js(note)} + ' (n=' + datum.n + ')' : " if note else "")
        + f"(isValid(datum.score100) ? format(datum.score100, '{SCORE}') : '')",
    )
    y = alt.Y("dimension:N", sort=dims, scale=alt.Scale(domain=dims), title=None)
    layers = _score_bars(base, y, label_field="dimension", value_title=value_title)
    chart = alt.layer(*layers).properties(width=BAR_WIDTH, height=_band_height(len(dims)))
    return finish(chart.add_params(segment, channel))


# Output ----------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes, so the SVG and the HTML bundle agree with the spec."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vl_convert.get_vegalite_versions() else None


def cjk_font_directory() -> Path | None:
    """The directory holding Noto Sans CJK SC, via fontconfig or the known Debian paths."""
    candidates: list[Path] = []
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20,
                               check=False).stdout
        files = sorted(line.split(":")[0].strip() for line in found.splitlines() if line.strip())
        candidates += [Path(f).parent for f in files if "sanscjk" in Path(f).name.lower()]
        candidates += [Path(f).parent for f in files]
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += [Path(d) for d in FONT_DIRS]
    for directory in candidates:
        if directory.is_dir() and any("cjk" in p.name.lower() for p in directory.iterdir()):
            return directory
    return None


@functools.lru_cache(maxsize=1)
def register_cjk_font() -> Path | None:
    """Register the CJK font directory with vl-convert once; None if absent (the caller warns)."""
    directory = cjk_font_directory()
    if directory is not None:
        vl_convert.register_font_directory(str(directory))
    return directory


def to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec for vega-embed in the HTML (the tests validate every spec against the schema)."""
    return chart.to_dict(validate=False)


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgen"


def to_svg(chart: alt.TopLevelMixin, spec: dict | None = None) -> str:
    """A static SVG for the PDF; text stays text, set in the CJK font.

    Rendering takes vl-convert 0.1–0.3 s a chart whatever the data size. The SVG depends only on
    the spec, the vl-convert version and the fonts, so it is cached under the hash of all three
    (cache folder as for `vega_bundle`): an unchanged chart is not rendered twice.
    """
    spec = chart.to_dict() if spec is None else spec
    fonts = register_cjk_font()
    key = hashlib.sha256(json.dumps([spec, getattr(vl_convert, "__version__", ""), _vl_version(), str(fonts)],
                                    sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    path = cache_dir() / "svg" / f"{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = vl_convert.vegalite_to_svg(spec, vl_version=_vl_version())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return svg


def to_png(chart: alt.TopLevelMixin, *, scale: float = 1) -> bytes:
    """A PNG preview, for looking at a chart outside the report."""
    register_cjk_font()
    return vl_convert.vegalite_to_png(chart.to_dict(), vl_version=_vl_version(), scale=scale)


def library_versions() -> str:
    """The installed vl-convert and Altair, which decide every SVG and the Vega-Lite version.

    Read from the package metadata, so that a cache can be looked up without importing them.
    """
    out = []
    for name in ("vl-convert-python", "altair"):
        try:
            out.append(f"{name}-{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}-x")
    return "-".join(out)


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, so the HTML opens offline.

    Bundling takes vl-convert about 1.7 s, the same result every time for one vl-convert and
    Altair (whose schema version picks the Vega-Lite version), so it is kept in the user's cache
    folder (XDG_CACHE_HOME or ~/.cache) under their versions and reused.
    """
    cache = cache_dir() / f"vega-bundle-{library_versions()}.js"
    try:
        return cache.read_text(encoding="utf-8")
    except OSError:
        pass
    bundle = vl_convert.javascript_bundle(vl_version=_vl_version())
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(cache)  # atomic: a concurrent build never reads half a bundle
    except OSError:
        pass  # a read-only home only costs the time
    return bundle
