"""Column widths for the print tables, so that WeasyPrint can use the fixed table layout.

WeasyPrint's automatic layout measures the narrowest and the widest line of every cell, which
took a third of the report's PDF time. The same distribution (CSS Tables 3, as WeasyPrint does
it) is computed here from the text: ideographs a full em, ASCII runs shaped with the kerning of
Noto Sans CJK SC (Pillow and HarfBuzz, as Pango) or else by its advances, line breaks after an
outline of UAX #14, at the print CSS's sizes. In the sample report every column comes within
0.2 px of the automatic layout's.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportgen.report.model import EvidenceIndex, Table

# Advance widths (1/1000 em) of U+0020..U+007E in Noto Sans CJK SC Regular and Bold.
_REGULAR = (
    224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555,
    555, 555, 555, 555, 555, 555, 278, 278, 555, 555, 555, 474, 946, 608, 657, 638, 688, 589, 552, 689,
    728, 293, 535, 646, 543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338,
    392, 338, 555, 559, 606, 563, 618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606,
    620, 620, 388, 468, 377, 607, 521, 802, 498, 521, 475, 338, 270, 338, 555)
_BOLD = (
    227, 370, 574, 590, 590, 963, 740, 325, 378, 378, 507, 590, 325, 370, 325, 387, 590, 590, 590, 590,
    590, 590, 590, 590, 590, 590, 325, 325, 590, 590, 590, 514, 1007, 641, 681, 656, 714, 615, 585, 717,
    757, 330, 568, 686, 578, 853, 749, 770, 667, 770, 682, 624, 625, 748, 619, 915, 627, 580, 613, 378,
    387, 378, 590, 567, 626, 591, 644, 527, 644, 581, 372, 597, 640, 304, 306, 604, 315, 964, 641, 626,
    644, 644, 436, 495, 421, 637, 576, 863, 562, 574, 511, 378, 296, 378, 590)
# The same for the narrower characters beyond ASCII that reports use (↩ ₁ ₂ from DejaVu Sans).
_OTHER = {"–": (536, 544), "—": (894, 908), "−": (555, 590), "α": (625, 663), "χ": (536, 583), "²": (411, 424),
          "Σ": (601, 619), "Δ": (656, 710), "↩": (838, 838), "₁": (401, 438), "₂": (401, 438)}

# Sizes from _style.css and _print.css, in CSS px (WeasyPrint: 1pt = 4/3 px).
FONT_PX = 9 * 4 / 3  # table.data-table { font-size: 9pt }
PADDING_PX = 2 * 0.45 * 10 * 4 / 3  # 0.45rem left and right, html { font-size: 10pt }
LINE_PX = (210 - 2 * 16) / 25.4 * 96  # A4 less the page margins

# No line break after an opening bracket or before a closing one (UAX #14 classes OP and CL/NS).
_NO_BREAK_AFTER = set("（［｛「『【〔〈《‘“")
_NO_BREAK_BEFORE = set("）］｝」』】〕〉》’”，。、：；！？・…—～")
_BREAK_AFTER = set("–—")  # dashes (BA, B2); a hyphen or a slash too, unless a digit follows


@dataclass(frozen=True)
class Run:
    """A piece of a cell's text with its style."""

    text: str
    scale: float = 1.0  # font size relative to the table's
    bold: bool = False
    nowrap: bool = False
    anywhere: bool = False  # a code: breaks between any two characters (overflow-wrap: anywhere)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


@lru_cache(maxsize=1)
def _fonts() -> tuple[Any, Any] | None:
    """Noto Sans CJK SC Regular and Bold at 1000 px, to measure Latin text with its kerning.

    Kerning narrows a word by up to a few per cent, enough to move a column by a pixel. Pillow
    shapes with HarfBuzz (raqm), as Pango does; None without the fonts or raqm (advances only).
    """
    try:
        from PIL import ImageFont, features

        if not features.check("raqm"):
            return None
        listed = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\t%{weight}\n", "Noto Sans CJK SC"],
                                capture_output=True, text=True, timeout=20, check=False).stdout
        faces = {}
        for line in sorted(listed.splitlines()):
            path, index, weight = line.split("\t")
            faces.setdefault(int(weight), (path, int(index)))
        regular, bold = faces[80], faces[200]  # fontconfig's weights of Regular and Bold
        return tuple(ImageFont.truetype(path, 1000, index=index, layout_engine=ImageFont.Layout.RAQM)
                     for path, index in (regular, bold))
    except (ImportError, OSError, ValueError, KeyError, subprocess.SubprocessError):
        return None


@lru_cache(maxsize=4096)
def _latin(text: str, bold: bool) -> float:
    """Width in em of a run of ASCII characters."""
    fonts = _fonts()
    if fonts is not None:
        return fonts[bold].getlength(text) / 1000
    return sum((_BOLD if bold else _REGULAR)[ord(ch) - 0x20] for ch in text) / 1000


