"""Read input tables (CSV, XLSX, Parquet) as they are, before any type is checked."""

from __future__ import annotations

import codecs
import csv
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from reportgen import xlsx_read
from reportgen.errors import ROWS_SHOWN, Finding, InputError, Problem, shorten

FORMATS = (".csv", ".xlsx", ".parquet")
# Chinese office software exports GB18030/GBK; anything else must be named with --encoding.
FALLBACK_ENCODINGS = ("utf-8-sig", "gb18030")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_MAGIC = {b"PK\x03\x04": ".xlsx", b"PAR1": ".parquet"}
CSV_BLOCK = 1 << 24  # bytes pyarrow decodes at a time (a batch of rows)
UNCALCULATED = ("has no computed value (the workbook was saved without calculating it); "
                "open it in a spreadsheet program and save it again, or export CSV")


class Reencode(Exception):
    """Invalid UTF-8 met after the first rows: the table is read again in the next encoding."""


@dataclass(frozen=True)
class RawTable:
    """A table as found, before any type is checked: read in batches by `batches()`.

    CSV and Parquet files are streamed (the whole file never sits in memory as text); an XLSX
    sheet is read whole into `frame` (a sheet holds at most 1,048,576 rows).
    """

    path: Path
    first_row: int  # the row number a person sees for the first data row (2 under a header row)
    encoding: str | None = None
    findings: tuple[Finding, ...] = ()  # faults repaired while reading (merged XLSX cells)
    frame: pd.DataFrame | None = None  # XLSX: the sheet, values as calamine read them
    columns: tuple[str, ...] = ()  # CSV and Parquet: the columns read, names tidied
    header: tuple[str, ...] = ()  # CSV: every name in the header row, in file order
    forced: bool = False  # CSV: the encoding was named, so no other is tried
    requested: frozenset[str] | None = None  # the columns asked for (None: all)
    labels: frozenset[str] = frozenset()  # CSV and Parquet: columns read as dictionaries

    @property
    def name(self) -> str:
        return self.path.name

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The table's rows in order, every column a string column except Parquet's typed ones.

        Raises InputError for a malformed file, `Reencode` for invalid UTF-8 in a UTF-8 read
        whose encoding was guessed.
        """
        if self.frame is not None:
            yield from _frame_batches(self.frame)
        elif self.path.suffix.lower() == ".parquet":
            yield from _parquet_batches(self)
        else:
            yield from _csv_batches(self)

    def undecodable(self) -> InputError:
        return _undecodable(self.path, self.encoding if self.forced else None)

    def reencoded(self) -> RawTable | None:
        """The same file read in the next fallback encoding, or None if there is none."""
        later = FALLBACK_ENCODINGS[FALLBACK_ENCODINGS.index(self.encoding) + 1:] if not self.forced else ()
        for enc in later:
            try:
                header = _header(self.path, enc)
            except (UnicodeDecodeError, LookupError):
                continue
            return replace(self, encoding=enc, header=tuple(header), columns=tuple(_wanted(header, self.requested)))
        return None


def find_table(data_dir: Path, stem: str, *, required: bool) -> Path | None:
    """The one file `<stem>.csv|.xlsx|.parquet` in `data_dir` (an error if none or several)."""
    found = [data_dir / f"{stem}{ext}" for ext in FORMATS if (data_dir / f"{stem}{ext}").is_file()]
    if len(found) > 1:
        raise InputError([Problem(stem, None, None,
                                  f"found {', '.join(p.name for p in found)} in {data_dir}; keep exactly one")])
    if not found:
        if required:
            raise InputError([Problem(f"{stem}.csv", None, None,
                                      f"not found in {data_dir} (expected {stem}.csv, {stem}.xlsx or {stem}.parquet)")])
        return None
    return found[0]


def read_table(path: Path, encoding: str | None = None, columns: Collection[str] | None = None,
               labels: Collection[str] = ()) -> RawTable:
    """Read one table, raising InputError for empty, binary, undecodable or malformed files.

    With `columns`, only those of them that the file has are read (the rest never reach memory).
    `labels` are read as dictionary columns (each distinct text held once).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read: {exc.strerror}")])
    if size == 0 or not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError([Problem(path.name, None, None, "file is empty; expected a header row and data")])
    suffix = path.suffix.lower()
    actual = next((ext for magic, ext in _MAGIC.items() if head.startswith(magic)), None)
    if suffix == ".csv":
        if actual is not None:
            raise InputError([Problem(path.name, None, None,
                                      f"this is a {actual[1:].upper()} file named .csv; rename it to {path.stem}{actual}")])
        # UTF-16 and binary files are full of NUL bytes; a stray NUL in a text cell is not
        # (the sanitiser removes it and counts it).
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or controls > len(head) // 20:
            raise InputError([Problem(path.name, None, None,
                                      "binary data, not CSV text (UTF-16 exports must be saved as UTF-8 or GB18030)")])
        return replace(_read_csv(path, encoding, columns), labels=frozenset(labels))
    if actual != suffix:
        raise InputError([Problem(path.name, None, None, f"not a valid {suffix[1:].upper()} file")])
    if suffix == ".xlsx":
        return _read_xlsx(path, columns)
    return replace(_read_parquet(path, columns), labels=frozenset(labels))


