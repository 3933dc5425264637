"""Business time between two instants, ticket by ticket in plain Python: the reference for the
engine's business clock (engine/queries/business_days.sql and tickets.sql), which looks up a
running total instead of walking the days."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from reportgen.business_hours import WORKING, Schedule, Schedules, covered, day_kind


def _local(day, seconds: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tz) + timedelta(seconds=seconds) if seconds == 86400 else \
        datetime.combine(day, time(seconds // 3600, seconds % 3600 // 60), tz)


def business_seconds(start: datetime, end: datetime, schedule: Schedule, tz: ZoneInfo) -> float:
    """The seconds of opening hours between `start` and `end` (aware datetimes, end ≥ start)."""
    total, day = 0.0, start.astimezone(tz).date()
    while day <= end.astimezone(tz).date():
        if day_kind(schedule, day, weekdays_only=not covered(schedule.calendar, day.year)) in WORKING:
            for a, b in schedule.intervals:
                lo, hi = max(start, _local(day, a, tz)), min(end, _local(day, b, tz))
                total += max(0.0, (hi - lo).total_seconds())
        day += timedelta(days=1)
    return total


def schedule_of(store, region, s: Schedules) -> int:
    if isinstance(store, str) and store in s.stores:
        return s.stores[store]
    if isinstance(region, str) and region in s.regions:
        return s.regions[region]
    return 0


def business_minutes(tickets: pd.DataFrame, column: str, s: Schedules, tz: ZoneInfo) -> pd.Series:
    """Per ticket, business minutes from received_at to `column` (NaN when missing or earlier)."""
    out = []
    for received, at, store, region in zip(tickets["received_at"], tickets[column],
                                           tickets.get("store", [None] * len(tickets)),
                                           tickets.get("region", [None] * len(tickets))):
        if pd.isna(at) or pd.isna(received) or at < received:
            out.append(float("nan"))
        else:
            k = schedule_of(store, region, s)
            out.append(business_seconds(received.to_pydatetime(), at.to_pydatetime(), s.schedules[k], tz) / 60.0)
    return pd.Series(out, index=tickets.index, dtype="float64")
