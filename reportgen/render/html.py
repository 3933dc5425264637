"""The report model to HTML: one self-contained file for the screen, one for WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from reportgen.charts.bundle import vega_bundle
from reportgen.report.model import Report
from reportgen.render.charts_stage import RenderedChart
from reportgen.render.templates import environment, render


def _bundle_safe(js: str) -> str:
    # The bundle is inlined in a <script>; a literal "</script" inside it would end the element.
    return js.replace("</script", "<\\/script")


def render_html(report: Report, rendered: dict[str, RenderedChart], *, medium: str,
                template_dir: Path | None = None, template: str = "report.html") -> str:
    """Render `template` for `medium` ("screen": interactive, offline; "print": for the PDF)."""
    return render(
        environment(template_dir), template, report=report, rendered=rendered, medium=medium,
        vega_bundle=_bundle_safe(vega_bundle()) if medium == "screen" else "",
    )
