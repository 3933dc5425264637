"""Read input tables (CSV, XLSX, Parquet) as they are, before any type is checked."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from reportgen.encodings import FALLBACK_ENCODINGS, guess_encodings, mixed_encodings
from reportgen.errors import Finding, InputError, Problem

FORMATS = (".csv", ".xlsx", ".xls", ".parquet")  # the data folder's own tables
READABLE = (*FORMATS, ".tsv", ".sav")  # what a `[sources]` file may be
# Chinese office software exports GB18030/GBK; Windows-1252 is detected (reportgen.encodings).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_MAGIC = {b"PK\x03\x04": ".xlsx", b"PAR1": ".parquet", b"\xd0\xcf\x11\xe0": ".xls"}
_TEXT = (".csv", ".tsv")
CSV_BLOCK = 1 << 24  # bytes pyarrow decodes at a time (a batch of rows)


@dataclass(frozen=True)
class Layout:
    """Where a table's header and data are: lines of tool output or titles above the header, and
    rows of header (the first names the columns; a platform's others hold question texts)."""

    skip_lines: int = 0
    header_rows: int = 1
    fallback: tuple[str, ...] = FALLBACK_ENCODINGS  # text encodings tried in turn when none is named

    @property
    def first_row(self) -> int:
        return self.skip_lines + self.header_rows + 1


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
    layout: Layout = Layout()
    head: tuple[tuple[str, ...], ...] = ()  # the header rows as found (a platform's question texts)
    delimiter: str = ","
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # SPSS: column -> code -> label

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
        return _undecodable(self.path, self.encoding if self.forced else None, tried=self.layout.fallback)

    def reencoded(self) -> RawTable | None:
        """The same file read in the next fallback encoding, or None if there is none."""
        tried = self.layout.fallback
        later = tried[tried.index(self.encoding) + 1:] if not self.forced and self.encoding in tried else ()
        if self.encoding == "utf-8-sig" and mixed_encodings(self.path) is not None:
            return None  # undecodable() names the line
        for enc in later:
            try:
                head = _head(self.path, enc, self.layout, self.delimiter)
            except (UnicodeDecodeError, LookupError):
                continue
            header = header_names(head)
            return replace(self, encoding=enc, header=tuple(header), columns=tuple(_wanted(header, self.requested)),
                           head=head)
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
                                      f"not found in {data_dir} (expected {stem}.csv, {stem}.xlsx, {stem}.xls or {stem}.parquet, "
                                      f"or a [sources.{stem}] block in reportgen.toml naming its file)")])
        return None
    return found[0]


def read_table(path: Path, encoding: str | None = None, columns: Collection[str] | None = None,
               labels: Collection[str] = (), layout: Layout = Layout()) -> RawTable:
    """Read one table, raising InputError for empty, binary, undecodable or malformed files.

    With `columns`, only those of them that the file has are read (the rest never reach memory).
    `labels` are read as dictionary columns (each distinct text held once).
    """
    from reportgen import sheets

    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read: {exc.strerror}")])
    if size == 0 or not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError([Problem(path.name, None, None, "file is empty; expected a header row and data")])
    suffix = path.suffix.lower()
    if suffix == ".sav":
        from reportgen import spss

        return spss.read_sav(path, columns)
    actual = next((ext for magic, ext in _MAGIC.items() if head.startswith(magic)), None)
    if suffix in _TEXT:
        if actual is not None:
            raise InputError([Problem(path.name, None, None,
                                      f"this is a {actual[1:].upper()} file named .csv; rename it to {path.stem}{actual}")])
        # UTF-16 and binary files are full of NUL bytes; a stray NUL in a text cell is not
        # (the sanitiser removes it and counts it).
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Qualtrics' TSV)
            encoding = encoding or "utf-16"
        elif len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 20:
            raise InputError([Problem(path.name, None, None, "binary data, not CSV text")])
        delimiter = "\t" if suffix == ".tsv" else ","
        return replace(_read_csv(path, encoding, columns, layout, delimiter), labels=frozenset(labels))
    if actual != suffix:
        raise InputError([Problem(path.name, None, None, f"not a valid {suffix[1:].upper()} file")])
    if suffix in (".xlsx", ".xls"):
        return sheets.read_sheet(path, columns, layout)
    return replace(_read_parquet(path, columns), labels=frozenset(labels))


def _head(path: Path, encoding: str, layout: Layout, delimiter: str = ",") -> tuple[tuple[str, ...], ...]:
    """The header rows as text (pyarrow needs the names to pick columns); raises
    UnicodeDecodeError if the first megabyte of the file is not text in `encoding`.

    The skipped lines are lines; the header rows are CSV records (a question text may hold a
    line break)."""
    with path.open("rb") as fh:
        block = fh.read(1 << 20)
    text = codecs.getincrementaldecoder(encoding)().decode(block, final=False).lstrip("\ufeff")
    lines = re.split(r"\r\n?|\n", text)  # CR alone ends a line too (old Mac exports)
    rest = "\n".join(lines[layout.skip_lines:])
    rows: list[tuple[str, ...]] = []
    try:
        for record in csv.reader(io.StringIO(rest), delimiter=delimiter):
            rows.append(tuple(c.strip() for c in record))
            if len(rows) == layout.header_rows:
                break
    except csv.Error as exc:
        raise InputError([Problem(path.name, layout.skip_lines + len(rows) + 1, None,
                                  f"malformed CSV header row: {exc}")])
    return tuple(rows)


