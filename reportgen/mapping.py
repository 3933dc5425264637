"""A `[sources]` file translated onto the contract's columns, one batch at a time.

The one translation from a raw export to the contract, between reading (`reportgen.load`)
and typing (`reportgen.engine.intake`): rows filtered (`drop`, `keep`; counted), source
columns renamed or joined, constants added, "not applicable" codes made missing (counted),
value maps and the answer labels of `reportgen.labels` applied once per distinct text, dates
read by the source's rule and zone, durations as text made seconds. What comes out is text
(timestamps typed) that the intake types and checks as it does a contract-shaped file, with
each row keeping the number it has in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reportgen import labels
from reportgen.errors import InputError, Problem
from reportgen.load import RawTable
from reportgen.schema import Column
from reportgen.timestamps import parse_timestamps

ROW = "_row"
ROW_NUMBER = "@row"  # a source "column": the row's number in the file (exports without an id)
# A column only a mapping has: when a response started. With the submission time it gives the
# duration of an export that has none of its own (SurveyMonkey's Start Date and End Date).
STARTED = Column("started_at", "timestamp")


def scalar_text(value) -> str:
    """A TOML value as the text a cell holds: true/false, 5, 4.5, text as it is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Plan:
    """A source's mapping resolved against its file: what every contract column comes from."""

    table: str  # complaints / surveys
    key: str  # "sources.surveys", as messages name it
    columns: dict[str, list[str]]  # contract column -> source columns (or ROW_NUMBER)
    constants: dict[str, object]  # contract column -> value (a timestamp for `period`)
    values: dict[str, dict[str, str]]  # contract column -> {source text, case folded -> contract text}
    na: dict[str, frozenset[str]]  # contract column -> codes, case folded
    drop: dict[str, frozenset[str]]  # source column -> values, case folded
    keep: dict[str, frozenset[str]]
    dates: dict[str, str]  # contract column -> rule
    zone: ZoneInfo  # the zone of naive timestamps
    kinds: dict[str, Column]
    zone_given: bool = False  # the source names its zone: its naive timestamps are read here
    preset: str | None = None
    option_letters: bool = False  # strip "A." from answers (腾讯问卷)
    period: str | None = None  # the quarter given to rows without a timestamp (`period` or --period)

    @property
    def derives_duration(self) -> bool:
        return (STARTED.name in self.columns and "duration_seconds" in self.kinds
                and "duration_seconds" not in self.columns and "submitted_at" in self.columns)


@dataclass
class Tally:
    """What the mapping did, for the appendix: rows left out by each filter, cells made missing."""

    dropped: dict[str, int] = field(default_factory=dict)  # "Status: Survey Preview, Spam" -> rows
    not_applicable: dict[str, int] = field(default_factory=dict)  # contract column -> cells
    rows_read: int = 0


