"""Which quarter a build reports, and the rows dated after the build.

A stray row must not pick the report: one ticket typed as 2100, or five tickets of a quarter
still running, once made the default build report that quarter. The default is the latest
quarter that has ended by the build date and has data (tickets and responses if any quarter
has both); rows dated after the build are data-quality findings, and the choice is said.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pandas as pd

from reportgen import rules
from reportgen.dataset import DATED, Dataset
from reportgen.errors import Finding, InputError, Problem, ReportgenError
from reportgen.periods import Quarter
from reportgen.engine.intake import ROW

RULE_FUTURE = rules.AFTER_BUILD_DATE


def build_moment() -> datetime:
    """Now, or the moment SOURCE_DATE_EPOCH names (reproducible builds), in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ReportgenError(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a whole number of seconds since "
                             "1970-01-01 UTC; set it to e.g. $(date +%s) or unset it")


def future_findings(dataset: Dataset, moment: datetime) -> list[Finding]:
    """One finding per ticket or response dated after the build moment."""
    out = []
    limit = pd.Timestamp(moment)
    for name, column in DATED.items():
        if name not in dataset.typed:  # in a database
            continue
        file = dataset.file_name(name)
        rid = "ticket_id" if name == "complaints" else "response_id"
        late = dataset.backend.con.execute(
            f"SELECT {ROW}, {column}, {rid} FROM {name} WHERE {column} > ? ORDER BY {ROW}", [limit.to_pydatetime()]).fetchall()
        for row, ts, record in late:
            out.append(Finding(file, int(row), column, RULE_FUTURE,
                               f"{ts:%Y-%m-%d %H:%M} is after the build date "
                               f"{limit:%Y-%m-%d}; the row is in no quarter reported", record))
    return out


def choose_period(dataset: Dataset, period: str | None, moment: datetime, tz) -> tuple[Quarter, str]:
    """The quarter to report and a sentence saying why (printed by the command line)."""
    tickets, responses = (set(dataset.quarter_rows.get(n, {})) for n in ("complaints", "surveys"))
    present = sorted(tickets | responses)
    if not present:
        raise InputError([Problem("complaints/surveys", None, None, "no rows with a timestamp: nothing to report")])
    today = pd.Timestamp(moment).tz_convert(tz)
    span = f"the data covers {Quarter.from_index(present[0])} to {Quarter.from_index(present[-1])}"
    if period is not None:
        try:
            quarter = Quarter.parse(period)
        except ValueError as exc:
            raise ReportgenError(f"--period: {exc}")
        if quarter.index not in present:
            raise ReportgenError(f"--period {quarter}: no complaints or survey responses in that quarter; {span}")
        end = quarter.bounds(tz)[1]
        if end > today:
            return quarter, (f"{quarter} as asked; it has not ended (it ends {end:%Y-%m-%d}), "
                             "so its figures cover part of the quarter")
        return quarter, f"{quarter} as asked"
    ended = [q for q in present if Quarter.from_index(q).bounds(tz)[1] <= today]
    if not ended:
        raise ReportgenError(f"no quarter with data has ended by the build date {today:%Y-%m-%d} ({span}); "
                             "name one with --period")
    both = [q for q in ended if q in tickets and q in responses]
    quarter = Quarter.from_index((both or ended)[-1])
    return quarter, (f"{quarter}, the latest quarter ended by {today:%Y-%m-%d} with "
                     f"{'tickets and responses' if both else 'data'}; --period chooses another")
