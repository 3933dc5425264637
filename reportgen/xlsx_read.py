"""What calamine reads as empty in an XLSX workbook's first sheet: formulas never calculated,
and the cells a merged range covers.

A workbook written by a script or an exporter holds formulas (`<f>`) with no stored result
(`<v>`) until a spreadsheet program calculates and saves it; a merged range keeps its value in
its top-left cell only. calamine offers no formulas, and merged ranges only after loading the
whole sheet a second time, so the sheet's XML is read here, from the zip: decompressed in
1 MiB blocks and searched as bytes, parsing only the header row, formula cells without a value
and `<mergeCells>`. For 100,000 rows that takes 0.3 s; calamine's second load takes 1.7 s,
expat over every element 3.2 s, `iterparse` 6.6 s (`read_excel` itself 3 s).

What is made of them is decided in `sheets.read_sheet`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple
from xml.etree import ElementTree as ET

BLOCK = 1 << 20
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b[^>]*>")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(/?)>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)")
_TAG_END = (b" ", b"\t", b"\r", b"\n", b">", b"/")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")
# What zipfile and ElementTree raise for a damaged archive or XML.
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, ET.ParseError, zlib.error, EOFError, OSError,
               UnicodeError, ValueError, NotImplementedError, RuntimeError)


class WorkbookError(Exception):
    """The workbook's zip or XML is damaged; the message says where."""


class Uncalculated(NamedTuple):
    row: int  # as a spreadsheet counts it
    col: int  # 0 for column A
    formula: str


class Merge(NamedTuple):
    ref: str
    top: int  # rows as a spreadsheet counts them, columns from 0
    left: int
    bottom: int
    right: int


@dataclass
class SheetFacts:
    """Formula cells without a value, merged ranges, and the header's texts by column."""

    uncalculated: list[Uncalculated] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    header: list[str | None] = field(default_factory=list)  # read only when there is something to place

    def name(self, col: int) -> str:
        """The column's name as pandas gives it (an empty header cell makes "Unnamed: N")."""
        text = (self.header[col] if col < len(self.header) else None) or ""
        return text.strip().lstrip("\ufeff") or f"Unnamed: {col}"


def inspect_first_sheet(path) -> SheetFacts:
    """Read the first sheet's XML for what calamine reads as empty; raise WorkbookError if damaged."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _Parts(zf)
            sheet, strings = _first_sheet(parts)
            if sheet is None:  # a chart sheet first: calamine decides what it makes of it
                return SheetFacts()
            scan = _Scan(sheet)
            with parts.open(sheet) as fh:
                scan.run(_blocks(fh, sheet))
            facts = SheetFacts(list(dict.fromkeys(scan.uncalculated)), scan.merges)
            if facts.uncalculated or facts.merges:
                facts.header = _header(scan, parts, strings)
            return facts
    except WorkbookError:
        raise
    except _UNREADABLE as exc:
        what = ("its XML is damaged" if isinstance(exc, ET.ParseError) else
                "the zip archive is damaged" if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)) else "")
        raise WorkbookError(f"{what} ({exc})" if what else str(exc) or type(exc).__name__) from exc


def ref(row: int, col: int) -> str:
    """(5, 1) -> "B5"."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _cell(text: str | None) -> tuple[int, int]:
    """"B5" -> (5, 1)."""
    m = _REF.match((text or "").strip())
    if not m:
        raise ValueError(f"cell reference {text!r} is not valid")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col - 1


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(el: ET.Element) -> dict[str, ET.Element]:
    return {_local(child.tag): child for child in el}


def _parse(xml: bytes, part: str) -> ET.Element:
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        raise WorkbookError(f"{part} is not well-formed XML ({exc.msg.split(':')[0]})") from exc


class _Parts:
    """The zip's parts by name, case-insensitively (as the package format names them)."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf, self.names = zf, {n.lower(): n for n in zf.namelist()}

    def open(self, name: str):
        if name.lower() not in self.names:
            raise WorkbookError(f"part {name} is missing")
        return self.zf.open(self.names[name.lower()])

    def xml(self, name: str) -> ET.Element:
        with self.open(name) as fh:
            return _parse(fh.read(), name)

    def relations(self, source: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of `source` ("" for the package itself)."""
        folder, base = posixpath.split(source)
        rels, out = posixpath.join(folder, "_rels", f"{base}.rels"), {}
        for rel in self.xml(rels) if rels.lower() in self.names else ():
            target = rel.get("Target", "")
            if target and rel.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                out[rel.get("Id", "")] = (rel.get("Type", ""), target)
        return out


