"""Load a data directory: find, read and type every input, reporting all problems at once."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from reportgen import schema
from reportgen.config import Config
from reportgen.engine.database import TABLES, open_tables, table_source
from reportgen.errors import InputError, Problem
from reportgen.load import RawTable, find_table, read_table
from reportgen.chain import ROW_SPAN, ChainedTable, chain_summary, locate_all
from reportgen.mapping import MappedTable, summary
from reportgen.source_plan import open_source
from reportgen.periods import quarter_index
from reportgen.questionnaire import Questionnaire, load_questionnaire
from reportgen.stages import Stages
from reportgen.engine.backends import DuckDBBackend
from reportgen.engine.intake import ROW, Intake
from reportgen.engine.sql import quote
from reportgen.errors import Finding
from reportgen.validate import check, load_table

QUARTER = "_quarter"  # running quarter number (see periods.Quarter.index) of the deciding timestamp
DATED = {"complaints": "received_at", "surveys": "submitted_at"}  # the timestamp that places a row


@dataclass(frozen=True)
class Source:
    """One input file as read, for the manifest."""

    path: Path
    size: int
    sha256: str
    rows: int
    encoding: str | None = None
    url: str | None = None  # a database table's server, password masked (path is then the table)
    mapping: dict | None = None  # a `[sources]` file's mapping as applied (reportgen.mapping.summary)
    parts: tuple[Source, ...] = ()  # several files read as one table: each of them (path is the first's)


@dataclass(frozen=True)
class Dataset:
    """Every input, typed. Tickets and responses are in the engine (`backend`), as the relations
    `complaints` and `surveys`: from the data folder's files, typed by `reportgen.engine.intake`,
    or the organisation's database tables read where they are. Events and actions are small
    frames. Every table keeps the source row in `_row`.
    """

    events: pd.DataFrame | None
    actions: pd.DataFrame | None
    questionnaire: Questionnaire
    findings: tuple[Finding, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    quarter_rows: dict[str, dict[int, int]] = field(default_factory=dict)  # table -> quarter -> rows
    backend: object | None = None
    typed: dict[str, Intake] = field(default_factory=dict)  # the tables typed from files
    absent: tuple[str, ...] = ()  # complaints or surveys: no such input (its relation is empty)

    def file_name(self, name: str) -> str:
        """The file a table came from, as messages and listings name it."""
        return self.sources[name].path.name if name in self.sources else f"{name}.csv"

    def locate(self, name: str, row: int) -> tuple[str, int]:
        """The file and row a person sees for a table's `_row` (several files: see reportgen.chain)."""
        src = self.sources.get(name)
        if src is None or not src.parts:
            return self.file_name(name), row
        part = min(row // ROW_SPAN, len(src.parts) - 1)
        return src.parts[part].path.name, row - part * ROW_SPAN

    def quarters(self) -> list[int]:
        """Quarter numbers present in complaints or surveys, ascending."""
        return sorted({q for rows in self.quarter_rows.values() for q in rows})

    @cached_property
    def complaints(self) -> pd.DataFrame | None:
        """The typed tickets as a frame with `_quarter`, fetched from the engine: for the tests and
        the reference implementation; the build never reads rows in Python."""
        return self._frame("complaints")

    @cached_property
    def surveys(self) -> pd.DataFrame | None:
        """The typed responses as a frame with `_quarter` (see `complaints`)."""
        return self._frame("surveys")

    def _frame(self, name: str) -> pd.DataFrame | None:
        if name not in self.typed:
            return None
        frame = frame_of(self.backend.con, self.typed[name])
        frame[QUARTER] = quarter_index(frame[DATED[name]])
        return frame


def frame_of(con, loaded: Intake) -> pd.DataFrame:
    """A typed table as a pandas frame with the nullable dtypes the figures' reference expects."""
    names = [ROW] + [c.name for c in loaded.columns]
    table = con.sql(f"SELECT {', '.join(quote(n) for n in names)} FROM {loaded.table} ORDER BY {ROW}").to_arrow_table()
    out = {ROW: table.column(ROW).to_numpy().astype(np.int64)}
    for col in loaded.columns:
        arr = table.column(col.name)
        if col.kind == "text":
            out[col.name] = pd.Series(pd.arrays.ArrowStringArray(arr.cast(pa.string()))).astype("string")
        elif col.kind in ("timestamp", "date"):
            values = pd.Series(arr.to_pandas())
            out[col.name] = values.astype(pd.DatetimeTZDtype("ns", values.dt.tz) if values.dt.tz is not None
                                          else "datetime64[ns]")
        else:
            out[col.name] = pd.Series(arr.to_pandas()).astype({"int": "Int64", "number": "Float64", "bool": "boolean"}[col.kind])
    return pd.DataFrame(out)


def _digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return path.stat().st_size, h.hexdigest()


@dataclass(frozen=True)
class EmptyTable:
    """The input a data folder does not have, as a table without rows: its figures are null."""

    path: Path
    columns: tuple[str, ...]  # every column of the contract, none with a value
    first_row: int = 2
    encoding: str | None = None
    findings: tuple = ()

    name = property(lambda self: self.path.name)

    def batches(self):
        return iter(())


SMALL = ("events", "actions")  # read into frames; the rest stay in the engine


def load_dataset(data_dir: Path, config: Config, stages: Stages | None = None,
                 period: str | None = None) -> Dataset:
    """Read and validate every input in `data_dir`; raise InputError listing every problem.

    CSV files are read in `config.encoding` when it is set (`--encoding`), else detected.
    """
    encoding = config.encoding
    stages = stages or Stages()
    if not data_dir.is_dir():
        raise InputError([Problem(str(data_dir), None, None, "data folder not found")])
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    in_database = config.sources.in_database
    backend = DuckDBBackend(config.timezone)
    con = backend.con
    names = tuple(config.redact_names)
    with stages("load"), ThreadPoolExecutor(max_workers=1) as pool:
        questionnaire, raws = _read(data_dir, encoding, problems, sources, config, skip=TABLES if in_database else (),
                                    period=period)
        # hashlib releases the GIL on large blocks: each digest runs on the other core while the
        # file is read (a 1.3 GB CSV's SHA-256 takes about 2.5 s).
        digests = {name: pool.submit(_digest, raw.path) for name, (raw, _, _) in raws.items()
                   if raw is not None and getattr(raw, "url", None) is None}
        part_digests = {name: [pool.submit(_digest, p.path) for p in raw.parts] for name, (raw, _, _) in raws.items()
                        if isinstance(raw, ChainedTable)}
        loaded: dict[str, Intake] = {}
        for name, (raw, columns, id_column) in raws.items():
            if raw is not None and columns is not None:
                got = load_table(con, name, raw, columns, config.tz, problems, id_column, names, backend.work)
                if got is not None:
                    loaded[name] = got
                if got is not None and getattr(raw, "url", None) is not None:  # a database table read
                    sources[name] = Source(raw.path, 0, "", rows=got.rows, url=raw.url, mapping=summary(raw))
        for name, future in digests.items():
            try:
                size, sha = future.result()
            except OSError as exc:
                problems.append(Problem(raws[name][0].name, None, None, f"cannot read: {exc.strerror}"))
                continue
            if name in loaded:
                raw = raws[name][0]
                chained = isinstance(raw, ChainedTable)
                parts = tuple(Source(p.path, *d.result(), rows=p.tally.rows_read, encoding=p.encoding)
                              for p, d in zip(raw.parts, part_digests[name])) if chained else ()
                sources[name] = Source(raw.path, size, sha, rows=loaded[name].rows, encoding=loaded[name].encoding,
                                       mapping=chain_summary(raw) if chained else summary(raw)
                                       if isinstance(raw, MappedTable) else None, parts=parts)
        absent = tuple(n for n in TABLES if n not in loaded and raws[n][0] is None and raws[n][1] is not None
                       and not in_database)
        for name in absent:  # an empty relation, so that every query runs and its figures are null
            loaded[name] = load_table(con, name, EmptyTable(Path(f"{name}.csv"), tuple(c.name for c in raws[name][1])),
                                      raws[name][1], config.tz, problems,
                                      raws[name][2], names, backend.work)
    with stages("validate"):
        for name, got in loaded.items():
            check(con, got, raws[name][0].name if raws[name][0] is not None else f"{name}.csv", problems, raws[name][2])
        if problems:
            backend.close()
            for raw, _, _ in raws.values():
                problems = locate_all(raw, problems)
            raise InputError(problems)
        findings = [f for got in loaded.values() for f in got.findings]
        small = {name: frame_of(con, loaded.pop(name)) if name in loaded else None for name in SMALL}
        for name, got in loaded.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT {ROW}, "
                        f"{', '.join(quote(c.name) for c in got.columns)} FROM {got.table}").fetchall()
        counted = {name: _quarter_rows(con, name) for name in loaded}
        findings = _with_quarters(con, findings, {sources[n].path.name: n for n in loaded if n in sources})
        for raw, _, _ in raws.values():
            findings = locate_all(raw, findings)
        dataset = Dataset(events=small["events"], actions=small["actions"], questionnaire=questionnaire,
                          findings=tuple(sorted(findings, key=lambda f: (f.file, f.row, f.column))),
                          sources=sources, quarter_rows=counted, backend=backend, typed=loaded, absent=absent)
        if not in_database:
            return dataset
        backend.close()
        db, stats = open_tables(config, questionnaire)
        tables = {"complaints": config.sources.complaints, "surveys": config.sources.surveys}
        return replace(dataset, backend=db, typed={}, quarter_rows={n: q for n, (_, q) in stats.items()},
                       sources={**dataset.sources, **{n: table_source(tables[n], rows) for n, (rows, _) in stats.items()}})
