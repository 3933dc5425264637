"""CSV as spreadsheet software should read it: a BOM (so Chinese shows right) and no formulas.

A cell that starts like a formula gets a leading quote, so `=HYPERLINK(...)` from the data shows
as text and never runs. Used by the listings and the appendix tables alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (a leading quote shows as text)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM; text cells neutralised, numbers written as they are."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for record in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in record])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