def _first_sheet(parts: _Parts) -> tuple[str | None, str | None]:
    """The first sheet's part (None when it is not a worksheet) and the shared strings part."""
    workbook = next((t for typ, t in parts.relations("").values() if typ.endswith("/officeDocument")),
                    "xl/workbook.xml")
    sheet = next((el for el in parts.xml(workbook).iter() if _local(el.tag) == "sheet"), None)
    if sheet is None:
        raise WorkbookError(f"{workbook} lists no sheets")
    rid = next((v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id"), None)
    rels = parts.relations(workbook)
    if rid not in rels:
        raise WorkbookError(f"{workbook} names sheet {sheet.get('name')!r} but not its part")
    strings = next((t for typ, t in rels.values() if typ.endswith("/sharedStrings")), None)
    return (rels[rid][1] if rels[rid][0].endswith("/worksheet") else None), strings


def _blocks(fh, part: str) -> Iterator[bytes]:
    """The part's bytes in blocks, UTF-8 (calamine reads a UTF-16 sheet as empty: refused here)."""
    first = fh.read(BLOCK)
    if first[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise WorkbookError(f"{part} is UTF-16 text, which is not read; save the workbook again "
                            "in a spreadsheet program")
    return chain([first], iter(lambda: fh.read(BLOCK), b""))


class _Scan:
    """One pass over a sheet part: the header row's XML, formulas without a value, merged ranges."""

    def __init__(self, part: str):
        self.part = part
        self.uncalculated: list[Uncalculated] = []
        self.merges: list[Merge] = []
        self.header_xml: bytes | None = None
        self.rows_seen = 0
        self.shared: dict[str, tuple[str, str]] = {}  # shared formula index -> (text, cell holding it)

    def run(self, blocks: Iterator[bytes]) -> None:
        buf = b""
        for block in blocks:
            buf += block
            if data := _SHEET_DATA.search(buf):
                break
        else:
            raise WorkbookError(f"{self.part} has no sheet data")
        if (root := _ROOT.search(buf, 0, data.start())) is None:
            raise WorkbookError(f"{self.part} is not a worksheet")
        p, q = data.group(1) or b"", re.escape(data.group(1) or b"")
        # Fragments are parsed inside copies of the root and sheetData tags: they keep the
        # namespace declarations made there.
        self.wrap = (root.group(0), b"</" + (root.group(1) or b"") + b"worksheet>",
                     data.group(0).replace(b"/>", b">"), b"</" + p + b"sheetData>")
        self.row_open, self.row_close = b"<" + p + b"row", b"</" + p + b"row>"
        self.cell_open, self.cell_close = b"<" + p + b"c", b"</" + p + b"c>"
        # A formula not followed by a stored value. Those with one (all that a spreadsheet
        # program saves) are passed over inside the regex engine, never parsed.
        self.formula = re.compile(b"<" + q + rb"f(?:\s[^>]*)?(?:/>|>[^<]*</" + q + rb"f>)(?!\s*<" + q
                                  + rb"v(?:\s[^>]*)?>[^<])")
        buf = buf[data.end():]
        if not data.group(2):
            while (end := buf.find(self.wrap[3])) < 0:
                if (cut := buf.rfind(self.row_open)) > 0:  # what precedes the last row's start is whole rows
                    self._rows(buf[:cut])
                    buf = buf[cut:]
                if (block := next(blocks, None)) is None:
                    raise WorkbookError(f"{self.part} ends inside its sheet data")
                buf += block
            self._rows(buf[:end])
            buf = buf[end + len(self.wrap[3]):]
        self._merges(buf, blocks, p)

    def fragment(self, xml: bytes) -> ET.Element:
        """The sheetData element holding `xml` (whole rows)."""
        root_open, root_close, data_open, data_close = self.wrap
        return _parse(root_open + data_open + xml + data_close + root_close, self.part)[0]

    def _rows(self, seg: bytes) -> None:
        """Find the formula cells without a value among whole rows; only they are parsed."""
        if self.header_xml is None and (start := seg.find(self.row_open)) >= 0:
            end = seg.find(self.row_close, start)
            self.header_xml = seg[start:end + len(self.row_close) if end >= 0 else len(seg)]
        cells, numbers, rows = [], [], []  # rows: whole rows, for a cell without a reference
        counted, row_start, number, n = 0, -1, 0, len(self.cell_open)
        m = self.formula.search(seg)
        while m:
            start = seg.rfind(self.row_open, 0, m.start())
            cell = seg.rfind(self.cell_open, 0, m.start())
            while cell >= 0 and seg[cell + n:cell + n + 1] not in _TAG_END:
                cell = seg.rfind(self.cell_open, 0, cell)  # <color> and the like in rich text
            if start < 0 or cell < start:
                raise WorkbookError(f"{self.part} has a formula outside a cell")
            if start != row_start:
                # Rows are counted only for a row without a number (r is optional in the format).
                self.rows_seen += seg.count(self.row_open, counted, start + len(self.row_open))
                counted, row_start = start + len(self.row_open), start
                found = _R_ATTR.search(seg, start, seg.find(b">", start))
                number = int(found.group(1)) if found else self.rows_seen
            if _R_ATTR.search(seg, cell, seg.find(b">", cell)):
                end = seg.find(self.cell_close, m.end()) + len(self.cell_close)
                cells.append(seg[cell:end])
                numbers.append(number)
            else:
                end = seg.find(self.row_close, m.end()) + len(self.row_close)
                rows.append((seg[start:end], number))
            if end < len(self.cell_close):
                raise WorkbookError(f"{self.part} has a formula outside a cell")
            m = self.formula.search(seg, end)
        self.rows_seen += seg.count(self.row_open, counted)
        if cells:
            row = self.fragment(self.row_open + b">" + b"".join(cells) + self.row_close)[0]
            for cell, number in zip(row, numbers):
                self._formula(cell, number, _cell(cell.get("r"))[1])
        for xml, number in rows:
            col = -1
            for cell in self.fragment(xml)[0]:
                col = _cell(cell.get("r"))[1] if cell.get("r") else col + 1
                self._formula(cell, number, col)

    def _formula(self, cell: ET.Element, number: int, col: int) -> None:
        children = _children(cell)
        if (f := children.get("f")) is None:
            return
        text, si = f.text or "", f.get("si")
        if f.get("t") == "shared" and si is not None:
            if text:
                self.shared[si] = (text, ref(number, col))
            elif si in self.shared:
                text = "{} (as in {})".format(*self.shared[si])
        v = children.get("v")
        if "is" not in children and (v is None or not (v.text or cell.get("t") == "str")):
            self.uncalculated.append(Uncalculated(number, col, text))

    def _merges(self, buf: bytes, blocks: Iterator[bytes], p: bytes) -> None:
        """Read `<mergeCells>` after the sheet data, keeping only its bytes in memory."""
        open_tag, close_tag = b"<" + p + b"mergeCells", b"</" + p + b"mergeCells>"
        while (start := buf.find(open_tag)) < 0:
            if (block := next(blocks, None)) is None:
                return
            buf = buf[-len(open_tag):] + block
        buf = buf[start:]
        while (end := buf.find(close_tag)) < 0 and not re.match(rb"<[^>]*/>", buf):
            if (block := next(blocks, None)) is None:
                raise WorkbookError(f"{self.part} ends inside its merged cells")
            buf += block
        element = buf[:end + len(close_tag)] if end >= 0 else buf[:buf.find(b">") + 1]
        for merge in _parse(self.wrap[0] + element + self.wrap[1], self.part)[0]:
            span = merge.get("ref", "")
            if ":" in span:
                (top, left), (bottom, right) = (_cell(r) for r in span.split(":", 1))
                if (top, left) != (bottom, right):
                    self.merges.append(Merge(span.upper(), min(top, bottom), min(left, right),
                                             max(top, bottom), max(left, right)))


def _header(scan: _Scan, parts: _Parts, strings: str | None) -> list[str | None]:
    """The header row's texts by column (row 1; a sheet whose first row is lower has none)."""
    rows = list(scan.fragment(scan.header_xml)) if scan.header_xml else []
    if not rows or rows[0].get("r", "1") != "1":
        return []
    cells: dict[int, str | None] = {}
    shared: dict[int, int] = {}  # column -> shared string index
    col = -1
    for cell in rows[0]:
        col = _cell(cell.get("r"))[1] if cell.get("r") else col + 1
        children, kind = _children(cell), cell.get("t", "n")
        text = children["v"].text if "v" in children else None
        if kind == "inlineStr":
            cells[col] = _text(children["is"]) if "is" in children else None
        elif kind == "s" and text is not None:
            shared[col] = int(text)
        elif kind == "n" and text is not None:  # as pandas names it: 2025, not 2025.0
            cells[col] = str(int(float(text))) if float(text).is_integer() else str(float(text))
        else:
            cells[col] = {"1": "True", "0": "False"}.get(text) if kind == "b" else text
    if shared:
        texts = _shared_strings(parts, strings, set(shared.values())) if strings else {}
        cells.update({c: texts.get(i) for c, i in shared.items()})
    return [cells.get(c) for c in range(max(cells, default=-1) + 1)]


def _shared_strings(parts: _Parts, name: str, wanted: set[int]) -> dict[int, str]:
    """The shared strings at `wanted` indices, streamed: the table may hold every text cell."""
    out: dict[int, str] = {}
    index, root = 0, None
    with parts.open(name) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            if root is None:
                root = el
            elif event == "end" and _local(el.tag) == "si":
                if index in wanted:
                    out[index] = _text(el)
                index += 1
                root.clear()  # keeps memory flat
                if index > max(wanted):
                    break
    return out


def _text(el: ET.Element) -> str:
    """A string item's text: its runs joined, phonetic guides (rPh) left out."""
    runs = [el] + [r for r in el if _local(r.tag) == "r"]
    return "".join(t.text or "" for run in runs for t in run if _local(t.tag) == "t")
