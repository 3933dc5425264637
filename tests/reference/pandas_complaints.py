"""The pandas computation of the complaint figures (the reference for engine/queries/tickets.sql and
complaint_groups.sql)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pyarrow as pa

from reportgen.config import SlaConfig
from reportgen.metrics.complaints import SLAS, ComplaintFigures, Group, Sla
from reportgen.metrics.results import Share
from reportgen.metrics.stats import percentile

# Derived columns, in minutes from receipt; NaN where the event has not happened, or was logged
# before receipt (cleaning made that timestamp missing).
ELAPSED = {"response": "_response_min", "solution": "_solution_min", "closure": "_closure_min"}
REPEAT = "_repeat"


def _ns(ts: pd.Series) -> np.ndarray:
    return ts.to_numpy(dtype="datetime64[ns]").view("int64")


def add_elapsed(complaints: pd.DataFrame) -> pd.DataFrame:
    """Add the minutes from receipt to first response, solution and closure."""
    out = complaints.copy()
    received = out["received_at"]
    for name, column in (("response", "first_response_at"), ("solution", "solution_at"), ("closure", "closed_at")):
        out[ELAPSED[name]] = (out[column] - received).dt.total_seconds().astype("float64") / 60.0
    return out


def mark_repeats(complaints: pd.DataFrame, window: timedelta) -> pd.Series:
    """Flag tickets whose customer had an earlier ticket received within `window` before it.

    "Earlier" is strictly earlier: two tickets received at the same instant do not make each
    other repeats. <NA> where the ticket has no `customer_id` (it is outside the denominator).
    Customer ids are hashed to integer codes first: sorting millions of strings is slow.
    """
    cid = complaints["customer_id"]
    has = cid.notna().to_numpy()
    result = np.zeros(len(complaints), dtype=bool)
    if has.any():
        ids = pa.array(cid[has].astype("string").array)
        ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
        codes = ids.dictionary_encode().indices.to_numpy(zero_copy_only=False).astype(np.int64)
        t = _ns(complaints.loc[has, "received_at"])
        order = np.lexsort((t, codes))
        c_s, t_s = codes[order], t[order]
        idx = np.arange(len(c_s))
        same_run = np.zeros(len(c_s), dtype=bool)
        same_run[1:] = (c_s[1:] == c_s[:-1]) & (t_s[1:] == t_s[:-1])
        run_start = np.maximum.accumulate(np.where(same_run, 0, idx))
        prev = run_start - 1
        ok = prev >= 0
        prev_c = np.where(ok, c_s[np.maximum(prev, 0)], -1)
        prev_t = t_s[np.maximum(prev, 0)]
        rep_sorted = ok & (prev_c == c_s) & (t_s - prev_t <= int(window / timedelta(microseconds=1)) * 1000)
        rep = np.zeros(len(c_s), dtype=bool)
        rep[order] = rep_sorted
        result[has] = rep
    return pd.Series(pd.array(result, dtype="boolean"), index=complaints.index).mask(~has)


def _true_share(values: pd.Series) -> Share:
    known = values.dropna()
    return Share.of(int(known.sum()), len(known))


def sla_attainment(elapsed_min: pd.Series, target, tickets: pd.DataFrame) -> pd.Series:
    """Per ticket: the event happened within its limit (the target's, or its severity's tier);
    a missing time counts as not met."""
    limit = pd.Series(target.limit.total_seconds() / 60.0, index=tickets.index)
    for severity, tier in target.by_severity.items():
        limit[tickets["severity"] == severity] = tier.limit.total_seconds() / 60.0
    return (elapsed_min <= limit).fillna(False).astype(bool)


def complaint_figures(tickets: pd.DataFrame, sla: SlaConfig, severity: str | None = None) -> ComplaintFigures:
    """Compute the complaint figures over `tickets` (one period, elapsed times and repeats added);
    a group of one `severity` is judged against that tier's limit and required share."""
    total = len(tickets)
    slas = {}
    for name in SLAS:
        target = getattr(sla, name)
        within = sla_attainment(tickets[ELAPSED[name]], target, tickets)
        share = Share.of(int(within.sum()), total)
        tier = target.by_severity.get(severity)
        limit = target.limit if tier is None else tier.limit
        required = target.required if tier is None or tier.required is None else tier.required
        slas[name] = Sla(limit.total_seconds() / 60.0, required, share,
                         None if share.value is None else share.value >= required)
    rating = tickets["handling_satisfaction"]
    satisfied = (rating >= 4).mask(rating.isna())
    closure_ok = sla_attainment(tickets[ELAPSED["closure"]], sla.closure, tickets)
    response = tickets[ELAPSED["response"]].dropna().to_numpy()
    solution_h = tickets[ELAPSED["solution"]].dropna().to_numpy() / 60.0
    closure_h = tickets[ELAPSED["closure"]].dropna().to_numpy() / 60.0
    money = tickets["compensation_amount"].dropna()
    return ComplaintFigures(
        total=total,
        closed=len(closure_h),
        sla=slas,
        resolution=_true_share(tickets["resolved"]),
        first_contact_resolution=_true_share(tickets["first_contact_resolution"]),
        handling_satisfaction=_true_share(satisfied),
        repeat=_true_share(tickets[REPEAT]),
        handling_satisfaction_by_closure_sla={
            "met": _true_share(satisfied[closure_ok.to_numpy()]),
            "breached": _true_share(satisfied[~closure_ok.to_numpy()]),
        },
        median_response_minutes=percentile(response, 50),
        p90_response_minutes=percentile(response, 90),
        median_solution_hours=percentile(solution_h, 50),
        p90_solution_hours=percentile(solution_h, 90),
        median_closure_hours=percentile(closure_h, 50),
        p90_closure_hours=percentile(closure_h, 90),
        compensation_total=float(money.sum()) if len(money) else None,
        durations_n={"response": len(response), "solution": len(solution_h), "closure": len(closure_h)},
    )


def breakdown(tickets: pd.DataFrame, by: str, sla: SlaConfig, min_cell: int) -> dict[str, Group]:
    """Counts and rates per value of `by`, largest group first (ties by name)."""
    if by not in tickets or tickets[by].isna().all():
        return {}
    total = len(tickets)
    groups = {}
    for key, part in tickets.groupby(by, sort=True, observed=True):
        groups[str(key)] = Group(len(part), len(part) / total if total else None, len(part) < min_cell,
                                 complaint_figures(part, sla, str(key) if by == "severity" else None))
    return dict(sorted(groups.items(), key=lambda kv: (-kv[1].count, kv[0])))
