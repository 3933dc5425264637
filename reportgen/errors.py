"""The one exception family for problems the user can fix (exit code 2)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import click

# Rows listed per (file, column, problem) before the rest are summarised: the message must
# name every kind of problem without printing a million lines for one bad column.
ROWS_SHOWN = 10


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as a person would look for it."""

    file: str
    row: int | None  # as a spreadsheet counts it: the header is row 1
    column: str | None
    message: str

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


class ReportgenError(click.ClickException):
    """A user-facing error: bad input, bad options or a failed verification."""

    exit_code = 2


class InputError(ReportgenError):
    """Every problem found in the inputs, reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(format_problems(self.problems))


def _sort_key(p: Problem):
    return (p.file, p.column or "", p.message, p.row if p.row is not None else -1)


def format_problems(problems: list[Problem]) -> str:
    """Group problems by file, column and message so repeated faults read as one line."""
    groups: dict[tuple, list[int | None]] = defaultdict(list)
    for p in problems:
        groups[(p.file, p.column, p.message)].append(p.row)
    lines = [f"{len(problems)} problem(s) found in the input:" if len(problems) != 1 else "1 problem found in the input:"]
    for (file, column, message), rows in groups.items():
        where = file if column is None else f"{file}, column {column}"
        real_rows = sorted(r for r in rows if r is not None)
        if real_rows:
            shown = ", ".join(str(r) for r in real_rows[:ROWS_SHOWN])
            more = len(real_rows) - ROWS_SHOWN
            row_text = f"row {shown}" if len(real_rows) == 1 else f"rows {shown}"
            if more > 0:
                row_text += f" and {more:,} more"
            lines.append(f"  {file}, {row_text}{'' if column is None else ', column ' + column}: {message}")
        else:
            lines.append(f"  {where}: {message}")
    return "\n".join(lines)
