"""Tickets and responses in the organisation's PostgreSQL, read where they are.

The tables must have the data contract's columns (the names of `schema.py`; extra columns are
ignored, optional ones may be missing). They become the session's temporary `complaints` and
`surveys` relations (only the rows the quarter's figures read), typed as the contract says and with the tolerated faults made missing as
for files (an answer outside its scale, a negative number); the figures' queries run on them
inside the server, and only counts and the listings come back. `_row` numbers the rows in
time and id order, then storage order (a table has no file order).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reportgen import schema
from reportgen.config import Config
from reportgen.sources import DatabaseSource
from reportgen.errors import InputError, Problem
from reportgen.periods import Quarter
from reportgen.questionnaire import Questionnaire

_TYPES = {"text": "VARCHAR", "timestamp": "TIMESTAMPTZ", "bool": "BOOLEAN", "int": "BIGINT", "number": "DOUBLE PRECISION",
          "date": "DATE"}
TABLES = {"complaints": ("ticket_id", "received_at"), "surveys": ("response_id", "submitted_at")}


def mask_url(url: str) -> str:
    """The URL without its password, as the manifest and messages show it."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _quoted_table(table: str) -> str:
    return ".".join(f'"{p}"' for p in table.split("."))


def _column_sql(col: schema.Column) -> str:
    value = f'CAST("{col.name}" AS {_TYPES[col.kind]})'
    if col.scale is not None:
        return f"CASE WHEN {value} BETWEEN {col.scale[0]} AND {col.scale[1]} THEN {value} END"
    if col.minimum is not None:
        return f"CASE WHEN {value} >= {col.minimum:g} THEN {value} END"
    return value


def relation_sql(name: str, source: DatabaseSource, columns: tuple[schema.Column, ...], present: set[str],
                 since: datetime | None = None, until: datetime | None = None) -> str:
    """The typed relation over one table: the contract's columns, `_row`, faults made missing, and
    only the rows from `since` (inclusive) to `until` (exclusive) when given."""
    id_col, ts_col = TABLES[name]
    # ctid, the row's place in the table's storage, breaks ties (two copies of a response
    # submitted at the same instant) the way file order does for a file: the first stored wins.
    parts = [f'ROW_NUMBER() OVER (ORDER BY "{ts_col}", "{id_col}", ctid) + 1 AS _row']
    for col in columns:
        if not col.read:
            continue
        expr = _column_sql(col) if col.name in present else f"CAST(NULL AS {_TYPES[col.kind]})"
        parts.append(f'{expr} AS "{col.name}"')
    where = [f'"{ts_col}" >= TIMESTAMPTZ \'{since.isoformat()}\'' if since else "",
             f'"{ts_col}" < TIMESTAMPTZ \'{until.isoformat()}\'' if until else ""]
    where = [w for w in where if w]
    return ("SELECT " + ", ".join(parts) + f" FROM {_quoted_table(source.table)}"
            + (" WHERE " + " AND ".join(where) if where else ""))


