"""Generate the sample in memory (`generate`) or write it as a data folder (`write_sample`, what
`reportgen sample` runs): the arguments checked, the quarters and questionnaire planned, and the
tables made all quarters at once or, for very large samples, one quarter at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reportgen.periods import Quarter
from reportgen.questionnaire import default_questionnaire_text, parse_questionnaire
from reportgen.sample.config_file import config_text
from reportgen.sample.draws import quarter_dates, stream
from reportgen.sample.events_actions import actions, events
from reportgen.sample.responses import responses
from reportgen.sample.tickets import tickets
from reportgen.sample.writers import write_csv, write_parquet, write_xlsx

FORMATS = ("csv", "parquet", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # one sheet, under the header row
BY_QUARTER = 2_000_000  # tickets a quarter above which the tables are generated one quarter at a time
MAX_COMPLAINTS = 20_000_000  # a month then holds under 9,999,999 ticket numbers (the busiest has < 40 %)


@dataclass(frozen=True)
class SampleData:
    """The synthetic data set, typed as the contract describes (timestamps tz-aware local)."""

    quarters: tuple[Quarter, ...]
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    events: pd.DataFrame
    actions: pd.DataFrame
    questionnaire_text: str
    config_text: str


def _check_args(seed, complaints, surveys, quarters):
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    for name, v in (("complaints", complaints), ("surveys", surveys)):
        if not isinstance(v, (int, np.integer)) or v < 0:
            raise ValueError(f"{name} must be a non-negative whole number, got {v!r}")
    if complaints > MAX_COMPLAINTS:
        raise ValueError(f"complaints: at most {MAX_COMPLAINTS:,} per quarter (ticket numbers have 7 digits a month)")
    if not isinstance(quarters, (int, np.integer)) or quarters < 1:
        raise ValueError(f"quarters must be at least 1, got {quarters!r}")


@dataclass(frozen=True)
class _Plan:
    quarters: list[Quarter]
    questionnaire_text: str
    item_ids: list[str]
    dims: list[str]
    item_dim: np.ndarray


def _plan(seed, complaints, surveys, quarters, last_quarter) -> _Plan:
    _check_args(seed, complaints, surveys, quarters)
    qs = [last_quarter.shift(-k) for k in range(quarters - 1, -1, -1)]
    qtext = default_questionnaire_text()
    qn = parse_questionnaire(qtext)
    dims = list(qn.dimensions)
    item_dim = np.array([dims.index(i.dimension) for i in qn.items], dtype=np.int64)
    return _Plan(qs, qtext, qn.item_ids, dims, item_dim)


def generate(*, seed: int = 20260930, complaints: int = 1500, surveys: int = 1000, quarters: int = 5,
             last_quarter: Quarter = Quarter(2026, 3)) -> SampleData:
    """Generate the sample in memory; counts are per quarter. Deterministic for the arguments."""
    p = _plan(seed, complaints, surveys, quarters, last_quarter)
    tables = _together(seed, p, int(complaints), int(surveys))
    return SampleData(quarters=tuple(p.quarters), complaints=next(tables["complaints"]),
                      surveys=next(tables["surveys"]), events=events(p.quarters),
                      actions=actions(p.quarters[-1]), questionnaire_text=p.questionnaire_text,
                      config_text=config_text())


def _together(seed: int, p: _Plan, complaints: int, surveys: int) -> dict[str, Iterator[pd.DataFrame]]:
    """The two tables, all quarters at once (each an iterator of one frame, made when asked for)."""
    return {
        "complaints": (tickets(stream(seed, 1), p.quarters, complaints) for _ in range(1)),
        "surveys": (responses(stream(seed, 2), p.quarters, surveys, p.item_ids, p.dims, p.item_dim) for _ in range(1)),
    }


def _by_quarter(seed: int, p: _Plan, complaints: int, surveys: int) -> dict[str, Iterator[pd.DataFrame]]:
    """The two tables one quarter at a time, each quarter from its own random streams, so that
    memory holds one quarter instead of all of them (10 M tickets and 2.5 M responses a quarter:
    10.4 GB peak and 5.5 minutes, measured; all five quarters at once would need about 50 GB)."""
    n = len(p.quarters)
    return {
        "complaints": (tickets(stream(seed, 100 + i), p.quarters, complaints, part=i) for i in range(n)),
        "surveys": (responses(stream(seed, 200 + i), p.quarters, surveys, p.item_ids, p.dims, p.item_dim, part=i)
                    for i in range(n)),
    }


def write_sample(out: Path, *, seed: int = 20260930, complaints: int = 1500, surveys: int = 1000,
                 quarters: int = 5, fmt: str = "csv", last_quarter: Quarter = Quarter(2026, 3)) -> list[Path]:
    """Write a synthetic data directory; counts are per quarter; returns the files written.

    `fmt` is csv (UTF-8 with BOM, as Chinese Excel users expect), parquet (typed columns) or
    xlsx. Complaint and survey tables left in `out` in another format are removed, since a data
    directory must hold exactly one of each. Over `BY_QUARTER` tickets a quarter the tables are
    generated and written one quarter at a time (see `_by_quarter`); below it, all quarters
    together, so repeats and duplicate responses also cross quarter boundaries.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    p = _plan(seed, complaints, surveys, quarters, last_quarter)
    if fmt == "xlsx" and max(complaints, surveys) * quarters > XLSX_MAX_ROWS:
        raise ValueError(f"xlsx holds at most {XLSX_MAX_ROWS:,} rows a sheet; use csv or parquet for "
                         f"{max(complaints, surveys) * quarters:,} rows")
    tables = (_by_quarter if complaints > BY_QUARTER else _together)(seed, p, int(complaints), int(surveys))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    fixed_time = quarter_dates(last_quarter)[1]  # stamped into xlsx metadata instead of "now"
    for stem, frames in tables.items():
        for other in FORMATS:
            stale = out / f"{stem}.{other}"
            if other != fmt and stale.is_file():
                stale.unlink()
        path = out / f"{stem}.{fmt}"
        if fmt == "csv":
            write_csv(frames, path, stream(seed, 10 if stem == "complaints" else 11))
        elif fmt == "parquet":
            write_parquet(frames, path)
        else:
            write_xlsx(next(frames), path, stem, fixed_time)
        written.append(path)
    for name, text in (("questionnaire.yaml", p.questionnaire_text), ("reportgen.toml", config_text())):
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    for name, frame in (("events.csv", events(p.quarters)), ("actions.csv", actions(p.quarters[-1]))):
        path = out / name
        path.write_bytes(b"\xef\xbb\xbf" + frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        written.append(path)
    return written

