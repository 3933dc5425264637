"""The queries as text: rendered from queries/*.sql for one build's parameters and one engine.

The queries are written once, in DuckDB's SQL. For another engine they are translated with
SQLGlot, imported only then (it is not on the default path), after two rewrites that SQLGlot
does not make itself: microseconds since the epoch and exact linear-interpolation percentiles.
"""

from __future__ import annotations

import math

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2

DIALECTS = ("duckdb", "postgres", "spark", "trino", "clickhouse")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote(name: str) -> str:
    """A column name as a quoted identifier; names are checked, never escaped."""
    if not _IDENT.match(name):
        raise ValueError(f"not a column name: {name!r}")
    return f'"{name}"'


def number(x: float) -> str:
    """A number as SQL text that every engine reads as the same double."""
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x}")
    return repr(float(x))


def literal(text: str) -> str:
    """A string as an SQL literal (the standard's doubled quote, which every dialect reads)."""
    return "'" + text.replace("'", "''") + "'"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FunctionLoader(_source), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters["q"] = quote
    return env


def _source(name: str) -> str:
    return resources.files("reportgen.engine").joinpath("queries", f"{name}.sql").read_text("utf-8")


@dataclass(frozen=True)
class Statement:
    name: str  # the query file it was rendered from
    sql: str  # in the engine's dialect


def render(name: str, params: dict, dialect: str = "duckdb") -> Statement:
    """One query for `params`, in `dialect`."""
    sql = _environment().get_template(name).render(p=params).strip()
    if dialect != "duckdb":
        sql = translate(sql, dialect)
    return Statement(name, sql)


def translate(sql: str, dialect: str) -> str:
    """DuckDB SQL → `dialect`, by SQLGlot, with the engine-specific rewrites."""
    import sqlglot
    from sqlglot import exp

    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    tree = sqlglot.parse_one(sql, read="duckdb")

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and node.name.lower() == "epoch_us":
            return _epoch_us(node.expressions[0], dialect)
        if isinstance(node, (exp.Quantile, exp.PercentileCont)) and dialect in ("spark", "trino", "clickhouse"):
            return _percentile(node, dialect)
        return node

    tree = tree.transform(rewrite)
    if dialect == "clickhouse":
        for node in reversed(list(tree.find_all(exp.Lower, exp.Left, exp.StrPosition))):  # innermost first
            node.replace(_characters(node))
    return tree.sql(dialect=dialect, pretty=True)


def _epoch_us(arg, dialect: str):
    from sqlglot import exp, parse_one

    if dialect == "clickhouse":  # its parser would not keep the function's case
        return exp.Anonymous(this="toUnixTimestamp64Micro", expressions=[arg])
    template = {
        "postgres": "CAST(EXTRACT(EPOCH FROM {x}) * 1000000 AS BIGINT)",
        "spark": "UNIX_MICROS({x})",
        "trino": "TO_UNIXTIME({x}) * 1000000",
    }[dialect]
    return parse_one(template.format(x=arg.sql(dialect=dialect)), read=dialect)


def _characters(node):
    """ClickHouse's lower, left and position count bytes and change only ASCII; their UTF8 forms
    work on characters, as every other engine's do (the categories derived from descriptions)."""
    from sqlglot import exp

    if isinstance(node, exp.Lower):
        return exp.Anonymous(this="lowerUTF8", expressions=[node.this])
    if isinstance(node, exp.Left):
        return exp.Anonymous(this="leftUTF8", expressions=[node.this, node.expression])
    return exp.Anonymous(this="positionUTF8", expressions=[node.this, node.args["substr"]])


def _percentile(node, dialect: str):
    """Exact percentiles with linear interpolation, as DuckDB's quantile_cont and numpy compute them."""
    from sqlglot import exp

    if isinstance(node, exp.Quantile):
        value, q = node.this, node.args["quantile"]
    else:
        value, q = node.this, node.expression
    if dialect == "spark":
        return exp.Anonymous(this="PERCENTILE", expressions=[value, q])
    if dialect == "clickhouse":
        # quantileExactInclusive(level)(x): ClickHouse's parametric aggregate syntax
        return exp.ParameterizedAgg(this="quantileExactInclusive", expressions=[q], params=[value])
    # Trino has no exact percentile aggregate: its approx_percentile is the closest it offers.
    return exp.Anonymous(this="APPROX_PERCENTILE", expressions=[value, q])
