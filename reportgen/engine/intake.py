"""Raw tables into the engine as the data contract types them, one batch at a time.

A file is streamed: each batch is trimmed and sanitised in Arrow (`reportgen.sanitise`), and
its other columns are typed by one engine query. The typed batches make the relation
`typed_<name>` (Arrow scanned in place, or a table of the engine's database file when large,
see `load`); every cell that could not be read, or lay outside
its range, becomes a row of `faults_<name>` (row, column, kind, the cell's text), so the
checks (`reportgen.validate`) are queries over a table that is empty for clean data. The
whole file never sits in memory as text.

Timestamps in the common form `2025-07-01 09:30:00` are parsed by the engine; the few
distinct cells in any other form (ISO 8601 with `T` or an offset, `2025/7/1 9:30`) are parsed
by `reportgen.timestamps` and given to the query beside the batch, so every form the contract
allows reads the same.
"""

from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reportgen.errors import EnvironmentProblem, Finding
from reportgen.engine.sql import quote
from reportgen.sanitise import sanitise_column
from reportgen.schema import MAX_NUMBER, Column
from reportgen.timestamps import FALSE, TRUE, YEARS, parse_timestamps, trimmed

ROW = "_row"  # person-counted source row, kept on every typed table for messages and logs
FAST_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass
class Intake:
    """What typing one table found: its rows, and the findings of the sanitising step."""

    table: str
    columns: tuple[Column, ...]
    present: tuple[str, ...]
    faults: str = ""  # the relation of unreadable and out-of-range cells
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)
    encoding: str | None = None


def _native(col: Column, t: pa.DataType) -> bool:
    """Whether a typed (Parquet) column is taken as it is rather than as text."""
    if col.kind in ("timestamp", "date"):
        return pa.types.is_timestamp(t)
    if col.kind in ("int", "number"):
        return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
    if col.kind == "bool":
        return pa.types.is_boolean(t)
    return False


def _parse_sql(col: Column, c: str, native: bool, tz: str) -> str:
    """The cell as its contract type, before any check; NULL where it cannot be read."""
    if col.kind == "text" or (native and col.kind == "bool"):
        return c
    if native and col.kind == "date":
        return f"CAST({c} AS TIMESTAMP)"
    if col.kind == "bool":
        yes = ", ".join(f"'{v}'" for v in sorted(TRUE))
        no = ", ".join(f"'{v}'" for v in sorted(FALSE))
        return f"CASE WHEN lower({c}) IN ({yes}) THEN true WHEN lower({c}) IN ({no}) THEN false END"
    if col.kind in ("int", "number"):
        # `1_000` is a number to the engine, not to the contract (nor to pandas or Arrow).
        return f"CAST({c} AS DOUBLE)" if native else f"CASE WHEN strpos({c}, '_') = 0 THEN TRY_CAST({c} AS DOUBLE) END"
    if native:
        return f"CAST({c} AS TIMESTAMPTZ)"
    # The common form first, then the engine's ISO 8601 cast (`T`, fractions, an offset; a
    # naive value is local time in the session's zone). What neither reads is unreadable here
    # and given a second reading by `_reread` (e.g. `2025/7/1 9:30`).
    if col.kind == "timestamp":
        return f"coalesce(timezone('{tz}', try_strptime({c}, '{FAST_FORMAT}')), TRY_CAST({c} AS TIMESTAMPTZ))"
    return f"coalesce(try_strptime({c}, '{FAST_FORMAT}'), TRY_CAST({c} AS TIMESTAMP))"


def _valid_sql(col: Column, p: str) -> str:
    """The parsed value where the contract can use it: timestamps in the years allowed (compared
    as instants, far cheaper than taking each value's year); numbers finite, at most
    MAX_NUMBER, whole in a whole-number column (NaN is a missing value, as exports mean it)."""
    if col.kind in ("timestamp", "date"):
        lo, hi = YEARS
        zone = "TIMESTAMPTZ" if col.kind == "timestamp" else "TIMESTAMP"
        return f"CASE WHEN {p} >= {zone} '{lo}-01-01 00:00:00' AND {p} < {zone} '{hi + 1}-01-01 00:00:00' THEN {p} END"
    if col.kind not in ("int", "number"):
        return p
    ok = f"abs({p}) <= {MAX_NUMBER:.0f}"  # false for NaN and ±inf
    if col.kind == "int":
        ok += f" AND {p} = round({p})"
    return f"CASE WHEN {ok} THEN {p} END"


