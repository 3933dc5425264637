"""Quadrant scatters: the complaint priority matrix and importance-performance analysis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import inline, js_string, null_nan, records, reference_rule
from reportgen.charts.style import BLUES, INK, PERCENT, PERCENT_AXIS, SCORE, WARNING, WIDTH, alt, finish


def _quadrant_scatter(values: list[dict[str, Any]], *, x_field: str, y_field: str, x_mean: float | None,
                      y_mean: float | None, x_title: str, y_title: str, x_format: str, y_format: str,
                      highlight: str, text_field: str, corners: Mapping[str, str] | None = None,
                      alert: str = "") -> alt.LayerChart:
    """Points split by two reference lines, the quadrant that needs action in the warning colour;
    `corners` names each quadrant in its corner ({"top_right": …, "top_left": …, "bottom_right": …,
    "bottom_left": …}), the `alert` corner (the quadrant that needs action) in the warning colour."""
    data = inline(values)
    x = alt.X(f"{x_field}:Q", scale=alt.Scale(zero=False, nice=True, padding=20), title=x_title,
              axis=alt.Axis(format=x_format.replace(PERCENT, PERCENT_AXIS)))
    y = alt.Y(f"{y_field}:Q", scale=alt.Scale(zero=False, nice=True, padding=20), title=y_title,
              axis=alt.Axis(format=y_format.replace(PERCENT, PERCENT_AXIS)))
    flagged = f"datum.quadrant === {js_string(highlight)}"
    base = alt.Chart(data).encode(x, y)
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip(f"{x_field}:Q", format=x_format, title=x_title),
               alt.Tooltip(f"{y_field}:Q", format=y_format, title=y_title)]
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        color=alt.when(flagged).then(alt.value(WARNING)).otherwise(alt.value(BLUES[3])),
        shape=alt.when(flagged).then(alt.value("triangle-up")).otherwise(alt.value("circle")),
        tooltip=tooltip)
    # Above and right of the point: a point on a median or mean line (common: with an odd number of
    # categories one lies on the median) keeps its label clear of both lines.
    text = base.mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=11).encode(
        text=f"{text_field}:N", color=alt.when(flagged).then(alt.value(WARNING)).otherwise(alt.value(INK)))
    layers = []
    for corner, name in (corners or {}).items():
        top, right = corner.startswith("top"), corner.endswith("right")
        layers.append(alt.Chart(inline([{"text": name}])).mark_text(
            x="width" if right else 0, y=0 if top else "height", dx=-4 if right else 4, dy=4 if top else -4,
            align="right" if right else "left", baseline="top" if top else "bottom", fontSize=11, fontWeight="bold",
            color=WARNING if corner == alert else "#6b7785").encode(text="text:N"))
    if x_mean is not None:
        layers.append(reference_rule(x_mean, field="x", label=None, fmt=x_format, color="#888888"))
    if y_mean is not None:
        layers.append(reference_rule(y_mean, field="y", label=None, fmt=y_format, color="#888888"))
    return finish(alt.layer(*layers, points, text).properties(width=WIDTH - 40, height=320))


PRIORITY_CORNERS = {"top_right": "high_frequency_high_impact", "top_left": "low_frequency_high_impact",
                    "bottom_right": "high_frequency_low_impact", "bottom_left": "low_frequency_low_impact"}
IPA_CORNERS = {"bottom_right": "improve", "top_right": "maintain", "bottom_left": "monitor", "top_left": "surplus"}


def priority_scatter(rows: Sequence[Mapping[str, Any]], *, x_median: float | None, y_median: float | None,
                     x_title: str, y_title: str, y_format: str = ".2f",
                     highlight: str = "high_frequency_high_impact",
                     quadrant_names: Mapping[str, str] | None = None) -> alt.LayerChart:
    """Categories by frequency and impact; unplaced (insufficient) categories are left out, as the method says.

    `y_format`: ".2f" for a mean severity weight, ".1%" when impact is the closure-breach share.
    Rows carry the quadrant's code; `quadrant_names` (code -> words) names the quadrants in their corners.
    """
    placed = [r for r in rows if r.get("quadrant") is not None and null_nan(r.get("impact")) is not None]
    values = records(placed, text=[f"{r['rank']}. {r['label']}" if r.get("rank") is not None else r["label"]
                                   for r in placed])
    return _quadrant_scatter(values, x_field="frequency", y_field="impact", x_mean=x_median, y_mean=y_median,
                             x_title=x_title, y_title=y_title, x_format=PERCENT, y_format=y_format,
                             highlight=highlight, text_field="text", **_corners(PRIORITY_CORNERS, quadrant_names, highlight))


def _corners(layout: Mapping[str, str], names: Mapping[str, str] | None, highlight: str) -> dict:
    if not names:
        return {}
    return {"corners": {corner: names.get(code, code) for corner, code in layout.items()},
            "alert": next((corner for corner, code in layout.items() if code == highlight), "")}


def ipa_scatter(rows: Sequence[Mapping[str, Any]], *, x_mean: float | None, y_mean: float | None,
                x_title: str, y_title: str, highlight: str = "improve",
                quadrant_names: Mapping[str, str] | None = None) -> alt.LayerChart:
    """Importance × performance: what matters to customers and under-performs stands out (rows
    carry the quadrant's code; `quadrant_names` names the quadrants in their corners)."""
    placed = [r for r in rows if null_nan(r.get("importance")) is not None and null_nan(r.get("performance")) is not None]
    return _quadrant_scatter(records(placed), x_field="importance", y_field="performance", x_mean=x_mean,
                             y_mean=y_mean, x_title=x_title, y_title=y_title, x_format=".2f", y_format=SCORE,
                             highlight=highlight, text_field="label", **_corners(IPA_CORNERS, quadrant_names, highlight))
