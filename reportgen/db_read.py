"""A database table or query read as a raw table, for the mapping (`reportgen.mapping`).

Any SQLAlchemy URL: SQLite (a file in the data folder) and PostgreSQL need nothing more; other
databases need their driver installed. Only the columns the mapping names are selected, in
the order of the mapped time and id (a table has no file order, and a report must not depend
on the order a server happens to return rows in); rows come in batches, never all at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

import pyarrow as pa

from reportgen.errors import InputError, Problem
from reportgen.load import Layout
from reportgen.sources import DatabaseSource

BATCH = 1 << 16


def _masked(url: str) -> str:
    from reportgen.engine.database import mask_url

    return mask_url(url)


def engine_url(source: DatabaseSource, data_dir: Path) -> str:
    """The URL SQLAlchemy opens: PostgreSQL through psycopg; a SQLite file relative to the data
    folder, and inside it."""
    url = source.url
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        name = url.removeprefix("sqlite:///")
        path = (data_dir / name).resolve()
        if not path.is_relative_to(data_dir.resolve()):
            raise InputError([Problem("reportgen.toml", None, None, f"{url}: a SQLite database must be a file inside "
                                                                    "the data folder (sqlite:///name.db)")])
        if not path.is_file():
            raise InputError([Problem("reportgen.toml", None, None, f"{url}: no such file in the data folder")])
        return f"sqlite:///{path}"
    return url


class DatabaseTable:
    """Rows of one table or query, with the interface of `RawTable` that the mapping uses."""

    first_row = 1
    encoding = None
    forced = True
    findings: tuple = ()
    layout = Layout()
    value_labels: dict = {}

    def __init__(self, source: DatabaseSource, data_dir: Path, wanted: Collection[str] | None = None,
                 order: Sequence[str] = (), where: tuple | None = None):
        from sqlalchemy import create_engine

        self.source, self.url, self.data_dir = source, _masked(source.url), data_dir
        self.name = source.table or "query"
        self.path = Path(self.name)
        try:
            self.engine = create_engine(engine_url(source, data_dir))
            with self.engine.connect() as con:
                self.header = tuple(con.exec_driver_sql(f"SELECT * FROM {self._from()} WHERE 1 = 0").keys())
        except InputError:
            raise
        except Exception as exc:  # no driver, no server, no table, a query that does not run
            raise InputError([Problem(self.url, None, None, f"cannot read {self.name}: {_first_line(exc)}")])
        self.columns = tuple(c for c in self.header if wanted is None or c in wanted)
        self.order = [c for c in order if c in self.columns]
        self.head = (self.header,)
        self.where = where  # (column, since or None, until or None): the rows a quarter's figures read

    def _quote(self, name: str) -> str:
        return self.engine.dialect.identifier_preparer.quote(name)

    def _from(self) -> str:
        if self.source.query is not None:
            return f"({self.source.query}) AS q"
        return ".".join(self._quote(p) for p in self.source.table.split("."))

    def undecodable(self) -> InputError:
        return InputError([Problem(self.url, None, None, f"{self.name}: text the database could not decode")])

    def reencoded(self):
        return None

    def batches(self) -> Iterator[pa.RecordBatch]:
        cols = ", ".join(self._quote(c) for c in self.columns) or "1"
        order = f" ORDER BY {', '.join(self._quote(c) for c in self.order)}" if self.order else ""
        where = ""
        if self.where is not None:
            column, since, until = self.where
            # Bounds as naive local text (digits only, so written into the query as they are): they
            # compare with ISO text and with timestamps alike.
            tests = [f"{self._quote(column)} {op} '{bound.strftime('%Y-%m-%d %H:%M:%S')}'"
                     for bound, op in ((since, ">="), (until, "<")) if bound is not None]
            where = f" WHERE {' AND '.join(tests)}" if tests else ""
        try:
            with self.engine.connect() as con:
                result = con.execution_options(stream_results=True).exec_driver_sql(
                    f"SELECT {cols} FROM {self._from()}{where}{order}")
                while rows := result.fetchmany(BATCH):
                    yield pa.RecordBatch.from_arrays([_array([r[i] for r in rows]) for i in range(len(self.columns))],
                                                     names=list(self.columns))
        except Exception as exc:
            raise InputError([Problem(self.url, None, None, f"cannot read {self.name}: {_first_line(exc)}")])


def _array(values: list) -> pa.Array:
    """A column as Arrow: its own type where it has one, else as text."""
    try:
        arr = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], pa.string())
    return arr if not pa.types.is_null(arr.type) else pa.array(values, pa.string())


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
