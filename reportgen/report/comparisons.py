"""The comparison chapter: changes on the previous quarter and a year ago, trends, stores, the index."""

from __future__ import annotations

from reportgen.metrics.registry import BY_KEY, COMPARED, COMPARISONS, INDEX_PLAN
from reportgen.report import priorities
from reportgen.report.context import Context, chart, table
from reportgen.report.findings import trend_title
from reportgen.report.formatting import change_text, p_cell
from reportgen.report.model import Section, Table

RATE_TRENDS = ("csat_top2", "response_sla_rate", "closure_sla_rate", "resolution_rate")
SCORE_TRENDS = ("service_quality_index", "nps")  # each its own chart: 0–100 and −100…100 share no axis
TONES = {None: "", "better": "good", "worse": "warn"}


def build(c: Context) -> Section:
    t = c.t
    blocks = [_changes_table(c), *_trend_charts(c), _store_changes_table(c), *priorities.blocks(c), _index_table(c)]
    return Section("comparison", t.t("comparison_section"), paragraphs=(t.t("significance_note"),),
                   blocks=tuple(b for b in blocks if b is not None))


def _changes_table(c: Context) -> Table:
    """Each compared figure on the previous quarter and a year ago; each change with its evidence
    number (the index lists both quarters' counts, from which its p-value is re-derived)."""
    t, fig = c.t, c.fig
    rows, classes, cell_cites = [], [], []
    for compared in COMPARISONS:
        name = compared.name
        q_, y_ = fig.changes["qoq"][name], fig.changes["yoy"][name]
        decimals = 0 if BY_KEY[compared.key].unit == "count" else 1
        value = t.percent if compared.test == "rate" else (lambda v: t.number(v, decimals))
        rows.append((c.compared_label(name), value(q_.current), value(q_.previous), change_text(name, q_.delta, t),
                     p_cell(q_.p), value(y_.previous), change_text(name, y_.delta, t), p_cell(y_.p)))
        classes.append(TONES[compared.verdict(q_)])
        cell_cites.append((None, None, None, c.cite_change("qoq", name, "comparison"), None, None,
                           c.cite_change("yoy", name, "comparison"), None))
    return table((t.t("figure"), t.t("this_quarter"), t.t("previous_quarter"), t.t("change"), "p",
                  t.t("year_ago"), t.t("change"), "p"), rows, (False, True, True, True, True, True, True, True),
                 classes, title=t.t("changes_table"), cell_cites=cell_cites)


def _trend_charts(c: Context) -> list:
    """Rates with the commitments' line; the index with its plan line and each veto named at its
    point (with the score it would have had); NPS on its own axis."""
    t, trend, sla = c.t, c.fig.trend, c.config.sla
    periods = [t.quarter(p.period) for p in trend]
    files = ", ".join(c.file_name(n) for n in ("complaints", "surveys") if n not in c.fig.absent)
    src = t.say("source_trend", files=files, first=periods[0], last=periods[-1])
    required = {getattr(sla, n).required for n in ("response", "closure")}
    notes = [{"period": per, "value": p.index.score,
              "text": t.say("trend_veto", description=_short(e.description or t.value("event", "veto")),
                            base=t.number(p.index.base_score))}
             for per, p in zip(periods, trend) if p.index.veto for e in p.events if e.type == "veto"][:2]
    out = []
    for id, names, percent, options in (
            ("trend_rates", RATE_TRENDS, True,
             {"target": required.pop(), "target_label": t.t("commitment_line")} if len(required) == 1 else {}),
            ("trend_index", SCORE_TRENDS[:1], False,
             {"target": INDEX_PLAN.value, "target_label": t.t("plan_line"), "notes": notes}),
            ("trend_nps", SCORE_TRENDS[1:], False, {})):
        fmt = t.percent if percent else t.number
        rows = [{"period": per, "series": c.compared_label(name), "value": COMPARED[name].number(p)}
                for name in names for per, p in zip(periods, trend)]
        text_table = table((t.t("figure"), *periods),
                           [(c.compared_label(name), *(fmt(COMPARED[name].number(p)) for p in trend)) for name in names]
                           + [(n["text"], *(t.number(n["value"]) if per == n["period"] else "" for per in periods))
                              for n in options.get("notes", ())],
                           (False,) + (True,) * len(periods))
        title = t.t(id) if percent else trend_title(rows, t, t.t(id), fmt)  # one series: where it went
        if options.get("notes") and title != t.t(id):  # and the veto that broke it, by name
            title += t.t("clause_sep") + t.t("clause_sep").join(
                t.say("trend_veto_title", period=n["period"], text=n["text"]) for n in options["notes"])
        out.append(chart(id, "trend_lines", rows, title, src, text_table, percent=percent, **options))
    return out + _tier_trends(c, periods, src)


