"""`queries.sql`: the statements that computed a quarter's figures, as one DuckDB script.

An auditor runs it with DuckDB's own command line (`duckdb < queries.sql`), independently of
reportgen. The script first reads the inputs as the data contract types them (the same
tolerated faults made missing: an answer outside its scale, a negative amount, an unreadable
flag), then runs every statement of the build in order, and ends with the headline figures.
"""

from __future__ import annotations

import csv
from pathlib import Path

from reportgen import __version__, schema
from reportgen.config import Config, format_duration
from reportgen.dataset import Dataset
from reportgen.engine import sql
from reportgen.engine.counts import CLEANING, TREND_QUARTERS, Engine
from reportgen.periods import Quarter
from reportgen.timestamps import FALSE as _FALSE, TRUE as _TRUE

KEPT = {*CLEANING, "business_days", "quality_excluded", "complaint_groups", "survey_groups"}  # later statements read these


def _typed(col: schema.Column, name: str) -> str:
    """The SQL reading one text column of the file as the contract types it."""
    v = f"TRIM({name})"
    if col.kind == "timestamp":
        return f"TRY_CAST({v} AS TIMESTAMPTZ)"
    if col.kind == "bool":
        t = ", ".join(sql.literal(x) for x in sorted(_TRUE))
        f = ", ".join(sql.literal(x) for x in sorted(_FALSE))
        return f"CASE WHEN LOWER({v}) IN ({t}) THEN TRUE WHEN LOWER({v}) IN ({f}) THEN FALSE END"
    if col.kind in ("int", "number"):
        num = f"TRY_CAST({v} AS DOUBLE)"
        if col.scale is not None:
            keep = f"{num} BETWEEN {col.scale[0]} AND {col.scale[1]}"
        elif col.minimum is not None:
            keep = f"{num} >= {col.minimum:g}"
        else:
            keep = "TRUE"
        cast = "BIGINT" if col.kind == "int" else "DOUBLE"
        return f"CASE WHEN {keep} THEN CAST({num} AS {cast}) END"
    return f"NULLIF({v}, '')"


def _read(path: Path, encoding: str | None) -> tuple[str, list[str] | None, str] | None:
    """How the script reads `path`: the table function, the file's column names (None: all the
    contract's are there) and how a cell becomes text; None for a file DuckDB cannot read as it is."""
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({sql.literal(str(path))})", None, "CAST({} AS VARCHAR)"
    if path.suffix.lower() != ".csv" or (encoding or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf-8-sig", "ascii"):
        return None
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    columns = ", ".join(f"{sql.literal(h)}: 'VARCHAR'" for h in header)
    return (f"read_csv({sql.literal(str(path))}, header = true, columns = {{{columns}}}, quote = '\"', escape = '\"')",
            header, "{}")


_SQL_TYPES = {"text": "VARCHAR", "timestamp": "TIMESTAMPTZ", "date": "DATE", "bool": "BOOLEAN", "int": "BIGINT",
              "number": "DOUBLE"}


def _input(name: str, columns: tuple[schema.Column, ...], dataset: Dataset) -> str:
    if name in dataset.absent:  # no such input: an empty table, as the build had
        body = ", ".join(f"CAST(NULL AS {_SQL_TYPES[c.kind]}) AS {sql.quote(c.name)}" for c in columns if c.read)
        return (f"-- the data folder has no {name}: an empty table, as the build had\n"
                f"CREATE TABLE {name} AS SELECT CAST(NULL AS BIGINT) AS _row, {body} WHERE FALSE;")
    src = dataset.sources[name]
    if src.mapping is not None:
        return (f"-- {src.path.name} is read through the [sources.{name}] mapping in reportgen.toml, which these\n"
                f"-- queries cannot apply: save the table in the contract's shape (columns as in the README's data\n"
                f"-- contract, _row the file's row) as {name}.parquet here to re-run them.\n"
                f"CREATE TABLE {name} AS SELECT * FROM read_parquet({sql.literal(name + '.parquet')});")
    how = _read(src.path.resolve(), src.encoding)
    if how is None:
        return (f"-- {src.path.name} is not a UTF-8 CSV or a Parquet file: save it as UTF-8 CSV next to it and\n"
                f"-- name that file here to re-run these queries.\n"
                f"CREATE TABLE {name} AS SELECT * FROM read_csv({sql.literal(str(src.path.resolve().with_suffix('.csv')))});")
    reader, header, as_text = how
    # An optional column the file lacks is all empty, as reportgen reads it.
    body = ",\n    ".join((_typed(c, as_text.format(sql.quote(c.name))) if header is None or c.name in header
                          else f"CAST(NULL AS {_SQL_TYPES[c.kind]})") + f" AS {sql.quote(c.name)}"
                         for c in columns if c.read)
    return (f"-- {src.path.name} (sha256 {src.sha256}), spreadsheet row = file order + 1 (the header is row 1)\n"
            f"CREATE TABLE {name} AS\nSELECT\n    ROW_NUMBER() OVER () + 1 AS _row,\n    {body}\nFROM {reader};")


def queries_sql(engine: Engine, dataset: Dataset, quarter: Quarter, config: Config) -> str:
    """The script for `quarter`: inputs, every statement the build ran, and the headline figures."""
    sla = ", ".join(f"{n} {format_duration(getattr(config.sla, n).limit)}" for n in ("response", "solution", "closure"))
    c = config.cleaning
    parts = [
        f"-- queries.sql: the queries that computed the figures of {quarter} (reportgen {__version__}).",
        "-- Re-run them with DuckDB's command line:  duckdb < queries.sql",
        "-- Parameters: " f"time zone {config.timezone}; SLA {sla}; repeat window {config.repeat_window_days:g} days;",
        f"--   too fast < {c.min_duration_s:g} s; straight-lining ≥ {c.straight_line_min_items} items in < "
        f"{c.straight_line_max_s:g} s; quarters {quarter.shift(1 - TREND_QUARTERS)}–{quarter}.",
        "-- Text values are as in the files: reportgen also removes control characters and masks personal",
        "-- data in them, which can split or merge a group, never the headline figures.",
        f"SET TimeZone = {sql.literal(config.timezone)};",
        "SET threads = 1;  -- one thread keeps the file order for the row numbers",
        "",
        _input("complaints", schema.complaint_columns(config.comments.derive_categories), dataset),
        "",
        _input("surveys", schema.survey_columns(dataset.questionnaire.item_ids, dataset.questionnaire.scale,
                                                     dataset.questionnaire.item_scales), dataset),
    ]
    for st in engine.statements:
        parts.append("")
        if st.name in KEPT:
            # OR REPLACE: with quality.exclude the responses are cleaned twice (the flags need the first)
            parts.append(f"CREATE OR REPLACE TEMP TABLE {st.name} AS\n{st.sql};")
            if st.name not in CLEANING and st.name not in ("quality_excluded", "business_days"):
                parts.append(f"SELECT * FROM {st.name};")
        else:
            parts.append(f"{st.sql};")
    parts += ["", sql.render("headline", {"period": str(quarter), "quarter": quarter.index}).sql + ";", ""]
    return "\n".join(parts)
