"""The chart stage: each `model.Chart` becomes a static SVG (PDF, no-JS HTML) and a spec (HTML)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from reportgen import charts
from reportgen.report.model import Chart


@dataclass(frozen=True)
class RenderedChart:
    svg: str
    spec_json: str  # safe to place inside <script type="application/json">

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


def build_chart(chart: Chart):
    """The Altair chart for a model chart (the kind names a function of reportgen.charts)."""
    return getattr(charts, chart.kind)(list(chart.rows), **chart.options)


def _inputs_version() -> str:
    """Everything but its own data that decides a chart's spec and SVG: code, libraries, fonts."""
    code = hashlib.sha256(Path(charts.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()
    return repr((code, charts.library_versions(), str(charts.cjk_font_directory())))


def _cache_path(chart: Chart, version: str) -> Path:
    # repr keeps types and order apart (1 and "1", a tuple and a list), so different inputs
    # never share an entry; an input without a faithful repr only misses the cache.
    key = hashlib.sha256(repr((version, chart.kind, chart.rows, chart.options)).encode("utf-8")).hexdigest()
    return charts.cache_dir() / "charts" / f"{key}.json"


def _cached(path: Path) -> tuple[dict, str] | None:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        return entry["spec"], entry["svg"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(path: Path, spec: dict, svg: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"spec": spec, "svg": svg}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a concurrent build never reads half an entry
    except OSError:
        pass  # a read-only home only costs the time


def render_charts(model_charts: list[Chart], *, svg: bool = True, spec: bool = True) -> dict[str, RenderedChart]:
    """Convert every chart once; the HTML and the PDF share the results.

    Building the Altair charts and their specs takes about a second for the report, and importing
    Altair half a second more, for a result that depends only on the chart's data and options
    (and the code, libraries and fonts): the spec and SVG are kept in the cache folder under a
    hash of all of them, and Altair is not even imported when every chart is found there.
    """
    version = _inputs_version() if svg else None
    out = {}
    for chart in model_charts:
        path = _cache_path(chart, version) if version else None
        found = _cached(path) if path else None
        if found is not None:
            spec_dict, svg_text = found
        else:
            built = build_chart(chart)
            spec_dict = charts.to_spec(built)
            svg_text = charts.to_svg(built, spec_dict) if svg else ""
            if path:
                _store(path, spec_dict, svg_text)
        out[chart.id] = RenderedChart(
            svg=svg_text,
            spec_json=_script_safe(json.dumps({k: v for k, v in spec_dict.items() if k != "$schema"},
                                              ensure_ascii=False, sort_keys=True)) if spec else "",
        )
    return out