def _tier_trends(c: Context, periods: list[str], src: str) -> list:
    """Each tiered commitment's attainment per severity over the quarters (sla.<commitment>.by_severity)."""
    t, trend, out = c.t, c.fig.trend, []
    for name in ("response", "solution", "closure"):
        tiers = list(getattr(c.config.sla, name).by_severity)
        if not tiers or len(tiers) > 4:
            continue
        values = {k: [p.severity_sla.get(k, {}).get(name) for p in trend] for k in tiers}
        rows = [{"period": per, "series": t.value("severity", k), "value": None if s is None else s.attainment.value}
                for k in tiers for per, s in zip(periods, values[k])]
        text_table = table((t.t("severity"), *periods),
                           [(t.value("severity", k), *(t.percent(None if s is None else s.attainment.value)
                                                        for s in values[k])) for k in tiers],
                           (False,) + (True,) * len(periods))
        title = t.say("tier_trend_title", sla=t.value("sla", name))
        out.append(chart(f"trend_tier_{name}", "trend_lines", rows, title, src, text_table, percent=True))
    return out


def _short(text: str, limit: int = 18) -> str:
    """An event's description as a chart note: its first clause, at most `limit` characters."""
    first = text.split("：")[0].split(":")[0].strip()
    return first if len(first) <= limit else first[:limit - 1] + "…"


def _store_changes_table(c: Context) -> Table | None:
    t, sc = c.t, c.fig.store_changes
    if not sc:
        return None
    rows, classes = [], []
    stores = set(sc["csat_top2"]) | set(sc["closure_sla_rate"])
    # In the stores' table's order (most tickets first), as everywhere; a store without tickets last
    known = list(c.fig.breakdowns.get("store", {}))
    ordered = [s for s in known if s in stores] + sorted(stores - set(known))
    for s in ordered:
        cells, warn = [s], False
        for fam in ("csat_top2", "closure_sla_rate"):
            g = sc[fam].get(s)
            if g is None or g.change is None:
                cells += [t.t("insufficient"), ""]
            else:
                cells += [t.pp(g.change.delta), p_cell(g.p_holm)]
                warn = warn or COMPARED[fam].verdict(g.change) == "worse"
        rows.append(tuple(cells))
        classes.append("warn" if warn else "")
    return table((t.t("group"), c.compared_label("csat_top2"), "p (Holm)", c.compared_label("closure_sla_rate"),
                  "p (Holm)"), rows, (False, True, True, True, True), classes, title=c.label("comparisons.stores_qoq"))


def _index_table(c: Context) -> Table:
    """The index as it adds up: the components, their weighted mean (the base score), each event's
    points, the bonus counted where the cap cuts it, and the score."""
    t, idx = c.t, c.fig.current.index
    rows = [(t.value("index_component", name), t.percent(comp.value), t.percent(comp.target, 0),
             t.number(comp.weight, 0), t.number(comp.score)) for name, comp in idx.components.items()]
    rows.append((t.t("base_score"), "", "", "", t.number(idx.base_score)))
    for e in c.fig.current.events:
        points = t.signed(e.points) if e.type == "bonus" else ""  # a veto has no points: it sets the score
        rows.append((f"{t.t('events')}{t.t('label_sep')}{t.value('event', e.type)} {e.date}", e.description or "", "",
                     "", points))
    if idx.bonus_applied != idx.bonus_points and not idx.veto and idx.base_score is not None:
        rows.append((t.say("index_bonus_capped", cap=f"{c.config.index.bonus_cap * 100:g}"), "", "", "",
                     t.signed(idx.bonus_applied)))
    total = t.say("index_total_veto" if idx.veto else "index_total", index=c.label("service_quality_index.score"))
    rows.append((total, "", "", "", t.number(idx.score)))
    cites = [None] * (len(rows) - 1) + [c.cite("service_quality_index.score", "comparison", value=t.number(idx.score))]
    return table((t.t("figure"), t.t("value"), t.t("target"), t.t("weight"), t.t("score100")), rows,
                 (False, True, True, True, True), title=c.label("service_quality_index.components"), cites=cites)