def open_tables(config: Config, questionnaire: Questionnaire):
    """Connect, check the two tables against the contract and make their typed relations.

    Returns the backend and, per table, its row count and rows per quarter.
    """
    from reportgen.engine.backends import PostgresBackend
    from reportgen.engine.sql import Statement

    sources = {"complaints": config.sources.complaints, "surveys": config.sources.surveys}
    url = sources["complaints"].url
    try:
        backend = PostgresBackend(url, config.timezone)
    except Exception as exc:  # psycopg.OperationalError and friends: the message says why
        raise InputError([Problem(mask_url(url), None, None, f"cannot connect: {str(exc).strip().splitlines()[0]}")])
    columns = {"complaints": schema.complaint_columns(config.comments.derive_categories), "surveys": schema.survey_columns(questionnaire.item_ids, questionnaire.scale, questionnaire.item_scales)}
    problems: list[Problem] = []
    stats: dict[str, tuple[int, dict[int, int]]] = {}
    for name, source in sources.items():
        schema_name, _, table = source.table.rpartition(".")
        found = backend.rows(Statement("columns", (
            "SELECT column_name FROM information_schema.columns WHERE table_name = "
            f"'{table}'" + (f" AND table_schema = '{schema_name}'" if schema_name else
                            " AND table_schema = ANY (current_schemas(false))"))))
        present = {r["column_name"] for r in found}
        if not present:
            problems.append(Problem(source.table, None, None, f"table not found in {mask_url(source.url)}"))
            continue
        absent = schema.missing(columns[name], present)
        problems.extend(Problem(source.table, None, c, "required column is missing" + why) for c, why in absent)
        if absent:
            continue
        table = f"({relation_sql(name, source, columns[name], present)}) AS typed"
        try:  # every value cast to the contract's type, and the ids checked, in one pass each
            id_col, ts_col = TABLES[name]
            empty = backend.rows(Statement("empty", f'SELECT COUNT(*) AS n FROM {table} WHERE "{id_col}" IS NULL '
                                                    f'OR "{ts_col}" IS NULL'))[0]["n"]
        except Exception as exc:  # a column whose values do not cast to the contract's type
            problems.append(Problem(source.table, None, None, str(exc).strip().splitlines()[0]))
            continue
        if name == "complaints":
            dupes = backend.rows(Statement("dupes", f'SELECT "{id_col}" AS id, MIN(_row) AS r FROM {table} '
                                                     f'GROUP BY "{id_col}" HAVING COUNT(*) > 1 ORDER BY 2 LIMIT 10'))
            problems.extend(Problem(source.table, None, id_col, "duplicate id", str(d["id"])) for d in dupes)
        if empty:
            problems.append(Problem(source.table, None, f"{id_col}/{ts_col}", f"value is missing in {empty} rows"))
        per_quarter = backend.rows(Statement("quarters", (
            f'SELECT CAST(EXTRACT(YEAR FROM "{ts_col}") * 4 + EXTRACT(QUARTER FROM "{ts_col}") - 1 AS BIGINT) AS q, '
            f"COUNT(*) AS n FROM {_quoted_table(source.table)} GROUP BY 1")))
        stats[name] = (sum(int(r["n"]) for r in per_quarter), {int(r["q"]): int(r["n"]) for r in per_quarter})
        backend.present[name] = present
    if problems:
        backend.close()
        raise InputError(problems)
    return backend, stats


def make_relations(backend, config: Config, questionnaire: Questionnaire, quarter: Quarter | None) -> None:
    """The session's `complaints` and `surveys`: only the rows the quarter's figures read.

    Tickets from the first trend quarter (less the repeat window, for the look-back) to the end of
    `quarter`; responses up to its end (a duplicate is judged against every earlier response, and
    a later one never changes an earlier one's verdict). Every row without a quarter.
    """
    from reportgen.engine.counts import TREND_QUARTERS
    from reportgen.engine.sql import Statement

    columns = {"complaints": schema.complaint_columns(config.comments.derive_categories), "surveys": schema.survey_columns(questionnaire.item_ids, questionnaire.scale, questionnaire.item_scales)}
    since: dict[str, datetime | None] = {"complaints": None, "surveys": None}
    end = None
    if quarter is not None:
        start = quarter.shift(-(TREND_QUARTERS - 1)).bounds(config.tz)[0].to_pydatetime()
        end = quarter.bounds(config.tz)[1].to_pydatetime()
        since["complaints"] = start - timedelta(days=config.repeat_window_days)
    for name, source in (("complaints", config.sources.complaints), ("surveys", config.sources.surveys)):
        body = relation_sql(name, source, columns[name], backend.present[name], since[name], end)
        backend.materialise(name, Statement(name, body))


def table_source(source: DatabaseSource, rows: int):
    from reportgen.dataset import Source

    return Source(Path(source.table), 0, "", rows, url=mask_url(source.url))
