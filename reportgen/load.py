"""Read input tables (CSV, XLSX, Parquet) as they are, before any type is checked."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
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


def read_table(path: Path, encoding: str | None = None) -> RawTable:
    """Read one table, raising InputError for empty, binary, undecodable or malformed files."""
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
        if b"\x00" in head:
            raise InputError([Problem(path.name, None, None,
                                      "binary data, not CSV text (UTF-16 exports must be saved as UTF-8 or GB18030)")])
        return _read_csv(path, encoding)
    if actual != suffix:
        raise InputError([Problem(path.name, None, None, f"not a valid {suffix[1:].upper()} file")])
    if suffix == ".xlsx":
        return _read_xlsx(path)
    return _read_parquet(path)


def _decode(path: Path, encoding: str | None) -> tuple[str, str]:
    data = path.read_bytes()
    candidates = (encoding,) if encoding else FALLBACK_ENCODINGS
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    if encoding:
        raise InputError([Problem(path.name, None, None, f"cannot be decoded as {encoding}")])
    raise InputError([Problem(path.name, None, None,
                              "text is neither UTF-8 nor GB18030; save it as UTF-8 or pass --encoding")])


def _read_csv(path: Path, encoding: str | None) -> RawTable:
    text, enc = _decode(path, encoding)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                            skipinitialspace=False, on_bad_lines="error")
    except pd.errors.EmptyDataError:
        raise InputError([Problem(path.name, None, None, "file is empty; expected a header row and data")])
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError([Problem(path.name, _line_of(str(exc)), None, f"malformed CSV: {exc}")])
    return RawTable(path, _tidy_columns(frame), first_row=2, encoding=enc)


def _line_of(message: str) -> int | None:
    import re

    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _read_xlsx(path: Path) -> RawTable:
    try:
        frame = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    return RawTable(path, _tidy_columns(frame), first_row=2)


def _read_parquet(path: Path) -> RawTable:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the Parquet file: {exc}")])
    frame = table.to_pandas()
    return RawTable(path, _tidy_columns(frame), first_row=1)


def _tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return frame.reset_index(drop=True)
