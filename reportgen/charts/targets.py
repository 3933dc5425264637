"""Results against a target: trend lines over the last quarters and SLA attainment."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import inline, records, reference_rule, unique
from reportgen.charts.style import (
    BAR_WIDTH, INK, PERCENT, PERCENT_AXIS, SCORE, SERIES_COLORS, SERIES_DASHES,
    SERIES_SHAPES, STATUS, STEP, WARNING, WIDTH, alt, finish,
)

RANGE_SHORT, RANGE_MET = "#dcdcdc", "#f0f0f0"  # a bullet chart's ranges: short of the required share, meeting it


# Trends -------------------------------------------------------------------------------------

MAX_SERIES = 4


def trend_lines(rows: Sequence[Mapping[str, Any]], *, percent: bool, target: float | None = None,
                target_label: str | None = None, value_title: str | None = None,
                notes: Sequence[Mapping[str, Any]] = ()) -> alt.LayerChart:
    """The last quarters per series; a missing value breaks the line instead of bridging it.

    `notes` explain a point where it is ({"period", "value", "text"}, e.g. a veto that set the
    index to 0, with the score it would have had): a ring around the point and the words beside it.
    """
    periods = unique([r["period"] for r in rows])
    series = unique([r["series"] for r in rows])
    if len(series) > MAX_SERIES:
        raise ValueError(f"a trend chart shows at most {MAX_SERIES} series, got {len(series)}")
    fmt = PERCENT if percent else SCORE
    k = len(series)
    data = inline(records(rows))
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
        layers.append(reference_rule(target, field="y", label=target_label, fmt=fmt))
    if notes:
        marked = alt.Chart(inline(records(notes)))
        layers.append(marked.mark_point(size=260, strokeWidth=2, color=WARNING, filled=False).encode(
            alt.X("period:O", sort=periods), alt.Y("value:Q")))
        # Left of a point in the right half, right of one in the left half: never past the plot.
        layers.append(marked.transform_calculate(right=f"indexof({json.dumps(periods, ensure_ascii=False)}, "
                                                       f"datum.period) >= {len(periods) / 2}").mark_text(
            align=alt.expr("datum.right ? 'right' : 'left'"), dx=alt.expr("datum.right ? -12 : 12"), dy=-4,
            baseline="bottom", color=WARNING, fontSize=11).encode(
            alt.X("period:O", sort=periods), alt.Y("value:Q"), text="text:N"))
    return finish(alt.layer(*layers).properties(width=WIDTH - 60, height=260))


# SLA attainment -----------------------------------------------------------------------------


def sla_attainment(rows: Sequence[Mapping[str, Any]], *, value_title: str | None = None,
                   gap_unit: str = "pp") -> alt.LayerChart:
    """A bullet chart per commitment: behind the bar, the range short of the required share (the
    darker grey) and the range that meets it (the lighter); the bar, in the status colours (met /
    missed), on an honest 0–100 % axis (its length is the value); the required share as a tick;
    beside it the value and its distance from the required share in points, so that a miss of
    0.3 points, too thin to see at this scale, is read."""
    labels = [r["label"] for r in rows]
    data = inline(records(rows))
    y = alt.Y("label:N", sort=labels, title=None)
    x = alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), title=value_title,
              axis=alt.Axis(format=PERCENT_AXIS, values=[0, 0.2, 0.4, 0.6, 0.8, 1]))
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format=PERCENT, title=value_title or " "),
               alt.Tooltip("required:Q", format=PERCENT, title="required")]
    base = alt.Chart(data)
    ranges = [base.transform_calculate(start=start, end=end).mark_bar(height={"band": 0.9}, color=shade).encode(
                  y, alt.X("start:Q", scale=alt.Scale(domain=[0, 1])), alt.X2("end:Q"))
              for start, end, shade in (("0", "datum.required", RANGE_SHORT), ("datum.required", "1", RANGE_MET))]
    bars = base.mark_bar(height={"band": 0.45}).encode(
        y, x, color=alt.when("datum.met").then(alt.value(STATUS["met"])).otherwise(alt.value(STATUS["missed"])),
        tooltip=tooltip)
    required = base.mark_tick(color=INK, thickness=2.5, size=STEP * 1.3 * 0.8).encode(
        y, alt.X("required:Q"), tooltip=tooltip)
    # A column of values right of 100 %: never crosses the required-share tick.
    gap = ("format(datum.value, '.1%') + '  ' + (datum.value >= datum.required ? '+' : '−') + "
           f"format(abs(datum.value - datum.required) * 100, '.1f') + ' ' + {json.dumps(gap_unit, ensure_ascii=False)}")
    text = base.transform_calculate(text=gap).mark_text(align="left", baseline="middle", dx=8).encode(
        y, alt.X(datum=1), text="text:N",
        color=alt.when("datum.met").then(alt.value(INK)).otherwise(alt.value(STATUS["missed"])))
    return finish(alt.layer(*ranges, bars, required, text).properties(width=BAR_WIDTH, height=len(rows) * STEP * 1.3))
