"""The improvement plan as a Gantt chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.charts.marks import band_height, inline, records, unique
from reportgen.charts.style import BLUES, NEUTRAL, WARNING, WIDTH, alt, finish


def gantt(rows: Sequence[Mapping[str, Any]], *, status_colors: Mapping[str, str] | None = None,
          today: str | None = None) -> alt.LayerChart:
    """The improvement plan on one time axis, with the report's period end as 'today'."""
    actions = unique([r["action"] for r in rows])
    statuses = unique([r["status"] for r in rows])
    mapping = dict(status_colors or {})
    fallback = [BLUES[1], BLUES[5], NEUTRAL, BLUES[3], "#707070"]
    for status in statuses:
        if status not in mapping:
            mapping[status] = fallback[len(mapping) % len(fallback)]
    data = inline(records(rows))
    y = alt.Y("action:N", sort=actions, scale=alt.Scale(domain=actions), title=None)
    # UTC throughout: ISO dates are parsed as UTC midnight and must not shift by the viewer's zone.
    x = alt.X("start:T", scale=alt.Scale(type="utc"), title=None,
              axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, tickCount="month"))
    bars = alt.Chart(data).mark_bar(height={"band": 0.6}, cornerRadius=2).encode(
        y, x, alt.X2("due:T"),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(mapping), range=list(mapping.values())),
                        title=None),
        tooltip=[alt.Tooltip("action:N", title=" "), alt.Tooltip("status:N", title=" "),
                 alt.Tooltip("start:N", title="start"),
                 alt.Tooltip("due:N", title="due")])
    layers = [bars]
    if today is not None:
        marker = inline([{"today": today, "text": today}])
        layers += [
            alt.Chart(marker).mark_rule(color=WARNING, strokeDash=[5, 3], strokeWidth=1.5).encode(
                alt.X("today:T", scale=alt.Scale(type="utc"))),
            alt.Chart(marker).mark_text(align="left", baseline="top", dx=3, y=-14, color=WARNING,
                                        fontSize=11).encode(alt.X("today:T", scale=alt.Scale(type="utc")),
                                                             text="text:N"),
        ]
    return finish(alt.layer(*layers).properties(width=WIDTH - 160, height=band_height(len(actions))))
