"""Pieces the chart builders share: inline data from aggregate rows, and reference lines."""

from __future__ import annotations

import json
import math
import re
import unicodedata
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
# three characters) in two halves; so that labels need never be rotated, even in the narrow
# columns of a phone.
WRAP_LABEL = ("indexof(datum.label, ' ') >= 0 ? split(datum.label, ' ') : length(datum.label) > 3 ? "
              "[substring(datum.label, 0, ceil(length(datum.label) / 2)), "
              "substring(datum.label, ceil(length(datum.label) / 2))] : datum.label")


def _units(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap_text(text: str, width: int = 30) -> list[str]:
    """A label on lines of at most `width` units (a Chinese character is two): English at its
    spaces, Chinese between any two characters; so that no label need be cut with "…"."""
    lines, line, used = [], "", 0
    for word in re.split(r"(?<= )", text):
        size = sum(_units(ch) for ch in word)
        if used + size <= width:
            line, used = line + word, used + size
        elif any(_units(ch) == 2 for ch in word) or size > width:  # fill the line, a character at a time
            for ch in word:
                if used + _units(ch) > width and line.strip():
                    lines.append(line.rstrip())
                    line, used = "", 0
                line, used = line + ch, used + _units(ch)
        else:
            lines.append(line.rstrip())
            line, used = word, size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def wrapped_labels(labels: Sequence[str], *, width: int = 30, lines: int = 2) -> str:
    """An axis labelExpr that shows each label on `lines` lines (padded, so that every label's
    block is the same height and the axis's labelOffset centres them all)."""
    table = {}
    for label in labels:
        parts = wrap_text(label, width)
        if len(parts) > lines:  # beyond the lines given: the rest joins the last line
            parts = [*parts[:lines - 1], (" " if " " in label else "").join(parts[lines - 1:])]
        table[label] = parts + [""] * (lines - len(parts))
    return f"({json.dumps(table, ensure_ascii=False)})[datum.label] || datum.label"
