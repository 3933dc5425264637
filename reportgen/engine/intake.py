"""Raw tables into the engine as the data contract types them, one batch at a time.

A file is streamed: each batch is trimmed and sanitised in Arrow (`reportgen.sanitise`),
then typed by one INSERT into the table `typed_<name>`. Beside every typed value that can
fail, the table keeps the cell's text where it could not be read (`_bad_<i>`) or lay outside
its range (`_out_<i>`); both are NULL on a clean row, so they cost little, and the checks
(`reportgen.validate`) are queries over them. The whole file never sits in memory as text.

Timestamps in the common form `2025-07-01 09:30:00` are parsed by the engine; the few
distinct cells in any other form (ISO 8601 with `T` or an offset, `2025/7/1 9:30`) are parsed
by `reportgen.timestamps` and joined back, so every form the contract allows reads the same.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reportgen.errors import Finding
from reportgen.engine.sql import quote
from reportgen.sanitise import sanitise_column
from reportgen.schema import MAX_NUMBER, Column
from reportgen.timestamps import TRUE, FALSE, YEARS, parse_timestamps

ROW = "_row"  # person-counted source row, kept on every typed table for messages and logs
FAST_FORMAT = "%Y-%m-%d %H:%M:%S"
_FAST_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
_SQL_TYPE = {"text": "VARCHAR", "timestamp": "TIMESTAMPTZ", "date": "TIMESTAMP", "bool": "BOOLEAN",
             "int": "BIGINT", "number": "DOUBLE"}


def bad_column(i: int) -> str:
    return f"_bad_{i}"


def out_column(i: int) -> str:
    return f"_out_{i}"


def checked(col: Column) -> tuple[bool, bool]:
    """Whether a column can hold unreadable cells, and cells out of their range."""
    return col.kind != "text", col.scale is not None or col.minimum is not None


@dataclass
class Intake:
    """What typing one table found: its rows, and the findings of the sanitising step."""

    table: str
    columns: tuple[Column, ...]
    present: tuple[str, ...]
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)
    encoding: str | None = None


def _string(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A column as trimmed text with empty cells null (Arrow's Unicode-aware trim)."""
    if not pa.types.is_string(arr.type):
        arr = pc.cast(arr, pa.string())
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _native(col: Column, t: pa.DataType) -> bool:
    """Whether a typed (Parquet) column is taken as it is rather than as text."""
    if col.kind in ("timestamp", "date"):
        return pa.types.is_timestamp(t)
    if col.kind in ("int", "number"):
        return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
    if col.kind == "bool":
        return pa.types.is_boolean(t)
    return False


def _parse_sql(col: Column, c: str, native: bool, fix: str | None, tz: str) -> str:
    """The cell as its contract type before range checks; NULL where it cannot be read."""
    if col.kind == "text":
        return c
    if col.kind == "bool":
        if native:
            return c
        yes = ", ".join(f"'{v}'" for v in sorted(TRUE))
        no = ", ".join(f"'{v}'" for v in sorted(FALSE))
        return f"CASE WHEN lower({c}) IN ({yes}) THEN true WHEN lower({c}) IN ({no}) THEN false END"
    if col.kind in ("int", "number"):
        # `1_000` is a number to the engine, not to the contract (nor to pandas or Arrow).
        x = f"CAST({c} AS DOUBLE)" if native else f"CASE WHEN strpos({c}, '_') = 0 THEN TRY_CAST({c} AS DOUBLE) END"
        return x
    if native:
        t = c if col.kind == "date" else f"CAST({c} AS TIMESTAMPTZ)"
    elif col.kind == "timestamp":
        t = f"timezone('{tz}', try_strptime({c}, '{FAST_FORMAT}'))"
    else:
        t = f"try_strptime({c}, '{FAST_FORMAT}')"
    if fix is not None:
        t = f"CASE WHEN {fix}.k IS NOT NULL THEN {fix}.v ELSE {t} END"
    lo, hi = YEARS
    return f"CASE WHEN year({t}) BETWEEN {lo} AND {hi} THEN {t} END"


def _value_sql(col: Column, p: str) -> tuple[str, str]:
    """(the value, whether it is unreadable) from parsed `p`; numbers: NaN is missing, ±inf and
    anything beyond MAX_NUMBER unreadable, a fraction in a whole-number column unreadable."""
    if col.kind not in ("int", "number"):
        return p, f"{p} IS NULL"
    ok = f"NOT isnan({p}) AND abs({p}) <= {MAX_NUMBER:.0f}"
    if col.kind == "int":
        ok += f" AND {p} = round({p})"
    return f"CASE WHEN {ok} THEN {p} END", f"({p} IS NULL OR NOT (isnan({p}) OR ({ok})))"


def _range_sql(col: Column, v: str) -> str | None:
    if col.scale is not None:
        return f"{v} NOT BETWEEN {col.scale[0]} AND {col.scale[1]}"
    if col.minimum is not None:
        return f"{v} < {col.minimum!r}"
    return None


def create(con, name: str, columns: Sequence[Column]) -> str:
    table = f"typed_{name}"
    parts = [f"{ROW} BIGINT"]
    for i, col in enumerate(columns):
        parts.append(f"{quote(col.name)} {_SQL_TYPE[col.kind]}")
        can_fail, has_range = checked(col)
        if can_fail:
            parts.append(f"{bad_column(i)} VARCHAR")
        if has_range:
            parts.append(f"{out_column(i)} VARCHAR")
    con.execute(f"CREATE OR REPLACE TABLE {table} ({', '.join(parts)})").fetchall()
    return table


