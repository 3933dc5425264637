"""Survey responses: answers driven by a latent satisfaction factor per respondent (so the scales
are reliable and the dimensions differ as designed), comments, and the messy responses
(speeders, contradictions, straight-liners, incomplete, out of range, duplicates) cleaning drops."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa

from reportgen.config import Config
from reportgen.periods import Quarter
from reportgen.sample.columns import in_order, survey_column_names
from reportgen.sample.draws import drift, n_messy, quarter_bounds, sample_times, timestamps
from reportgen.sample.organisation import (DIMENSION_MEAN, DIMENSION_WEIGHT, ITEM_MISSING, LIKERT_D, LIKERT_E,
                                           LIKERT_G, LIKERT_SCALE, NPS_CENTRE, NPS_DOWN, NPS_UP, PRODUCT_LINE_P,
                                           PRODUCT_LINES, SATISFACTION_SHIFT, SEGMENT_P, SEGMENT_SAT, SEGMENTS,
                                           STORE_NAMES, STORE_P, STORE_SAT, STORES, SURVEY_CHANNEL_DURATION,
                                           SURVEY_CHANNEL_P, SURVEY_CHANNEL_SAT, SURVEY_CHANNELS, SURVEY_HOURS,
                                           SURVEY_MESS)
from reportgen.sample.personal_data import with_pii
from reportgen.sample.strings import concat, pick, text_series, zero_padded
from reportgen.sample.texts import COMMENTS_NEGATIVE, COMMENTS_NEUTRAL, COMMENTS_POSITIVE, COMMENTS_SUGGESTION


def _not_too_fast() -> int:
    """The shortest whole duration the default cleaning does not call too fast."""
    return math.ceil(Config().cleaning.min_duration_s)


def _survey_fresh(rng: np.random.Generator, m: int, q: Quarter, k: int, dims: list[str],
                  item_dim: np.ndarray) -> dict[str, np.ndarray]:
    """`m` fresh responses in quarter `q` (k quarters before the last)."""
    p, nd = len(item_dim), len(dims)
    t = np.sort(sample_times(rng, m, q, SURVEY_HOURS, False))
    ch = rng.choice(3, size=m, p=SURVEY_CHANNEL_P)
    seg = rng.choice(3, size=m, p=SEGMENT_P)
    pl = rng.choice(len(PRODUCT_LINES), size=m, p=PRODUCT_LINE_P)
    store = rng.choice(len(STORES), size=m, p=STORE_P / STORE_P.sum())
    g = (rng.standard_normal(m) + drift(SATISFACTION_SHIFT, k) + STORE_SAT[store] + SEGMENT_SAT[seg]
         + SURVEY_CHANNEL_SAT[ch])
    D = rng.standard_normal((m, nd))
    E = rng.standard_normal((m, p))
    mu = np.array([DIMENSION_MEAN.get(dims[j], 4.0) for j in item_dim])
    mu = mu + np.tile([0.04, -0.04], p // 2 + 1)[:p]  # the two items of a dimension differ a little
    cont = mu + LIKERT_SCALE * (LIKERT_G * g[:, None] + LIKERT_D * D[:, item_dim] + LIKERT_E * E)
    items = np.clip(np.rint(cont), 1, 5)
    miss = ITEM_MISSING * np.exp(0.6 * rng.standard_normal((m, 1)))  # some respondents skip more
    follow = np.array([dims[j] == "follow_up" for j in item_dim])
    miss = np.where(follow, miss * 1.6, miss)
    items[rng.random((m, p)) < miss] = np.nan
    w = np.array([DIMENSION_WEIGHT.get(d, 0.1) for d in dims])
    dw = D @ (w / np.sqrt((w ** 2).sum()))
    overall = np.clip(np.rint(4.12 + LIKERT_SCALE * (0.74 * g + 0.42 * dw + 0.42 * rng.standard_normal(m))), 1, 5)
    z = 0.80 * g + 0.30 * dw + 0.45 * rng.standard_normal(m)
    nps = np.clip(np.rint(NPS_CENTRE + np.where(z > 0, NPS_UP, NPS_DOWN) * z), 0, 10)
    dur = np.exp(np.log(SURVEY_CHANNEL_DURATION[ch]) + 0.5 * rng.standard_normal(m))
    dur = np.maximum(np.round(dur), _not_too_fast() + 2.0)  # only the messy rows are too fast
    dur[rng.random(m) < 0.005] = np.nan
    # open answers: more often from unhappy customers
    has_comment = rng.random(m) < np.where(overall <= 2, 0.85, np.where(overall == 3, 0.65, 0.55))
    u = rng.random(m)
    pools = (COMMENTS_POSITIVE, COMMENTS_SUGGESTION, COMMENTS_NEUTRAL, COMMENTS_NEGATIVE)
    which = np.where(overall >= 4, np.where(u < 0.75, 0, 1), np.where(overall == 3, 2, 3))
    comment = np.full(m, None, dtype=object)
    for j, pool in enumerate(pools):
        sel = np.flatnonzero(has_comment & (which == j))
        comment[sel] = np.array(pool, dtype=object)[rng.integers(0, len(pool), len(sel))]
    pii = np.flatnonzero(has_comment & (rng.random(m) < 0.08))
    comment[pii] = with_pii(rng, pa.array(comment[pii], pa.string()), t[pii], complaint=False) \
        .to_numpy(zero_copy_only=False)
    return {"t": t, "dur": dur, "ch": ch, "seg": seg, "pl": pl, "store": store, "items": items,
            "overall": overall, "nps": nps, "comment": comment}


def _survey_mess(rng: np.random.Generator, b: dict) -> np.ndarray:
    """Make a few responses of a fresh block messy; return the mask of rows left clean."""
    m, p = b["items"].shape
    kinds = {k: n_messy(SURVEY_MESS[k], m) for k in
             ("too_fast", "contradiction", "straight_lining", "incomplete", "out_of_range")}
    total = sum(kinds.values())
    clean = np.ones(m, dtype=bool)
    if total == 0 or total > m // 2:
        return clean
    chosen = rng.choice(m, size=total, replace=False)
    clean[chosen] = False
    fast_s, straight_s = _not_too_fast(), math.ceil(Config().cleaning.straight_line_max_s)
    rows = dict(zip(kinds, np.split(chosen, np.cumsum(list(kinds.values()))[:-1])))
    items, overall, nps, dur = b["items"], b["overall"], b["nps"], b["dur"]
    # speeders: clicked through in seconds, often the same answer throughout
    r = rows["too_fast"]
    dur[r] = rng.integers(6, fast_s, len(r))
    same = r[rng.random(len(r)) < 0.5]
    items[same] = rng.choice([5, 4, 3], size=len(same), p=[0.6, 0.25, 0.15])[:, None]
    # contradictions: the scales read the wrong way round, answered slowly enough not to be too fast
    r = rows["contradiction"]
    hi_ = rng.random(len(r)) < 0.6
    overall[r] = np.where(hi_, 5, 1)
    nps[r] = np.where(hi_, rng.integers(0, 3, len(r)), rng.integers(9, 11, len(r)))
    dur[r] = np.maximum(np.nan_to_num(dur[r], nan=90.0), fast_s + 15)
    # straight-liners: every item the same, answered quickly (but not too fast)
    r = rows["straight_lining"]
    v = rng.choice([5, 4, 3, 1], size=len(r), p=[0.6, 0.2, 0.15, 0.05])
    items[r] = v[:, None]
    overall[r] = v
    nps[r] = np.select([v == 5, v == 4, v == 3], [rng.integers(8, 11, len(r)), rng.integers(7, 10, len(r)),
                                                  rng.integers(5, 8, len(r))], rng.integers(0, 4, len(r)))
    dur[r] = rng.integers(fast_s, straight_s, len(r))
    # incomplete: fewer than half of the items answered, slowly enough not to be too fast
    r = rows["incomplete"]
    answered = rng.integers(1, (p + 1) // 2, len(r))  # at most ceil(p/2) - 1 < p/2
    keys = rng.random((len(r), p))
    rank = keys.argsort(axis=1).argsort(axis=1)
    block = items[r]
    block[rank >= answered[:, None]] = np.nan
    items[r] = block
    dur[r] = np.maximum(np.nan_to_num(dur[r], nan=60.0), fast_s + 10)
    overall[r] = np.where((overall[r] == 5) & (nps[r] <= 2), 4, overall[r])
    # out-of-range values: 6 or 0 on a Likert item, 11 for NPS
    r = rows["out_of_range"]
    kind = rng.random(len(r))
    col = rng.integers(0, p, len(r))
    likert = kind < 0.7
    items[r[likert], col[likert]] = np.where(kind[likert] < 0.45, 6, 0)
    nps[r[~likert]] = 11
    return clean


def responses(rng: np.random.Generator, quarters: list[Quarter], n: int, item_ids: list[str],
             dims: list[str], item_dim: np.ndarray, part: int | None = None) -> pd.DataFrame:
    """`n` responses a quarter; with `part`, only those of quarter `quarters[part]` (no copies of
    an earlier quarter's responses; response numbers start where no other quarter's can reach)."""
    nq = len(quarters)
    blocks: list[dict] = []
    fresh_blocks: dict[int, dict] = {}
    prev_clean: tuple[dict, np.ndarray] | None = None
    for i, q in enumerate(quarters):
        if part is not None and i != part:
            continue
        k = nq - 1 - i
        start, end = quarter_bounds(q)
        n_dup = n_messy(SURVEY_MESS["duplicate"], n)
        fresh = _survey_fresh(rng, n - n_dup, q, k, dims, item_dim)
        clean = _survey_mess(rng, fresh)
        fresh["orig"] = np.full(n - n_dup, -1, dtype=np.int64)
        fresh["block"] = np.full(n - n_dup, i, dtype=np.int64)
        fresh["row"] = np.arange(n - n_dup, dtype=np.int64)
        # duplicates: a second copy of a response, submitted again later (some of them copies of
        # a response given near the end of the previous quarter)
        n_cross = int(round(0.3 * n_dup)) if (prev_clean is not None and n_dup >= 2) else 0
        n_within = n_dup - n_cross
        src_rows: list[tuple[int, np.ndarray, np.ndarray]] = []
        cand = np.flatnonzero(clean & (fresh["t"] < end - 2 * 86400))
        if n_within and len(cand) >= n_within:
            rws = rng.choice(cand, size=n_within, replace=False)
            delay = np.clip(np.round(np.exp(np.log(7200) + 1.5 * rng.standard_normal(n_within))),
                            60, 2 * 86400 - 1)
            src_rows.append((i, rws, fresh["t"][rws] + delay.astype(np.int64)))
        else:
            n_cross = n_dup if prev_clean is not None else 0
        if n_cross:
            pb, pclean = prev_clean
            pend = quarter_bounds(quarters[i - 1])[1]
            late = np.flatnonzero(pclean & (pb["t"] >= pend - 10 * 86400))
            if len(late) < n_cross:
                late = np.flatnonzero(pclean)
            rws = rng.choice(late, size=n_cross, replace=False)
            src_rows.append((i - 1, rws, start + rng.integers(60, 5 * 86400, n_cross)))
        blocks.append(fresh)
        fresh_blocks[i] = fresh
        for src_block, rws, t_copy in src_rows:
            src = fresh_blocks[src_block]
            copy = {key: val[rws].copy() for key, val in src.items()}
            copy["t"] = t_copy
            copy["orig"] = src["block"][rws] * (1 << 32) + src["row"][rws]
            copy["block"] = np.full(len(rws), -1, dtype=np.int64)
            blocks.append(copy)
        prev_clean = (fresh, clean)
    rows = {name: np.concatenate([b[name] for b in blocks]) for name in blocks[0]}
    is_copy = rows["block"] < 0
    key = np.where(is_copy, rows["orig"], rows["block"] * (1 << 32) + rows["row"])
    order = np.lexsort((is_copy, rows["t"]))  # by time; a copy never precedes its original
    rows = {name: v[order] for name, v in rows.items()}
    key, is_copy = key[order], is_copy[order]
    # response ids: running numbers over the fresh responses in the order they came in
    fresh_keys = key[~is_copy]
    seq0 = 10_000 if part is None else 10_000 + 2 * n * part  # a response number grows by 1 or 2
    seq = seq0 + np.cumsum(1 + (rng.random(len(fresh_keys)) < 0.05))
    ids_fresh = concat("SV", zero_padded(seq, 8))
    lookup = pd.Series(np.arange(len(fresh_keys)), index=fresh_keys)
    response_id = ids_fresh.take(pa.array(lookup.reindex(key).to_numpy()))

    items = rows["items"]
    data = {
        "response_id": text_series(response_id),
        "submitted_at": timestamps(rows["t"]),
        "duration_seconds": pd.array(rows["dur"], dtype="Float64").astype("Int64"),
        "channel": text_series(pick(SURVEY_CHANNELS, rows["ch"])),
        "segment": text_series(pick(SEGMENTS, rows["seg"])),
        "product_line": text_series(pick(PRODUCT_LINES, rows["pl"])),
        "store": text_series(pick(STORE_NAMES, rows["store"])),
    }
    for j, item in enumerate(item_ids):
        data[item] = pd.array(items[:, j], dtype="Float64").astype("Int64")
    data["overall"] = pd.array(rows["overall"], dtype="Float64").astype("Int64")
    data["nps"] = pd.array(rows["nps"], dtype="Float64").astype("Int64")
    data["comment"] = text_series(rows["comment"])
    return in_order(data, survey_column_names(item_ids))

