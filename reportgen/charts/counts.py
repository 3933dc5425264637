"""Counts: complaint bars, the heat map of shares, the cleaning waterfall."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import WRAP_LABEL, band_height, inline, records, unique
from reportgen.charts.style import BAR, BAR_WIDTH, COUNT, INK, PERCENT, WARNING_LIGHT, WIDTH, alt, finish


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
              axis=alt.Axis(orient="top", labelAngle=0, labelExpr=WRAP_LABEL, labelLimit=0,
                            labelPadding=16))  # room for a label's second line above the cells
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


# Cleaning waterfall ------------------------------------------------------------------------


def waterfall(rows: Sequence[Mapping[str, Any]]) -> alt.LayerChart:
    """From the responses received to the valid ones, one step per exclusion rule: a total bar
    at each end and, for each rule, a floating bar of what it removed, labelled −n. The axis
    starts below the valid count (its ticks say where), so a step of a few responses is seen
    rather than lost at the end of two bars that look equal. Rows: stage, count (first and last
    are the totals, the others the count left after that rule)."""
    first = (rows[0]["count"] or 0) if rows else 0
    last = (rows[-1]["count"] or 0) if rows else 0
    removed = first - last
    floor = max(0, _nice_floor(last - max(removed, first * 0.02) * 0.6))
    values = []
    for i, r in enumerate(rows):
        count = r["count"] or 0
        total = i in (0, len(rows) - 1)
        before = count if total else (rows[i - 1]["count"] or 0)
        step = before - count
        values.append({"stage": r["stage"], "count": count, "kind": "total" if total else "step",
                       "x": floor if total else count, "x2": count if total else before, "removed": step,
                       "text": f"{count:,d}" if total else (f"−{step:,d}" if step else "0"),
                       "share": count / first if first and total else None})
    stages = [r["stage"] for r in rows]
    data = inline(values)
    y = alt.Y("stage:N", sort=stages, scale=alt.Scale(domain=stages), title=None)
    x = alt.X("x:Q", scale=alt.Scale(domain=[floor, first or 1], nice=False, zero=False), title=None,
              axis=alt.Axis(format=COUNT, tickCount=5))
    bars = alt.Chart(data).mark_bar(height={"band": 0.7}).encode(
        y, x, alt.X2("x2:Q"),
        color=alt.when("datum.kind === 'total'").then(alt.value(BAR)).otherwise(alt.value(WARNING_LIGHT)),
        tooltip=[alt.Tooltip("stage:N", title=" "), alt.Tooltip("count:Q", format=COUNT, title="n"),
                 alt.Tooltip("removed:Q", format=COUNT, title="−")])
    # Totals carry their count inside their end, steps their −n beside the bar, where nothing else is.
    totals = alt.Chart(data).transform_filter("datum.kind === 'total'").mark_text(
        align="right", baseline="middle", dx=-5, color="white").encode(y, alt.X("x2:Q"), text="text:N")
    steps = alt.Chart(data).transform_filter("datum.kind === 'step'").mark_text(
        align="right", baseline="middle", dx=-4).encode(y, alt.X("x:Q"), text="text:N")
    return finish(alt.layer(bars, totals, steps).properties(width=WIDTH - 160, height=band_height(len(rows))))


def _nice_floor(x: float) -> int:
    """Down to a round number (a multiple of 1, 2 or 5 × a power of ten near a tenth of x)."""
    if x <= 0:
        return 0
    step = 10 ** max(0, len(str(int(x))) - 2)
    for m in (1, 2, 5, 10):
        if x / (step * m) < 20:
            return int(x // (step * m) * step * m)
    return int(x)
