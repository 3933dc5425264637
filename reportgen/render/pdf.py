"""HTML to PDF with WeasyPrint, and the checks that keep a PDF fast and its Chinese legible."""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess
from functools import lru_cache

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def font_warnings() -> tuple[str, ...]:
    """Problems with the machine's fonts that would make the PDF slow or illegible."""
    out = []
    if shutil.which("fc-list"):
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
        if not found:
            out.append("no CJK font found: Chinese text in the PDF will be missing or boxes; "
                       "install fonts-noto-cjk (apt-get install fonts-noto-cjk)")
    else:
        out.append("fontconfig (fc-list) not found; cannot check for a CJK font")
    if ctypes.util.find_library("harfbuzz-subset") is None:
        out.append("libharfbuzz-subset not found: WeasyPrint falls back to fontTools and the PDF takes "
                   "tens of seconds; install libharfbuzz-subset0")
    return tuple(out)


def weasy_document(html: str, *, template_dir=None, what: str = "report.pdf"):
    """Lay out print HTML; only data: URIs and files of the template folders may be loaded."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from reportgen.render.fetch import LocalFetcher, fetch_error
    from reportgen.render.templates import standard_dir

    roots = [standard_dir()] + ([template_dir] if template_dir is not None else [])
    try:
        return HTML(string=html, base_url=str(roots[-1]) + "/", url_fetcher=LocalFetcher(roots)).render()
    except FatalURLFetchingError as exc:
        raise fetch_error(exc, what)


def render_pdf(html: str, *, template_dir=None) -> bytes:
    """Typeset the print HTML as a PDF (fonts subset and embedded)."""
    return weasy_document(html, template_dir=template_dir).write_pdf()
