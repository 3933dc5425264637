"""Shares of a whole: diverging Likert bars, for the overall question and for each item."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import inline, null_nan, unique, wrapped_labels
from reportgen.charts.style import INK, LIKERT_COLORS, LIKERT_TEXT, PERCENT, WIDTH, alt, finish


# Likert ------------------------------------------------------------------------------------

LIKERT_MIN_LABEL = 0.08  # narrower segments get no text: it would not fit
LINE = 13  # px between the lines of an 11 px label


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
    """Agreement and disagreement on either side of zero, so items compare at a glance.

    Five levels (a Likert scale), or three (negative, neutral, positive: the comments' sentiment),
    drawn as the first, middle and last of the five in their colours.
    """
    if len(level_labels) not in (3, 5):
        raise ValueError(f"a diverging bar needs 5 (or 3) level labels, got {len(level_labels)}")
    place = {1: 1, 2: 3, 3: 5} if len(level_labels) == 3 else {k: k for k in range(1, 6)}
    names = {place[k]: label for k, label in enumerate(level_labels, 1)}
    colors = [LIKERT_COLORS[place[k] - 1] for k in range(1, len(level_labels) + 1)]
    items = unique([r["item"] for r in rows])
    shares: dict[Any, dict[int, float]] = {item: {} for item in items}
    for r in rows:
        shares[r["item"]][place[int(r["level"])]] = null_nan(r["share"]) or 0.0
    values = []
    for item in items:
        for level, (x, x2) in likert_offsets(shares[item]).items():
            if x2 == x and level not in shares[item]:
                continue
            share = shares[item].get(level, 0.0)
            if level not in names:
                continue
            values.append({"item": item, "level": level, "level_label": names[level],
                           "share": share, "x": x, "x2": x2, "mid": (x + x2) / 2})
    data = inline(values)
    # Items on two lines each, whole (never cut with "…"), each block centred on its bar.
    y = alt.Y("item:N", sort=items, scale=alt.Scale(domain=items), title=None,
              axis=alt.Axis(labelExpr=wrapped_labels(items), labelLimit=0, labelOffset=-LINE / 2, labelLineHeight=LINE))
    x = alt.X("x:Q", title=value_title, scale=alt.Scale(nice=True),
              axis=alt.Axis(labelExpr="format(abs(datum.value), '.0%')", tickCount=6))
    tooltip = [alt.Tooltip("item:N", title=" "), alt.Tooltip("level_label:N", title=" "),
               alt.Tooltip("share:Q", format=PERCENT, title="%")]
    bars = alt.Chart(data).mark_bar(height={"band": 0.7}).encode(
        y, x, alt.X2("x2:Q"),
        color=alt.Color("level_label:N", sort=list(level_labels),
                        scale=alt.Scale(domain=list(level_labels), range=colors), title=None,
                        legend=alt.Legend(columns=len(level_labels), symbolType="square")),
        tooltip=tooltip)
    text_color = " : ".join(f"datum.level === {lv} ? '{c}'" for lv, c in enumerate(LIKERT_TEXT[:-1], 1))
    text = alt.Chart(data).transform_filter(f"datum.share >= {LIKERT_MIN_LABEL}").mark_text(
        fontSize=11, color=alt.expr(f"{text_color} : '{LIKERT_TEXT[-1]}'")).encode(
        y, alt.X("mid:Q"), text=alt.Text("share:Q", format=PERCENT))
    # Under the bars: the neutral answers' bar covers it, so their label is not struck through.
    zero = alt.Chart(inline([{"x": 0}])).mark_rule(color=INK, strokeWidth=1).encode(alt.X("x:Q"))
    return finish(alt.layer(zero, bars, text).properties(width=WIDTH - 140, height=len(items) * (2 * LINE + 8)))
