"""Timestamps as the data contract allows them, for the cells the engine's fast path leaves.

The engine parses `2025-07-01 09:30:00` itself (`reportgen.engine.intake`); every other
form (ISO 8601 with `T`, fractions or an offset, and `2025/7/1 9:30` as spreadsheet software
writes dates) comes here, once per distinct cell.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_OFFSET_PATTERN = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)$"
_FALLBACK_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d")
# The years a timestamp may have (pandas' nanosecond range, as the contract has always said):
# a year 1600, 2300 or 9999 is a typing error or a placeholder for "no date".
YEARS = (1678, 2261)
TRUE = {"true", "t", "yes", "y", "1", "1.0", "是", "真"}
FALSE = {"false", "f", "no", "n", "0", "0.0", "否", "假"}


def trimmed(arr: pa.Array | pa.ChunkedArray):
    """Text trimmed (Arrow's Unicode-aware trim), empty cells null; other types cast to text."""
    if not pa.types.is_string(arr.type):
        arr = pc.cast(arr, pa.string())
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _arrow_text(s: pd.Series) -> pa.ChunkedArray:
    """The column as Arrow strings, trimmed, with empty cells null (vectorised in Arrow)."""
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        arr = s.array.__arrow_array__()
        arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    else:
        arr = pa.chunked_array([pa.array(s.astype("string").array, type=pa.string())])
    return trimmed(arr)


def parse_timestamps(s: pd.Series, tz: ZoneInfo | None) -> tuple[pd.Series, pd.Series]:
    """Parse ISO 8601 timestamps: naive ones are local time in `tz`, offsets are converted.

    With `tz` None the result is naive (dates of events and actions). Returns the values and
    the mask of non-empty cells that could not be read.
    """
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        out = s
        if tz is not None:
            out = s.dt.tz_convert(tz) if s.dt.tz is not None else s.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        out = _ns(out, tz)
        return out, (s.notna() & out.isna()).astype(bool)
    arr = _arrow_text(s)
    present = pd.Series(arr.is_valid().to_numpy(zero_copy_only=False), index=s.index)
    # Fast path, in Arrow: the common "2025-07-01 09:30:00" as local time. Only the cells it
    # cannot read (other ISO 8601 forms, offsets, slashes, errors) go through pandas below.
    fast = pc.strptime(arr, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
    if tz is not None:
        fast = pc.assume_timezone(fast, timezone=str(tz), ambiguous="earliest", nonexistent="earliest")
    out = _ns(pd.Series(fast.to_pandas(), index=s.index), tz)
    rest = present & out.isna()
    if not rest.any():
        return out, pd.Series(False, index=s.index)
    text = pd.Series(pd.arrays.ArrowStringArray(arr), index=s.index).astype("string")
    has_offset = pd.Series(False, index=s.index)
    has_offset[rest] = text[rest].str.contains(_OFFSET_PATTERN, regex=True, na=False)
    naive = rest & ~has_offset
    if naive.any():
        parsed = _to_datetime(text[naive])
        if tz is not None:
            parsed = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        out[naive] = _ns(parsed, tz)
    if has_offset.any():
        parsed = pd.to_datetime(text[has_offset], format="ISO8601", utc=True, errors="coerce")
        parsed = parsed.dt.tz_convert(tz) if tz is not None else parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        out[has_offset] = _ns(parsed, tz)
    return out, present & out.isna()


def _ns(values: pd.Series, tz: ZoneInfo | None) -> pd.Series:
    """Values as nanosecond timestamps; those outside that range (years 1678–2261: a year 1600,
    2300 or 9999 typed or used as "no date") become missing, so the caller reports them."""
    if values.dt.unit != "ns" and values.notna().any():
        # One min/max pass decides for the whole column; years are taken only when one is out.
        lo, hi = YEARS
        if values.min().year < lo or values.max().year > hi:
            years = values.dt.year
            values = values.mask(((years < lo) | (years > hi)).fillna(False).to_numpy(bool))
    return values.astype(_ts_dtype(tz))


def _ts_dtype(tz: ZoneInfo | None):
    return pd.DatetimeTZDtype("ns", tz) if tz is not None else np.dtype("datetime64[ns]")


def _to_datetime(text: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    for fmt in _FALLBACK_FORMATS:  # 2025/7/1 9:30, as spreadsheet software writes dates
        retry = parsed.isna()
        if not retry.any():
            break
        parsed[retry] = pd.to_datetime(text[retry], format=fmt, errors="coerce")
    return parsed
