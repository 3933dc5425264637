"""Read input tables (CSV, XLSX, Parquet) as they are, before any type is checked."""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from reportgen.errors import InputError, Problem

FORMATS = (".csv", ".xlsx", ".parquet")
# Chinese office software exports GB18030/GBK; anything else must be named with --encoding.
FALLBACK_ENCODINGS = ("utf-8-sig", "gb18030")
_MAGIC = {b"PK\x03\x04": ".xlsx", b"PAR1": ".parquet"}


@dataclass(frozen=True)
class RawTable:
    """A table as read: column names stripped, values not yet typed."""

    path: Path
    frame: pd.DataFrame
    first_row: int  # the row number a person sees for frame row 0 (2 under a header row)
    encoding: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def row_numbers(self, mask) -> list[int]:
        """Person-counted row numbers of the rows selected by a boolean mask."""
        import numpy as np

        return (np.flatnonzero(np.asarray(mask)) + self.first_row).tolist()


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


def read_table(path: Path, encoding: str | None = None, columns: Collection[str] | None = None) -> RawTable:
    """Read one table, raising InputError for empty, binary, undecodable or malformed files.

    With `columns`, only those of them that the file has are read (the rest never reach memory).
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
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 20:
            raise InputError([Problem(path.name, None, None,
                                      "binary data, not CSV text (UTF-16 exports must be saved as UTF-8 or GB18030)")])
        return _read_csv(path, encoding, columns)
    if actual != suffix:
        raise InputError([Problem(path.name, None, None, f"not a valid {suffix[1:].upper()} file")])
    if suffix == ".xlsx":
        return _read_xlsx(path, columns)
    return _read_parquet(path, columns)


def _header(path: Path, encoding: str) -> list[str]:
    """The header row's names (pyarrow needs them to pick columns); raises UnicodeDecodeError."""
    with path.open("rb") as fh:
        first = fh.readline(1 << 20)
    line = first.decode(encoding).lstrip("\ufeff").rstrip("\r\n")
    try:
        return [c.strip() for c in next(csv.reader([line]))] if line else []
    except csv.Error as exc:
        raise InputError([Problem(path.name, 1, None, f"malformed CSV header row: {exc}")])


def _read_csv(path: Path, encoding: str | None, columns: Collection[str] | None) -> RawTable:
    """Read every wanted column as text with pyarrow's multi-threaded reader.

    UTF-8 (with or without BOM) first, then GB18030; `encoding` forces one. pyarrow validates
    UTF-8 as it converts, so a GBK export fails fast and is read again transcoded.
    """
    candidates = (encoding,) if encoding else FALLBACK_ENCODINGS
    last_error = None
    for enc in candidates:
        try:
            header = _header(path, enc)
        except (UnicodeDecodeError, LookupError) as exc:
            last_error = exc
            continue
        wanted = [c for c in header if columns is None or c in columns]
        try:
            table = pacsv.read_csv(
                path,
                read_options=pacsv.ReadOptions(encoding="utf8" if enc == "utf-8-sig" else enc,
                                               block_size=1 << 24, column_names=header, skip_rows=1),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted, column_types={c: pa.string() for c in wanted},
                    strings_can_be_null=True, quoted_strings_can_be_null=True, null_values=[""]),
            )
        except pa.ArrowInvalid as exc:
            if "invalid UTF8" in str(exc) and enc != candidates[-1]:
                last_error = exc
                continue
            if "invalid UTF8" in str(exc):
                break
            raise InputError([Problem(path.name, _line_of(str(exc)), None, f"malformed CSV: {_first_line(exc)}")])
        except (UnicodeDecodeError, LookupError) as exc:
            last_error = exc
            continue
        return RawTable(path, _tidy_columns(table.to_pandas()), first_row=2, encoding=enc)
    if encoding:
        raise InputError([Problem(path.name, None, None, f"cannot be decoded as {encoding}")])
    raise InputError([Problem(path.name, None, None,
                              "text is neither UTF-8 nor GB18030; save it as UTF-8 or pass --encoding")]) from last_error


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def _line_of(message: str) -> int | None:
    import re

    m = re.search(r"(?:line|row) (\d+)", message)
    return int(m.group(1)) if m else None


def _read_xlsx(path: Path, columns: Collection[str] | None) -> RawTable:
    pick = None if columns is None else (lambda name: str(name).strip() in columns)
    try:
        frame = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object, usecols=pick)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    return RawTable(path, _tidy_columns(frame), first_row=2)


def _read_parquet(path: Path, columns: Collection[str] | None) -> RawTable:
    try:
        names = pq.read_schema(path).names
        table = pq.read_table(path, columns=None if columns is None else [c for c in names if c.strip() in columns])
    except (pa.ArrowException, OSError) as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the Parquet file: {exc}")])
    frame = table.to_pandas()
    return RawTable(path, _tidy_columns(frame), first_row=1)


def _tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return frame.reset_index(drop=True)
