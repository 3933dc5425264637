"""The notice as HTML and a PDF of exactly one page, shrinking or summarising to fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno

from reportgen.config import Config
from reportgen.figures import Figures
from reportgen.errors import ReportgenError
from reportgen.notice import TOP_CATEGORIES, Notice, build_notice
from reportgen.render.pdf import no_gc_pauses, weasy_document
from reportgen.render.templates import environment, render

COMPACT_LEVELS = (0, 1, 2)


@dataclass(frozen=True)
class RenderedNotice:
    html: str
    pdf: bytes
    notice: Notice


def qr_svg(url: str | None) -> str | None:
    """The address as a QR code in inline SVG: vector in the PDF, nothing beside the HTML."""
    if not url:
        return None
    code = segno.make(url, error="m", micro=False)  # raised to a higher level when it costs no size
    return code.svg_inline(border=4, omitsize=True, svgclass="qr-code", lineclass=None, light="#fff")


def _document(html: str, template_dir: Path | None):
    return weasy_document(html, template_dir=template_dir, what="notice.pdf")


def render_notice(fig: Figures, config: Config, *, size: str, issued: date,
                  template_dir: Path | None = None) -> RenderedNotice:
    """Tighten the layout first, then list fewer actions (saying how many more), until one page.

    Should the figures not fit even without actions (long texts in an organisation's own
    template), fewer categories are shown; a notice that still needs two pages is an error.
    """
    env = environment(template_dir)
    qr = qr_svg(config.organisation.complaint_url)

    def attempt(compact: int, max_actions: int | None, max_categories: int = TOP_CATEGORIES):
        notice = build_notice(fig, config, size=size, issued=issued, max_actions=max_actions,
                              max_categories=max_categories, compact=compact)
        doc = _document(render(env, "notice.html", notice=notice, medium="print", qr=qr), template_dir)
        return notice, doc

    for compact in COMPACT_LEVELS:
        notice, doc = attempt(compact, None)
        if len(doc.pages) == 1:
            return _finish(env, notice, doc, qr)
    tightest = COMPACT_LEVELS[-1]
    best = attempt(tightest, 0)
    if len(best[1].pages) > 1:
        for shown in range(TOP_CATEGORIES - 1, -1, -1):
            best = attempt(tightest, 0, shown)
            if len(best[1].pages) == 1:
                return _finish(env, *best, qr)
        raise ReportgenError(f"notice.pdf: the notice needs {len(best[1].pages)} pages of {size} even without "
                             "actions and categories; shorten the texts of the notice template or the config")
    lo, hi = 0, len(fig.actions)  # the largest number of actions that fits, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        candidate = attempt(tightest, mid)
        if len(candidate[1].pages) == 1:
            lo, best = mid, candidate
        else:
            hi = mid - 1
    return _finish(env, *best, qr)


def _finish(env, notice: Notice, doc, qr: str | None) -> RenderedNotice:
    with no_gc_pauses():
        pdf = doc.write_pdf()
    return RenderedNotice(render(env, "notice.html", notice=notice, medium="screen", qr=qr), pdf, notice)
