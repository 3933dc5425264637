"""The one exception family for problems the user can fix (exit code 2)."""

from __future__ import annotations

from dataclasses import dataclass

import click

# Rows listed per (file, column, problem) before the rest are summarised, values shown per
# group, and groups shown in all: the message must name every kind of problem without
# printing a million lines for one bad column.
ROWS_SHOWN = 10
VALUES_SHOWN = 3
GROUPS_SHOWN = 40
NAME_CHARS = 80  # a file or column name longer than this is shortened in messages
VALUE_CHARS = 40


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, for messages and labels."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as a person would look for it.

    `value` is the offending cell, kept apart from `message` so that a column with a
    thousand different bad values still reads as one line.
    """

    file: str
    row: int | None  # as a spreadsheet counts it: the header is row 1
    column: str | None
    message: str
    value: str | None = None

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    """A data-quality finding: a fault tolerated (the value is repaired or treated as missing),
    counted in the report and listed in exclusions.csv."""

    file: str
    row: int
    column: str
    rule: str
    detail: str
    record_id: str | None = None
    quarter: int | None = None  # the row's quarter, when the finding is made after quarters are known


class ReportgenError(click.ClickException):
    """A user-facing error: bad input, bad options or a failed verification."""

    exit_code = 2


class EnvironmentProblem(ReportgenError):
    """The machine, not the inputs, is in the way: a full or read-only disk, a missing permission, a busy lock."""


class InputError(ReportgenError):
    """Every problem found in the inputs, reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(format_problems(self.problems))


def _sort_key(p: Problem):
    return (p.file, p.column or "", p.message, p.row if p.row is not None else -1, p.value or "")


def _printable(text: str, limit: int) -> str:
    """A name or value as it can be printed on a terminal: controls shown escaped, length capped."""
    return shorten(text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text, limit)


def format_problems(problems: list[Problem]) -> str:
    """Group problems by file, column and message so repeated faults read as one line."""
    groups: dict[tuple, tuple[list[int], dict[str, None]]] = {}
    for p in problems:
        rows, values = groups.setdefault((p.file, p.column, p.message), ([], {}))
        if p.row is not None:
            rows.append(p.row)
        if p.value is not None:
            values[p.value] = None
    n = len(problems)
    lines = [f"{n:,} problems found in the input:" if n != 1 else "1 problem found in the input:"]
    for (file, column, message), (rows, values) in list(groups.items())[:GROUPS_SHOWN]:
        where = [_printable(file, NAME_CHARS)]
        if rows:
            rows.sort()
            shown = ", ".join(str(r) for r in rows[:ROWS_SHOWN])
            more = len(rows) - ROWS_SHOWN
            where.append((f"row {shown}" if len(rows) == 1 else f"rows {shown}")
                         + (f" and {more:,} more" if more > 0 else ""))
        if column is not None:
            where.append(f"column {_printable(column, NAME_CHARS)}")
        text = message
        if values:
            listed = [repr(shorten(v, VALUE_CHARS)) for v in list(values)[:VALUES_SHOWN]]
            rest = len(values) - len(listed)
            text += ", got " + ", ".join(listed) + (f" and {rest:,} other values" if rest > 0 else "")
        lines.append(f"  {', '.join(where)}: {text}")
    if len(groups) > GROUPS_SHOWN:
        hidden = list(groups)[GROUPS_SHOWN:]
        columns = sorted({c for _, c, _ in hidden if c is not None})
        lines.append(f"  … and {len(hidden):,} more kinds of problem"
                     + (f" in columns {', '.join(_printable(c, NAME_CHARS) for c in columns[:10])}"
                        + (" …" if len(columns) > 10 else "") if columns else ""))
    return "\n".join(lines)
