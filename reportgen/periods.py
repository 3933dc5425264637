"""Quarters: `2025Q3` covers local [1 Jul 00:00, 1 Oct 00:00) in the configured time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Read `2025Q3`; raise ValueError for anything else (2025Q5, 2025-3, ...)."""
        m = _QUARTER.match(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a quarter; expected YYYYQn with n from 1 to 4, e.g. 2025Q3")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def from_index(cls, index: int) -> "Quarter":
        return cls(index // 4, index % 4 + 1)

    @property
    def index(self) -> int:
        """A running number, so that consecutive quarters differ by one."""
        return self.year * 4 + self.q - 1

    def shift(self, quarters: int) -> "Quarter":
        return Quarter.from_index(self.index + quarters)

    def previous(self) -> "Quarter":
        return self.shift(-1)

    def year_ago(self) -> "Quarter":
        return self.shift(-4)

    def bounds(self, tz: ZoneInfo) -> tuple[pd.Timestamp, pd.Timestamp]:
        """Local start (inclusive) and end (exclusive) of the quarter."""
        start = datetime(self.year, 3 * self.q - 2, 1)
        nxt = self.shift(1)
        end = datetime(nxt.year, 3 * nxt.q - 2, 1)
        return pd.Timestamp(start).tz_localize(tz), pd.Timestamp(end).tz_localize(tz)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"


def quarter_index(ts: pd.Series) -> pd.Series:
    """The running quarter number of each (local, tz-aware) timestamp; <NA> where missing."""
    return (ts.dt.year * 4 + ts.dt.quarter - 1).astype("Int64")
