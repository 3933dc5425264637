"""Pieces the chart builders share: inline data from aggregate rows, and reference lines."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.style import STEP, WARNING, alt


def null_nan(value: Any) -> Any:
    """NaN is not JSON: a figure that cannot be computed is null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(rows: Sequence[Mapping[str, Any]], **extra: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows as inline data values, NaN as null, with extra columns given one value per row."""
    out = [{k: null_nan(v) for k, v in row.items()} for row in rows]
    for key, column in extra.items():
        for row, value in zip(out, column):
            row[key] = null_nan(value)
    return out


def inline(values: list[dict[str, Any]]) -> alt.InlineData:
    """Data embedded in the spec, so a chart carries exactly the aggregates it was given."""
    return alt.InlineData(values=values)


def unique(values: Sequence[Any]) -> list[Any]:
    """Distinct values in first-seen order: the order the caller chose for an axis."""
    return list(dict.fromkeys(values))


def js_string(text: str) -> str:
    """A JavaScript string literal, safe for any label inside a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


def reference_rule(value: float, *, field: str, label: str | None, fmt: str,
                   color: str = WARNING) -> alt.LayerChart | alt.Chart:
    """A dashed reference line (target, median, mean) with an optional label."""
    data = inline([{"value": value, "text": f"{label} {format(value, fmt)}" if label else ""}])
    enc = alt.X if field == "x" else alt.Y
    rule = alt.Chart(data).mark_rule(color=color, strokeDash=[5, 3], strokeWidth=1.5).encode(
        enc("value:Q"))
    if not label:
        return rule
    if field == "x":
        text = alt.Chart(data).mark_text(align="left", baseline="bottom", dx=3, dy=-2, y=0,
                                         color=color, fontSize=11).encode(alt.X("value:Q"), text="text:N")
    else:
        # Outside the plot, on the right, where no line or point can collide with it.
        text = alt.Chart(data).mark_text(align="left", baseline="middle", dx=4, x="width",
                                         color=color, fontSize=11).encode(alt.Y("value:Q"), text="text:N")
    return rule + text


def band_height(n: int) -> int:
    """Plot height for `n` category rows (at least one, so an empty chart still draws)."""
    return max(1, n) * STEP


# An axis label on up to a few lines: at its spaces (English), else a long label (Chinese, over
# five characters) in two halves; so that labels need never be rotated.
WRAP_LABEL = ("indexof(datum.label, ' ') >= 0 ? split(datum.label, ' ') : length(datum.label) > 5 ? "
              "[substring(datum.label, 0, ceil(length(datum.label) / 2)), "
              "substring(datum.label, ceil(length(datum.label) / 2))] : datum.label")