def _header(path: Path, encoding: str) -> list[str]:
    """The header row's names (pyarrow needs them to pick columns); raises UnicodeDecodeError
    if they, or the first megabyte of the file, are not text in `encoding`."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    first = re.split(rb"\r\n?|\n", head, maxsplit=1)[0]  # CR alone ends a line too (old Mac exports)
    line = first.decode(encoding).lstrip("\ufeff")
    try:
        return [c.strip() for c in next(csv.reader([line]))] if line else []
    except csv.Error as exc:
        raise InputError([Problem(path.name, 1, None, f"malformed CSV header row: {exc}")])


def _wanted(header: list[str], columns: Collection[str] | None) -> list[str]:
    return [c for c in header if columns is None or c in columns]


def _read_csv(path: Path, encoding: str | None, columns: Collection[str] | None) -> RawTable:
    """The CSV's header in the first encoding that decodes it: UTF-8 (with or without BOM), then
    GB18030; `encoding` forces one. The rows are decoded as they are streamed (`_csv_batches`)."""
    candidates = (encoding,) if encoding else FALLBACK_ENCODINGS
    last_error = None
    for enc in candidates:
        try:
            header = _header(path, enc)
        except (UnicodeDecodeError, LookupError) as exc:
            last_error = exc
            continue
        _refuse_duplicates(path, header, columns)
        return RawTable(path, first_row=2, encoding=enc, header=tuple(header),
                        columns=tuple(_wanted(header, columns)), forced=encoding is not None,
                        requested=None if columns is None else frozenset(columns))
    raise _undecodable(path, encoding, last_error)


def _undecodable(path: Path, encoding: str | None, cause: Exception | None = None) -> InputError:
    if encoding:
        return InputError([Problem(path.name, None, None, f"cannot be decoded as {encoding}")])
    error = InputError([Problem(path.name, None, None,
                                "text is neither UTF-8 nor GB18030; save it as UTF-8 or pass --encoding")])
    error.__cause__ = cause
    return error


def _csv_batches(raw: RawTable) -> Iterator[pa.RecordBatch]:
    """pyarrow's streaming reader, every wanted column as text; it validates UTF-8 as it
    converts, so a GBK export fails fast and is read again transcoded."""
    enc = raw.encoding
    try:
        reader = pacsv.open_csv(
            raw.path,
            read_options=pacsv.ReadOptions(encoding="utf8" if enc == "utf-8-sig" else enc,
                                           block_size=CSV_BLOCK, column_names=list(raw.header), skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(raw.columns),
                column_types={c: pa.dictionary(pa.int32(), pa.string()) if c in raw.labels else pa.string()
                              for c in raw.columns},
                strings_can_be_null=True, quoted_strings_can_be_null=True, null_values=[""]),
        )
        for batch in reader:
            yield batch
    except pa.ArrowInvalid as exc:
        if "invalid UTF8" in str(exc):
            raise Reencode() from exc
        raise InputError([_malformed(raw, exc)]) from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise Reencode() from exc


def _malformed(raw: RawTable, exc: Exception) -> Problem:
    """The first record whose field count differs from the header's, found by a second, slower
    reading (pyarrow's parallel reader knows no row numbers); never the record's text, which may
    hold personal data."""
    width = len(raw.header)
    csv.field_size_limit(1 << 30)
    row = 1
    try:
        with raw.path.open(encoding=raw.encoding, newline="", errors="replace") as fh:
            records = csv.reader(fh, strict=True)
            next(records, None)
            for row, fields in enumerate(records, start=2):
                if fields and len(fields) != width:
                    return Problem(raw.name, row, None,
                                   f"malformed CSV: this row has {len(fields)} fields, the header {width}")
    except csv.Error as err:
        what = ("a quotation mark opened in this row is never closed" if "end of data" in str(err)
                else f"a quotation mark out of place ({err})")
        return Problem(raw.name, row + 1, None, f"malformed CSV: {what}")
    message = re.sub(r"(Expected \d+ columns, got \d+).*", r"\1", _first_line(exc))
    return Problem(raw.name, _line_of(str(exc)), None, f"malformed CSV: {message}")


def _frame_batches(frame: pd.DataFrame) -> Iterator[pa.RecordBatch]:
    """A sheet's cells as text, as a person reads them (calamine gives numbers and dates)."""
    arrays = [pa.array(frame[c].astype("string").array, type=pa.string()) for c in frame.columns]
    yield from pa.Table.from_arrays(arrays, names=list(frame.columns)).to_batches(max_chunksize=1 << 16)


def _parquet_batches(raw: RawTable) -> Iterator[pa.RecordBatch]:
    try:
        names = pq.read_schema(raw.path).names
        file = pq.ParquetFile(raw.path, read_dictionary=[n for n in names if n.strip() in raw.labels])
        wanted = [n for n in names if n.strip() in raw.columns]
        for batch in file.iter_batches(batch_size=1 << 17, columns=wanted):
            yield batch.rename_columns([n.strip().lstrip("\ufeff") for n in batch.schema.names])
    except (pa.ArrowException, OSError) as exc:
        raise InputError([Problem(raw.name, None, None, f"cannot read the Parquet file: {exc}")])


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def _line_of(message: str) -> int | None:
    m = re.search(r"(?:line|row) (\d+)", message)
    return int(m.group(1)) if m else None


def _read_xlsx(path: Path, columns: Collection[str] | None) -> RawTable:
    """Read the first sheet with calamine, after its XML is checked for what calamine reads as empty.

    - A formula saved without a computed value, in a column that is read, is a problem: the
      value a spreadsheet program shows is not in the file, and guessing it would be wrong. In a
      column not read it does not matter; in the header row it hides a name, whatever the column.
    - A merged range over data rows gives its top-left value to every cell it covers in a read
      column, each filled cell a `merged_cell` finding: that is what a person reading the sheet
      sees. A range over several columns fills all of them from its one top-left cell: the other
      columns have no top cell of their own to fill from (a spreadsheet program discards their
      values on merging). A range whose top-left cell is empty fills nothing.
    - A merged range in the header row hides the names of the columns it covers, and one that
      reaches from the header into the data makes a two-row header: both are problems.
    """
    try:
        facts = xlsx_read.inspect_first_sheet(path)
    except xlsx_read.WorkbookError as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    is_read = (lambda name: True) if columns is None else (lambda name: name in columns)
    problems = _sheet_problems(facts, path.name, is_read)
    if problems:
        raise InputError(problems)
    # A merged range's top-left cell may lie in a column that is not read: it is read too, then dropped.
    sources = _merge_sources(facts, is_read)
    seen: list[str] = []

    def pick(name) -> bool:
        seen.append(str(name).strip())
        return columns is None or str(name).strip() in columns or str(name).strip() in sources

    try:
        frame = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object, usecols=pick)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    # pandas renames a repeated header "channel" to "channel.1": undo that to find repeats.
    _refuse_duplicates(path, [m.group(1) if (m := _MANGLED.fullmatch(n)) and m.group(1) in seen else n
                              for n in seen], columns)
    frame, findings = _fill_merged(_tidy_columns(frame), facts, path.name, is_read)
    return RawTable(path, first_row=2, findings=tuple(findings), frame=frame, columns=tuple(frame.columns))


