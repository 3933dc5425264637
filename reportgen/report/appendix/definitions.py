"""Appendix: every figure's definition, from the registry, with the configured values filled in."""

from __future__ import annotations

from datetime import date

from reportgen.metrics.registry import METRICS, describe
from reportgen.report.context import Context
from reportgen.report.model import Section, Table


def build(c: Context) -> Section:
    t = c.t
    defs = [describe(m, c.config, t.lang, c.q.scale) for m in METRICS]
    gap = "" if t.lang == "zh-CN" else " "  # Chinese sentences run on without spaces, with full-width marks

    def part(word: str, text: str | None) -> str:
        return f"{gap}{t.t(word)}{t.t('label_sep')}{text}{t.t('full_stop')}" if text else ""

    rows = tuple((d["zh"] if t.lang == "zh-CN" else d["en"],
                  d["definition"] + part("numerator", d["numerator"]) + part("denominator", d["denominator"]))
                 for d in defs)
    return Section("appendix-definitions", t.t("appendix_definitions"), paragraphs=(*clock_note(c), *tier_note(c)), blocks=(
        Table((t.t("figure"), t.t("definition")), rows, (False, False), block="deflist"),))


def _days(t, weekdays: frozenset[int]) -> str:
    names = [t.t("weekday_names").split()[d] for d in sorted(weekdays)]
    ordered = sorted(weekdays)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return t.say("weekday_range", first=names[0], last=names[-1])
    return t.t("list_sep").join(names)


def clock_note(c: Context) -> tuple[str, ...]:
    """The business clock as the quarter used it: schedule, calendar and its dates in the quarter."""
    cal, t = c.fig.calendar, c.t
    if cal is None:
        return ()
    s = c.config.sla.schedules
    main = s.schedules[0]
    clock = lambda x: f"{x // 3600:02d}:{x % 3600 // 60:02d}"
    hours = t.t("list_sep").join(f"{clock(a)}–{clock(b)}" for a, b in main.intervals)
    dates = lambda ds: t.dates([date.fromisoformat(d) for d in ds]) or t.t("none_word")
    out = [t.say("business_clock", days=_days(t, main.weekdays), hours=hours, calendar=cal["source"][0],
                 day_hours=f"{main.day_seconds / 3600:g}")]
    if cal["holiday"] or cal["makeup"]:
        out.append(t.say("business_dates", period=c.fig.period, holidays=dates(cal["holiday"]), makeup=dates(cal["makeup"])))
    if cal["closed"] or cal["open"]:
        out.append(t.say("business_extra", closed=dates(cal["closed"]), open=dates(cal["open"])))
    if len(s.schedules) > 1:
        out.append(t.say("business_own", n=t.integer(len(s.stores) + len(s.regions))))
    if cal["uncovered"]:
        first, last = (t.date(date.fromisoformat(cal["uncovered"][k])) for k in (0, -1))
        out.append(t.say("business_uncovered", first=first, last=last))
    return tuple(out)


def tier_note(c: Context) -> tuple[str, ...]:
    """Each tier's limits (sla.<commitment>.by_severity), and what a ticket of another severity keeps."""
    sla, t = c.config.sla, c.t
    if not sla.tiered:
        return ()
    names = ("response", "solution", "closure")
    severities = list(dict.fromkeys(k for n in names for k in getattr(sla, n).by_severity))

    def limits(severity: str | None) -> str:
        parts = []
        for n in names:
            limit, required = getattr(sla, n).tier(severity)
            parts.append(f"{t.value('sla', n)} {t.duration(limit.total_seconds() / 60)} ({t.percent(required, 0)})")
        return t.t("list_sep").join(parts)

    tiers = t.t("clause_sep").join(f"{t.value('severity', k)}{t.t('label_sep')}{limits(k)}" for k in severities)
    return (t.say("tier_limits", tiers=tiers, other=limits(None)),)
