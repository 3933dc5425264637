"""Shares of a whole: the donut of one question and the diverging Likert bars of the items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import band_height, inline, js_string, null_nan, records, unique
from reportgen.charts.style import (
    COUNT, INK, LIKERT_COLORS, LIKERT_TEXT, PERCENT, SEQUENTIAL, WIDTH, alt, finish,
)


# Donut --------------------------------------------------------------------------------------

MAX_SLICES = 5
DONUT_MIN_LABEL = 0.05


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
    data = inline(records(rows, order=range(len(rows)), percent=percent_labels, outside=wide))
    legend_text = " : ".join(f"datum.label === {js_string(label)} ? {js_string(f'{label}  {pct}')}"
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


# Likert ------------------------------------------------------------------------------------

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
    items = unique([r["item"] for r in rows])
    shares: dict[Any, dict[int, float]] = {item: {} for item in items}
    for r in rows:
        shares[r["item"]][int(r["level"])] = null_nan(r["share"]) or 0.0
    values = []
    for item in items:
        for level, (x, x2) in likert_offsets(shares[item]).items():
            if x2 == x and level not in shares[item]:
                continue
            share = shares[item].get(level, 0.0)
            values.append({"item": item, "level": level, "level_label": level_labels[level - 1],
                           "share": share, "x": x, "x2": x2, "mid": (x + x2) / 2})
    data = inline(values)
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
        fontSize=11, color=alt.expr(f"{text_color} : '{LIKERT_TEXT[-1]}'")).encode(
        y, alt.X("mid:Q"), text=alt.Text("share:Q", format=PERCENT))
    zero = alt.Chart(inline([{"x": 0}])).mark_rule(color=INK, strokeWidth=1).encode(alt.X("x:Q"))
    return finish(alt.layer(bars, text, zero).properties(width=WIDTH - 140, height=band_height(len(items))))
