"""The chart stage: each `model.Chart` becomes a static SVG (PDF, no-JS HTML) and a spec (HTML)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from reportgen import charts
from reportgen.model import Chart


@dataclass(frozen=True)
class RenderedChart:
    svg: str
    spec_json: str  # safe to place inside <script type="application/json">


def _script_safe(text: str) -> str:
    """JSON that cannot close its <script> element or open a comment, whatever the labels say."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_chart(chart: Chart):
    """The Altair chart for a model chart (the kind names a function of reportgen.charts)."""
    return getattr(charts, chart.kind)(list(chart.rows), **chart.options)


def render_charts(model_charts: list[Chart], *, svg: bool = True, spec: bool = True) -> dict[str, RenderedChart]:
    """Convert every chart once; the HTML and the PDF share the results."""
    out = {}
    for chart in model_charts:
        built = build_chart(chart)
        spec_dict = charts.to_spec(built)
        out[chart.id] = RenderedChart(
            svg=charts.to_svg(built, spec_dict) if svg else "",
            spec_json=_script_safe(json.dumps({k: v for k, v in spec_dict.items() if k != "$schema"},
                                              ensure_ascii=False, sort_keys=True)) if spec else "",
        )
    return out
