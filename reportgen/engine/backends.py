"""Where the queries run: DuckDB in this process, or the organisation's PostgreSQL or Spark.

Every backend offers the same three things: make the contract's tables available as
`complaints` and `surveys`, keep a cleaned relation for the queries that follow, and run a
query returning its rows as dicts. Only those rows (counts per quarter and group, and the
listings) come back into Python.
"""

from __future__ import annotations

import decimal
import os
import tempfile
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

    def close(self) -> None:
        pass


class DuckDBBackend(Backend):
    """An in-memory DuckDB; the typed tables are scanned where they lie, without a copy."""

    dialect = "duckdb"

    def __init__(self, timezone: str, threads: int | None = None) -> None:
        import duckdb

        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET TimeZone = '{timezone}'")
        self.con.execute("SET enable_progress_bar = false")  # it would print to the build's stdout
        # Spill to the system's temporary folder, never to a `.tmp` in the folder the build runs in.
        spill = Path(tempfile.gettempdir()) / f"reportgen-duckdb-{os.getpid()}"
        self.con.execute(f"SET temp_directory = '{spill}'")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

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
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {statement.sql}")

    def rows(self, statement: Statement) -> list[dict]:
        cur = self.con.execute(statement.sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, map(_plain, r))) for r in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


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