def _sheet_problems(facts: xlsx_read.SheetFacts, file: str, is_read: Callable[[str], bool]) -> list[Problem]:
    """Formulas without a value in read columns or the header, and merged header cells."""
    problems = []
    by_column: dict[str, list[xlsx_read.Uncalculated]] = defaultdict(list)
    for cell in facts.uncalculated:
        if cell.row == 1:
            problems.append(Problem(file, 1, None, f"header cell {xlsx_read.ref(1, cell.col)}: "
                                                   f"formula {_shown(cell.formula)} {UNCALCULATED}"))
        elif is_read(facts.name(cell.col)):
            by_column[facts.name(cell.col)].append(cell)
    for name, cells in by_column.items():
        # The formatter gives each distinct message a line: a column of formulas filled down
        # (=B2*2, =B3*2, ...) must read as one line, not one a row.
        if len({c.formula for c in cells}) > ROWS_SHOWN:
            message = f"formulas such as {_shown(cells[0].formula)} {UNCALCULATED.replace('has', 'have', 1)}"
            problems.extend(Problem(file, c.row, name, message) for c in cells)
        else:
            problems.extend(Problem(file, c.row, name, f"formula {_shown(c.formula)} {UNCALCULATED}") for c in cells)
    for m in facts.merges:
        if m.top == 1 and m.bottom == 1:
            problems.append(Problem(file, 1, None, f"merged header cells {m.ref}; give every column its own name"))
        elif m.top == 1:
            problems.append(Problem(file, 1, None, f"merged cells {m.ref} join the header to the data below it; "
                                                   "keep the header in row 1 and give every column its own name"))
    return problems


