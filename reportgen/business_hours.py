"""Business hours (`[sla.business_hours]`): when a desk is open, and the calendar of its working days.

Under `sla.clock = "business"` a commitment counts only the time the desk is open: the weekly
schedule's working days and hours, less the statutory holidays of the calendar (China's from the
`holidays` package, with the make-up working days of 调休 that move work onto a Saturday or
Sunday), less the config's extra closed dates, plus its extra open ones. Per store or region a
schedule may differ (`by_store`, `by_region`: only the keys given change).

The engine (engine/queries/business_days.sql) reads one row per schedule and local date, made
here: each opening interval as absolute instants, and the business time before the day began, so
that the business time between two instants is a difference of two lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)-(mon|tue|wed|thu|fri|sat|sun)$")
_INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
MAX_INTERVALS = 4  # opening intervals a day (a lunch break makes two)
MAX_SCHEDULES = 200  # distinct schedules (stores and regions with their own)
MAX_DAYS = 7320  # dates the calendar spans at most (20 years): later follow-ups count as at its end
# Days the calendar reaches past the last ticket received: a follow-up later than that (a typing
# error, 2045 for 2025) counts as at its end, already past any limit (at most 366 days), and no
# stray date makes the table, and so queries.sql, years long for every schedule.
TAIL_DAYS = 800


def _days(value) -> tuple[str, ...]:
    """'mon-fri', 'mon-sun', 'sat-sun' or a list of day names, as the days of the week in order."""
    if isinstance(value, str):
        m = _RANGE.match(value.strip().lower())
        if not m:
            raise ValueError("expected a range such as 'mon-fri' or a list such as ['mon', 'wed', 'sat']")
        a, b = WEEKDAYS.index(m.group(1)), WEEKDAYS.index(m.group(2))
        return tuple(WEEKDAYS[(a + i) % 7] for i in range((b - a) % 7 + 1))
    if isinstance(value, (list, tuple)):
        names = [str(v).strip().lower() for v in value]
        bad = [n for n in names if n not in WEEKDAYS]
        if bad or not names:
            raise ValueError(f"day names are mon, tue, wed, thu, fri, sat, sun (got {bad or 'none'})")
        return tuple(d for d in WEEKDAYS if d in names)
    raise ValueError("expected a range such as 'mon-fri' or a list of day names")


def _intervals(value: list[str]) -> tuple[tuple[int, int], ...]:
    """['09:00-12:00', '13:00-18:00'] as (start, end) seconds after midnight, in order, apart."""
    out = []
    for text in value:
        m = _INTERVAL.match(str(text).strip())
        if not m:
            raise ValueError(f"{text!r}: expected 'HH:MM-HH:MM', e.g. '09:00-18:00'")
        a, b = int(m.group(1)) * 3600 + int(m.group(2)) * 60, int(m.group(3)) * 3600 + int(m.group(4)) * 60
        if b > 86400 or b <= a:
            raise ValueError(f"{text!r}: the end must be after the start, at most 24:00 (no interval spans midnight)")
        out.append((a, b))
    out.sort()
    if any(b1 > a2 for (_, b1), (a2, _) in zip(out, out[1:])):
        raise ValueError("opening intervals overlap")
    if not 1 <= len(out) <= MAX_INTERVALS:
        raise ValueError(f"between 1 and {MAX_INTERVALS} opening intervals a day")
    return tuple(out)


class Hours(BaseModel):
    """A schedule's keys; in `by_store` and `by_region` a key left out is the main schedule's."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    days: str | list[str] | None = None  # working days of the week: "mon-fri" or a list
    start: str | None = None  # "09:00": with `end`, one opening interval a day
    end: str | None = None
    hours: list[str] | None = Field(None, max_length=MAX_INTERVALS)  # or several: ["09:00-12:00", "13:00-18:00"]
    calendar: Literal["CN", "none"] | None = None  # statutory holidays and make-up working days
    closed: list[date] | None = Field(None, max_length=400)  # extra dates closed (a store's stocktaking)
    open: list[date] | None = Field(None, max_length=400)  # extra dates open (a sale weekend)

    @field_validator("days")
    @classmethod
    def _valid_days(cls, v):
        return None if v is None else list(_days(v))

    @field_validator("hours")
    @classmethod
    def _valid_hours(cls, v):
        if v is not None:
            _intervals(v)
        return v

    @model_validator(mode="after")
    def _one_way_of_hours(self):
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end come together")
        if self.start is not None:
            if self.hours is not None:
                raise ValueError("give either start and end or hours, not both")
            _intervals([f"{self.start}-{self.end}"])
        both = set(self.closed or ()) & set(self.open or ())
        if both:
            raise ValueError(f"dates both closed and open: {', '.join(map(str, sorted(both)))}")
        return self


class BusinessHours(Hours):
    """`[sla.business_hours]`: the main schedule, per-store and per-region ones, and what to do with
    dates the calendar has not published (a year whose holidays the State Council has not set)."""

    by_store: dict[str, Hours] = Field(default_factory=dict, max_length=MAX_SCHEDULES)
    by_region: dict[str, Hours] = Field(default_factory=dict, max_length=MAX_SCHEDULES)
    uncovered: Literal["error", "weekdays"] = "error"


@dataclass(frozen=True)
class Schedule:
    """One resolved schedule: days of the week (0 = Monday), opening intervals, calendar, extra dates."""

    weekdays: frozenset[int]
    intervals: tuple[tuple[int, int], ...]
    calendar: str
    closed: frozenset[date]
    open: frozenset[date]

    @property
    def day_seconds(self) -> int:
        """The length of a working day: a limit in days counts this many business seconds a day."""
        return sum(b - a for a, b in self.intervals)