def window(table: str, period: str | None, config: Config) -> tuple | None:
    """The times a quarter's figures read, for a database read to filter in its query: tickets
    from the first trend quarter, less the repeat window, to the quarter's end; responses up to
    its end (a duplicate is judged against every earlier one). A day's margin either side: the
    exact quarters are decided after typing, in the configured zone."""
    from reportgen.engine.counts import TREND_QUARTERS
    from reportgen.periods import Quarter

    if period is None:
        return None
    quarter = Quarter.parse(period)
    end = quarter.bounds(config.tz)[1] + pd.Timedelta(days=1)
    if table == "surveys":
        return None, end
    start = quarter.shift(-(TREND_QUARTERS - 1)).bounds(config.tz)[0]
    return start - pd.Timedelta(days=config.repeat_window_days + 1), end


def _quarter_of(column: str) -> str:
    """The running quarter number (periods.Quarter.index) of a timestamp, in the session's zone."""
    return f"CAST(year({quote(column)}) * 4 + quarter({quote(column)}) - 1 AS BIGINT)"


def _quarter_rows(con, name: str) -> dict[int, int]:
    q = _quarter_of(DATED[name])
    rows = con.execute(f"SELECT {q} AS q, COUNT(*) FROM {name} WHERE {quote(DATED[name])} IS NOT NULL "
                       "GROUP BY q ORDER BY q").fetchall()
    return {int(k): int(n) for k, n in rows}


