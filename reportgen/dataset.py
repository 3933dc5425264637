"""Load a data directory: find, read and type every input, reporting all problems at once."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from reportgen import schema
from reportgen.config import Config
from reportgen.engine.database import TABLES, open_tables, table_source
from reportgen.errors import InputError, Problem
from reportgen.load import RawTable, find_table, read_table
from reportgen.periods import quarter_index
from reportgen.questionnaire import Questionnaire, load_questionnaire
from reportgen.stages import Stages
from reportgen.validate import Finding, typed_table

QUARTER = "_quarter"  # running quarter number (see periods.Quarter.index) of the deciding timestamp


@dataclass(frozen=True)
class Source:
    """One input file as read, for the manifest."""

    path: Path
    size: int
    sha256: str
    rows: int
    encoding: str | None = None
    url: str | None = None  # a database table's server, password masked (path is then the table)


@dataclass(frozen=True)
class Dataset:
    """Every input, typed. Frames keep the source row in `_row` and the quarter in `_quarter`.

    Tickets and responses read from a database stay there: their frames are None, and
    `backend` is the connection whose `complaints` and `surveys` relations hold them.
    """

    complaints: pd.DataFrame | None
    surveys: pd.DataFrame | None
    events: pd.DataFrame | None
    actions: pd.DataFrame | None
    questionnaire: Questionnaire
    findings: tuple[Finding, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    quarter_rows: dict[str, dict[int, int]] = field(default_factory=dict)  # table -> quarter -> rows
    backend: object | None = None

    def quarters(self) -> list[int]:
        """Quarter numbers present in complaints or surveys, ascending."""
        return sorted({q for rows in self.quarter_rows.values() for q in rows})


def quarter_rows(frame: pd.DataFrame) -> dict[int, int]:
    counts = frame[QUARTER].dropna().value_counts()
    return {int(q): int(n) for q, n in counts.items()}


def _digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return path.stat().st_size, h.hexdigest()


def load_dataset(data_dir: Path, config: Config, encoding: str | None = None, stages: Stages | None = None) -> Dataset:
    """Read and validate every input in `data_dir`; raise InputError listing every problem."""
    stages = stages or Stages()
    if not data_dir.is_dir():
        raise InputError([Problem(str(data_dir), None, None, "data folder not found")])
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    in_database = config.sources.complaints is not None
    with stages("load"):
        questionnaire, raws = _read(data_dir, encoding, problems, sources, skip=TABLES if in_database else ())
    with stages("validate"):
        dataset = _validate(raws, questionnaire, sources, problems, config.tz, tuple(config.redact_names))
        if not in_database:
            return dataset
        backend, stats = open_tables(config, questionnaire)
        tables = {"complaints": config.sources.complaints, "surveys": config.sources.surveys}
        return replace(dataset, backend=backend, quarter_rows={n: q for n, (_, q) in stats.items()},
                       sources={**dataset.sources, **{n: table_source(tables[n], rows) for n, (rows, _) in stats.items()}})


def _read(data_dir: Path, encoding: str | None, problems: list[Problem], sources: dict[str, Source],
          skip: tuple[str, ...] = ()):
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
        path = None if stem in skip else attempt(find_table, data_dir, stem, required=required)
        if path is None:
            return None
        wanted = None if columns is None else {c.name for c in columns if c.read}
        # hashlib releases the GIL on large blocks: the digest runs on the other core while
        # pyarrow reads (a 1.3 GB CSV's SHA-256 takes about 2.5 s).
        with ThreadPoolExecutor(max_workers=1) as pool:
            digest = pool.submit(_digest, path)
            raw = attempt(read_table, path, encoding, wanted)
            try:
                size, sha = digest.result()
            except OSError:  # unreadable: read_table has already said why
                return None
        if raw is not None:
            sources[stem] = Source(path, size, sha, rows=len(raw.frame), encoding=raw.encoding)
        return raw

    survey_columns = schema.survey_columns(questionnaire.item_ids) if questionnaire is not None else None
    raws = {"complaints": (table("complaints", True, schema.COMPLAINTS), schema.COMPLAINTS, "ticket_id"),
            "surveys": (table("surveys", True, survey_columns), survey_columns, "response_id"),
            "events": (table("events", False, schema.EVENTS), schema.EVENTS, None),
            "actions": (table("actions", False, schema.ACTIONS), schema.ACTIONS, None)}
    return questionnaire, raws


def _validate(raws: dict, questionnaire: Questionnaire | None, sources: dict[str, Source], problems: list[Problem],
              tz, names: tuple[str, ...] = ()) -> Dataset:
    findings: list[Finding] = []
    typed = {}
    for name, (raw, columns, id_column) in raws.items():
        typed[name] = None
        if raw is not None and columns is not None:
            typed[name] = typed_table(raw, columns, tz, problems, findings, id_column, names)
            findings.extend(raw.findings)  # faults repaired while reading (merged XLSX cells)
    complaints, surveys, events, actions = (typed[n] for n in ("complaints", "surveys", "events", "actions"))
    if problems:
        raise InputError(problems)
    counted = {}
    for name, frame, column in (("complaints", complaints, "received_at"), ("surveys", surveys, "submitted_at")):
        if frame is not None:  # None: the table is in a database
            frame[QUARTER] = quarter_index(frame[column])
            counted[name] = quarter_rows(frame)
    findings.sort(key=lambda f: (f.file, f.row, f.column))
    return Dataset(complaints=complaints, surveys=surveys, events=events, actions=actions,
                   questionnaire=questionnaire, findings=tuple(findings), sources=sources, quarter_rows=counted)