def _merge_sources(facts: xlsx_read.SheetFacts, is_read: Callable[[str], bool]) -> set[str]:
    """Columns not read that hold the top-left cell of a range merged over a read column."""
    return {facts.name(m.left) for m in _data_merges(facts, is_read) if not is_read(facts.name(m.left))}


def _fill_merged(frame: pd.DataFrame, facts: xlsx_read.SheetFacts, file: str, is_read: Callable[[str], bool],
                first_row: int = 2) -> tuple[pd.DataFrame, list[Finding]]:
    """Give the covered cells of read columns their range's top-left value; drop `merge_sources`."""
    findings: list[Finding] = []
    arrays: dict = {}
    names = list(frame.columns)

    def values(name: str):
        if name not in arrays and names.count(name) == 1:
            arrays[name] = frame[name].to_numpy(dtype=object, copy=True)
        return arrays.get(name)

    last = first_row + len(frame) - 1  # rows below it hold nothing calamine read
    for m in _data_merges(facts, is_read):
        source = values(facts.name(m.left))
        if source is None or m.top > last or pd.isna(value := source[m.top - first_row]):
            continue
        bottom = min(m.bottom, last)
        for col in range(m.left, m.right + 1):
            name, top = facts.name(col), m.top + (col == m.left)
            target = values(name) if is_read(name) else None
            if target is None or top > bottom:
                continue
            target[top - first_row:bottom - first_row + 1] = [value] * (bottom - top + 1)
            origin = f"row {m.top}" if col == m.left else xlsx_read.ref(m.top, m.left)
            detail = f"merged range {m.ref}: value of {origin} used"
            findings.extend(Finding(file, row, name, "merged_cell", detail) for row in range(top, bottom + 1))
    if arrays:
        frame = frame.assign(**arrays)
    return frame.drop(columns=[c for c in _merge_sources(facts, is_read) if c in names]), findings


def _data_merges(facts: xlsx_read.SheetFacts, is_read: Callable[[str], bool]) -> Iterator[xlsx_read.Merge]:
    return (m for m in facts.merges if m.top >= 2 and any(is_read(facts.name(c)) for c in range(m.left, m.right + 1)))


def _shown(formula: str) -> str:
    if not formula:  # a shared formula whose text is held by a cell that has a value
        return "(shared)"
    return shorten("=" + " ".join(formula.split()), 40)


def _read_parquet(path: Path, columns: Collection[str] | None) -> RawTable:
    try:
        names = pq.read_schema(path).names
    except (pa.ArrowException, OSError) as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the Parquet file: {exc}")])
    tidy = [n.strip() for n in names]
    _refuse_duplicates(path, tidy, columns, header_row=None)
    return RawTable(path, first_row=1, columns=tuple(_wanted(tidy, columns)),
                    requested=None if columns is None else frozenset(columns))


_MANGLED = re.compile(r"(.+)\.[1-9][0-9]*")


def _refuse_duplicates(path: Path, names: list[str], columns: Collection[str] | None, header_row: int | None = 1) -> None:
    """A column read twice would be one of two values, silently: name every repeat."""
    places: dict[str, list[int]] = {}
    for i, name in enumerate(names, 1):
        places.setdefault(name, []).append(i)
    problems = [Problem(path.name, header_row, name, f"the header names this column {len(at)} times (columns "
                        f"{', '.join(map(str, at))}); keep one, or rename the others")
                for name, at in places.items() if len(at) > 1 and (columns is None or name in columns)]
    if problems:
        raise InputError(problems)


def _tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return frame.reset_index(drop=True)