class MappedTable:
    """A raw table seen through its mapping: the interface of `RawTable` that the intake uses."""

    def __init__(self, raw: RawTable, plan: Plan):
        self.raw, self.plan = raw, plan
        self.tally = Tally()
        self.problems: list[Problem] = []  # cells the mapping could not read (dates in a declared form)

    path = property(lambda self: self.raw.path)
    name = property(lambda self: self.raw.name)
    first_row = property(lambda self: self.raw.first_row)
    encoding = property(lambda self: self.raw.encoding)
    findings = property(lambda self: self.raw.findings)
    url = property(lambda self: getattr(self.raw, "url", None))  # a database table's server (masked)

    @property
    def columns(self) -> tuple[str, ...]:
        given = [c for c in self.plan.kinds if c != STARTED.name and (c in self.plan.columns or c in self.plan.constants)]
        if self.plan.derives_duration:
            given.append("duration_seconds")
        return tuple(given)

    def undecodable(self) -> InputError:
        return self.raw.undecodable()

    def reencoded(self) -> MappedTable | None:
        again = self.raw.reencoded()
        return None if again is None else MappedTable(again, self.plan)

    def batches(self) -> Iterator[pa.RecordBatch]:
        self.tally, self.problems = Tally(), []
        offset = self.raw.first_row
        for batch in self.raw.batches():
            rows = np.arange(offset, offset + batch.num_rows, dtype=np.int64)
            offset += batch.num_rows
            self.tally.rows_read += batch.num_rows
            out = self._map(batch, rows)
            if out.num_rows:
                yield out
        if self.problems:
            raise InputError(self.problems)

    def _map(self, batch: pa.RecordBatch, rows: np.ndarray) -> pa.RecordBatch:
        plan = self.plan
        keep = self._filter(batch)
        if keep is not None:
            batch, rows = batch.filter(keep), rows[keep.to_numpy(zero_copy_only=False)]
        n = batch.num_rows
        out = {ROW: pa.array(rows)}
        for name, col in plan.kinds.items():
            if name in plan.constants:
                out[name] = _constant(plan.constants[name], n)
            elif name in plan.columns:
                out[name] = self._column(name, col, _source(batch, plan.columns[name], rows), rows)
        started = out.pop(STARTED.name, None)
        if plan.derives_duration:
            seconds = pc.divide(pc.cast(pc.subtract(out["submitted_at"], started), pa.int64()), 1e6)
            out["duration_seconds"] = pc.cast(seconds, pa.string())
        return pa.RecordBatch.from_pydict(out)

    def _filter(self, batch: pa.RecordBatch) -> pa.Array | None:
        """The rows kept, or None for all; each rule counts the rows it leaves out that the rules
        before it kept."""
        mask = None
        for rules, dropping in ((self.plan.drop, True), (self.plan.keep, False)):
            for column, values in rules.items():
                hit = pc.is_in(_folded(batch.column(column)), value_set=pa.array(sorted(values), pa.string()))
                hit = pc.fill_null(hit, False)
                out = hit if dropping else pc.invert(hit)
                if mask is not None:
                    out = pc.and_(out, mask)
                gone = pc.sum(out).as_py() or 0
                if gone:  # counted by the value found: "Status = Survey Preview", "Finished = False"
                    cells = pc.filter(pc.utf8_trim_whitespace(_text(batch.column(column))), out)
                    for entry in pc.value_counts(cells).to_pylist():
                        label = f"{column} = {entry['values']}" if entry["values"] else f"{column} empty"
                        self.tally.dropped[label] = self.tally.dropped.get(label, 0) + entry["counts"]
                    mask = pc.invert(out) if mask is None else pc.and_(mask, pc.invert(out))
        return mask

    def _column(self, name: str, col: Column, arr: pa.Array, rows: np.ndarray) -> pa.Array:
        plan = self.plan
        if pa.types.is_timestamp(arr.type) or not (pa.types.is_string(arr.type) or pa.types.is_dictionary(arr.type)):
            if col.kind != "timestamp" or pa.types.is_timestamp(arr.type):
                return arr  # a typed cell (Parquet, a spreadsheet's number) goes to the intake as it is
            arr = pc.cast(arr, pa.string())
        text = pc.utf8_trim_whitespace(arr.cast(pa.string()) if pa.types.is_dictionary(arr.type) else arr)
        if plan.option_letters and not col.unique and col.kind != "timestamp":
            text = pc.replace_substring_regex(text, pattern=r"^[A-Z][.．、]\s*", replacement="")
        codes = plan.na.get(name)
        if codes:
            na = pc.fill_null(pc.is_in(pc.utf8_lower(text), value_set=pa.array(sorted(codes), pa.string())), False)
            count = pc.sum(na).as_py() or 0
            if count:
                plan_count = self.tally.not_applicable
                plan_count[name] = plan_count.get(name, 0) + count
                text = pc.if_else(na, pa.scalar(None, pa.string()), text)
        coded = self.raw.value_labels.get(plan.columns[name][0]) if len(plan.columns[name]) == 1 else None
        if coded:
            text = _labelled(text, coded, col)
        if col.kind == "timestamp" and (name in plan.dates or plan.zone_given or plan.derives_duration):
            return self._dates(name, col, text, rows)
        translate = _translator(plan.values.get(name, {}), col)
        return text if translate is None else _per_distinct(text, translate)

    def _dates(self, name: str, col: Column, text: pa.Array, rows: np.ndarray) -> pa.Array:
        rule = self.plan.dates.get(name, "iso")
        series = pd.Series(text.to_pandas(), dtype="string")
        parsed = parse_dates(series, rule, self.plan.zone)
        bad = (series.notna() & parsed.isna()).to_numpy()
        for row, cell in zip(rows[bad], series[bad]):
            self.problems.append(Problem(self.name, int(row), name, f"expected a date and time {_RULES.get(rule, 'in the form ' + rule)} "
                                         f"(the key {self.plan.key}.dates.{name}), in the years 1678–2261", cell))
        return pa.array(parsed.dt.tz_convert("UTC"), pa.timestamp("us", tz="UTC"))


def summary(table: MappedTable) -> dict:
    """The mapping as applied, for the manifest and the appendix (source names, no data)."""
    plan, tally = table.plan, table.tally
    return {"preset": plan.preset, "columns": {k: " + ".join(v) for k, v in plan.columns.items()},
            "constants": {k: (v.isoformat() if isinstance(v, pd.Timestamp) else scalar_text(v))
                          for k, v in plan.constants.items()},
            "value_maps": sorted(plan.values), "dates": dict(plan.dates),
            "timezone": str(plan.zone) if plan.zone_given else None, "period": plan.period,
            "header_rows": table.raw.layout.header_rows, "skip_lines": table.raw.layout.skip_lines,
            "rows_read": tally.rows_read, "rows_dropped": dict(tally.dropped),
            "not_applicable": dict(tally.not_applicable)}


