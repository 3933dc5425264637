"""The pandas implementation of typing and checking a raw table, kept as the reference the
engine's (`reportgen.engine.intake`, `reportgen.validate`) is tested against.

Check raw tables against the data contract and give them their types.

Every problem in every file is collected before anything fails, so one run lists them all.
Faults that methodology.md says to tolerate (an answer outside its scale, a negative
duration) are not errors: the value becomes missing and a `Finding` records it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reportgen.errors import Finding, Problem
from reportgen.sanitise import sanitise_column
from reportgen.schema import MAX_NUMBER, Column
from reportgen.timestamps import FALSE, TRUE, _arrow_text, parse_timestamps
from reportgen.validate import expected  # the messages are the contract's, shared

ROW = "_row"  # person-counted source row, kept on every typed frame for messages and logs


@dataclass(frozen=True)
class RawTable:
    """A table read whole as a frame, as the reference takes it."""

    name: str
    frame: pd.DataFrame
    first_row: int

    def row_numbers(self, mask) -> list[int]:
        return (np.flatnonzero(np.asarray(mask)) + self.first_row).tolist()


def typed_table(raw: RawTable, columns: tuple[Column, ...], tz: ZoneInfo,
                problems: list[Problem], findings: list[Finding], id_column: str | None = None,
                names: Sequence[str] = ()) -> pd.DataFrame:
    """Return `raw` with contract columns typed and text sanitised; append problems and findings.

    `names` are the person names to mask in text (the config's `redact_names`).
    """
    frame = raw.frame
    missing = [c.name for c in columns if c.required and c.name not in frame.columns]
    for name in missing:
        problems.append(Problem(raw.name, None, name, "required column is missing"))
    if missing:
        return pd.DataFrame()
    out = {ROW: np.arange(raw.first_row, raw.first_row + len(frame), dtype=np.int64)}
    ids = None  # the id column once typed (it comes first in every table), for the findings
    for col in columns:
        if not col.read:
            continue
        if col.name not in frame.columns:
            out[col.name] = _empty(col, len(frame), tz)
            continue
        values, bad, below = _coerce(frame[col.name], col, tz)
        if col.kind == "text" and col.shown:
            values = _sanitised(raw, col, values, findings, names, ids)
            if col.name == id_column:
                ids = values
        present = values.notna()  # a value, or one that could not be read or was out of range
        for mask in (bad, below):
            if mask is not None:
                present = present | mask
        if bad is not None and bad.any():
            for row, val in zip(raw.row_numbers(bad), frame[col.name][bad]):
                problems.append(Problem(raw.name, row, col.name, expected(col), str(val)))
        if col.non_empty:
            empty = ~present
            for row in raw.row_numbers(empty):
                problems.append(Problem(raw.name, row, col.name, "value is missing"))
        if below is not None and below.any():
            lo_hi = f"{col.scale[0]}–{col.scale[1]}" if col.scale else f"≥ {col.minimum:g}"
            if col.strict:
                for row, val in zip(raw.row_numbers(below), frame[col.name][below]):
                    problems.append(Problem(raw.name, row, col.name, f"expected a value {lo_hi}", str(val)))
            else:
                rows = raw.row_numbers(below)
                vals = frame[col.name][below].astype(str).tolist()
                rid = ids[below.to_numpy()].tolist() if ids is not None else [None] * len(rows)
                for row, val, r in zip(rows, vals, rid):
                    findings.append(Finding(raw.name, row, col.name, "out_of_range",
                                            f"{val} is outside {lo_hi}; treated as missing", r))
        if col.choices is not None:
            wrong = values.notna() & ~values.isin(col.choices)
            for row, val in zip(raw.row_numbers(wrong), values[wrong]):
                problems.append(Problem(raw.name, row, col.name, f"expected one of {', '.join(col.choices)}",
                                        str(val)))
        out[col.name] = values
    typed = pd.DataFrame(out)
    for col in columns:
        if col.not_before is not None and col.name in typed and col.not_before in typed:
            early = (typed[col.name] < typed[col.not_before]).fillna(False).to_numpy(bool)
            for row, a, b in zip(typed.loc[early, ROW], typed.loc[early, col.name], typed.loc[early, col.not_before]):
                problems.append(Problem(raw.name, int(row), col.name, f"is before {col.not_before}",
                                        f"{a:%Y-%m-%d} < {b:%Y-%m-%d}"))
    for col in columns:
        if col.unique:
            values = typed[col.name]
            if values.dropna().is_unique:
                continue  # all distinct: the usual case, decided in one hash pass (about 1 s for 5 M ids)
            dup = values.notna() & values.duplicated(keep=False)
            if dup.any():
                first = typed[dup].groupby(col.name, sort=False)[ROW].transform("min")
                for row, val, first_row in zip(typed.loc[dup, ROW], typed.loc[dup, col.name], first):
                    if row != first_row:
                        problems.append(Problem(raw.name, int(row), col.name, "duplicate id; ids must be unique",
                                                f"{val} (first at row {int(first_row)})"))
    return typed


def _sanitised(raw: RawTable, col: Column, values: pd.Series, findings: list[Finding], names: Sequence[str],
               ids: pd.Series | None) -> pd.Series:
    """The column after the one sanitising step (reportgen.sanitise), each change a finding."""
    arr = values.array.__arrow_array__()
    arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    new, rows, notes = sanitise_column(arr, max_chars=col.max_chars, mask=col.mask, names=names)
    if not len(rows):
        return values
    record = ids.to_numpy()[rows] if ids is not None else [None] * len(rows)
    for pos, rid, row_notes in zip(rows.tolist(), record, notes):
        for rule, detail in row_notes:
            findings.append(Finding(raw.name, pos + raw.first_row, col.name, rule, detail,
                                    None if rid is None or pd.isna(rid) else str(rid)))
    return pd.Series(pd.arrays.ArrowStringArray(new), index=values.index).astype("string")


def _empty(col: Column, n: int, tz: ZoneInfo) -> pd.Series:
    dtype = {"text": "string", "bool": "boolean", "int": "Int64", "number": "Float64",
             "timestamp": pd.DatetimeTZDtype("ns", tz), "date": "datetime64[ns]"}[col.kind]
    return pd.Series(pd.array([None] * n, dtype=dtype))


def _coerce(s: pd.Series, col: Column, tz: ZoneInfo):
    """Type one column: (values, unparsable mask or None, out-of-range mask or None)."""
    s = s.reset_index(drop=True)
    if col.kind == "text":
        return _text(s), None, None
    if col.kind == "timestamp":
        values, bad = parse_timestamps(s, tz)
        return values, bad, None
    if col.kind == "date":
        values, bad = parse_timestamps(s, None)
        return values, bad, None
    if col.kind == "bool":
        return _bool(s)
    return _numeric(s, col)


def _text(s: pd.Series) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(_arrow_text(s)), index=s.index).astype("string")


def _bool(s: pd.Series):
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean"), None, None
    text = _text(s).str.lower()
    out = pd.Series(pd.array([None] * len(s), dtype="boolean"), index=s.index)
    out[text.isin(TRUE)] = True
    out[text.isin(FALSE)] = False
    return out, text.notna() & out.isna(), None


def _numeric(s: pd.Series, col: Column):
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        num = s.astype("Float64")
        bad = pd.Series(False, index=s.index)
    else:
        arr = _arrow_text(s)
        try:  # Arrow casts a clean column in one pass; only a column with bad cells takes pandas' path
            num = pd.Series(pc.cast(arr, pa.float64()).to_pandas(), index=s.index).astype("Float64")
            bad = pd.Series(False, index=s.index)
        except pa.ArrowInvalid:
            text = pd.Series(pd.arrays.ArrowStringArray(arr), index=s.index).astype("string")
            num = pd.to_numeric(text, errors="coerce").astype("Float64")
            bad = text.notna() & num.isna()
    # inf, nan and 1e400 parse as numbers; no figure can use them.
    huge = num.notna() & ~(num.abs() <= MAX_NUMBER)
    if huge.any():
        bad = bad | huge.fillna(False)
        num = num.mask(huge)
    below = pd.Series(False, index=s.index)
    if col.kind == "int":
        fractional = num.notna() & (num != num.round())
        bad = bad | fractional
        num = num.mask(fractional)
        if col.scale is not None:
            below = num.notna() & ((num < col.scale[0]) | (num > col.scale[1]))
        num = num.mask(below).astype("Int64")
    else:
        if col.minimum is not None:
            below = num.notna() & (num < col.minimum)
        num = num.mask(below)
    return num, bad.fillna(False).astype(bool), below.fillna(False).astype(bool)