def _unreadable_sql(col: Column, r: str, p: str, v: str) -> str:
    if col.kind in ("int", "number"):
        return f"{r} IS NOT NULL AND {v} IS NULL AND NOT coalesce(isnan({p}), false)"
    return f"{r} IS NOT NULL AND {v} IS NULL"


def _range_sql(col: Column, v: str) -> str | None:
    if col.scale is not None:
        return f"{v} NOT BETWEEN {col.scale[0]} AND {col.scale[1]}"
    if col.minimum is not None:
        return f"{v} < {col.minimum!r}"
    return None


UNREADABLE, OUT_OF_RANGE = "bad", "out"


def select_sql(columns: Sequence[Column], batch: pa.Table, tz: str) -> tuple[str, list[tuple]]:
    """The query typing one batch's non-text columns, in three steps that each compute an
    expression once: the cell and its parse; the value the contract can use; the value
    within its range, and the cell's text where it was unreadable or out of range (cast to
    text only for those rows). Returns the query and, per fault column it adds, (column
    index, kind)."""
    cells, usable, final, faults = [], [], [ROW], []
    for i, col in enumerate(columns):
        if col.kind == "text" or col.name not in batch.column_names:
            continue
        c = quote(col.name)
        native = _native(col, batch.schema.field(col.name).type)
        cells += [f"b.{c} AS r{i}", f"{_parse_sql(col, 'b.' + c, native, tz)} AS p{i}"]
        usable += [f"r{i}", f"p{i}", f"{_valid_sql(col, f'p{i}')} AS v{i}"]
        out = _range_sql(col, f"v{i}")
        kept = f"CASE WHEN NOT ({out}) THEN v{i} END" if out else f"v{i}"
        final.append(f"{f'CAST({kept} AS BIGINT)' if col.kind == 'int' else kept} AS {c}")
        text = f"CAST(r{i} AS VARCHAR)" if native else f"r{i}"
        final.append(f"CASE WHEN {_unreadable_sql(col, f'r{i}', f'p{i}', f'v{i}')} THEN {text} END AS _f{len(faults)}")
        faults.append((i, UNREADABLE))
        if out:
            final.append(f"CASE WHEN {out} THEN {text} END AS _f{len(faults)}")
            faults.append((i, OUT_OF_RANGE))
    if not cells:
        return f"SELECT {ROW} FROM batch ORDER BY {ROW}", []
    return (f"SELECT {', '.join(final)} FROM (SELECT {', '.join([ROW, *usable])} FROM ("
            f"SELECT {', '.join([f'b.{ROW}', *cells])} FROM batch b)) ORDER BY {ROW}"), faults


