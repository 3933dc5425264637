"""The tables written as real exports are: CSV (UTF-8 with BOM, a few offset timestamps and
Chinese booleans), Parquet (typed columns) and XLSX (with fixed metadata), each reproducible
byte for byte."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from reportgen.sample.organisation import UTC_OFFSET_S
from reportgen.sample.strings import pick
from reportgen.xlsx import reproducible_xlsx


def _iso_text(secs: np.ndarray, sep: str = " ") -> pa.Array:
    """'YYYY-MM-DD hh:mm:ss' for int seconds, built byte by byte (numpy's and arrow's own
    formatting cost seconds per million values)."""
    secs = np.asarray(secs, dtype=np.int64)
    n = len(secs)
    d = (secs // 86400).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    fields = ((y, 4, 0), (month.astype(np.int64) % 12 + 1, 2, 5), ((d - month).astype(np.int64) + 1, 2, 8),
              (secs // 3600 % 24, 2, 11), (secs // 60 % 60, 2, 14), (secs % 60, 2, 17))
    out = np.empty((n, 19), dtype=np.uint8)
    out[:, [4, 7]] = ord("-")
    out[:, 10] = ord(sep)
    out[:, [13, 16]] = ord(":")
    for value, width, at in fields:
        for j in range(width):
            out[:, at + j] = 48 + (value // 10 ** (width - 1 - j)) % 10
    offsets = np.arange(0, 19 * (n + 1), 19, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out.tobytes())).cast(pa.string())


def write_csv(frames: Iterator[pd.DataFrame], path: Path, rng: np.random.Generator) -> None:
    """UTF-8 with BOM; naive local timestamps except ~2 % of rows written with an offset (Z or
    +08:00, the same instant); booleans true/false with ~5 % written as 是/否 or 1/0."""
    with open(path, "wb") as fh:
        fh.write(b"\xef\xbb\xbf")
        for k, frame in enumerate(frames):
            pacsv.write_csv(_csv_table(frame, rng), fh, pacsv.WriteOptions(
                quoting_style="none", quoting_header="none", batch_size=65536, include_header=k == 0))


def write_parquet(frames: Iterator[pd.DataFrame], path: Path) -> None:
    writer = None
    try:
        for frame in frames:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _csv_table(frame: pd.DataFrame, rng: np.random.Generator) -> pa.Table:
    n = len(frame)
    offset_rows = rng.random(n) < 0.02
    utc_style = rng.random(n) < 0.5
    columns = {}
    for name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            local = s.dt.tz_localize(None).to_numpy(dtype="datetime64[s]")
            nat = np.isnat(local)
            secs = np.where(nat, 0, local.view(np.int64))
            text = _iso_text(secs)
            sel = np.flatnonzero(offset_rows & ~nat)
            if len(sel):
                utc = utc_style[sel]
                shifted = _iso_text(secs[sel] - np.where(utc, UTC_OFFSET_S, 0), "T")
                marked = pc.binary_join_element_wise(shifted, pc.if_else(pa.array(utc), "Z", "+08:00"), "")
                mask = np.zeros(n, dtype=bool)
                mask[sel] = True
                text = pc.replace_with_mask(text, pa.array(mask), marked)
            columns[name] = pc.if_else(pa.array(nat), pa.scalar(None, pa.string()), text)
        elif isinstance(s.dtype, pd.BooleanDtype):
            v = s.to_numpy(dtype=bool, na_value=False)
            style = rng.random(n)
            code = v + np.where(style < 0.03, 2, np.where(style < 0.05, 4, 0))
            columns[name] = pick(("false", "true", "否", "是", "0", "1"), code, mask=s.isna().to_numpy())
        elif isinstance(s.dtype, pd.Float64Dtype):
            vals = s.to_numpy(dtype=float, na_value=np.nan)
            whole = bool(np.all(np.isnan(vals) | (vals == np.round(vals))))
            columns[name] = pa.array(s.astype("Int64") if whole else s, from_pandas=True)
        else:
            columns[name] = pa.array(s, from_pandas=True)
    return pa.table(columns)


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str, fixed: date) -> None:
    """Naive local datetimes; the workbook's timestamps fixed so the file is reproducible."""
    out = {}
    for name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[name] = s.dt.tz_localize(None)
        elif isinstance(s.dtype, (pd.BooleanDtype, pd.Int64Dtype, pd.Float64Dtype)) \
                or pd.api.types.is_string_dtype(s.dtype):
            out[name] = s.astype(object).where(s.notna(), None)
        else:
            out[name] = s
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl", datetime_format="yyyy-mm-dd hh:mm:ss",
                        date_format="yyyy-mm-dd") as writer:
        pd.DataFrame(out).to_excel(writer, sheet_name=sheet, index=False)
    path.write_bytes(reproducible_xlsx(buf.getvalue(), fixed))


