"""Complaint tickets: when they come in, what they are about, how long each step of handling
takes, how they end, and the data-entry faults every quarter's export has."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pyarrow as pa

from reportgen.config import Config
from reportgen.periods import Quarter
from reportgen.sample.columns import COMPLAINT_COLUMNS, in_order
from reportgen.sample.draws import (NAT, apportion, drift, grouped_choice, n_messy, pointer_root, quarter_bounds,
                                    sample_times, timestamps)
from reportgen.sample.organisation import (CATEGORIES, CATEGORY_CLOSURE, CATEGORY_COMPENSATION, CATEGORY_DEPT,
                                           CATEGORY_FCR, CATEGORY_P, CATEGORY_SEVERITY, CATEGORY_SOLUTION,
                                           CATEGORY_TREND, CATEGORY_UNRESOLVED, CHANNEL_FCR, CHANNEL_NIGHT_QUEUE,
                                           CHANNEL_P, CHANNEL_RESPONSE, CHANNELS, CLOSURE_DRIFT, COMPLAINT_HOURS,
                                           COMPLAINT_MESS, DELIVERY, DELIVERY_CLOSURE_DRIFT, DEPTS, HANDLING_SHIFT,
                                           PII_SHARE, REPEAT_SHARE, RESPONSE_DRIFT, RETURNING_SHARE, SEVERITIES,
                                           SEVERITY_RESPONSE, SEVERITY_SOLUTION, SOLUTION_DRIFT, STORE_NAMES, STORE_P,
                                           STORE_REGIONS, STORE_SPEED, STORES, UNRESOLVED_DRIFT)
from reportgen.sample.personal_data import with_pii
from reportgen.sample.strings import concat, decimal, pick, text_series, zero_padded
from reportgen.sample.texts import DESC_OFFSET, DESC_POOL, DESC_SIZE


def tickets(rng: np.random.Generator, quarters: list[Quarter], n: int, part: int | None = None) -> pd.DataFrame:
    """`n` tickets a quarter; with `part`, only those of quarter `quarters[part]` (repeats and
    returning customers then stay inside that quarter)."""
    nq = len(quarters)
    made = range(nq) if part is None else [part]
    recv = np.concatenate([sample_times(rng, n, quarters[i], COMPLAINT_HOURS, True) for i in made]) \
        if n else np.zeros(0, np.int64)
    qi = np.repeat(np.asarray(made, dtype=np.int64), n)
    order = np.argsort(recv, kind="stable")
    recv, qi = recv[order], qi[order]
    N = len(recv)
    k_of = (nq - 1 - qi)  # position from the last quarter
    idx = np.arange(N)
    end_last = quarter_bounds(quarters[-1])[1]
    defaults = Config()  # the repeat window and the SLA limits the handling times are judged by
    window = int(defaults.repeat_window_days * 86400)
    sla = defaults.sla
    response_s, solution_h = sla.response.limit.total_seconds(), sla.solution.limit / timedelta(hours=1)
    closure_d = sla.closure.limit / timedelta(days=1)

    # --- customers: repeats within the window (half a day inside it), some returning after a longer gap
    lo = np.searchsorted(recv, recv - (window - 12 * 3600), side="left")
    hi = np.searchsorted(recv, recv, side="left")  # strictly earlier tickets end here
    avail = hi - lo
    repeat = (rng.random(N) < REPEAT_SHARE) & (avail > 0)
    off = np.floor(rng.random(N) ** 2 * avail).astype(np.int64)
    parent = np.where(repeat, hi - 1 - np.minimum(off, np.maximum(avail - 1, 0)), idx)
    lo_old = np.searchsorted(recv, recv - 180 * 86400, side="left")
    hi_old = np.searchsorted(recv, recv - (window + 86400), side="right")
    returning = ~repeat & (rng.random(N) < RETURNING_SHARE) & (hi_old > lo_old)
    old = lo_old + np.floor(rng.random(N) * np.maximum(hi_old - lo_old, 1)).astype(np.int64)
    cust_parent = np.where(returning, np.minimum(old, idx), parent)
    pool = int(min(99_999_999, max(100_000, 20 * N)))
    base_cust = rng.integers(1, pool, N)
    customer = concat("C", zero_padded(base_cust[pointer_root(cust_parent)], 8))

    # --- what the ticket is about (a follow-up often repeats its first ticket's topic and store)
    cat = np.zeros(N, dtype=np.int64)
    for i, q in enumerate(quarters):
        sel = np.flatnonzero(qi == i)
        p = CATEGORY_P.copy()
        for c, trend in CATEGORY_TREND.items():
            p[c] *= drift(trend, nq - 1 - i)
        # exact shares (randomly placed), so the designed trends hold for any seed
        cat[sel] = rng.permutation(np.repeat(np.arange(len(p)), apportion(len(sel), p)))
    same_topic = repeat & (rng.random(N) < 0.55)
    cat = cat[pointer_root(np.where(same_topic, parent, idx))]
    store = rng.choice(len(STORES), size=N, p=STORE_P / STORE_P.sum())
    same_store = repeat & (rng.random(N) < 0.8)
    store = store[pointer_root(np.where(same_store, parent, idx))]
    channel = rng.choice(len(CHANNELS), size=N, p=CHANNEL_P / CHANNEL_P.sum())
    dept = grouped_choice(rng, cat, CATEGORY_DEPT)
    sev = grouped_choice(rng, cat, CATEGORY_SEVERITY)

    # --- handling times
    r_drift = np.array([drift(RESPONSE_DRIFT, k) for k in range(nq)])[k_of]
    s_drift = np.array([drift(SOLUTION_DRIFT, k) for k in range(nq)])[k_of]
    c_drift = np.array([drift(CLOSURE_DRIFT, k) for k in range(nq)])[k_of]
    c_drift = c_drift * np.where(cat == DELIVERY,
                                 np.array([drift(DELIVERY_CLOSURE_DRIFT, k) for k in range(nq)])[k_of], 1.0)
    speed = STORE_SPEED[store]
    resp_min = 7.0 * SEVERITY_RESPONSE[sev] * CHANNEL_RESPONSE[channel] * speed * r_drift \
        * np.exp(1.0 * rng.standard_normal(N))
    resp = recv + np.maximum(20, np.round(resp_min * 60)).astype(np.int64)
    hour = (recv % 86400) // 3600
    night = CHANNEL_NIGHT_QUEUE[channel] & ((hour >= 22) | (hour < 8)) & (rng.random(N) < 0.7)
    morning = (recv // 86400 + (hour >= 22)) * 86400 + 8 * 3600
    resp = np.where(night, np.maximum(resp, morning + np.round(np.exp(np.log(20) + 0.8 * rng.standard_normal(N))
                                                                * 60).astype(np.int64)), resp)
    sol_h = 4.2 * SEVERITY_SOLUTION[sev] * CATEGORY_SOLUTION[cat] * speed * s_drift \
        * np.exp(1.05 * rng.standard_normal(N))
    sol = resp + np.maximum(300, np.round(sol_h * 3600)).astype(np.int64)
    clo_d = 1.05 * CATEGORY_CLOSURE[cat] * speed * c_drift * np.exp(0.95 * rng.standard_normal(N))
    clo = sol + np.maximum(600, np.round(clo_d * 86400)).astype(np.int64)
    # some tickets stay open (ongoing disputes); the export is taken at the end of the last quarter
    stuck = rng.random(N)
    clo = np.where(stuck < 0.02, NAT, clo)
    sol = np.where(stuck < 0.011, NAT, sol)
    snapshot = end_last
    for arr in (resp, sol, clo):
        arr[(arr != NAT) & (arr >= snapshot)] = NAT
    sol[resp == NAT] = NAT
    clo[sol == NAT] = NAT
    closed = clo != NAT
    has_sol = sol != NAT
    sol_hours = np.where(has_sol, (sol - recv) / 3600, np.inf)
    clo_days = np.where(closed, (clo - recv) / 86400, np.inf)

    # --- outcomes
    p_fcr = CHANNEL_FCR[channel] + CATEGORY_FCR[cat] - 0.25 * (sol_hours > solution_h) + 0.05 * (sev == 2)
    fcr_v = rng.random(N) < p_fcr
    fcr = np.where(has_sol, fcr_v, False)
    fcr_na = ~has_sol
    unres_drift = np.array([drift(UNRESOLVED_DRIFT, k) for k in range(nq)])[k_of]
    # solved at first contact means resolved; the unresolved ones are among the escalated tickets
    p_unres = 0.072 * CATEGORY_UNRESOLVED[cat] * unres_drift * np.where(fcr, 0.0, 3.6)
    resolved_v = rng.random(N) >= p_unres
    resolved_na = ~closed | (rng.random(N) < 0.02)
    h_shift = np.array([drift(HANDLING_SHIFT, k) for k in range(nq)])[k_of]
    score = (4.35 + h_shift + 0.35 * fcr - 1.6 * (~resolved_v) - 0.35 * np.log1p(np.minimum(clo_days, 60))
             - 0.25 * (clo_days > closure_d) - 0.2 * ((resp - recv) > response_s) + 0.8 * rng.standard_normal(N))
    handling = np.clip(np.rint(score), 1, 5)
    handling_na = ~closed | (rng.random(N) < 0.27)
    comp_p = CATEGORY_COMPENSATION[cat] * np.where(sev == 0, 1.6, 1.0)
    comp = np.clip(np.round(np.exp(np.log(200) + 0.9 * rng.standard_normal(N)) * np.where(sev == 0, 1.8, 1.0)
                            / 10) * 10, 50, 2000)
    comp_na = ~closed | (rng.random(N) >= comp_p)

    # --- data-entry faults, a fixed small number per quarter
    for i in range(nq):
        in_q = qi == i
        nqi = int(in_q.sum())
        kinds = {k: n_messy(r, nqi) for k, r in COMPLAINT_MESS.items()}
        eligible = np.flatnonzero(in_q & closed & ~handling_na & (resp != NAT))
        total = sum(kinds.values())
        if total == 0 or len(eligible) < total:
            continue
        chosen = rng.choice(eligible, size=total, replace=False)
        parts = np.split(chosen, np.cumsum(list(kinds.values()))[:-1])
        rows = dict(zip(kinds, parts))
        resp[rows["response_missing"]] = NAT
        sol[rows["solution_missing"]] = NAT
        r = rows["response_before"]
        resp[r] = recv[r] - rng.integers(60, 3 * 3600, len(r))
        r = rows["closed_before"]
        clo[r] = recv[r] - 86400 + rng.integers(-3600, 3600, len(r))
        r = rows["handling_out_of_range"]
        handling[r] = np.where(rng.random(len(r)) < 0.5, 0, 6)

    # --- descriptions
    d_idx = DESC_OFFSET[cat, dept] + np.floor(rng.random(N) * DESC_SIZE[cat, dept]).astype(np.int64)
    pii = np.flatnonzero(rng.random(N) < PII_SHARE)
    private = with_pii(rng, DESC_POOL.take(pa.array(d_idx[pii])), recv[pii], complaint=True)
    d_idx[pii] = len(DESC_POOL) + np.arange(len(pii))
    desc = pa.concat_arrays([DESC_POOL, private]).take(pa.array(d_idx, mask=rng.random(N) < 0.01))

    # --- ticket ids: TS + yyyymm + a 7-digit running number within the month (a few numbers skipped)
    month = recv.astype("datetime64[s]").astype("datetime64[M]")
    yyyymm = month.astype(np.int64) // 12 * 100 + month.astype(np.int64) % 12 + 1 + 197000
    step = 1 + (rng.random(N) < 0.02)
    cs = np.cumsum(step)
    first = np.r_[True, yyyymm[1:] != yyyymm[:-1]] if N else np.zeros(0, bool)
    start_cs = np.maximum.accumulate(np.where(first, cs - step, 0)) if N else cs
    seq = cs - start_cs
    ticket_id = concat("TS", decimal(yyyymm * 10 ** 7 + seq))

    return in_order({
        "ticket_id": text_series(ticket_id),
        "received_at": timestamps(recv),
        "channel": text_series(pick(CHANNELS, channel)),
        "category": text_series(pick(CATEGORIES, cat)),
        "severity": text_series(pick(SEVERITIES, sev)),
        "store": text_series(pick(STORE_NAMES, store)),
        "region": text_series(pick(STORE_REGIONS, store)),
        "department": text_series(pick(DEPTS, dept)),
        "first_response_at": timestamps(resp),
        "solution_at": timestamps(sol),
        "closed_at": timestamps(clo),
        "resolved": pd.arrays.BooleanArray(resolved_v, resolved_na),
        "first_contact_resolution": pd.arrays.BooleanArray(fcr, fcr_na),
        "handling_satisfaction": pd.arrays.IntegerArray(handling.astype(np.int64), handling_na),
        "customer_id": text_series(customer),
        "compensation_amount": pd.arrays.FloatingArray(np.where(comp_na, 0.0, comp), comp_na),
        "description": text_series(desc),
    }, COMPLAINT_COLUMNS)
