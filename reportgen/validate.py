"""Check typed tables against the data contract: every check a query, every problem located.

The engine has typed each table (`reportgen.engine.intake`), keeping the text of every cell
it could not read or found out of range. Here one pass counts every kind of fault in every
column; only the columns with faults are queried again, for their rows. Every problem in
every file is collected before anything fails, so one run lists them all. Faults that
methodology.md says to tolerate (an answer outside its scale, a negative duration) are not
errors: the value became missing and a `Finding` records it.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen import rules
from reportgen.engine import intake
from reportgen.engine.intake import ROW
from reportgen.engine.sql import quote
from reportgen.errors import Finding, InputError, Problem
from reportgen.load import RawTable, Reencode
from reportgen.schema import MAX_NUMBER, Column, missing


def load_table(con, name: str, raw: RawTable, columns: tuple[Column, ...], tz, problems: list[Problem],
               id_column: str | None = None, names: Sequence[str] = (), store: str | None = None) -> intake.Intake | None:
    """Type `raw` into the engine as `typed_<name>`; append the problems that stop it.

    Returns None when the file cannot be read. A missing required column is a problem, but the
    other columns are still typed and checked, so that one run lists every problem. `names` are
    the person names to mask in text (the config's `redact_names`); `store` the database a large
    table is stored in (see `intake.load`).
    """
    absent = missing(columns, raw.columns)
    hint = _preamble_hint(raw) if absent else ""
    problems.extend(Problem(raw.name, None, name, "required column is missing" + why + hint) for name, why in absent)
    while True:
        try:
            loaded = intake.load(con, name, raw, columns, tz, id_column, names, store)
        except Reencode:  # invalid UTF-8 past the first rows: a GB18030 export
            again = raw.reencoded()
            if again is None:
                problems.extend(raw.undecodable().problems)
                return None
            raw = again
            continue
        except InputError as exc:
            problems.extend(exc.problems)
            return None
        loaded.encoding = raw.encoding
        loaded.findings.extend(raw.findings)  # faults repaired while reading (merged XLSX cells)
        return loaded


def _preamble_hint(raw) -> str:
    """When the first line is not the header (lines of tool output or a title above it), say so."""
    from reportgen.inspection import header_line
    from reportgen.source_plan import peek

    path = getattr(raw, "path", None)
    if path is None or path.suffix.lower() not in (".csv", ".tsv", ".xlsx", ".xls"):
        return ""
    skip = header_line(peek(path, 0, rows=40))
    if not skip:
        return ""
    return (f" (the header seems to be line {skip + 1}, under {skip} line(s) of other text: delete them, or name "
            f"the file in a [sources] block with skip_lines = {skip})")


def _lo_hi(col: Column) -> str:
    return f"{col.scale[0]}–{col.scale[1]}" if col.scale else f"≥ {col.minimum:g}"


def expected(col: Column) -> str:
    return {
        "timestamp": "expected an ISO 8601 timestamp such as 2025-07-01 09:30:00, in the years 1678–2261",
        "date": "expected a date such as 2025-07-01, in the years 1678–2261",
        "bool": "expected true/false, 1/0, yes/no or 是/否",
        "int": f"expected a whole number{'' if col.scale is None else f' from {col.scale[0]} to {col.scale[1]}'}",
        "number": f"expected a finite number of at most {MAX_NUMBER:.0e}",
        "text": "expected text",
    }[col.kind]


def _choices(col: Column) -> str:
    listed = ", ".join("'" + c.replace("'", "''") + "'" for c in col.choices)
    return f"{quote(col.name)} IS NOT NULL AND {quote(col.name)} NOT IN ({listed})"


def check(con, loaded: intake.Intake, file: str, problems: list[Problem], id_column: str | None) -> None:
    """Every contract check on one typed table: one pass over the table for missing values,
    choices and dates in order, one over its (usually empty) faults; rows only where found."""
    t, cols, faults = loaded.table, loaded.columns, loaded.faults
    present = set(loaded.present)
    counts = []
    for i, col in enumerate(cols):
        if col.non_empty and col.name in present:  # a cell that was unreadable or out of range is not missing
            counts.append((i, "missing", f"{quote(col.name)} IS NULL AND {ROW} NOT IN "
                                         f"(SELECT {ROW} FROM {faults} WHERE col = {i})"))
        if col.choices is not None:
            counts.append((i, "choice", _choices(col)))
        if col.not_before is not None and col.name in present and col.not_before in present:
            counts.append((i, "early", f"{quote(col.name)} < {quote(col.not_before)}"))
    select = ", ".join(f"COUNT(*) FILTER (WHERE {cond})" for _, _, cond in counts)
    found = con.execute(f"SELECT {select} FROM {t}").fetchall()[0] if counts else ()
    for (i, kind, cond), n in zip(counts, found):
        if not n:
            continue
        col = cols[i]
        c = quote(col.name)
        if kind == "missing":
            for (row,) in _rows(con, f"SELECT {ROW} FROM {t} WHERE {cond}"):
                problems.append(Problem(file, row, col.name, "value is missing"))
        elif kind == "choice":
            for row, val in _rows(con, f"SELECT {ROW}, {c} FROM {t} WHERE {cond}"):
                problems.append(Problem(file, row, col.name, f"expected one of {', '.join(col.choices)}", val))
        else:
            for row, a, b in _rows(con, f"SELECT {ROW}, {c}, {quote(col.not_before)} FROM {t} WHERE {cond}"):
                problems.append(Problem(file, row, col.name, f"is before {col.not_before}", f"{a:%Y-%m-%d} < {b:%Y-%m-%d}"))
    record = f"t.{quote(id_column)}" if id_column in present else "NULL"
    for row, i, kind, val, rid in _rows(con, f"SELECT f.{ROW}, f.col, f.kind, f.value, {record} FROM {faults} f "
                                              f"JOIN {t} t USING ({ROW})"):
        col = cols[i]
        if kind == intake.UNREADABLE:
            problems.append(Problem(file, row, col.name, expected(col), val))
        elif col.strict:
            problems.append(Problem(file, row, col.name, f"expected a value {_lo_hi(col)}", val))
        else:
            loaded.findings.append(Finding(file, row, col.name, rules.OUT_OF_RANGE,
                                           f"{val} is outside {_lo_hi(col)}; treated as missing", rid))
    for col in cols:
        if col.unique and col.name in present:
            problems.extend(_duplicates(con, t, col, file))


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(f"{sql} ORDER BY 1").fetchall()


def _duplicates(con, t: str, col: Column, file: str) -> list[Problem]:
    c = quote(col.name)
    distinct, total = con.execute(f"SELECT COUNT(DISTINCT {c}), COUNT({c}) FROM {t}").fetchall()[0]
    if distinct == total:  # all distinct: the usual case, decided in one hash pass
        return []
    rows = con.execute(
        f"SELECT {ROW}, {c}, first FROM (SELECT {ROW}, {c}, MIN({ROW}) OVER (PARTITION BY {c}) AS first, "
        f"COUNT(*) OVER (PARTITION BY {c}) AS n FROM {t} WHERE {c} IS NOT NULL) WHERE n > 1 AND {ROW} <> first "
        f"ORDER BY {ROW}").fetchall()
    return [Problem(file, row, col.name, "duplicate id; ids must be unique", f"{val} (first at row {first})")
            for row, val, first in rows]