def header_names(head: Sequence[Sequence[str]]) -> list[str]:
    """The columns' names: the first header row's. Under a second header row, a question
    spanning several columns (its name only over the first, as SurveyMonkey writes a matrix)
    names each of its columns "question | sub-question"."""
    if not head:
        return []
    names = list(head[0])
    if len(head) < 2:
        return names
    sub = list(head[1]) + [""] * (len(names) - len(head[1]))
    out, group = [], None
    for i, name in enumerate(names):
        if name:
            spans = i + 1 < len(names) and not names[i + 1] and sub[i + 1]
            group = name if spans else None
            out.append(f"{name} | {sub[i]}" if spans and sub[i] else name)
        else:
            out.append(f"{group} | {sub[i]}" if group and sub[i] else name)
    return out


def _wanted(header: list[str], columns: Collection[str] | None) -> list[str]:
    return [c for c in header if columns is None or c in columns]


def _read_csv(path: Path, encoding: str | None, columns: Collection[str] | None, layout: Layout,
              delimiter: str) -> RawTable:
    """The CSV's header in the first encoding that decodes it: UTF-8 (with or without BOM), then
    GB18030 (or the layout's fallbacks); `encoding` forces one. The rows are decoded as they are
    streamed (`_csv_batches`)."""
    if encoding is None:
        layout = replace(layout, fallback=guess_encodings(path, layout.fallback))
    candidates = (encoding,) if encoding else layout.fallback
    last_error = None
    for enc in candidates:
        try:
            head = _head(path, enc, layout, delimiter)
        except (UnicodeDecodeError, LookupError) as exc:
            last_error = exc
            if enc == "utf-8-sig" and encoding is None and (mixed := mixed_encodings(path, 1 << 20)):
                raise InputError([mixed])
            continue
        header = header_names(head)
        refuse_duplicates(path, header, columns, header_row=layout.skip_lines + 1)
        return RawTable(path, first_row=layout.first_row, encoding=enc, header=tuple(header),
                        columns=tuple(_wanted(header, columns)), forced=encoding is not None,
                        requested=None if columns is None else frozenset(columns), layout=layout, head=head,
                        delimiter=delimiter)
    raise _undecodable(path, encoding, last_error, layout.fallback)


def _undecodable(path: Path, encoding: str | None, cause: Exception | None = None,
                 tried: tuple[str, ...] = FALLBACK_ENCODINGS) -> InputError:
    if encoding:
        return InputError([Problem(path.name, None, None, f"cannot be decoded as {encoding}")])
    names = {"utf-8-sig": "UTF-8", "gb18030": "GB18030", "cp1252": "Windows-1252"}
    mixed = mixed_encodings(path) if "utf-8-sig" in tried else None
    if mixed is not None:
        return InputError([mixed])
    tried = sorted(tried, key=lambda e: list(names).index(e) if e in names else len(names))
    error = InputError([Problem(path.name, None, None,
                                f"text is neither {' nor '.join(names.get(e, e) for e in tried)}; save it as UTF-8 "
                                "or name its encoding (--encoding, or `encoding` in its [sources] block)")])
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
                                           block_size=CSV_BLOCK, column_names=list(raw.header),
                                           skip_rows=raw.layout.skip_lines + 1,
                                           skip_rows_after_names=raw.layout.header_rows - 1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, delimiter=raw.delimiter),
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
    row = raw.first_row - 1
    try:
        with raw.path.open(encoding=raw.encoding, newline="", errors="replace") as fh:
            for _ in range(raw.layout.skip_lines):
                fh.readline()
            records = csv.reader(fh, strict=True, delimiter=raw.delimiter)
            for _ in range(raw.layout.header_rows):
                next(records, None)
            for row, fields in enumerate(records, start=raw.first_row):
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


def _read_parquet(path: Path, columns: Collection[str] | None) -> RawTable:
    try:
        names = pq.read_schema(path).names
    except (pa.ArrowException, OSError) as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the Parquet file: {exc}")])
    tidy = [n.strip() for n in names]
    refuse_duplicates(path, tidy, columns, header_row=None)
    return RawTable(path, first_row=1, columns=tuple(_wanted(tidy, columns)),
                    requested=None if columns is None else frozenset(columns))


def refuse_duplicates(path: Path, names: list[str], columns: Collection[str] | None, header_row: int | None = 1) -> None:
    """A column read twice would be one of two values, silently: name every repeat."""
    places: dict[str, list[int]] = {}
    for i, name in enumerate(names, 1):
        places.setdefault(name, []).append(i)
    problems = [Problem(path.name, header_row, name, f"the header names this column {len(at)} times (columns "
                        f"{', '.join(map(str, at))}); keep one, or rename the others")
                for name, at in places.items() if len(at) > 1 and (columns is None or name in columns)]
    if problems:
        raise InputError(problems)


def tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return frame.reset_index(drop=True)
