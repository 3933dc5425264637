"""Chart titles that state the finding: what a reader should take from the chart, in one clause.

Each takes the chart's own rows (for the quarter, or for one group when the HTML is filtered)
and falls back to the plain name of the chart when the rows say nothing (a quadrant chart says
that its quadrant is empty).
"""

from __future__ import annotations

from reportgen.i18n import Texts


def counts_title(rows: list[dict], kind: str, t: Texts, plain: str) -> str:
    """The largest group and the next (rows: label, count, share; largest first)."""
    ranked = [r for r in rows if r.get("count")]
    if not ranked:
        return plain
    first = ranked[0]
    if len(ranked) == 1:
        return t.say(f"{kind}_counts_one", first=first["label"], share=t.percent(first["share"]))
    second = ranked[1]
    return t.say(f"{kind}_counts_finding", first=first["label"], first_share=t.percent(first["share"]),
                 second=second["label"], second_share=t.percent(second["share"]))


def sla_title(rows: list[dict], t: Texts, plain: str) -> str:
    """Every commitment met, or the one missed by the most (rows: label, value, required, met)."""
    if not rows:
        return plain
    missed = [r for r in rows if not r["met"]]
    if not missed:
        return t.say("sla_all_met", n=len(rows))
    worst = min(missed, key=lambda r: r["value"] - r["required"])
    return t.say("sla_missed_finding", missed=len(missed), n=len(rows), label=worst["label"],
                 value=t.percent(worst["value"]), required=t.percent(worst["required"]),
                 gap=t.number(abs(worst["value"] - worst["required"]) * 100))


def dimensions_title(rows: list[dict], t: Texts, plain: str) -> str:
    """The highest and the lowest dimension (rows: label, score100, insufficient)."""
    scored = [r for r in rows if not r.get("insufficient") and r.get("score100") is not None]
    if len(scored) < 2:
        return plain
    best = max(scored, key=lambda r: r["score100"])
    worst = min(scored, key=lambda r: r["score100"])
    return t.say("dimensions_finding", best=best["label"], best_score=t.number(best["score100"]),
                 worst=worst["label"], worst_score=t.number(worst["score100"]))


def change_title(rows: list[dict], t: Texts, plain: str) -> str:
    """The dimension that rose most and the one that fell most (rows: label, previous, current)."""
    moved = sorted(((r["current"] - r["previous"], r["label"]) for r in rows if r["previous"] is not None),
                   key=lambda x: -x[0])
    if not moved:
        return plain
    (up, up_label), (down, down_label) = moved[0], moved[-1]
    if down >= 0:
        return t.say("dimensions_all_up", n=len(moved), label=up_label, delta=t.signed(up))
    if up <= 0:
        return t.say("dimensions_all_down", n=len(moved), label=down_label, delta=t.signed(down))
    return t.say("dimensions_up_down", up=up_label, up_delta=t.signed(up), down=down_label, down_delta=t.signed(down))


def heat_title(rows: list[dict], overall: dict[str, float], t: Texts, plain: str) -> str:
    """Where one category's share of a store is furthest above its share over all stores
    (rows: row, column, count, share; `overall`: each column's share of every ticket)."""
    if not rows or not overall:
        return plain
    top = max(rows, key=lambda r: (round(r["share"] - overall[r["column"]], 9), r["count"]))
    return t.say("store_by_category_finding", store=top["row"], category=top["column"],
                 share=t.percent(top["share"], 0), overall=t.percent(overall[top["column"]], 0))


def quadrant_title(rows: list[dict], quadrant: str, key: str, t: Texts) -> str:
    """The groups in the quadrant to act on, in rank order where ranked (rows: label, quadrant, rank?);
    an empty quadrant is said, not left to the plain name."""
    named = sorted((r for r in rows if r.get("quadrant") == quadrant), key=lambda r: (r.get("rank") or 0))
    if not named:
        return t.say(f"{key}_none")
    return t.say(key, names=t.t("list_sep").join(r["label"] for r in named), n=len(named))


def trend_title(rows: list[dict], t: Texts, plain: str, fmt) -> str:
    """One series over the quarters: where it started, where it is (rows: period, series, value)."""
    points = [r for r in rows if r.get("value") is not None]
    if len(points) < 2 or len({r["series"] for r in rows}) != 1:
        return plain
    first, last = points[0], points[-1]
    return t.say("trend_finding", series=first["series"], first_period=first["period"], first=fmt(first["value"]),
                 last_period=last["period"], last=fmt(last["value"]))
