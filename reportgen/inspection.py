"""`reportgen inspect`: what a file is (format, encoding, lines above the header, header rows,
platform) and what its columns hold, so that a `[sources]` block can be drafted from it
(`reportgen.drafts`). Only the first rows are read; sample values are masked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from reportgen import labels, presets
from reportgen.errors import InputError, Problem
from reportgen.load import READABLE, Layout, guess_encodings, read_table
from reportgen.errors import shorten
from reportgen.sanitise import clean_text
from reportgen.source_plan import effective, peek
from reportgen.sources import FileSource
from reportgen.timestamps import FALSE, TRUE

SAMPLE_ROWS = 5000  # rows profiled
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ID = re.compile(r"(?=.*\d)[\w\-.:/#()]{1,40}")  # R_1BEuRx7BD75Kt5p, CUST-0042, 203.0.113.7(浙江-杭州)
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp][Mm])?.*)?$"
                   r"|^\d{1,2}-[A-Za-z]{3}-\d{4}( \d{1,2}:\d{2}(:\d{2})?)?$")


@dataclass
class ColumnFacts:
    name: str
    kind: str  # timestamp, number, scale, labels (answer labels), bool, category, text, empty
    missing: float  # share of the rows profiled without a value
    samples: list[str]
    question: str = ""  # the question text a second header row gives
    low: float | None = None  # numbers: the smallest and largest seen
    high: float | None = None
    date_rule: str | None = None  # timestamps: "iso", "day-first", "month-first"
    values: list[str] = field(default_factory=list)  # categories: every distinct value (masked)


@dataclass
class FileFacts:
    path: Path
    encoding: str | None
    skip_lines: int
    header_rows: int
    platform: str | None
    rows: int  # rows profiled
    columns: list[ColumnFacts] = field(default_factory=list)
    more_rows: bool = False  # the file has more rows than were profiled
    labelled: set[str] = field(default_factory=set)  # SPSS: columns whose codes have value labels

    def column(self, name: str) -> ColumnFacts | None:
        return next((c for c in self.columns if c.name == name), None)


def header_line(records: list[list[str]]) -> int:
    """The record that is the header: the first as wide as the rows under it (a line of tool
    output or a title above it has one or two cells)."""
    widths = [sum(1 for c in r if c) for r in records]
    if len(widths) < 2:
        return 0
    body = sorted(widths[len(widths) // 2:])
    typical = body[len(body) // 2]
    for i, w in enumerate(widths):
        if w >= max(2, 0.6 * typical):
            return i
    return 0


def inspect_file(path: Path, encoding: str | None = None) -> FileFacts:
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, "file not found")])
    if path.suffix.lower() not in READABLE:
        raise InputError([Problem(path.name, None, None, f"cannot read this kind of file; expected {', '.join(READABLE)}")])
    text = path.suffix.lower() in (".csv", ".tsv")
    order = (encoding,) if encoding else guess_encodings(path) if text else (None,)
    records = peek(path, 0, rows=60, encodings=order if text else ())
    skip = header_line(records) if records else 0
    head = records[skip:skip + 3]
    platform = presets.guess([n for r in head[:2] for n in r])
    header_rows, skipped = 1, set()
    if platform is not None:
        keys = effective(FileSource(file=path.name, preset=platform), head)[0]
        header_rows, skipped = keys["header_rows"], {str(c).casefold() for c in keys["na"]}
    if path.suffix.lower() == ".sav":  # names and question texts are metadata, not rows
        skip, header_rows = 0, 1
    layout = Layout(skip, header_rows, order if text and encoding is None else Layout().fallback)
    raw = read_table(path, encoding, None, (), layout)
    table = _first_rows(raw)
    questions = list(raw.head[1]) if len(raw.head) > 1 else []
    facts = FileFacts(path, raw.encoding, skip, header_rows, platform, min(table.num_rows, SAMPLE_ROWS),
                      more_rows=table.num_rows > SAMPLE_ROWS, labelled=set(raw.value_labels))
    for i, name in enumerate(table.column_names):
        if not name:
            continue
        values = pd.Series(table.column(name).to_pylist()[:SAMPLE_ROWS], dtype="object")
        facts.columns.append(_profile(name, values, questions[i] if i < len(questions) else "", skipped))
    return facts


def _first_rows(raw) -> pa.Table:
    batches = []
    try:
        for batch in raw.batches():
            batches.append(batch)
            if sum(b.num_rows for b in batches) > SAMPLE_ROWS:
                break
    except Exception:  # a later malformed row: what was read is enough to describe the file
        if not batches:
            raise
    return pa.Table.from_batches(batches) if batches else pa.table({n: pa.array([], pa.string()) for n in raw.header})


def _profile(name: str, values: pd.Series, question: str, skipped: set[str]) -> ColumnFacts:
    """The column's kind from its distinct values (the platform's skip codes left out)."""
    text = values.map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v).strip())
    text = text.map(lambda v: None if not isinstance(v, str) or v.casefold() in skipped else v)
    present = text[text.notna() & (text != "")]
    missing = 1 - len(present) / len(values) if len(values) else 1.0
    distinct = list(dict.fromkeys(present))
    # masked and shortened: an export's cells may hold names, phone numbers, whole complaints
    samples = [shorten(clean_text(v, max_chars=None).value or "", 30) for v in distinct[:4]]
    facts = ColumnFacts(name, "empty", missing, samples, question)
    if not distinct:
        return facts
    numbers = [float(v) for v in distinct if _NUMBER.match(v)]
    unique = len(distinct) == len(present) >= 5  # every row its own value: an id, a time, free text
    if not numbers and all(_DATE.match(v) for v in distinct[:200]):
        facts.kind, facts.date_rule = "timestamp", _date_rule(distinct)
    elif len(numbers) == len(distinct):
        facts.low, facts.high = min(numbers), max(numbers)
        whole = all(n.is_integer() for n in numbers)
        if whole and unique and len(distinct) > 12:
            facts.kind = "ids"
        else:
            facts.kind = "scale" if whole and 0 <= facts.low and facts.high <= 11 and len(distinct) <= 12 else "number"
    elif all(labels.scale_value(v) is not None or _NUMBER.match(v) for v in distinct) and len(distinct) <= 11:
        facts.kind = "labels"  # labels, or numbers with a label at the ends ("10 - Extremely likely")
        scored = [int(float(labels.scale_value(v) or v)) for v in distinct]
        facts.low, facts.high = min(scored), max(scored)
    elif all(v.lower() in TRUE | FALSE for v in distinct):
        facts.kind = "bool"
    elif all(labels.duration_seconds(v) is not None for v in distinct[:200]):
        facts.kind = "number"
    elif unique and all(_ID.fullmatch(v) for v in distinct[:200]):
        facts.kind = "ids"
    else:
        facts.kind = "category" if len(distinct) <= max(20, len(present) // 20) else "text"
        if facts.kind == "category" and len(distinct) <= 20:
            facts.values = [clean_text(v, max_chars=None).value or "" for v in distinct]
    return facts


def _date_rule(values: list[str]) -> str:
    """iso when the year comes first; else day-first if some first field is over 12."""
    first = [re.split(r"[-/.]", v, maxsplit=1)[0] for v in values[:500]]
    if all(len(f) == 4 for f in first):
        return "iso"
    if any(f.isdigit() and int(f) > 12 for f in first):
        return "day-first"
    return "month-first"


KIND_TEXT = {"ids": "identifiers", "timestamp": "date and time", "number": "number", "scale": "whole numbers", "labels": "answer labels",
             "bool": "yes/no", "category": "categories", "text": "text", "empty": "empty"}


def describe(facts: FileFacts) -> str:
    """The report `reportgen inspect` prints."""
    enc = {"utf-8-sig": "UTF-8", "gb18030": "GB18030", "cp1252": "Windows-1252", "utf-16": "UTF-16"}
    lines = [f"{facts.path.name}: {facts.path.suffix.lstrip('.').upper()}"
             + (f", {enc.get(facts.encoding, facts.encoding)}" if facts.encoding else "")
             + (f", {facts.skip_lines} line(s) above the header" if facts.skip_lines else "")
             + (f", {facts.header_rows} header rows" if facts.header_rows > 1 else ""),
             f"  platform: {facts.platform} (preset \"{facts.platform}\")" if facts.platform else "  platform: not recognised",
             f"  rows: {facts.rows:,}{' or more (the first ones were profiled)' if facts.more_rows else ''}",
             "  columns:"]
    width = min(40, max((len(c.name) for c in facts.columns), default=10))
    for c in facts.columns:
        kind = KIND_TEXT[c.kind] + (f" {c.low:g}–{c.high:g}" if c.low is not None else "")
        kind += f" ({c.date_rule})" if c.date_rule else ""
        name = c.name if len(c.name) <= width else c.name[:width - 1] + "…"
        lines.append(f"    {name:<{width}}  {kind:<24} {c.missing:>4.0%} missing  {', '.join(c.samples)}")
    return "\n".join(lines)
