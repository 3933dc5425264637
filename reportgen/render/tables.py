"""The appendix tables for re-use: `tables.xlsx` (one sheet each) and the same as CSV files.

Text cells are neutralised against spreadsheet formula injection (see reportgen.csv_text).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from reportgen.csv_text import csv_bytes, neutralise
from reportgen.report.model import Chart, EvidenceIndex, Report, Section, Table
from reportgen.xlsx import reproducible_xlsx

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class NamedTable:
    name: str  # a sheet name (≤ 31 characters, unique) and the CSV file's stem
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _appendix(report: Report) -> Section:
    return next(s for s in report.sections if s.id == "appendix")


def appendix_tables(report: Report) -> list[NamedTable]:
    """Every table of the appendices, named after its appendix, in reading order."""
    out: list[NamedTable] = []
    used: set[str] = set()
    for section in _appendix(report).children:
        letter = section.title.split()[1] if len(section.title.split()) > 1 else section.id
        letter = f"{letter}-{section.id.removeprefix('appendix-')}"
        for k, block in enumerate(section.blocks, 1):
            if isinstance(block, Chart):
                block = block.table
            if isinstance(block, EvidenceIndex):
                ui = report.ui
                columns = (ui["evidence"], ui["figure"], ui["definition"], ui["population"], ui["n"], ui["value"],
                           ui["ci95"])
                rows = tuple((r.id, r.figure, r.definition, r.population, r.n, r.value, r.interval)
                             for r in block.rows)
            elif isinstance(block, Table):
                columns, rows = block.columns, block.rows
            else:
                continue
            base = _SHEET_FORBIDDEN.sub("_", f"{letter}-{k}")[:31]
            name, i = base, 2
            while name in used:
                name, i = f"{base[:28]}-{i}", i + 1
            used.add(name)
            out.append(NamedTable(name, tuple(columns), tuple(tuple(str(c) for c in r) for r in rows)))
    return out


def to_xlsx(tables: list[NamedTable], fixed: date) -> bytes:
    from openpyxl import Workbook  # imported only when a workbook is made: a tenth of a second

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name)
        ws.append([neutralise(c) for c in table.columns])
        for row in table.rows:
            ws.append([neutralise(c) for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_xlsx(buf.getvalue(), fixed)


def to_csv_files(tables: list[NamedTable]) -> dict[str, bytes]:
    return {f"tables/{t.name}.csv": csv_bytes(t.columns, t.rows) for t in tables}
