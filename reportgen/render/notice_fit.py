"""How many action rows a notice must lose to fit one page, read from an overflowing layout."""

from __future__ import annotations


def _action_rows(page) -> list:
    """The body rows of the notice's action table on one laid-out page, in order."""
    from weasyprint.formatting_structure.boxes import TableBox

    rows = []
    for box in page._page_box.descendants():
        if isinstance(box, TableBox) and "actions" in (box.element.get("class") or "").split():
            rows += [row for group in box.children if not group.is_header for row in group.children]
    return rows


def _bottom(page) -> float:
    """The foot of the last line or picture in the page's content (not its margin boxes)."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, ReplacedBox

    return max((b.position_y + b.margin_height() for root in page._page_box.children
                if not isinstance(root, MarginBox) for b in root.descendants()
                if isinstance(b, (LineBox, ReplacedBox))), default=page._page_box.content_box_y())


def action_rows_to_drop(doc) -> int | None:
    """An estimate, to be confirmed by laying out: the fewest last action rows whose height covers
    what ran past the first page (the line "and N more" that takes their place is about as tall
as the spacing the later page's top drops, so it is not counted). None when the layout has no
    action table (an organisation's own template), or nothing overflowed."""
    if len(doc.pages) < 2:
        return None
    first, *rest = doc.pages
    rows = _action_rows(first)
    if not rows:
        return None
    # What the later pages hold, measured from the top of their content area, less the rows
    # that reach them (dropped first, with what they took of the first page).
    later = [row for page in rest for row in _action_rows(page)]
    overflow = sum(_bottom(page) - page._page_box.content_box_y() for page in rest)
    split = {id(r.element) for r in later}
    whole = [r for r in rows if id(r.element) not in split]
    need = (overflow - sum(r.margin_height() for r in later)
            - sum(r.margin_height() for r in rows if id(r.element) in split))
    dropped, saved = len(split), 0.0
    for row in reversed(whole):
        if saved >= need:
            break
        saved += row.margin_height()
        dropped += 1
    return dropped