def _width(text: str, bold: bool) -> float:
    """Width in em: ASCII runs with their kerning, any other character by its advance above."""
    total, start = 0.0, None
    for i, ch in enumerate(text):
        if " " <= ch <= "~":
            start = i if start is None else start
            continue
        if start is not None:
            total, start = total + _latin(text[start:i], bold), None
        total += _OTHER[ch][bold] / 1000 if ch in _OTHER else 1.0
    return total + (_latin(text[start:], bold) if start is not None else 0.0)


def _pieces(runs: Sequence[Run]) -> tuple[float, float]:
    """(min-content, max-content) width in px of the runs: their widest unbreakable piece, one line."""
    widest = total = 0.0
    piece: list[tuple[str, Run]] = []  # the piece so far, a part of each run it spans

    def width(parts: list[tuple[str, Run]]) -> float:
        return sum(_width(text, run.bold) * FONT_PX * run.scale for text, run in parts)

    prev = ""
    for run in runs:
        total += width([(run.text, run)])
        start = 0
        for i, ch in enumerate(run.text):
            if ch.isspace() and not run.nowrap:
                widest, piece, start, prev = max(widest, width([*piece, (run.text[start:i], run)])), [], i + 1, ch
                continue
            breaks = not run.nowrap and prev and not prev.isspace() and (
                run.anywhere or ((_wide(ch) or _wide(prev)) and ch not in _NO_BREAK_BEFORE and prev not in _NO_BREAK_AFTER)
                or prev in _BREAK_AFTER or (prev in "-/" and not ch.isdigit()))
            if breaks:
                widest, piece, start = max(widest, width([*piece, (run.text[start:i], run)])), [], i
            prev = ch
        piece.append((run.text[start:], run))
    return max(widest, width(piece)), total


def distribute(cells: Sequence[Sequence[Sequence[Run]]], width: float = LINE_PX) -> list[str]:
    """CSS column widths for rows of cells, as the automatic layout would make them.

    Percentages, so that the table fills its container as before; in px when its longest words
    do not fit, so that it overflows the page as much as the automatic layout let it.
    """
    count = max((len(row) for row in cells), default=0)
    low, high = [0.0] * count, [0.0] * count
    for row in cells:
        for i, runs in enumerate(row):
            lo, hi = _pieces(runs)
            low[i] = max(low[i], lo + PADDING_PX)
            high[i] = max(high[i], hi + PADDING_PX)
    if not count:
        return []
    if sum(low) >= width:
        return [f"{w:.3f}px" for w in low]
    if sum(high) > width:
        ratio = (width - sum(low)) / (sum(high) - sum(low))
        widths = [lo + (hi - lo) * ratio for lo, hi in zip(low, high)]
    else:
        widths = [hi + (width - sum(high)) * hi / sum(high) for hi in high]
    return [f"{100 * w / width:.4f}%" for w in widths]


def table_widths(table: Table) -> list[str]:
    """The <col> widths of a table as rendered by _table.html."""
    rows = [[[Run(c, bold=True, nowrap=num)] for c, num in zip(table.columns, table.numeric)]]
    for k, row in enumerate(table.rows):
        bold = bool(table.row_classes) and table.row_classes[k] in ("warn", "good")
        cite = table.cites[k] if table.cites else None
        own = table.cell_cites[k] if table.cell_cites else ()
        cells = []
        for i, cell in enumerate(row):
            runs = [Run(str(cell), bold=bold, nowrap=table.numeric[i],
                        anywhere=bool(table.codes) and table.codes[i])]
            for c in (cite if i == 0 else None, own[i] if i < len(own) else None):
                if c:
                    runs += [Run(" "), Run(f"[{c.evidence}]", scale=0.75, bold=bold, nowrap=True)]
            cells.append(runs)
        rows.append(cells)
    return distribute(rows)


def evidence_widths(index: EvidenceIndex, headers: Sequence[str]) -> list[str]:
    """The <col> widths of the evidence index as rendered by _evidence.html."""
    numeric = (False, False, False, False, True, True, False)
    rows = [[[Run(h, bold=True, nowrap=num)] for h, num in zip(headers, numeric)]]
    for r in index.rows:
        rows.append([
            [Run(r.id + " ↩" * len(r.refs), bold=True, nowrap=True)],
            [Run(r.figure)], [Run(r.definition, scale=0.9)], [Run(r.population)],
            [Run(r.n, nowrap=True)],
            [Run(max((r.value, r.test), key=lambda text: _width(text, False)), nowrap=True)],  # two lines
            [Run(r.interval)],
        ])
    return distribute(rows)