_RULES = {"iso": "such as 2025-07-03 09:05:00", "day-first": "day first, such as 03/07/2025 09:05",
          "month-first": "month first, such as 07/03/2025 9:05 AM", "excel": "as an Excel serial number such as 45841.38"}


def parse_dates(text: pd.Series, rule: str, zone: ZoneInfo) -> pd.Series:
    """Timestamps in `zone` (naive ones are local time there); unreadable cells NaT."""
    if rule == "iso":
        return parse_timestamps(text, zone)[0]
    if rule == "excel":
        days = pd.to_numeric(text, errors="coerce")
        days = days.where((days > 0) & (days < 2958466))  # 1900-01-01 … 9999-12-31
        parsed = pd.Timestamp("1899-12-30") + pd.to_timedelta(days.astype("float64"), unit="D").dt.round("s")  # as Excel shows it
    elif rule in ("day-first", "month-first"):
        first = rule == "day-first"
        with _quiet():
            parsed = pd.to_datetime(text, dayfirst=first, errors="coerce")
            retry = text.notna() & parsed.isna()
            if retry.any():  # a column mixing forms (a date alone beside a date and a time)
                parsed[retry] = pd.to_datetime(text[retry], format="mixed", dayfirst=first, errors="coerce")
    else:
        parsed = pd.to_datetime(text, format=rule, errors="coerce")
    parsed = pd.Series(parsed, index=text.index)
    if parsed.dt.tz is None:
        parsed = parsed.dt.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward")
    else:
        parsed = parsed.dt.tz_convert(zone)
    lo, hi = 1678, 2261
    years = parsed.dt.year
    return parsed.where((years >= lo) & (years <= hi))


class _quiet:
    """pandas warns when it guesses a format; the rule's name already says how to read."""

    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", UserWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)


def _translator(values: dict[str, str], col: Column):
    """The function giving a distinct cell text its contract text, or None when nothing applies."""
    scaled = col.kind == "int" and col.scale is not None
    duration = col.kind == "number" and col.name == "duration_seconds"
    if not values and not scaled and not duration:
        return None

    def translate(text: str | None) -> str | None:
        if text is None:
            return None
        got = values.get(text.casefold())
        if got is not None:
            return got
        if scaled:
            return labels.scale_value(text, col.scale) or text
        if duration:
            return labels.duration_seconds(text) or text
        return text

    return translate


def _labelled(text: pa.Array, coded: dict[str, str], col: Column) -> pa.Array:
    """An SPSS column's codes as their value labels: for a text column always; for an answer only
    where the label reads as one (非常满意 → 5, "3分" → 3), as the code may be a mere position."""
    if col.kind == "int" and col.scale is not None:
        coded = {k: v for k, v in coded.items() if labels.scale_value(v, col.scale) is not None}
    elif col.kind != "text":
        return text
    if not coded:
        return text
    return _per_distinct(text, lambda v: None if v is None else coded.get(v, v))


def _per_distinct(text: pa.Array, fn) -> pa.Array:
    """`fn` applied once per distinct cell text (labels and codes repeat: a column of a million
    answers has a handful of distinct ones)."""
    encoded = pc.dictionary_encode(text)
    encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
    return pa.array([fn(v) for v in encoded.dictionary.to_pylist()], pa.string()).take(encoded.indices)


def _text(arr: pa.Array) -> pa.Array:
    return arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())


def _folded(arr: pa.Array) -> pa.Array:
    return pc.utf8_lower(pc.utf8_trim_whitespace(_text(arr)))


def _source(batch: pa.RecordBatch, names: list[str], rows: np.ndarray) -> pa.Array:
    """The source cells for one contract column: a column, the row numbers, or columns joined
    with a space (a date and a time), a missing part left out."""
    if names == [ROW_NUMBER]:
        return pa.array(rows.astype(str), pa.string())
    parts = [batch.column(n) for n in names]
    parts = [p if pa.types.is_string(p.type) else pc.cast(p, pa.string()) for p in parts]
    if len(parts) == 1:
        return parts[0]
    parts = [pc.utf8_trim_whitespace(p) for p in parts]
    joined = pc.binary_join_element_wise(*parts, " ", null_handling="skip")
    return pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined)


def _constant(value, n: int) -> pa.Array:
    if isinstance(value, pd.Timestamp):
        return pa.array(np.full(n, value.tz_convert("UTC").value // 1000, dtype=np.int64), pa.int64()).cast(
            pa.timestamp("us", tz="UTC"))
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)),
                                          pa.array([scalar_text(value)], pa.string()))
