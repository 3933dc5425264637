"""The notice fitting that the estimate from an overflowing layout (reportgen.render.notice_render)
replaced: each compact level in turn, then a bisection over the number of actions; kept as the
reference that the new search must agree with (tests/test_notice.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportgen.config import Config
from reportgen.errors import ReportgenError
from reportgen.figures import Figures
from reportgen.notice import TOP_CATEGORIES, build_notice
from reportgen.render.notice_render import COMPACT_LEVELS, RenderedNotice, _document, _finish, qr_svg
from reportgen.render.templates import environment, render


def render_notice_by_search(fig: Figures, config: Config, *, size: str, issued: date,
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
