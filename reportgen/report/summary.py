"""The summary page a manager reads in ten seconds: headline figures, what is urgent, what changed."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.actions import is_done, state_of
from reportgen.metrics import flags as kinds
from reportgen.metrics.registry import COMPARED
from reportgen.report.context import Context
from reportgen.report.formatting import change_size, p_text
from reportgen.report.model import Fix, Summary
from reportgen.report.tiles import tiles


def build(c: Context) -> Summary:
    t, cur = c.t, c.fig.current
    idx = cur.index
    kpis = tiles(c)
    changes = []
    for scope, reference in (("qoq", t.t("previous_quarter")), ("yoy", t.t("year_ago"))):
        for name, ch in c.fig.changes[scope].items():
            if not ch.significant:
                continue
            sentence = t.say("change_up" if ch.delta > 0 else "change_down", figure=c.compared_label(name),
                             reference=reference.lower() if t.lang == "en" else reference,
                             delta=change_size(name, ch.delta, t), p=p_text(ch.p))
            changes.append((("▲ " if ch.delta > 0 else "▼ ") + sentence, COMPARED[name].verdict(ch) or "same",
                            c.cite_change(scope, name, "summary")))
    if not changes:
        changes.append((t.t("no_significant_changes"), "same", None))
    index_note = None
    if idx.score is not None and idx.needs_improvement_plan:
        index_note = t.say("index_plan", score=t.number(idx.score))
    elif idx.score is None and idx.missing:
        index_note = t.say("index_missing", components=", ".join(idx.missing))
    fixes = tuple(fix(c, item) for item in urgent_items(c)[:3])
    return Summary(verdict(c), tuple(kpis), fixes, tuple(changes), tuple(flags(c)), index_note)


def verdict(c: Context) -> str:
    """The quarter in one sentence: the index and its grade, the commitments kept, what got worse."""
    t, fig = c.t, c.fig
    idx, slas = fig.current.index, fig.current.complaints.sla
    parts = []
    if idx.score is not None:
        parts.append(t.say("verdict_index", score=t.number(idx.score), grade=t.value("grade", idx.grade)))
    measured = {n: s for n, s in slas.items() if s.met is not None}
    if measured:
        missed = [c.label(f"complaints.{n}_sla_rate") for n, s in measured.items() if not s.met]
        kept = len(measured) - len(missed)
        parts.append(t.say("verdict_commitments_all", n=len(measured)) if not missed else
                     t.say("verdict_commitments", kept=kept, n=len(measured),
                           missed=t.t("list_sep").join(missed)))
    worse = [c.compared_label(n) for n, ch in fig.changes["qoq"].items() if COMPARED[n].verdict(ch) == "worse"]
    better = [c.compared_label(n) for n, ch in fig.changes["qoq"].items() if COMPARED[n].verdict(ch) == "better"]
    if worse:
        parts.append(t.say("verdict_worse", figures=t.t("list_sep").join(worse)))
    if better:
        parts.append(t.say("verdict_better", figures=t.t("list_sep").join(better)))
    if not worse and not better and fig.previous is not None:
        parts.append(t.t("verdict_no_change"))
    if not parts:
        return t.t("no_data")
    return t.t("clause_sep").join(parts) + t.t("full_stop")


@dataclass(frozen=True)
class Urgent:
    text: str
    category: str | None = None  # the complaint category it is about
    figure: str | None = None  # or the compared figure (a key of Figures.changes)


def fix(c: Context, item: Urgent) -> Fix:
    """The problem with the action planned for it: the open action due first, else the last one
    done; "no action yet" said plainly when no action names its category or figure."""
    t = c.t
    matching = [a for a in c.fig.actions
                if (item.category and a.related_category == item.category)
                or (item.figure and a.related_metric == item.figure)]
    if not matching:
        return Fix(item.text, t.t("no_action_yet"), "", "", "", False)
    open_ = sorted((a for a in matching if not is_done(a.status)), key=lambda a: a.due)
    a = open_[0] if open_ else sorted(matching, key=lambda a: a.due)[-1]
    more = len(matching) - 1
    action = a.action + (t.say("more_actions", n=more) if more else "")
    state = state_of(a.status)
    shown = t.value("action_status", state) if state else a.status or ""
    if not open_ and state == "done":  # every action for it is done, and it is still among the three
        shown = t.say("done_but_persists", status=shown)
    return Fix(item.text, action, a.owner or "", a.due, shown, True)


def urgent_items(c: Context) -> list[Urgent]:
    """Improvement items, most serious kind first: veto, missed commitments, significant
    declines, worsening categories, the top of the priority matrix, and the dimension that
    matters most but scores lowest. The first three are drawn one per kind before a kind
    repeats, so that the summary names three different problems."""
    t, fig = c.t, c.fig
    found: dict[str, list[Urgent]] = {k: [] for k in ("veto", "sla", "decline", "worsening", "priority", "ipa")}
    for e in fig.current.events:
        if e.type == "veto":
            found["veto"].append(Urgent(t.say("urgent_veto", description=e.description or t.value("event", "veto"))))
    for name, sla in fig.current.complaints.sla.items():
        if sla.met is False:
            found["sla"].append(Urgent(t.say("urgent_sla", sla=c.label(f"complaints.{name}_sla_rate"),
                                             value=t.percent(sla.attainment.value), required=t.percent(sla.required)),
                                       figure=f"{name}_sla_rate"))
    for name, ch in fig.changes["qoq"].items():
        if COMPARED[name].verdict(ch) == "worse":
            # worse is down for most figures, up for repeat complaints
            found["decline"].append(Urgent(t.say("urgent_rise" if ch.delta > 0 else "urgent_decline",
                                                 figure=c.compared_label(name), delta=change_size(name, ch.delta, t)),
                                           figure=name))
    for w in fig.worsening:
        found["worsening"].append(Urgent(t.say("urgent_worsening", category=t.value("category", w.category),
                                               counts=" → ".join(t.integer(x) for x in w.counts)), category=w.category))
    for i in fig.priority.items:
        if i.rank == 1 and i.quadrant == "high_frequency_high_impact":
            found["priority"].append(Urgent(t.say("urgent_priority", category=t.value("category", i.category),
                                                  share=t.percent(i.frequency)), category=i.category))
    improve = sorted((i for i in fig.ipa.items if i.quadrant == "improve"), key=lambda i: i.performance)
    for i in improve[:1]:
        found["ipa"].append(Urgent(t.say("urgent_ipa", dimension=c.dimension(i.dimension),
                                         score=t.number(i.performance))))
    first = [items[0] for items in found.values() if items]
    rest = [s for items in found.values() for s in items[1:]]
    return first + rest


def urgent(c: Context) -> list[str]:
    """Every improvement item in words, most serious first (the summary shows the first three)."""
    return [u.text for u in urgent_items(c)]


def flags(c: Context) -> list[str]:
    t = c.t
    out = []
    for f in c.fig.flags:
        match f:
            case kinds.SlaNotMet():
                out.append(t.say("flag_sla_not_met", sla=c.label(f"complaints.{f.sla}_sla_rate"),
                                 value=t.percent(f.attainment), required=t.percent(f.required)))
            case kinds.SignificantDecline():
                delta = f"{t.number(f.delta)} {t.t('points')}" if f.figure == "nps" else t.pp(f.delta)
                out.append(t.say("flag_significant_rise" if f.delta > 0 else "flag_significant_decline",
                                 figure=c.compared_label(f.figure), delta=delta))
            case kinds.WorseningCategory():
                out.append(t.say("flag_worsening_category", category=t.value("category", f.category)))
            case kinds.LowReliability():
                out.append(t.say("flag_low_reliability", alpha=t.number(f.cronbach_alpha, 2)))
            case kinds.UnrepresentativeSample():
                out.append(t.say("flag_unrepresentative_sample", variable=t.t(f.variable), p=p_text(f.p)))
            case _:  # veto_event, index_below_90: the sentence says it all
                out.append(t.say(f"flag_{f.code}"))
    return out
