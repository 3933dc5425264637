"""The summary's tiles: each figure with its change, its target and its last five quarters.

A tile's colour is its status against a target, never the brand colour: met, at risk (met, but
not safely: the interval reaches below the line or the figure fell significantly), missed, or
neutral for a figure without a target. The change carries its own colour, better or worse.
"""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.metrics.registry import COMPARED, INDEX_PLAN
from reportgen.report.context import Context
from reportgen.report.formatting import change_size, interval, sparkline, tile_change
from reportgen.report.model import Kpi

INDEX_AT_RISK = 80.0  # the lower bound of the grade "good": below it the index has missed


def status(met: bool | None, *, shaky: bool = False, worse: bool = False, target: bool = True) -> str:
    """met / at_risk / missed: `met` is the figure's own verdict against its target; `shaky`
    (the interval reaches below the line) or `worse` (a significant fall) puts a met target at
    risk. A figure without a target is at risk when it fell significantly, else neutral."""
    if not target:
        return "at_risk" if worse else "neutral"
    if met is None:
        return "neutral"
    if not met:
        return "missed"
    return "at_risk" if worse or shaky else "met"


def index_status(score: float | None) -> str:
    if score is None:
        return "neutral"
    return "met" if INDEX_PLAN.met(score) else "at_risk" if score >= INDEX_AT_RISK else "missed"


def tiles(c: Context) -> list[Kpi]:
    t, fig = c.t, c.fig
    cur = fig.current
    idx, cf, sf = cur.index, cur.complaints, cur.survey
    qoq = fig.changes["qoq"]
    periods = [p.period for p in fig.trend]

    def change(name):
        ch = qoq.get(name)
        if ch is None or ch.delta is None:
            return None
        return tile_change(ch.delta, ch.p, ch.significant, COMPARED[name].higher_is_better,
                           change_size(name, ch.delta, t), t)

    def worse(name) -> bool:
        ch = qoq.get(name)
        return ch is not None and COMPARED[name].verdict(ch) == "worse"

    def spark(name, fmt, *, target=None, span=0.0):
        return sparkline(periods, [COMPARED[name].number(p) for p in fig.trend], t, fmt=fmt, target=target,
                         min_span=span)

    no_tickets = "complaints" in fig.absent
    grade = f"{t.t('grade')}{t.t('label_sep')}{t.value('grade', idx.grade)}" if idx.score is not None else t.t("no_data")
    out = [
        Kpi(c.label("service_quality_index.score"), t.number(idx.score), grade, index_status(idx.score),
            c.cite("service_quality_index.score", "summary", value=t.number(idx.score)),
            change("service_quality_index"), t.say("target_index", value=t.number(INDEX_PLAN.value, 0)),
            spark("service_quality_index", t.number, target=INDEX_PLAN.value, span=5.0)),
        Kpi(c.label("survey.nps"), t.number(sf.nps.score), interval(sf.nps.ci95, t, percent=False),
            status(None, worse=worse("nps"), target=False),
            c.cite("survey.nps", "summary", value=t.number(sf.nps.score), n=sf.nps.n,
                   interval=interval(sf.nps.ci95, t, percent=False)),
            change("nps"), t.t("no_target"), spark("nps", t.number, span=10.0), key="nps"),
        Kpi(c.label("survey.csat_top2"), t.percent(sf.csat_top2.value), interval(sf.csat_top2.ci95, t, percent=True),
            status(None, worse=worse("csat_top2"), target=False),
            c.cite_share("survey.csat_top2", "summary", sf.csat_top2),
            change("csat_top2"), t.t("no_target"), spark("csat_top2", t.percent, span=0.05), key="csat_top2"),
    ]
    previous = qoq["complaints_total"].previous if "complaints_total" in qoq else None
    out.append(Kpi(
        c.label("complaints.total"), DASH if no_tickets else t.integer(cf.total),
        t.t("no_data") if no_tickets else "" if previous is None
        else f"{t.t('previous_quarter')} {t.integer(previous)}",
        "neutral", c.cite("complaints.total", "summary", value=t.integer(cf.total), n=cf.total),
        change("complaints_total"), t.t("no_target"),
        spark("complaints_total", t.integer, span=max(cf.total or 0, 1) * 0.1), key="complaints_total"))
    for name, sla in cf.sla.items():
        key = f"{name}_sla_rate"
        shaky = sla.attainment.ci95 is not None and sla.attainment.ci95[0] < sla.required
        out.append(Kpi(
            c.label(f"complaints.{key}"), t.percent(sla.attainment.value),
            interval(sla.attainment.ci95, t, percent=True),
            status(sla.met, shaky=shaky, worse=worse(key)),
            c.cite_share(f"complaints.{key}", "summary", sla.attainment), change(key),
            t.say("target_sla", limit=t.duration(sla.limit_minutes), required=t.percent(sla.required)),
            spark(key, t.percent, target=sla.required, span=0.05), key=key))
    return out
