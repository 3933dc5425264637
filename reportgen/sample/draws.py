"""Random streams and the draws every table shares: times within a quarter, exact shares,
choices per group, and the local wall-clock seconds the generator computes with."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from reportgen.periods import Quarter
from reportgen.sample.organisation import TZ

NAT = np.iinfo(np.int64).min  # int64 seconds sentinel; viewed as datetime64[s] it is NaT


def stream(seed: int, number: int) -> np.random.Generator:
    """The random stream `number` of a seed: each table and writer draws from its own."""
    return np.random.default_rng([number, seed])


def drift(table: tuple[float, ...], k: int) -> float:
    return table[k] if k < len(table) else table[-1]


def local_seconds(d: date) -> int:
    return int(np.datetime64(d.isoformat(), "s").astype(np.int64))


def quarter_dates(q: Quarter) -> tuple[date, date]:
    """The quarter's first day and the day after its last, as `Quarter.bounds` defines them."""
    start, end = q.bounds(ZoneInfo(TZ))
    return start.date(), end.date()


def quarter_bounds(q: Quarter) -> tuple[int, int]:
    """Local wall-clock seconds (as if UTC) of the quarter's start and end."""
    start, end = quarter_dates(q)
    return local_seconds(start), local_seconds(end)


def n_messy(rate: float, n: int) -> int:
    """Rows of one kind of fault in a block of `n`: at least one once the block has 20 rows."""
    if n < 20:
        return 0
    return max(1, int(round(rate * n)))


def grouped_choice(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """For each row, a choice from `probs[group]` (rows of probabilities); groups in fixed order."""
    out = np.zeros(len(group), dtype=np.int64)
    for g in range(probs.shape[0]):
        sel = np.flatnonzero(group == g)
        if len(sel):
            p = probs[g] / probs[g].sum()
            out[sel] = rng.choice(len(p), size=len(sel), p=p)
    return out


def sample_times(rng: np.random.Generator, n: int, q: Quarter, hours: np.ndarray,
                 promotions: bool) -> np.ndarray:
    """`n` local timestamps (int seconds) in the quarter: busier at weekends, by hour of day,
    and (for complaints) in the days after the 618 and Double-11 shopping festivals."""
    start, end = quarter_bounds(q)
    d0, d1 = quarter_dates(q)
    days = (end - start) // 86400
    day_start = start + 86400 * np.arange(days, dtype=np.int64)
    weekday = (day_start // 86400 + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    w = np.where(weekday >= 5, 1.25, 1.0)
    if promotions:
        for month, day in ((6, 18), (11, 11)):
            peak = date(q.year, month, day)
            if d0 <= peak < d1:
                off = (peak - d0).days
                w[off + 1: off + 10] *= 1.6
    d = rng.choice(days, size=n, p=w / w.sum())
    h = rng.choice(24, size=n, p=hours / hours.sum())
    s = rng.integers(0, 3600, size=n)
    return day_start[d] + h * 3600 + s


def apportion(n: int, p: np.ndarray) -> np.ndarray:
    """Split `n` in proportion to `p` (largest remainder), so counts follow the shares exactly."""
    share = n * p / p.sum()
    counts = np.floor(share).astype(np.int64)
    rest = n - counts.sum()
    counts[np.argsort(-(share - counts), kind="stable")[:rest]] += 1
    return counts


def pointer_root(parent: np.ndarray) -> np.ndarray:
    """Follow parent pointers (parent[i] <= i, roots point to themselves) to the root."""
    root = parent.copy()
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt


def ymd(secs: np.ndarray) -> np.ndarray:
    """yyyymmdd as an int for local int seconds."""
    d = (np.asarray(secs, dtype=np.int64) // 86400).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    return y * 10000 + (month.astype(np.int64) % 12 + 1) * 100 + (d - month).astype(np.int64) + 1


def timestamps(seconds: np.ndarray) -> pd.Series:
    """Local wall-clock int seconds (NAT for missing) as tz-aware timestamps in the sample's zone."""
    naive = np.asarray(seconds, dtype=np.int64).view("datetime64[s]").astype("datetime64[us]")
    return pd.Series(pd.DatetimeIndex(naive).tz_localize(TZ))
