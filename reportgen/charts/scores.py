"""Survey scores: dimension bars (static and filterable by segment and channel), quarter on quarter."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import band_height, inline, js_string, null_nan, records, reference_rule
from reportgen.charts.style import (
    BAR_WIDTH, COUNT, NEUTRAL, SCORE, SCORE_SCHEME, SERIES_COLORS, alt, finish,
)


# Dimension scores ---------------------------------------------------------------------------

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
        layers.append(reference_rule(target, field="x", label=target_label, fmt=SCORE))
    return [*layers, bars, inside, outside]


def dimension_bars(rows: Sequence[Mapping[str, Any]], *, target: float | None = None,
                   target_label: str | None = None, value_title: str | None = None) -> alt.LayerChart:
    """Score100 per dimension; insufficient samples are greyed, never coloured as a result."""
    labels = [r["label"] for r in rows]
    base = alt.Chart(inline(records(rows))).transform_calculate(
        text=("datum.insufficient && isValid(datum.note) ? datum.note"
              f" : (isValid(datum.score100) ? format(datum.score100, '{SCORE}') : '')"))
    y = alt.Y("label:N", sort=labels, scale=alt.Scale(domain=labels), title=None)
    layers = _score_bars(base, y, label_field="label", value_title=value_title, target=target,
                         target_label=target_label)
    return finish(alt.layer(*layers).properties(width=BAR_WIDTH, height=band_height(len(rows))))


# Quarter on quarter: a dumbbell per dimension -------------------------------------------------


def dumbbell(rows: Sequence[Mapping[str, Any]], *, series_names: tuple[str, str] = ("本季度", "上季度"),
             value_title: str | None = None) -> alt.LayerChart:
    """Each dimension's score last quarter (open grey) and this quarter (filled), joined, with the
    change printed beside this quarter's point: the change is what is read, so the axis is
    zoomed to the scores (not 0–100) and the two quarters differ in fill, colour and place.
    Rows: label, previous, current (score100; a missing one draws only the other point)."""
    labels = [r["label"] for r in rows]
    values = [v for r in rows for v in (r.get("previous"), r.get("current")) if null_nan(v) is not None]
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    pad = max(2.0, (high - low) * 0.15)
    domain = [max(0.0, math.floor(low - pad)), min(100.0, math.ceil(high + pad))]
    points = [{"label": r["label"], "series": name, "score100": null_nan(r.get(key)), "previous": null_nan(r.get("previous")),
               "current": null_nan(r.get("current"))}
              for r in rows for name, key in ((series_names[1], "previous"), (series_names[0], "current"))]
    points = [p for p in points if p["score100"] is not None]
    y = alt.Y("label:N", sort=labels, scale=alt.Scale(domain=labels), title=None)
    x = alt.X("score100:Q", scale=alt.Scale(domain=domain, nice=False), title=value_title)
    pairs = [r for r in records(rows) if r.get("previous") is not None and r.get("current") is not None]
    line = alt.Chart(inline(pairs)).mark_rule(color=NEUTRAL, strokeWidth=2).encode(
        y, alt.X("previous:Q", scale=alt.Scale(domain=domain, nice=False)), alt.X2("current:Q"))
    legend = {"domain": [series_names[1], series_names[0]]}
    dots = alt.Chart(inline(points)).mark_point(size=90, opacity=1, strokeWidth=2).encode(
        y, x,
        fill=alt.Fill("series:N", scale=alt.Scale(range=["white", SERIES_COLORS[0]], **legend), title=None,
                      legend=alt.Legend(orient="top", direction="horizontal")),
        stroke=alt.Stroke("series:N", scale=alt.Scale(range=[NEUTRAL, SERIES_COLORS[0]], **legend), legend=None),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("score100:Q", format=SCORE, title="score100")])
    current = [p for p in points if p["series"] == series_names[0]]
    for p in current:  # the label goes on the side the line does not
        up = p["previous"] is None or p["score100"] >= p["previous"]
        delta = None if p["previous"] is None else p["score100"] - p["previous"]
        sign = "" if delta is None else ("▲" if delta > 0.05 else "▼" if delta < -0.05 else "＝")
        p.update(text=f"{p['score100']:{SCORE}}" + ("" if delta is None else f" {sign}{abs(delta):{SCORE}}"),
                 align="left" if up else "right", dx=9 if up else -9)
    text = alt.Chart(inline(current)).mark_text(baseline="middle", align=alt.expr("datum.align"),
                                                dx=alt.expr("datum.dx")).encode(y, x, text="text:N")
    return finish(alt.layer(line, dots, text).properties(width=BAR_WIDTH, height=band_height(len(labels))))


# Survey dimensions by segment and channel --------------------------------------------------


def segment_dimension_bars(rows: Sequence[Mapping[str, Any]], *, dimensions_order: Sequence[str],
                           min_n: int | None = None, note: str | None = None,
                           value_title: str | None = None, scale_min: float = 1, scale_max: float = 5
                           ) -> alt.LayerChart:
    """Dimension scores re-aggregated from per-cell sums: the HTML's filters replace the cells.

    Each row is one segment × channel × dimension cell: `n` answers and the `sum` of their
    dimension means, so means re-aggregate exactly and no response is embedded. With `min_n`,
    dimensions below it are greyed and labelled with `note`, as the method requires of small groups.
    """
    dims = list(dimensions_order)
    threshold = 0 if min_n is None else min_n
    span = scale_max - scale_min
    base = alt.Chart(inline(records(rows))).transform_aggregate(
        n="sum(n)", total="sum(sum)", groupby=["dimension"]
    ).transform_calculate(
        score100=f"datum.n > 0 ? (datum.total / datum.n - {scale_min}) / {span} * 100 : null",
        insufficient=f"datum.n < {threshold}",
    ).transform_calculate(
        text=(f"datum.insufficient ? {js_string(note)} + ' (n=' + datum.n + ')' : " if note else "")
        + f"(isValid(datum.score100) ? format(datum.score100, '{SCORE}') : '')",
    )
    y = alt.Y("dimension:N", sort=dims, scale=alt.Scale(domain=dims), title=None)
    layers = _score_bars(base, y, label_field="dimension", value_title=value_title)
    return finish(alt.layer(*layers).properties(width=BAR_WIDTH, height=band_height(len(dims))))
