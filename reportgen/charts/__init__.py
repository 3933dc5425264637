"""Every chart of the report as a Vega-Lite spec (Altair), built from aggregates only.

Builders take aggregate rows (never raw rows) with labels already translated by the caller, and
return a configured `alt.Chart`/`alt.LayerChart`. Every spec is deterministic: params are named
explicitly and data are inlined, so two calls give identical `to_dict()` output. The builders are
pure: they read no file, start no process and convert nothing (a test checks their imports).

Modules: `style` (palette, formats, the shared config), `marks` (inline data, reference lines),
the builders by family (`scores`, `counts`, `shares`, `targets`, `quadrants`, `plan`), and, kept
out of this namespace because they call vl-convert, `convert` (SVG, PNG, fonts) and `bundle`
(the Vega JavaScript for the HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reportgen.charts.counts import count_bars, heatmap, waterfall
from reportgen.charts.plan import gantt
from reportgen.charts.quadrants import ipa_scatter, priority_scatter
from reportgen.charts.scores import dimension_bars, dumbbell, segment_dimension_bars
from reportgen.charts.shares import likert_diverging, likert_offsets
from reportgen.charts.style import (
    BLUES, FONT, INK, LIKERT_COLORS, NEUTRAL, PERCENT, PERCENT_AXIS, SCORE, SEQUENTIAL, WARNING,
    WARNING_LIGHT, chart_config, finish,
)
from reportgen.charts.targets import sla_attainment, trend_lines

# A model chart's `kind` names its builder here; the chart stage looks builders up in this table.
KINDS: Mapping[str, Callable[..., Any]] = {builder.__name__: builder for builder in (
    dimension_bars, segment_dimension_bars, dumbbell, count_bars, heatmap, waterfall, likert_diverging,
    trend_lines, sla_attainment, priority_scatter, ipa_scatter, gantt)}

__all__ = [
    "KINDS", "count_bars", "dimension_bars", "gantt", "heatmap", "ipa_scatter",
    "likert_diverging", "priority_scatter", "dumbbell", "segment_dimension_bars", "sla_attainment",
    "trend_lines", "likert_offsets", "waterfall",
    "BLUES", "FONT", "INK", "LIKERT_COLORS", "NEUTRAL", "PERCENT", "PERCENT_AXIS", "SCORE", "SEQUENTIAL",
    "WARNING", "WARNING_LIGHT", "chart_config", "finish",
]
