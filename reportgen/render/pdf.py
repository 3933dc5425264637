"""HTML to PDF with WeasyPrint, and the checks that keep a PDF fast and its Chinese legible."""

from __future__ import annotations

import contextlib
import ctypes.util
import gc
import io
import logging
import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable
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


WARM_UP_HTML = ('<html style="font-family: \'Noto Sans CJK SC\', \'Source Han Sans SC\', sans-serif">'
                '<p>季度服务质量报告 Quarterly 2026 <b>达标 78.5 %</b></p></html>')


def warm_up() -> threading.Thread:
    """Import WeasyPrint and find the fonts in a thread while the data are read.

    The first layout in a process costs most of a second more than the next (the import, the
    user-agent style sheet, fontconfig's scan of the CJK faces); done beside the data stage
    (mostly the database's own threads) it is off the build's path, and the process that
    typesets the report, forked later, inherits it. Join it before forking. The import swaps
    sys.stdout and ctypes' library search for a moment (see _import_weasyprint): nothing the
    data stage does prints or looks a library up by name meanwhile.
    """
    def run() -> None:
        with contextlib.suppress(Exception):  # a problem here shows again, and is reported, when the report is typeset
            _import_weasyprint()
            from weasyprint import HTML

            HTML(string=WARM_UP_HTML).render().write_pdf()

    thread = threading.Thread(target=run, name="warm-up typesetting", daemon=True)
    thread.start()
    return thread


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class TypesetAside:
    """The report typeset in a second process while the build goes on; `result()` gives the PDF.

    The report's layout is most of a build's time and needs nothing else the build does, so on
    a machine with a second core it runs beside the notice and the tables. The child is forked
    (it has the HTML and the fonts' set-up already, and starts at once) and only typesets: it
    touches neither the database nor the output folder. Should it fail in any way (an error in
    the template, a crash, killed for memory) the PDF is typeset again here, so the error that is
    reported is the real one, raised where the build can name it. Use it as a context manager:
    leaving the block early (another stage failed) stops the child.
    """

    def __init__(self, html: str, *, template_dir=None) -> None:
        self.html, self.template_dir = html, template_dir
        self.child = self.receive = None
        if sys.platform.startswith("linux") and _usable_cores() >= 2:
            import multiprocessing

            fork = multiprocessing.get_context("fork")
            self.receive, send = fork.Pipe(duplex=False)
            with warnings.catch_warnings():  # Python 3.12+ warns of fork beside threads; the child uses none of theirs
                warnings.simplefilter("ignore", DeprecationWarning)
                self.child = fork.Process(target=_typeset_child, args=(send, html, template_dir), daemon=True)
                self.child.start()
            send.close()

    def result(self) -> bytes:
        if self.child is not None:
            try:
                pdf = self.receive.recv_bytes()
            except (EOFError, OSError):
                pdf = b""
            self.close()
            if pdf.startswith(b"%PDF"):
                return pdf
        return render_pdf(self.html, template_dir=self.template_dir)

    def close(self) -> None:
        if self.child is None:
            return
        self.receive.close()
        if self.child.is_alive():
            self.child.terminate()
        self.child.join()
        self.child.close()
        self.child = None

    def __enter__(self) -> TypesetAside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _typeset_child(send, html: str, template_dir) -> None:
    try:
        send.send_bytes(render_pdf(html, template_dir=template_dir))
    except BaseException:  # noqa: BLE001 - the parent typesets again and reports the error itself
        os._exit(1)
    send.close()