def _resolve(main: Hours, over: Hours | None = None) -> Schedule:
    def pick(key, default):
        for source in (over, main):
            if source is not None and getattr(source, key) is not None:
                return getattr(source, key)
        return default

    if over is not None and (over.start is not None or over.hours is not None):
        hours = over.hours if over.hours is not None else [f"{over.start}-{over.end}"]
    elif main.start is not None or main.hours is not None:
        hours = main.hours if main.hours is not None else [f"{main.start}-{main.end}"]
    else:
        hours = ["09:00-18:00"]
    days = pick("days", ["mon", "tue", "wed", "thu", "fri"])
    return Schedule(frozenset(WEEKDAYS.index(d) for d in days), _intervals(hours), pick("calendar", "CN"),
                    frozenset(pick("closed", [])), frozenset(pick("open", [])))


@dataclass(frozen=True)
class Schedules:
    """The distinct schedules (the main one first) and which store and region keeps which."""

    schedules: tuple[Schedule, ...]
    stores: dict[str, int]
    regions: dict[str, int]
    uncovered: str


def resolve(hours: BusinessHours) -> Schedules:
    main = _resolve(hours)
    schedules = [main]

    def index(s: Schedule) -> int:
        if s not in schedules:
            schedules.append(s)
        return schedules.index(s)

    stores = {k: index(_resolve(hours, v)) for k, v in hours.by_store.items()}
    regions = {k: index(_resolve(hours, v)) for k, v in hours.by_region.items()}
    return Schedules(tuple(schedules), stores, regions, hours.uncovered)


# The calendar ----------------------------------------------------------------------------------

@cache
def _china(year: int):
    import holidays

    return holidays.China(years=year)


def calendar_version(calendar: str) -> str | None:
    """The calendar's source, as the appendix and manifest name it."""
    if calendar == "none":
        return None
    import holidays

    return f"holidays {holidays.__version__} (China)"


def covered(calendar: str, year: int) -> bool:
    """Whether the calendar knows the year: China's holidays and make-up days are set by a State
    Council notice each year; a year of the package without any make-up working day is one whose
    notice it does not have (every published year since 2001 has some)."""
    if calendar == "none":
        return True
    return any(d.year == year for d in _china(year).weekend_workdays)


def day_kind(s: Schedule, day: date, weekdays_only: bool = False) -> str:
    """What a date is under a schedule: 'open' or 'closed' by the config's extra dates; 'holiday'
    or 'makeup' (a weekend working day) by the calendar; else 'workday' or 'rest' by the week."""
    if day in s.closed:
        return "closed"
    if day in s.open:
        return "open"
    if s.calendar == "CN" and not weekdays_only:
        cn = _china(day.year)
        if day in cn.weekend_workdays:
            return "makeup"
        if day in cn:
            return "holiday"
    return "workday" if day.weekday() in s.weekdays else "rest"


WORKING = {"open", "makeup", "workday"}


def _us(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))) // timedelta(microseconds=1)


def _at(day: date, seconds: int, tz: ZoneInfo) -> int:
    """The instant of a local wall-clock time of `day` (24:00 is the next midnight)."""
    if seconds == 86400:
        return _us(datetime.combine(day + timedelta(days=1), time(), tz))
    return _us(datetime.combine(day, time(seconds // 3600, seconds % 3600 // 60), tz))


def day_rows(schedules: Schedules, first: date, last: date, tz: ZoneInfo) -> list[tuple]:
    """Per schedule and local date from `first` to `last`: (schedule, date, kind, covered, business
    microseconds before the day, then each interval's opening and closing instant in epoch
    microseconds, a closed day's as the day's midnight twice). Uncovered dates follow the week alone."""
    last = min(last, first + timedelta(days=MAX_DAYS - 1))
    width = max(len(s.intervals) for s in schedules.schedules)
    rows = []
    for k, s in enumerate(schedules.schedules):
        before, day = 0, first
        while day <= last:
            known = covered(s.calendar, day.year)
            kind = day_kind(s, day, weekdays_only=not known)
            midnight = _us(datetime.combine(day, time(), tz))
            spans = [(_at(day, a, tz), _at(day, b, tz)) for a, b in (s.intervals if kind in WORKING else ())]
            spans += [(midnight, midnight)] * (width - len(spans))
            rows.append((k, day, kind, known, before, *[v for span in spans for v in span]))
            before += sum(b - a for a, b in spans)
            day += timedelta(days=1)
    return rows


def quarter_calendar(s: Schedule, first: date, last: date) -> dict[str, tuple[str, ...]]:
    """The dates from `first` to `last` that the calendar or the config make other than the week
    says (holiday, makeup, closed, open), for the appendix to state the clock."""
    out: dict[str, list[str]] = {"holiday": [], "makeup": [], "closed": [], "open": [], "uncovered": []}
    day = first
    while day <= last:
        known = covered(s.calendar, day.year)
        kind = day_kind(s, day, weekdays_only=not known)
        if kind in out and (kind != "holiday" or day.weekday() in s.weekdays):
            out[kind].append(day.isoformat())
        if not known:
            out["uncovered"].append(day.isoformat())
        day += timedelta(days=1)
    return {**{k: tuple(v) for k, v in out.items()}, "source": (calendar_version(s.calendar) or "none",)}