def insert_sql(table: str, columns: Sequence[Column], batch: pa.Table, fixes: dict[int, str], tz: str) -> str:
    """One batch typed: the cell's text, its parse, its value and range, in three steps."""
    raw, parsed, final = [ROW], [ROW], [ROW]
    for i, col in enumerate(columns):
        c = quote(col.name)
        if col.name not in batch.column_names:
            final.append(f"CAST(NULL AS {_SQL_TYPE[col.kind]})")
            can_fail, has_range = checked(col)
            final += ["NULL"] * (can_fail + has_range)
            continue
        native = _native(col, batch.schema.field(col.name).type)
        text = f"CAST({c} AS VARCHAR)" if native else c
        raw.append(f"{text} AS r{i}")
        raw.append(f"{_parse_sql(col, 'b.' + c, native, fixes.get(i), tz)} AS p{i}")
        value, unreadable = _value_sql(col, f"p{i}")
        parsed += [f"r{i}", f"{value} AS v{i}", f"r{i} IS NOT NULL AND {unreadable} AS u{i}"]
        out = _range_sql(col, f"v{i}")
        kept = f"CASE WHEN NOT ({out}) THEN v{i} END" if out else f"v{i}"
        if col.kind == "int":
            kept = f"CAST({kept} AS BIGINT)"
        final.append(f"{kept} AS {c}")
        can_fail, has_range = checked(col)
        if can_fail:
            final.append(f"CASE WHEN u{i} THEN r{i} END")
        if has_range:
            final.append(f"CASE WHEN {out} THEN r{i} END")
    joins = "".join(f" LEFT JOIN {fix} ON b.{quote(columns[i].name)} = {fix}.k" for i, fix in fixes.items())
    return (f"INSERT INTO {table} SELECT {', '.join(final)} FROM ("
            f"SELECT {', '.join(parsed)} FROM (SELECT b.{ROW}, {', '.join(raw[1:]) or 'NULL'} FROM batch b{joins}))")


def _leftovers(arr: pa.Array) -> list[str]:
    """The distinct cells the fast timestamp format does not cover."""
    odd = pc.invert(pc.match_substring_regex(arr, _FAST_PATTERN).fill_null(True))
    return pc.unique(pc.filter(arr, odd)).to_pylist()


def _fix_table(values: list[str], tz, kind: str) -> pa.Table:
    parsed, _ = parse_timestamps(pd.Series(values, dtype="string"), tz if kind == "timestamp" else None)
    arr = pa.array(parsed, from_pandas=True)
    unit = pa.timestamp("us", tz=str(tz)) if kind == "timestamp" else pa.timestamp("us")
    return pa.table({"k": pa.array(values, pa.string()), "v": arr.cast(unit)})


def _in_background(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Read the next batch while the engine types this one (both release the GIL)."""
    q: queue.Queue = queue.Queue(maxsize=2)
    done = object()

    def run():
        try:
            for b in batches:
                q.put(b)
            q.put(done)
        except BaseException as exc:  # re-raised in the consuming thread
            q.put(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    while (item := q.get()) is not done:
        if isinstance(item, BaseException):
            raise item
        yield item
    thread.join()


def load(con, name: str, raw, columns: tuple[Column, ...], tz, id_column: str | None,
         names: Sequence[str] = ()) -> Intake:
    """Type every batch of `raw` into `typed_<name>`; text sanitised, each change a finding."""
    read = tuple(c for c in columns if c.read)
    table = create(con, name, read)
    intake = Intake(table, read, tuple(c for c in raw.columns if any(c == col.name for col in read)))
    offset = raw.first_row
    for batch in _in_background(raw.batches()):
        arrays = {ROW: pa.array(np.arange(offset, offset + batch.num_rows, dtype=np.int64))}
        ids = None
        fixes_data = {}
        for i, col in enumerate(read):
            if col.name not in batch.schema.names:
                continue
            arr = batch.column(col.name)
            if not _native(col, arr.type):
                arr = _string(arr)
                if col.kind == "text" and col.shown:
                    arr = _sanitised(arr, col, raw.name, offset, intake.findings, names, ids)
                    if col.name == id_column:
                        ids = arr
                elif col.kind in ("timestamp", "date"):
                    odd = _leftovers(arr)
                    if odd:
                        fixes_data[i] = _fix_table(odd, tz, col.kind)
            arrays[col.name] = arr
        typed = pa.table(arrays)
        fixes = {}
        for i, data in fixes_data.items():
            fixes[i] = f"fix_{i}"
            con.register(fixes[i], data)
        con.register("batch", typed)
        con.execute(insert_sql(table, read, typed, fixes, str(tz))).fetchall()
        con.unregister("batch")
        for f in fixes.values():
            con.unregister(f)
        offset += batch.num_rows
        intake.rows += batch.num_rows
    return intake


def _sanitised(arr: pa.Array, col: Column, file: str, offset: int, findings: list[Finding],
               names: Sequence[str], ids: pa.Array | None) -> pa.Array:
    """The column after the one sanitising step (reportgen.sanitise), each change a finding."""
    new, rows, notes = sanitise_column(pa.chunked_array([arr]), max_chars=col.max_chars, mask=col.mask, names=names)
    if not len(rows):
        return arr
    record = ids.take(pa.array(rows)).to_pylist() if ids is not None else [None] * len(rows)
    for pos, rid, row_notes in zip(rows.tolist(), record, notes):
        for rule, detail in row_notes:
            findings.append(Finding(file, pos + offset, col.name, rule, detail, rid))
    return new.combine_chunks()
