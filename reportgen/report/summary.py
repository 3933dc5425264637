"""The summary page a manager reads in ten seconds: headline figures, what is urgent, what changed."""

from __future__ import annotations

from reportgen.i18n import DASH
from reportgen.metrics import flags as kinds
from reportgen.metrics.registry import COMPARED, INDEX_PLAN
from reportgen.report.context import Context
from reportgen.report.formatting import change_size, interval, met_word, p_text, sla_label
from reportgen.report.model import Kpi, Summary


def build(c: Context) -> Summary:
    t, cur = c.t, c.fig.current
    idx, cf, sf = cur.index, cur.complaints, cur.survey
    qoq = c.fig.changes["qoq"]
    ci_nps, ci_csat = interval(sf.nps.ci95, t, percent=False), interval(sf.csat_top2.ci95, t, percent=True)
    no_tickets = "complaints" in c.fig.absent
    kpis = [
        Kpi(t.t("sqi"), t.number(idx.score), f"{t.t('grade')} {t.value('grade', idx.grade)}"
            if idx.score is not None else t.t("no_data"),
            "good" if INDEX_PLAN.met(idx.score) else "warn",
            c.cite("service_quality_index.score", "summary", value=t.number(idx.score))),
        Kpi(t.t("nps"), t.signed(sf.nps.score) if sf.nps.score else t.number(sf.nps.score), ci_nps,
            "good" if (sf.nps.score or 0) > 0 else "warn",
            c.cite("survey.nps", "summary", value=t.number(sf.nps.score), n=sf.nps.n, interval=ci_nps)),
        Kpi(t.t("csat"), t.percent(sf.csat_top2.value), ci_csat, "neutral",
            c.cite("survey.csat_top2", "summary", value=t.percent(sf.csat_top2.value), n=sf.csat_top2.n,
                   interval=ci_csat)),
        Kpi(t.t("complaints_volume"), DASH if no_tickets else t.integer(cf.total),
            t.t("no_data") if no_tickets else
            f"{t.t('previous_quarter')} {t.integer(qoq['complaints_total'].previous)}"
            if qoq["complaints_total"].previous is not None else "", "neutral",
            c.cite("complaints.total", "summary", value=t.integer(cf.total), n=cf.total)),
    ]
    for name, sla in cf.sla.items():
        kpis.append(Kpi(sla_label(name, sla.limit_minutes, t), t.percent(sla.attainment.value),
                        f"{t.t('required')} {t.percent(sla.required)} · {met_word(sla.met, t)}",
                        "neutral" if sla.met is None else "good" if sla.met else "warn",
                        c.cite_share(f"complaints.{name}_sla_rate", "summary", sla.attainment)))
    changes = []
    for scope, reference in (("qoq", t.t("previous_quarter")), ("yoy", t.t("year_ago"))):
        for name, ch in c.fig.changes[scope].items():
            if not ch.significant:
                continue
            changes.append(t.say("change_up" if ch.delta > 0 else "change_down", figure=c.compared_label(name),
                                 reference=reference.lower() if t.lang == "en" else reference,
                                 delta=change_size(name, ch.delta, t), p=p_text(ch.p)))
    if not changes:
        changes.append(t.t("no_significant_changes"))
    index_note = None
    if idx.score is not None and idx.needs_improvement_plan:
        index_note = t.say("index_plan", score=t.number(idx.score))
    elif idx.score is None and idx.missing:
        index_note = t.say("index_missing", components=", ".join(idx.missing))
    return Summary(tuple(kpis), tuple(urgent(c)[:3]), tuple(changes), tuple(flags(c)), index_note)


def urgent(c: Context) -> list[str]:
    """Improvement items, most serious kind first: veto, missed commitments, significant
    declines, worsening categories, the top of the priority matrix, and the dimension that
    matters most but scores lowest. The first three are drawn one per kind before a kind
    repeats, so that the summary names three different problems."""
    t, fig = c.t, c.fig
    kinds: dict[str, list[str]] = {k: [] for k in ("veto", "sla", "decline", "worsening", "priority", "ipa")}
    for e in fig.current.events:
        if e.type == "veto":
            kinds["veto"].append(t.say("urgent_veto", description=e.description or t.value("event", "veto")))
    for name, sla in fig.current.complaints.sla.items():
        if sla.met is False:
            kinds["sla"].append(t.say("urgent_sla", sla=t.value("sla", name), value=t.percent(sla.attainment.value),
                                      required=t.percent(sla.required)))
    for name, ch in fig.changes["qoq"].items():
        if COMPARED[name].verdict(ch) == "worse":
            # worse is down for most figures, up for repeat complaints
            kinds["decline"].append(t.say("urgent_rise" if ch.delta > 0 else "urgent_decline",
                                          figure=c.compared_label(name), delta=change_size(name, ch.delta, t)))
    for w in fig.worsening:
        kinds["worsening"].append(t.say("urgent_worsening", category=t.value("category", w.category),
                                        counts=" → ".join(t.integer(x) for x in w.counts)))
    for i in fig.priority.items:
        if i.rank == 1 and i.quadrant == "high_frequency_high_impact":
            kinds["priority"].append(t.say("urgent_priority", category=t.value("category", i.category),
                                           share=t.percent(i.frequency)))
    improve = sorted((i for i in fig.ipa.items if i.quadrant == "improve"), key=lambda i: i.performance)
    for i in improve[:1]:
        kinds["ipa"].append(t.say("urgent_ipa", dimension=c.dimension(i.dimension), score=t.number(i.performance)))
    first = [items[0] for items in kinds.values() if items]
    rest = [s for items in kinds.values() for s in items[1:]]
    return first + rest


def flags(c: Context) -> list[str]:
    t = c.t
    out = []
    for f in c.fig.flags:
        match f:
            case kinds.SlaNotMet():
                out.append(t.say("flag_sla_not_met", sla=t.value("sla", f.sla), value=t.percent(f.attainment),
                                 required=t.percent(f.required)))
            case kinds.SignificantDecline():
                delta = f"{t.number(f.delta)} {t.t('points')}" if f.figure == "nps" else t.pp(f.delta)
                out.append(t.say("flag_significant_rise" if f.delta > 0 else "flag_significant_decline",
                                 figure=c.compared_label(f.figure), delta=delta))
            case kinds.WorseningCategory():
                out.append(t.say("flag_worsening_category", category=t.value("category", f.category)))
            case kinds.LowReliability():
                out.append(t.say("flag_low_reliability", alpha=t.number(f.cronbach_alpha, 2)))
            case _:  # veto_event, index_below_90: the sentence says it all
                out.append(t.say(f"flag_{f.code}"))
    return out
