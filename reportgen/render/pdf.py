"""HTML to PDF with WeasyPrint, and the checks that keep a PDF fast and its Chinese legible."""

from __future__ import annotations

import contextlib
import ctypes.util
import gc
import io
import logging
import shutil
import subprocess
import sys
from contextlib import contextmanager
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


@contextmanager
def no_gc_pauses():
    """Keep the cyclic garbage collector out of a WeasyPrint render.

    Layout and PDF output allocate close to a million objects, so the collector runs over a
    thousand times, and its full passes walk the whole heap (the build's data, models and
    libraries included): a second of the sample build, against 0.4 s this way. Objects that
    exist beforehand are frozen (never walked) and collection waits until the block ends; its
    garbage is collected then, in one pass. Inside another such block it changes nothing.
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def _import_weasyprint() -> None:
    """Import WeasyPrint without its library search, on Linux.

    WeasyPrint tries several names for each C library, and cffi hands every name that does not
    load as it stands to ctypes.util.find_library, which runs ldconfig, gcc and ld to look for it:
    fifty processes and a third of a second per build. Every list also holds the Linux soname
    (libpango-1.0.so.0 ...), which loads directly, so the search is skipped; should a library be
    found only by it after all, the import is run again with it.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints advice when a library is missing
            import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint  # noqa: F401,F811


def weasy_document(html: str, *, template_dir=None, what: str = "report.pdf"):
    """Lay out print HTML; only data: URIs and files of the template folders may be loaded."""
    with no_gc_pauses():  # WeasyPrint's first import is a large share of the allocations too
        _import_weasyprint()
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
    with no_gc_pauses():  # one block for both steps: the layout's objects are not walked in between
        return weasy_document(html, template_dir=template_dir).write_pdf()
