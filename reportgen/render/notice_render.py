"""The notice as HTML and a PDF of exactly one page, shrinking or summarising to fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno

from reportgen.config import Config
from reportgen.errors import ReportgenError
from reportgen.figures import Figures
from reportgen.notice import TOP_CATEGORIES, Notice, build_notice
from reportgen.render.notice_fit import action_rows_to_drop
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
    """The loosest layout that fits one page, else the tightest with as many actions as fit
    (saying how many more); should even no actions be too many (long texts in an organisation's
    own template), fewer categories; a notice that still needs two pages is an error.

    Each try is a full layout (most of a second), so the number of actions is estimated from
    the heights of the overflowing layout and then confirmed, not searched for one by one.
    """
    env = environment(template_dir)
    qr = qr_svg(config.organisation.complaint_url)

    def attempt(compact: int, max_actions: int | None, max_categories: int = TOP_CATEGORIES):
        notice = build_notice(fig, config, size=size, issued=issued, max_actions=max_actions,
                              max_categories=max_categories, compact=compact)
        doc = _document(render(env, "notice.html", notice=notice, medium="print", qr=qr), template_dir)
        return notice, doc

    def fits(tried) -> bool:
        return len(tried[1].pages) == 1

    loosest, *middle, tightest = COMPACT_LEVELS
    first = attempt(loosest, None)
    if fits(first):
        return _finish(env, *first, qr)
    whole = attempt(tightest, None)  # every action, as tight as it goes
    if fits(whole):
        for compact in middle:  # the loosest level that still fits
            tried = attempt(compact, None)
            if fits(tried):
                return _finish(env, *tried, qr)
        return _finish(env, *whole, qr)
    lo, hi = -1, len(fig.actions) - 1  # the most actions that fit is in [lo, hi]; lo fits (-1: none)
    drop = action_rows_to_drop(whole[1])
    probe = (hi + 1) // 2 if drop is None else len(fig.actions) - drop
    best, way, steps = None, 0, iter((1, 1, 2, 4, 8, 16, 32))
    while lo < hi:  # from the estimate outwards, one step at a time and then faster; halving once past it
        probe = min(max(probe, lo + 1), hi)
        tried = attempt(tightest, probe)
        went = 1 if fits(tried) else -1
        if went > 0:
            lo, best = probe, tried
        else:
            hi = probe - 1
        way = went if way in (0, went) else 2  # 2: the answer lies between two probes
        step = next(steps, None) if way != 2 else None
        probe = (lo + hi + 1) // 2 if step is None else (lo + step if went > 0 else hi + 1 - step)
    if best is not None:
        return _finish(env, *best, qr)
    best = whole
    for categories in range(TOP_CATEGORIES - 1, -1, -1):
        best = attempt(tightest, 0, categories)
        if fits(best):
            return _finish(env, *best, qr)
    raise ReportgenError(f"notice.pdf: the notice needs {len(best[1].pages)} pages of {size} even without "
                         "actions and categories; shorten the texts of the notice template or the config")


def _finish(env, notice: Notice, doc, qr: str | None) -> RenderedNotice:
    with no_gc_pauses():
        pdf = doc.write_pdf()
    return RenderedNotice(render(env, "notice.html", notice=notice, medium="screen", qr=qr), pdf, notice)