def _with_quarters(con, findings: list[Finding], tables: dict[str, str]) -> list[Finding]:
    """Findings on tickets and responses with their row's quarter (each period reports its own)."""
    out = [f for f in findings if f.file not in tables]
    for file, name in tables.items():
        mine = [f for f in findings if f.file == file]
        if not mine:
            continue
        con.register("finding_rows", pa.table({"r": pa.array(sorted({f.row for f in mine}), pa.int64())}))
        quarters = dict(con.execute(f"SELECT {ROW}, {_quarter_of(DATED[name])} FROM {name} "
                                    f"JOIN finding_rows ON {ROW} = r").fetchall())
        con.unregister("finding_rows")
        out.extend(replace(f, quarter=quarters.get(f.row)) for f in mine)
    return out


def _read(data_dir: Path, encoding: str | None, problems: list[Problem], sources: dict[str, Source],
          config: Config, skip: tuple[str, ...] = (), period: str | None = None):
    """The questionnaire and the raw tables (None where missing or unreadable; problems collected)."""

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    questionnaire = None
    q_path = data_dir / "questionnaire.yaml"
    loaded = attempt(load_questionnaire, q_path)
    if loaded is not None:
        questionnaire = loaded[0]
        sources["questionnaire"] = Source(q_path, *_digest(q_path), rows=len(questionnaire.items))

    def table(stem: str, required: bool, columns: tuple[schema.Column, ...] | None) -> RawTable | None:
        mapped = config.sources.mapped(stem) if stem in TABLES else None
        if mapped is not None:
            return None if columns is None else attempt(open_source, data_dir, stem, mapped, columns, config.tz, encoding,
                                                         period, window(stem, period, config))
        path = None if stem in skip else attempt(find_table, data_dir, stem, required=required)
        if path is None:
            return None
        wanted = None if columns is None else {c.name for c in columns if c.read}
        labels = () if columns is None else {c.name for c in columns if c.read and c.kind == "text" and c.mask}
        return attempt(read_table, path, encoding, wanted, labels)

    survey_columns = schema.survey_columns(questionnaire.item_ids, questionnaire.scale, questionnaire.item_scales) if questionnaire is not None else None
    # Either table alone is enough for a report; neither is a problem.
    complaint_columns = schema.complaint_columns(config.comments.derive_categories)
    raws = {"complaints": (table("complaints", False, complaint_columns), complaint_columns, "ticket_id"),
            "surveys": (table("surveys", False, survey_columns), survey_columns, "response_id"),
            "events": (table("events", False, schema.EVENTS), schema.EVENTS, None),
            "actions": (table("actions", False, schema.ACTIONS), schema.ACTIONS, None)}
    if not skip and not any(raws[n][0] for n in TABLES) and not any(p.file.startswith(TABLES) for p in problems):
        problems.append(Problem(str(data_dir), None, None, "found neither complaints nor surveys: expected "
                                "complaints.csv (.xlsx, .xls, .parquet) or surveys.csv, or a [sources.complaints] or "
                                "[sources.surveys] block in reportgen.toml naming the file"))
    return questionnaire, raws
