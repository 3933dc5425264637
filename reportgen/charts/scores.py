"""Survey scores: dimension bars (static and filterable by segment and channel) and the radar."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import band_height, inline, js_string, null_nan, records, reference_rule
from reportgen.charts.style import (
    BAR_WIDTH, COUNT, GRID, NEUTRAL, SCORE, SCORE_SCHEME, SERIES_COLORS, SERIES_DASHES,
    SERIES_SHAPES, alt, finish,
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


# Radar --------------------------------------------------------------------------------------

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
        scores = {r["label"]: null_nan(r.get("score100")) for r in data_rows}
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
        alt.Chart(inline(grid)).mark_line(color=GRID, strokeWidth=0.8).encode(
            x, y, detail="ring:N", order="order:Q"),
        alt.Chart(inline(spokes)).mark_rule(color=GRID, strokeWidth=0.8).encode(x, y, x2="x2:Q", y2="y2:Q"),
        alt.Chart(inline(ring_labels)).mark_text(align="left", baseline="bottom", dx=3, fontSize=11,
                                                color="#888888").encode(x, y, text="text:N"),
        alt.Chart(inline(tip_labels)).mark_text(align=alt.expr("datum.align"), baseline=alt.expr("datum.baseline"),
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
    lines = alt.Chart(inline(series))
    layers += [
        lines.mark_line(strokeWidth=2).encode(x, y, color, dash, order="order:Q", detail="series:N"),
        lines.mark_point(filled=True, size=40, opacity=1).encode(x, y, color, shape, tooltip=tooltip),
    ]
    return finish(alt.layer(*layers).properties(width=RADAR_SIZE, height=RADAR_SIZE))


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
