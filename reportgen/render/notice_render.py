"""The notice as HTML and a PDF of exactly one page, shrinking or summarising to fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportgen.config import Config
from reportgen.figures import Figures
from reportgen.notice import Notice, build_notice
from reportgen.render.pdf import no_gc_pauses, weasy_document
from reportgen.render.templates import environment, render

COMPACT_LEVELS = (0, 1, 2)


@dataclass(frozen=True)
class RenderedNotice:
    html: str
    pdf: bytes
    notice: Notice


def _document(html: str, template_dir: Path | None):
    return weasy_document(html, template_dir=template_dir, what="notice.pdf")


def render_notice(fig: Figures, config: Config, *, size: str, issued: date,
                  template_dir: Path | None = None) -> RenderedNotice:
    """Tighten the layout first, then list fewer actions (saying how many more), until one page."""
    env = environment(template_dir)

    def attempt(compact: int, max_actions: int | None):
        notice = build_notice(fig, config, size=size, issued=issued,
                              max_actions=max_actions, compact=compact)
        doc = _document(render(env, "notice.html", notice=notice, medium="print"), template_dir)
        return notice, doc

    for compact in COMPACT_LEVELS:
        notice, doc = attempt(compact, None)
        if len(doc.pages) == 1:
            return _finish(env, notice, doc)
    total = len(notice.actions)
    lo, hi = 0, total  # the largest number of actions that fits, by bisection
    best = attempt(COMPACT_LEVELS[-1], 0)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        candidate = attempt(COMPACT_LEVELS[-1], mid)
        if len(candidate[1].pages) == 1:
            lo, best = mid, candidate
        else:
            hi = mid - 1
    return _finish(env, *best)


def _finish(env, notice: Notice, doc) -> RenderedNotice:
    with no_gc_pauses():
        pdf = doc.write_pdf()
    return RenderedNotice(render(env, "notice.html", notice=notice, medium="screen"), pdf, notice)
