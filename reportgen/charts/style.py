"""The house style: palette, number formats, sizes and the Vega-Lite config every chart shares.

One CJK font, one palette (sequential blues for scores, one warning colour, neutral grey),
percentages `.1%`, scores `.1f`, no chart titles (the template writes a caption with source and n).
`finish` applies the config, so no builder repeats it.
"""

from __future__ import annotations

from typing import Any


class _Altair:
    """Altair, imported on first use.

    Importing it takes about half a second, and a build whose charts are all in the cache
    (see reportgen.render.charts_stage) never needs it; the constants here are used without it.
    """

    def __getattr__(self, name: str) -> Any:
        import altair

        value = getattr(altair, name)
        self.__dict__[name] = value  # later uses of the name skip this method
        return value


alt: Any = _Altair()

FONT = "Noto Sans CJK SC, sans-serif"
INK = "#333333"  # text and marks that carry no meaning
WARNING = "#c0392b"  # negative results: below target, detractors, breached
# Status against a target, the same in the stylesheets (--met, --at-risk, --missed) and every chart
STATUS = {"met": "#1a7f4b", "at_risk": "#b35c00", "missed": WARNING}
WARNING_LIGHT = "#eaa093"
NEUTRAL = "#b0b0b0"  # neutral answers, insufficient samples
GRID = "#d9d9d9"
BLUES = ("#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1", "#c6dbef")
BAR = "#4292c6"  # bars whose colour carries no value (counts)
# A sequential scale starting above white so the lowest values stay visible on paper.
SCORE_SCHEME = {"name": "blues", "extent": [0.3, 1.0]}
# Series of line charts: lightness steps plus dashes and shapes, readable in greyscale.
SERIES_COLORS = ("#08519c", "#6baed6", "#525252", "#969696")
SERIES_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3])
SERIES_SHAPES = ("circle", "square", "triangle-up", "diamond")

WIDTH = 520  # plot width of charts without a wide axis
BAR_WIDTH = 400  # plot width of horizontal bars: leaves room for category labels and value labels
STEP = 26  # band height per category row
PERCENT = ".1%"
SCORE = ".1f"
COUNT = ",d"
PERCENT_AXIS = ".1~%"  # axis ticks: 90%, 92.5% (one decimal at most, no padding zeros)

# Donut slices: hand-picked from ColorBrewer Blues for even lightness steps (also in greyscale), dark first.
SEQUENTIAL = {
    1: ("#2171b5",),
    2: ("#08519c", "#9ecae1"),
    3: ("#08519c", "#4292c6", "#9ecae1"),
    4: ("#08306b", "#2171b5", "#6baed6", "#b3d3e8"),
    5: ("#08306b", "#08519c", "#4292c6", "#85bcdb", "#c6dbef"),
}

# Likert levels 1-5: disagreement in the warning colours, neutral grey, agreement in blue.
LIKERT_COLORS = (WARNING, WARNING_LIGHT, "#d0d0d0", BLUES[5], BLUES[2])
LIKERT_TEXT = ("white", INK, INK, INK, "white")


def chart_config() -> dict[str, Any]:
    """The house style as a Vega-Lite config, kept in one place so every chart looks alike."""
    axis = {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12,
            "titleFontWeight": "normal", "labelColor": INK, "titleColor": INK,
            "domainColor": "#888888", "tickColor": "#888888", "gridColor": "#e8e8e8"}
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
        "axis": axis,
        "axisBand": {"labelLimit": 240},  # long Likert items and action names
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11, "titleFontSize": 12,
                   "titleFontWeight": "normal", "labelColor": INK, "orient": "bottom", "labelLimit": 240},
        "text": {"font": FONT, "fontSize": 11, "color": INK},
        "title": {"font": FONT},
    }


def finish(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Apply the house config; the one place where chart-wide style is set."""
    return chart.configure(**chart_config())

