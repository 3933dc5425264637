"""Several files of one table (`file = "exports/2026-*.csv"`: one export a month), read as one.

Each file is mapped on its own (its encoding, header and preset facts are its own); their rows
follow one another. A row's number `_row` is unique across the files (ROW_SPAN apart per
file), and every message, finding and listing names the file and the row a person sees in it
(`locate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc

from reportgen.errors import Finding, InputError, Problem
from reportgen.load import Reencode
from reportgen.mapping import ROW, MappedTable, Tally, summary

ROW_SPAN = 10_000_000_000  # more rows than any one file has


class ChainedTable:
    """Mapped files one after another, with the interface of `RawTable` that the intake uses."""

    def __init__(self, parts: list[MappedTable]):
        self.parts = parts
        self.problems: list[Problem] = []
        self._at = 0  # the part being read (a re-encoding restarts with that part read anew)

    path = property(lambda self: self.parts[0].path)
    name = property(lambda self: self.parts[0].name)
    first_row = property(lambda self: self.parts[0].first_row)
    encoding = property(lambda self: ", ".join(dict.fromkeys(p.encoding or "" for p in self.parts)).strip(", ") or None)
    raw = property(lambda self: self.parts[0].raw)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(replace(f, row=f.row + i * ROW_SPAN) if f.row is not None else f
                     for i, p in enumerate(self.parts) for f in p.findings)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for p in self.parts for c in p.columns))

    @property
    def tally(self) -> Tally:
        out = Tally()
        for p in self.parts:
            out.rows_read += p.tally.rows_read
            for k, v in p.tally.dropped.items():
                out.dropped[k] = out.dropped.get(k, 0) + v
            for k, v in p.tally.not_applicable.items():
                out.not_applicable[k] = out.not_applicable.get(k, 0) + v
        return out

    def locate(self, row: int) -> tuple[str, int]:
        part = min(row // ROW_SPAN, len(self.parts) - 1)
        return self.parts[part].name, row - part * ROW_SPAN

    def undecodable(self) -> InputError:
        return self.parts[self._at].undecodable()

    def reencoded(self) -> ChainedTable | None:
        again = self.parts[self._at].reencoded()
        if again is None:
            return None
        return ChainedTable([*self.parts[:self._at], again, *self.parts[self._at + 1:]])

    def batches(self) -> Iterator[pa.RecordBatch]:
        problems: list[Problem] = []
        for i, part in enumerate(self.parts):
            self._at = i
            try:
                for batch in part.batches():
                    rows = pc.add(batch.column(ROW), pa.scalar(i * ROW_SPAN, pa.int64()))
                    yield batch.set_column(batch.schema.get_field_index(ROW), ROW, rows)
            except Reencode:
                raise
            except InputError as exc:  # a file's cells the mapping could not read: go on to the next
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)


def locate_all(table, items: list) -> list:
    """Problems or findings of a chained table, each with the file and row a person sees."""
    if not isinstance(table, ChainedTable):
        return items
    out = []
    for item in items:
        if item.file == table.name and item.row is not None:
            file, row = table.locate(item.row)
            item = replace(item, file=file, row=row)
        value = getattr(item, "value", None)
        if isinstance(value, str) and (m := _FIRST.search(value)):  # a duplicate's first copy
            file, row = table.locate(int(m.group(1)))
            item = replace(item, value=value[:m.start()] + f"(first at {file} row {row})" + value[m.end():])
        out.append(item)
    return out


_FIRST = re.compile(r"\(first at row (\d+)\)")


def chain_summary(table: ChainedTable) -> dict:
    out = summary(table.parts[0])
    tally = table.tally
    out.update(rows_read=tally.rows_read, rows_dropped=tally.dropped, not_applicable=tally.not_applicable,
               files=[p.name for p in table.parts])
    return out
