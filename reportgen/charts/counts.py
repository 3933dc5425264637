"""Complaint counts: bars, the heatmap, the cleaning funnel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import WRAP_LABEL, band_height, inline, records, unique
from reportgen.charts.style import BAR, BAR_WIDTH, BLUES, COUNT, INK, PERCENT, WIDTH, alt, finish


# Counts -------------------------------------------------------------------------------------

COUNT_TEXT = "format(datum.count, ',d') + ' (' + format(datum.share, '.1%') + ')'"


def count_bars(rows: Sequence[Mapping[str, Any]], *, value_title: str | None = None) -> alt.LayerChart:
    """Counts with their shares, largest first: the HTML's filters replace the rows, and the bars
    sort again by the new counts."""
    labels = unique([r["label"] for r in rows])
    base = alt.Chart(inline(records(rows)))
    base = base.transform_calculate(text=COUNT_TEXT)
    y = alt.Y("label:N", sort=alt.EncodingSortField("count", op="sum", order="descending"), title=None)
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("count:Q", format=COUNT, title="n"),
               alt.Tooltip("share:Q", format=PERCENT, title="%")]
    bars = base.mark_bar(color=BAR, height={"band": 0.7}).encode(
        y, alt.X("count:Q", title=value_title, axis=alt.Axis(format=COUNT, tickMinStep=1)), tooltip=tooltip)
    text = base.mark_text(align="left", baseline="middle", dx=4).encode(y, alt.X("count:Q"), text="text:N")
    return finish(alt.layer(bars, text).properties(width=BAR_WIDTH, height=band_height(len(labels))))


# Heatmap ------------------------------------------------------------------------------------


def heatmap(rows: Sequence[Mapping[str, Any]], *, row_title: str, column_title: str) -> alt.LayerChart:
    """Each row's complaints spread over the columns, as shares of the row, so that a large
    store does not dominate and an unusual mix stands out; rows and columns keep the order
    given (the report's: largest first on both axes). Shares are printed so the colour need not
    be decoded; labels stay horizontal, wrapped on two lines when long."""
    row_order = unique([r["row"] for r in rows])
    column_order = unique([r["column"] for r in rows])
    top = max((r["share"] or 0 for r in rows), default=0)
    data = inline(records(rows))
    x = alt.X("column:N", sort=column_order, title=column_title,
              axis=alt.Axis(orient="top", labelAngle=0, labelExpr=WRAP_LABEL, labelLimit=0))
    y = alt.Y("row:N", sort=row_order, title=None)  # the names say what they are; a turned title would be sideways Chinese
    base = alt.Chart(data).encode(x, y)
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("share:Q", scale=alt.Scale(scheme={"name": "blues", "extent": [0.05, 1.0]},
                                                   domain=[0, max(top, 0.01)]), legend=None),
        tooltip=[alt.Tooltip("row:N", title=row_title), alt.Tooltip("column:N", title=column_title),
                 alt.Tooltip("share:Q", format=PERCENT, title="%"), alt.Tooltip("count:Q", format=COUNT, title="n")])
    # Light text only on the darker half of the scale keeps every share legible.
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.when(f"datum.share > {top * 0.5}").then(alt.value("white")).otherwise(alt.value(INK)))
    width = min(WIDTH, max(1, len(column_order)) * 56)
    return finish((cells + text).properties(width=width, height=band_height(len(row_order))))


# Cleaning funnel ---------------------------------------------------------------------------


def funnel(rows: Sequence[Mapping[str, Any]]) -> alt.LayerChart:
    """Responses left after each exclusion rule, centred so the narrowing reads as a funnel."""
    stages = [r["stage"] for r in rows]
    first = (rows[0]["count"] or 0) if rows else 0
    values = records(rows, left=[-(r["count"] or 0) / 2 for r in rows],
                     right=[(r["count"] or 0) / 2 for r in rows],
                     share=[(r["count"] or 0) / first if first else None for r in rows],
                     last=[i == len(rows) - 1 for i in range(len(rows))])
    data = inline(values)
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
    return finish(alt.layer(bars, text).properties(width=WIDTH - 160, height=band_height(len(rows)) + 4))