def _reread(values: pa.Array, at: np.ndarray, faults: pa.Array, kind: str, tz) -> tuple[pa.Array, np.ndarray]:
    """The timestamp cells the engine could not read, read by `reportgen.timestamps` (once per
    distinct text): `values` with those that parse filled in at their positions `at`, and the
    mask of the faults that remain unreadable."""
    texts = faults.to_pylist()
    distinct = list(dict.fromkeys(texts))
    parsed, _ = parse_timestamps(pd.Series(distinct, dtype="string"), tz if kind == "timestamp" else None)
    micros = {t: (None if pd.isna(v) else v.value // 1000) for t, v in zip(distinct, parsed)}
    got = np.array([micros[t] is not None for t in texts], dtype=bool)
    if not got.any():
        return values, ~got
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    ints = pc.fill_null(values.cast(pa.int64()), 0).to_numpy(zero_copy_only=False).copy()
    valid = values.is_valid().to_numpy(zero_copy_only=False).copy()
    ints[at[got]] = [micros[t] for t, g in zip(texts, got) if g]
    valid[at[got]] = True
    return pa.array(ints, mask=~valid).cast(values.type), ~got


GROUP_ROWS = 1 << 18


def _grouped(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.Table]:
    """Batches gathered into tables of about GROUP_ROWS rows: each query then has several
    record batches to scan in parallel, and the per-query cost is paid less often."""
    pending, rows = [], 0
    for b in batches:
        pending.append(b)
        rows += b.num_rows
        if rows >= GROUP_ROWS:
            yield pa.Table.from_batches(pending)
            pending, rows = [], 0
    if pending:
        yield pa.Table.from_batches(pending)


def _in_background(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Read the next batch while the engine types this one (both release the GIL). If typing
    stops early (an error), the reader stops too instead of waiting on a full queue."""
    q: queue.Queue = queue.Queue(maxsize=2)
    done, stop = object(), threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run():
        try:
            for b in batches:
                if not put(b):
                    return
            put(done)
        except BaseException as exc:  # re-raised in the consuming thread
            put(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


FAULTS = pa.schema([(ROW, pa.int64()), ("col", pa.int32()), ("kind", pa.string()), ("value", pa.string())])


HELD_BYTES = 256 << 20  # typed data kept in memory as Arrow; beyond it, stored in the database file


def load(con, name: str, raw, columns: tuple[Column, ...], tz, id_column: str | None,
         names: Sequence[str] = (), store: str | None = None) -> Intake:
    """Type every batch of `raw` into `typed_<name>` and `faults_<name>`; text sanitised, each
    change a finding.

    The typed groups are kept as Arrow, scanned in place, while they take less than HELD_BYTES;
    a larger table goes into the database `store` (a file DuckDB compresses and may leave on
    disk), group by group, so that memory stays flat however many rows come. Appending costs
    about 1.5 s per million rows.
    """
    read = tuple(c for c in columns if c.read)
    wanted = {c.name for c in read}
    intake = Intake(f"typed_{name}", read, tuple(c for c in raw.columns if c in wanted), f"faults_{name}")
    typed: list[pa.Table] = []
    faults: list[pa.Table] = []
    held, stored = 0, False
    offset = raw.first_row
    for batch in _in_background(_grouped(raw.batches())):
        # A mapped source (reportgen.mapping) numbers its rows: some may have been left out.
        numbers = (batch.column(ROW).to_numpy() if ROW in batch.schema.names
                   else np.arange(offset, offset + batch.num_rows, dtype=np.int64))
        rows = pa.array(numbers)
        text, other, as_text = {}, {ROW: rows}, set()
        for i, col in enumerate(read):
            if col.name not in batch.schema.names:
                continue
            arr = batch.column(col.name)
            if _native(col, arr.type):
                other[col.name] = arr
                continue
            if col.kind == "text" and col.mask:
                text[col.name] = _labels(arr, col, raw.name, numbers, intake.findings, names, text.get(id_column))
                continue
            arr = trimmed(arr)
            if col.kind != "text":
                other[col.name] = arr
                as_text.add(col.name)
                continue
            if col.shown:
                arr = _sanitised(arr, col, raw.name, numbers, intake.findings, names, text.get(id_column))
            text[col.name] = arr
        other = pa.table(other)
        sql, kinds = select_sql(read, other, str(tz))
        con.register("batch", other)
        result = con.sql(sql).to_arrow_table()
        con.unregister("batch")
        # Scanned in parallel, the rows come back sorted: the text columns, kept in Arrow, must meet
        # their own rows.
        if not result.column(ROW).equals(pa.chunked_array([rows])):
            raise RuntimeError("the engine returned a batch's rows out of order")
        typed.append(_assemble(read, batch.num_rows, rows, text, result, kinds, faults, tz, as_text))
        held += typed[-1].nbytes
        if store is not None and (stored or held > HELD_BYTES):
            for part in typed:
                _append(con, f"{store}.{intake.table}", part, first=not stored)
                stored = True
            typed = []
        offset += batch.num_rows
        intake.rows += batch.num_rows
    if stored:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {intake.table} AS SELECT * FROM {store}.{intake.table}").fetchall()
    else:
        if not typed:
            typed.append(_assemble(read, 0, pa.array([], pa.int64()), {}, None, [], faults, tz, set()))
        con.register(intake.table, pa.concat_tables(typed))
    con.register(intake.faults, pa.concat_tables(faults) if faults else FAULTS.empty_table())
    return intake


def _append(con, table: str, part: pa.Table, first: bool) -> None:
    import duckdb

    con.register("typed_part", part)
    verb = f"CREATE OR REPLACE TABLE {table} AS" if first else f"INSERT INTO {table}"
    try:
        con.execute(f"{verb} SELECT * FROM typed_part").fetchall()
    except duckdb.IOException as exc:  # the temporary folder's disk is full or gone
        raise EnvironmentProblem(f"cannot store the typed table in the temporary folder "
                                 f"({tempfile.gettempdir()}): {str(exc).splitlines()[0]}; free space there "
                                 "or point TMPDIR at a folder with room") from None
    finally:
        con.unregister("typed_part")


_ARROW_TYPE = {"text": pa.string(), "bool": pa.bool_(), "int": pa.int64(), "number": pa.float64(),
               "date": pa.timestamp("us")}


def _assemble(columns: Sequence[Column], n: int, rows: pa.Array, text: dict, result: pa.Table | None,
              kinds: list[tuple], faults: list[pa.Table], tz, as_text: set[str]) -> pa.Table:
    """One typed batch in the contract's column order; its fault cells appended to `faults`.

    `as_text`: the columns the batch had as text (their unreadable timestamps are re-read).
    """
    out = {ROW: rows}
    for col in columns:
        if col.name in text:
            out[col.name] = text[col.name]
        elif result is not None and col.name in result.column_names:
            out[col.name] = result.column(col.name)
        else:  # an optional column the file does not have
            out[col.name] = pa.nulls(n, _ARROW_TYPE.get(col.kind) or pa.timestamp("us", tz=str(tz)))
    for j, (i, kind) in enumerate(kinds):
        values = result.column(f"_f{j}")
        found = len(values) - values.null_count
        if not found:
            continue
        keep = values.is_valid().combine_chunks()
        where, cells = rows.filter(keep), values.filter(keep).combine_chunks()
        col = columns[i]
        if kind == UNREADABLE and col.kind in ("timestamp", "date") and col.name in as_text:
            at = np.flatnonzero(keep.to_numpy(zero_copy_only=False))
            out[col.name], still = _reread(out[col.name], at, cells, col.kind, tz)
            if not still.any():
                continue
            where, cells = where.filter(pa.array(still)), cells.filter(pa.array(still))
            found = len(cells)
        faults.append(pa.table({ROW: where, "col": pa.array(np.full(found, i, np.int32)),
                                "kind": pa.array([kind] * found, pa.string()), "value": cells}, schema=FAULTS))
    return pa.table(out)


def _labels(arr: pa.ChunkedArray, col: Column, file: str, numbers: np.ndarray, findings: list[Finding],
            names: Sequence[str], ids: pa.ChunkedArray | None) -> pa.ChunkedArray:
    """A label column (stores, categories: few distinct values) as a dictionary column, trimmed
    and sanitised once per distinct value of each chunk; every changed cell a finding."""
    chunks, start = [], 0
    for chunk in arr.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = pc.dictionary_encode(chunk if pa.types.is_string(chunk.type) else chunk.cast(pa.string()))
        values, indices = trimmed(chunk.dictionary), chunk.indices
        if col.shown:
            new, codes, notes = sanitise_column(pa.chunked_array([values]), max_chars=col.max_chars, mask=True,
                                                names=names)
            values = new.combine_chunks()
            if len(codes):
                hit = pc.is_in(indices, value_set=pa.array(codes, indices.type)).fill_null(False)
                at = np.flatnonzero(hit.to_numpy(zero_copy_only=False))
                note_of = dict(zip(codes.tolist(), notes))
                code_at = indices.take(pa.array(at)).to_numpy(zero_copy_only=False)
                record = ids.take(pa.array(at + start)).to_pylist() if ids is not None else [None] * len(at)
                for pos, code, rid in zip(at.tolist(), code_at.tolist(), record):
                    for rule, detail in note_of[code]:
                        findings.append(Finding(file, int(numbers[start + pos]), col.name, rule, detail, rid))
        if values.null_count:  # an empty value is a missing cell, not a dictionary entry
            gone = pc.is_in(indices, value_set=pa.array(np.flatnonzero(values.is_null().to_numpy(zero_copy_only=False)),
                                                          indices.type))
            indices = pc.if_else(gone, pa.scalar(None, indices.type), indices)
            values = values.fill_null("")
        chunks.append(pa.DictionaryArray.from_arrays(indices, values))
        start += len(chunk)
    return pa.chunked_array(chunks, type=pa.dictionary(pa.int32(), pa.string()))


def _sanitised(arr: pa.ChunkedArray, col: Column, file: str, numbers: np.ndarray, findings: list[Finding],
               names: Sequence[str], ids: pa.Array | None) -> pa.Array:
    """The column after the one sanitising step (reportgen.sanitise), each change a finding."""
    chunked = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    new, rows, notes = sanitise_column(chunked, max_chars=col.max_chars, mask=col.mask, names=names)
    if not len(rows):
        return arr
    record = ids.take(pa.array(rows)).to_pylist() if ids is not None else [None] * len(rows)
    for pos, rid, row_notes in zip(rows.tolist(), record, notes):
        for rule, detail in row_notes:
            findings.append(Finding(file, int(numbers[pos]), col.name, rule, detail, rid))
    return new
