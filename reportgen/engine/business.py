"""The business clock on the engine: business_days.sql's rows, tickets.sql's parameters, the limits.

The calendar is made in Python (dates, holidays and time zones are Python's to get right) as one
small relation; every ticket's business time is then two equality joins and arithmetic on the
engine, the same statement for a thousand tickets or millions.
"""

from __future__ import annotations

from datetime import date, timedelta

from reportgen.business_hours import MAX_DAYS, TAIL_DAYS, Schedules, calendar_version, day_rows
from reportgen.config import Config
from reportgen.engine import sql
from reportgen.errors import InputError, Problem
from reportgen.periods import Quarter


def _date(value) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def schedule_expression(s: Schedules) -> str:
    """A ticket's schedule: its store's, else its region's, else the main one (0)."""
    def case(column: str, keys: dict[str, int], other: str) -> str:
        keys = {k: v for k, v in keys.items() if v}
        if not keys:
            return other
        whens = " ".join(f"WHEN {sql.literal(k)} THEN {v}" for k, v in sorted(keys.items()))
        return f"CASE {column} {whens} ELSE {other} END"

    return case("store", s.stores, case("region", s.regions, "0"))


def business_params(range_row: dict, config: Config) -> dict:
    """tickets.sql's and business_days.sql's parameters, from timestamp_range.sql's row."""
    s = config.sla.schedules
    first = _date(range_row.get("first_date")) or date(2000, 1, 1)
    last = max([d for d in map(_date, range_row.values()) if d is not None] or [first])
    received = _date(range_row.get("last_received")) or first
    end = Quarter(received.year, (received.month - 1) // 3 + 1).bounds(config.tz)[1]
    last = max(last, (end - timedelta(days=1)).date())  # to its quarter's end (overdue_open.sql reads it)
    last = min(last, received + timedelta(days=TAIL_DAYS), first + timedelta(days=MAX_DAYS - 1))
    rows = day_rows(s, first, last, config.tz)
    return {"first": first.isoformat(), "last": last.isoformat(), "rows": rows,
            "width": max(len(x.intervals) for x in s.schedules), "schedule": schedule_expression(s),
            "schedules": len(s.schedules),
            "calendar": calendar_version(s.schedules[0].calendar) or "none"}


def totals_at_end(rows: list[tuple], day: date) -> list[tuple[int, int]]:
    """Per schedule, the business microseconds up to the end of local `day` (the last date the
    calendar spans, if `day` is later)."""
    out: dict[int, int] = {}
    for r in rows:
        if r[1] <= day:
            out[r[0]] = r[4] + sum(b - a for a, b in zip(r[5::2], r[6::2]))
    return sorted(out.items())


def _minutes(limit: timedelta, config: Config) -> str:
    """A limit in minutes as SQL: a literal, or per schedule where a limit in days meets schedules
    whose working days differ in length."""
    s = config.sla.schedules
    if s is None or not getattr(limit, "in_days", False):
        return sql.number(limit.total_seconds() / 60.0)
    days = limit / timedelta(days=1)
    minutes = [sql.number(days * x.day_seconds / 60.0) for x in s.schedules]
    if len(set(minutes)) == 1:
        return minutes[0]
    whens = " ".join(f"WHEN {k} THEN {m}" for k, m in enumerate(minutes) if k)
    return f"(CASE _schedule {whens} ELSE {minutes[0]} END)"


def limits(config: Config) -> dict[str, str]:
    """Each commitment's limit in minutes as SQL, per severity where it has tiers (by_severity)."""
    out = {}
    for name in ("response", "solution", "closure"):
        target = getattr(config.sla, name)
        base = _minutes(target.limit, config)
        if target.by_severity:
            whens = " ".join(f"WHEN {sql.literal(k)} THEN {_minutes(t.limit, config)}"
                             for k, t in target.by_severity.items())
            base = f"(CASE severity {whens} ELSE {base} END)"
        out[name] = base
    return out


def uncovered_problem(config: Config, rows: list[tuple], tickets: int, quarters: str) -> InputError:
    """Times on dates the calendar has not published, with the dates and what to do."""
    dates = sorted({r[1] for r in rows if not r[3]})
    years = sorted({d.year for d in dates})
    return InputError([Problem("reportgen.toml", None, None,
                               f"key sla.business_hours.calendar: the calendar CN has no published holidays "
                               f"for {', '.join(map(str, years))} (the State Council's notice is not in "
                               f"{calendar_version('CN')}); {tickets} tickets of {quarters} have times from "
                               f"{dates[0]} to {dates[-1]}. Update the holidays package, or set "
                               f"sla.business_hours.uncovered = \"weekdays\" to count those dates by the week alone")])
