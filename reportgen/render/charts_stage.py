"""The chart stage: each `model.Chart` becomes a static SVG (PDF, no-JS HTML) and a spec (HTML)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from reportgen import cache, charts
from reportgen.charts import convert
from reportgen.charts.marks import records
from reportgen.report.model import Chart


@dataclass(frozen=True)
class RenderedChart:
    svg: str
    spec_json: str  # safe to place inside <script type="application/json">
    dataset: str | None = None  # the spec's dataset that holds the chart's rows (the HTML filters swap it)

    @property
    def svg_uri(self) -> str:
        """The SVG as a data: URI, for an <img> in the print HTML.

        Inline, the SVG is parsed with the HTML and each of its elements (about 1,800 in the sample)
        gets a computed CSS style; as an image WeasyPrint parses it once and draws it the same, its
        text still text.
        """
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _script_safe(text: str) -> str:
    """JSON that cannot close its <script> element or open a comment, whatever the labels say."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def rows_dataset(spec: dict, rows) -> str | None:
    """The name of the spec's dataset whose values are the chart's rows as given, if one is."""
    wanted = json.dumps(records(rows), sort_keys=True)
    for name, values in (spec.get("datasets") or {}).items():
        if json.dumps(values, sort_keys=True) == wanted:
            return name
    return None


def build_chart(chart: Chart):
    """The Altair chart for a model chart (its kind names a builder in reportgen.charts.KINDS)."""
    return charts.KINDS[chart.kind](list(chart.rows), **chart.options)


def _inputs_version() -> str:
    """Everything but its own data that decides a chart's spec and SVG: code, libraries, fonts."""
    code = hashlib.sha256()
    for module in sorted(Path(charts.__file__).parent.glob("*.py")) + [Path(__file__)]:
        code.update(module.read_bytes())
    return repr((code.hexdigest(), convert.library_versions(), str(convert.cjk_font_directory())))


def _entry_name(chart: Chart, version: str) -> str:
    # repr keeps types and order apart (1 and "1", a tuple and a list), so different inputs
    # never share an entry; an input without a faithful repr only misses the cache.
    key = hashlib.sha256(repr((version, chart.kind, chart.rows, chart.options)).encode("utf-8")).hexdigest()
    return f"charts/{key}.json"


def _cached(name: str) -> tuple[dict, str] | None:
    text = cache.read(name)
    if text is None:
        return None
    try:
        entry = json.loads(text)
        return entry["spec"], entry["svg"]
    except (ValueError, KeyError, TypeError):
        return None


def render_charts(model_charts: list[Chart], *, svg: bool = True, spec: bool = True) -> dict[str, RenderedChart]:
    """Convert every chart once; the HTML and the PDF share the results.

    Building the Altair charts and their specs takes about a second for the report, and importing
    Altair half a second more, for a result that depends only on the chart's data and options
    (and the code, libraries and fonts): the spec and SVG are kept together as one entry of the
    cache folder (reportgen.cache) under a hash of all of them, written once when the chart is
    first converted, and Altair is not even imported when every chart is found there.
    """
    version = _inputs_version() if svg else None
    out = {}
    for chart in model_charts:
        name = _entry_name(chart, version) if version else None
        found = _cached(name) if name else None
        if found is not None:
            spec_dict, svg_text = found
        else:
            spec_dict = convert.to_spec(build_chart(chart))
            svg_text = convert.to_svg(spec_dict) if svg else ""
            if name:
                cache.write(name, json.dumps({"spec": spec_dict, "svg": svg_text}, ensure_ascii=False))
        out[chart.id] = RenderedChart(
            svg=svg_text,
            spec_json=_script_safe(json.dumps({k: v for k, v in spec_dict.items() if k != "$schema"},
                                              ensure_ascii=False, sort_keys=True)) if spec else "",
            dataset=rows_dataset(spec_dict, chart.rows),
        )
    return out
