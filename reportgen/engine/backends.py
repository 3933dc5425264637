"""Where the queries run: DuckDB in this process, or the organisation's PostgreSQL or Spark.

Every backend offers the same three things: make the contract's tables available as
`complaints` and `surveys`, keep a cleaned relation for the queries that follow, and run a
query returning its rows (as dicts, or as Arrow columns for a long listing). Only those rows
(counts per quarter and group, and the listings) come back into Python.
"""

from __future__ import annotations

import decimal
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from reportgen.engine.sql import Statement


def _plain(value):
    """Engine values as Python ones: integral decimals (PostgreSQL's SUM of integers) as int."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Backend:
    dialect = "duckdb"

    def materialise(self, name: str, statement: Statement) -> None:
        """Keep `statement`'s rows as the relation `name` for the queries that follow."""
        raise NotImplementedError

    def rows(self, statement: Statement) -> list[dict]:
        raise NotImplementedError

    def columns(self, statement: Statement):
        """The rows as an Arrow table: a long listing without a Python object per value."""
        import pyarrow as pa

        return pa.Table.from_pylist(self.rows(statement))

    def close(self) -> None:
        pass


MEMORY_LIMIT = 3 << 30


def memory_limit() -> int:
    """Bytes DuckDB may hold in its buffers: 3 GiB, or 80 % of a smaller machine's memory.

    With DuckDB's own default, 80 % of the memory, it keeps the stored tables' blocks cached: at
    10 M tickets a quarter the build held 4.7–5.3 GB after cleaning, 2.5–3.7 GB with this limit.
    Past the limit it drops cached blocks (they are in the database file) and spills sorts; at
    1 M and 10 M tickets a quarter the build took no longer (measured, benchmarks/notes.md).
    """
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return MEMORY_LIMIT
    return min(MEMORY_LIMIT, int(0.8 * physical))


class DuckDBBackend(Backend):
    """An in-process DuckDB; the typed tables are scanned where they lie, without a copy.

    The cleaned relations are stored in a database file in the system's temporary folder:
    DuckDB compresses what it stores there and may leave it on disk, so at a million tickets a
    quarter their copies take about 1 GB less memory (for about 2.5 s more). Where that file
    cannot be made they stay in memory. The folder is removed when the backend is closed or
    collected.
    """

    dialect = "duckdb"

    def __init__(self, timezone: str, threads: int | None = None) -> None:
        import duckdb

        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET TimeZone = '{timezone}'")
        self.con.execute("SET enable_progress_bar = false")  # it would print to the build's stdout
        self.work: str | None = None
        self._cleanup = None
        try:  # spill and store in the system's temporary folder, never in the folder the build runs in
            folder = tempfile.mkdtemp(prefix="reportgen-duckdb-")
        except OSError:
            folder = None
        if folder is not None:
            self._cleanup = weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
            self.con.execute(f"SET temp_directory = '{Path(folder) / 'spill'}'")
            try:
                self.con.execute(f"ATTACH '{Path(folder) / 'work.duckdb'}' AS work").fetchall()
                self.work = "work"
            except duckdb.Error:
                pass
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.con.execute(f"SET memory_limit = '{memory_limit() >> 20}MiB'")

    def register(self, name: str, frame) -> None:
        """Make a typed frame the relation `name`, as Arrow (DuckDB scans it in parallel, without
        a copy; a pandas scan of extension types is several times slower), timestamps in µs."""
        import pyarrow as pa

        table = pa.Table.from_pandas(frame, preserve_index=False)
        for i, f in enumerate(table.schema):
            if pa.types.is_timestamp(f.type) and f.type.unit != "us":
                table = table.set_column(i, f.name, table.column(i).cast(pa.timestamp("us", tz=f.type.tz)))
        self.con.register(name, table)

    def materialise(self, name: str, statement: Statement) -> None:
        # Stored, not a view: each of the several queries reading a view would recompute it.
        if self.work is None:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {statement.sql}").fetchall()
            return
        self.con.execute(f"CREATE OR REPLACE TABLE {self.work}.{name} AS {statement.sql}").fetchall()
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {self.work}.{name}").fetchall()

    def rows(self, statement: Statement) -> list[dict]:
        cur = self.con.execute(statement.sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, map(_plain, r))) for r in cur.fetchall()]

    def columns(self, statement: Statement):
        return self.con.sql(statement.sql).to_arrow_table()

    def close(self) -> None:
        self.con.close()
        if self._cleanup is not None:
            self._cleanup()


class PostgresBackend(Backend):
    """Queries run inside PostgreSQL; the cleaned relations are session-local temporary tables."""

    dialect = "postgres"

    def __init__(self, url: str, timezone: str) -> None:
        import psycopg

        self.con = psycopg.connect(url, autocommit=True)
        self.con.execute(f"SET TIME ZONE '{timezone}'")
        self.present: dict[str, set[str]] = {}  # the contract's columns each table has

    def materialise(self, name: str, statement: Statement) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")
        self.con.execute(f"CREATE TEMP TABLE {name} AS {statement.sql}")

    def rows(self, statement: Statement) -> list[dict]:
        cur = self.con.execute(statement.sql)
        names = [d.name for d in cur.description]
        return [dict(zip(names, map(_plain, r))) for r in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


class SparkBackend(Backend):
    """Spark SQL; the cleaned relations are cached temporary views."""

    dialect = "spark"

    def __init__(self, session, timezone: str) -> None:
        self.spark = session
        self.spark.conf.set("spark.sql.session.timeZone", timezone)

    def materialise(self, name: str, statement: Statement) -> None:
        self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS {statement.sql}")
        self.spark.sql(f"CACHE TABLE {name}")

    def rows(self, statement: Statement) -> list[dict]:
        return [{k: _plain(v) for k, v in r.asDict().items()} for r in self.spark.sql(statement.sql).collect()]
