"""Read a spreadsheet's first sheet (XLSX, legacy XLS) as a raw table: what calamine reads,
with what it reads as empty made right or refused (see `reportgen.xlsx_read`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd

from reportgen import rules, xlsx_read
from reportgen.errors import ROWS_SHOWN, Finding, InputError, Problem, shorten
from reportgen.load import Layout, RawTable, header_names, refuse_duplicates, tidy_columns

UNCALCULATED = ("has no computed value (the workbook was saved without calculating it); "
                "open it in a spreadsheet program and save it again, or export CSV")
_MANGLED = re.compile(r"(.+)\.[1-9][0-9]*")


def read_sheet(path: Path, columns: Collection[str] | None, layout: Layout = Layout()) -> RawTable:
    """Read the first sheet with calamine, after an XLSX's XML is checked for what calamine reads
    as empty (a legacy XLS has no XML: it is read as calamine reads it).

    - A formula saved without a computed value, in a column that is read, is a problem: the
      value a spreadsheet program shows is not in the file, and guessing it would be wrong. In a
      column not read it does not matter; in the header row it hides a name, whatever the column.
    - A merged range over data rows gives its top-left value to every cell it covers in a read
      column, each filled cell a `merged_cell` finding: that is what a person reading the sheet
      sees. A range over several columns fills all of them from its one top-left cell: the other
      columns have no top cell of their own to fill from (a spreadsheet program discards their
      values on merging). A range whose top-left cell is empty fills nothing.
    - A merged range in the header row hides the names of the columns it covers, and one that
      reaches from the header into the data makes a two-row header: both are problems.
    """
    facts = xlsx_read.SheetFacts()
    if path.suffix.lower() == ".xlsx":
        try:
            facts = xlsx_read.inspect_first_sheet(path)
        except xlsx_read.WorkbookError as exc:
            raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    is_read = (lambda name: True) if columns is None else (lambda name: name in columns)
    if layout != Layout():
        return _read_laid_out(path, columns, layout, facts, is_read)
    problems = _sheet_problems(facts, path.name, is_read)
    if problems:
        raise InputError(problems)
    # A merged range's top-left cell may lie in a column that is not read: it is read too, then dropped.
    sources = _merge_sources(facts, is_read)
    seen: list[str] = []

    def pick(name) -> bool:
        seen.append(str(name).strip())
        return columns is None or str(name).strip() in columns or str(name).strip() in sources

    try:
        frame = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object, usecols=pick)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    # pandas renames a repeated header "channel" to "channel.1": undo that to find repeats.
    refuse_duplicates(path, [m.group(1) if (m := _MANGLED.fullmatch(n)) and m.group(1) in seen else n
                              for n in seen], columns)
    frame, findings = _fill_merged(tidy_columns(frame), facts, path.name, is_read)
    return RawTable(path, first_row=2, findings=tuple(findings), frame=frame, columns=tuple(frame.columns))


def _read_laid_out(path: Path, columns: Collection[str] | None, layout: Layout, facts: xlsx_read.SheetFacts,
                   is_read: Callable[[str], bool]) -> RawTable:
    """A sheet with lines above its header, or several header rows: the header rows are read
    first (they name the columns), then the data below them, only the columns read."""
    top = layout.skip_lines + layout.header_rows
    try:
        rows = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object, header=None, nrows=top)
    except Exception as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    head = tuple(tuple("" if pd.isna(v) else str(v).strip() for v in row)
                 for row in rows.iloc[layout.skip_lines:].itertuples(index=False))
    if len(head) < layout.header_rows:
        raise InputError([Problem(path.name, None, None, f"the sheet has fewer than {top} rows; "
                                                         "expected its header rows and data")])
    names = [n.lstrip("\ufeff") or f"Unnamed: {i}" for i, n in enumerate(header_names(head))]
    facts = replace(facts, header=names)
    problems = _sheet_problems(facts, path.name, is_read, header=layout.skip_lines + 1, data=top + 1)
    if problems:
        raise InputError(problems)
    refuse_duplicates(path, names, columns, header_row=layout.skip_lines + 1)
    sources = _merge_sources(facts, is_read, data=top + 1)
    wanted = [i for i, n in enumerate(names) if is_read(n) or n in sources]
    try:
        frame = pd.read_excel(path, sheet_name=0, engine="calamine", dtype=object, header=None, skiprows=top,
                              usecols=wanted or [0])
    except Exception as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the workbook: {exc}")])
    frame = frame.reindex(columns=wanted)
    frame.columns = [names[i] for i in wanted]
    frame, findings = _fill_merged(frame.reset_index(drop=True), facts, path.name, is_read, first_row=top + 1)
    return RawTable(path, first_row=top + 1, findings=tuple(findings), frame=frame, columns=tuple(frame.columns),
                    layout=layout, head=head)


def _sheet_problems(facts: xlsx_read.SheetFacts, file: str, is_read: Callable[[str], bool],
                    header: int = 1, data: int = 2) -> list[Problem]:
    """Formulas without a value in read columns or the header, and merged header cells (rows
    above the `header` row are titles: whatever is there is not read)."""
    problems = []
    by_column: dict[str, list[xlsx_read.Uncalculated]] = defaultdict(list)
    for cell in facts.uncalculated:
        if cell.row < header:
            continue
        if cell.row < data:
            problems.append(Problem(file, cell.row, None, f"header cell {xlsx_read.ref(cell.row, cell.col)}: "
                                                          f"formula {_shown(cell.formula)} {UNCALCULATED}"))
        elif is_read(facts.name(cell.col)):
            by_column[facts.name(cell.col)].append(cell)
    for name, cells in by_column.items():
        # The formatter gives each distinct message a line: a column of formulas filled down
        # (=B2*2, =B3*2, ...) must read as one line, not one a row.
        if len({c.formula for c in cells}) > ROWS_SHOWN:
            message = f"formulas such as {_shown(cells[0].formula)} {UNCALCULATED.replace('has', 'have', 1)}"
            problems.extend(Problem(file, c.row, name, message) for c in cells)
        else:
            problems.extend(Problem(file, c.row, name, f"formula {_shown(c.formula)} {UNCALCULATED}") for c in cells)
    for m in facts.merges:
        if m.top == header and m.bottom < data:
            problems.append(Problem(file, header, None, f"merged header cells {m.ref}; give every column its own name"))
        elif header <= m.top < data:
            where = "in row 1" if header == 1 and data == 2 else "in its own rows"
            problems.append(Problem(file, m.top, None, f"merged cells {m.ref} join the header to the data below it; "
                                                       f"keep the header {where} and give every column its own name"))
    return problems


def _merge_sources(facts: xlsx_read.SheetFacts, is_read: Callable[[str], bool], data: int = 2) -> set[str]:
    """Columns not read that hold the top-left cell of a range merged over a read column."""
    return {facts.name(m.left) for m in _data_merges(facts, is_read, data) if not is_read(facts.name(m.left))}


def _fill_merged(frame: pd.DataFrame, facts: xlsx_read.SheetFacts, file: str, is_read: Callable[[str], bool],
                first_row: int = 2) -> tuple[pd.DataFrame, list[Finding]]:
    """Give the covered cells of read columns their range's top-left value; drop `merge_sources`."""
    findings: list[Finding] = []
    arrays: dict = {}
    names = list(frame.columns)

    def values(name: str):
        if name not in arrays and names.count(name) == 1:
            arrays[name] = frame[name].to_numpy(dtype=object, copy=True)
        return arrays.get(name)

    last = first_row + len(frame) - 1  # rows below it hold nothing calamine read
    for m in _data_merges(facts, is_read, first_row):
        source = values(facts.name(m.left))
        if source is None or m.top > last or pd.isna(value := source[m.top - first_row]):
            continue
        bottom = min(m.bottom, last)
        for col in range(m.left, m.right + 1):
            name, top = facts.name(col), m.top + (col == m.left)
            target = values(name) if is_read(name) else None
            if target is None or top > bottom:
                continue
            target[top - first_row:bottom - first_row + 1] = [value] * (bottom - top + 1)
            origin = f"row {m.top}" if col == m.left else xlsx_read.ref(m.top, m.left)
            detail = f"merged range {m.ref}: value of {origin} used"
            findings.extend(Finding(file, row, name, rules.MERGED_CELL, detail) for row in range(top, bottom + 1))
    if arrays:
        frame = frame.assign(**arrays)
    return frame.drop(columns=[c for c in _merge_sources(facts, is_read, first_row) if c in names]), findings


def _data_merges(facts: xlsx_read.SheetFacts, is_read: Callable[[str], bool], data: int = 2) -> Iterator[xlsx_read.Merge]:
    return (m for m in facts.merges if m.top >= data and any(is_read(facts.name(c)) for c in range(m.left, m.right + 1)))


def _shown(formula: str) -> str:
    if not formula:  # a shared formula whose text is held by a cell that has a value
        return "(shared)"
    return shorten("=" + " ".join(formula.split()), 40)
