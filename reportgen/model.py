"""The report model: everything the templates show, already worded and formatted.

Templates receive only a `Report` (and the rendered charts keyed by chart id), never DataFrames
or figure objects, so that what a reader sees is decided here and can be tested here.
Charts are described by `Chart` (the kind, i.e. a function of `reportgen.charts`, and its
aggregated rows); the chart stage turns them into SVG and Vega-Lite specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from reportgen.config import Config, format_duration
from reportgen.figures import HEADLINE_RATES, Figures, Prepared
from reportgen.i18n import DASH, Texts, texts
from reportgen.charts import LIKERT_COLORS
from reportgen.engine.counts import EXCLUSION_RULES
from reportgen.metrics.registry import BY_KEY, METRICS, describe
from reportgen.metrics.reliability import ALPHA_OK, BARTLETT_P, KMO_OK
from reportgen.metrics.stats import largest_remainder
from reportgen.periods import Quarter
from reportgen.questionnaire import levels_of


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    row_classes: tuple[str, ...] = ()  # per row: "", "muted" (insufficient) or "warn"
    block: str = "table"  # the partial that renders it
    title: str | None = None
    cites: tuple[Cite | None, ...] = ()  # per row: the evidence of the row's figure


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str  # a chart function in reportgen.charts
    rows: tuple[dict, ...]
    options: dict
    title: str
    caption: str  # data source and n
    table: Table  # the text alternative, shown under the chart
    block: str = "chart"
    print_table: bool = False  # also print the table under the chart (when it carries more than the chart)


@dataclass(frozen=True)
class Cite:
    """A reference from the report body to a row of the evidence index."""

    evidence: str  # E-07: the anchor of the evidence row
    ref: str  # the anchor of this reference, for the link back


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    detail: str
    tone: str  # "good", "warn" or "neutral"
    cite: Cite | None = None


@dataclass(frozen=True)
class EvidenceRow:
    id: str
    figure: str
    definition: str
    population: str
    n: str
    value: str
    interval: str
    refs: tuple[str, ...]  # anchors of the places that cite it


@dataclass(frozen=True)
class EvidenceIndex:
    rows: tuple[EvidenceRow, ...]
    block: str = "evidence"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    blocks: tuple = ()  # Chart and Table, in reading order
    children: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Summary:
    kpis: tuple[Kpi, ...]
    urgent: tuple[str, ...]
    changes: tuple[str, ...]
    flags: tuple[str, ...]
    index_note: str | None


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    organisation: str
    logo: str | None  # data: URI, so the HTML stays self-contained
    period: str
    period_label: str
    period_range: str
    issued: str
    cover_facts: tuple[tuple[str, str], ...]
    summary: Summary
    sections: tuple[Section, ...]
    ui: dict[str, str] = field(default_factory=dict)

    def charts(self):
        """Every chart in the report, in reading order."""
        def walk(sections):
            for s in sections:
                for b in s.blocks:
                    if isinstance(b, Chart):
                        yield b
                yield from walk(s.children)
        return list(walk(self.sections))


# Helpers ------------------------------------------------------------------------------------

def _label(key: str, t: Texts) -> str:
    m = BY_KEY[key]
    return m.zh if t.lang == "zh-CN" else m.en


def _rate_label(name: str, t: Texts) -> str:
    key = {"csat_top2": "survey.csat_top2", "nps": "survey.nps",
           "complaints_total": "complaints.total",
           "service_quality_index": "service_quality_index.score"}.get(name, f"complaints.{name}")
    return _label(key, t)


def _p_cell(p: float | None) -> str:
    """A p-value in a table column headed "p": 0.044 *, < 0.001 * (the star marks p < 0.05)."""
    if p is None:
        return DASH
    return ("< 0.001" if p < 0.001 else f"{p:.3f}") + (" *" if p < 0.05 else "")


def _p(p: float | None) -> str:
    """A p-value as printed: p = 0.044, p < 0.001."""
    if p is None:
        return DASH
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _ci(ci, t: Texts, percent: bool) -> str:
    if ci is None:
        return ""
    lo, hi = ci
    fmt = (lambda v: t.percent(v)) if percent else (lambda v: t.number(v))
    return f"{t.t('ci95')} {fmt(lo)}–{fmt(hi)}"


def _distribution(counts: dict, t: Texts) -> list[str]:
    values = list(counts.values())
    if not sum(values):
        return [DASH] * len(values)
    return [f"{t.number(v)}%" for v in largest_remainder(values, decimals=1)]


# Builders -----------------------------------------------------------------------------------

class Ledger:
    """Evidence numbers in order of first citation; each figure keeps every place that cites it."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    def cite(self, key: str, place: str, **details) -> Cite:
        if key not in self.rows:
            self.rows[key] = {"id": f"E-{len(self.rows) + 1:02d}", "refs": [], **details}
        row = self.rows[key]
        ref = f"ref-{row['id']}-{place}"
        if ref not in row["refs"]:
            row["refs"].append(ref)
        return Cite(row["id"], ref)


@dataclass(frozen=True)
class Context:
    fig: Figures
    prep: Prepared
    config: Config
    t: Texts
    quarter: Quarter
    provenance: dict | None = None  # manifest.json's content
    issued: str = ""  # the issue date, formatted (the report shows no clock time: same-day builds are identical)
    ledger: Ledger = field(default_factory=Ledger)

    def cite(self, key: str, place: str, *, value: str, n: int | None = None, interval: str = "",
             population: str | None = None, metric: str | None = None) -> Cite:
        """Cite figure `key` (a registry key, or a finer one such as survey.dimensions.attitude)."""
        d = describe(BY_KEY[metric or key], self.config, self.t.lang, self.prep.dataset.questionnaire.scale)
        return self.ledger.cite(key, place, figure=d["zh"] if self.t.lang == "zh-CN" else d["en"],
                                definition=d["definition"],
                                population=population or d["denominator"] or self.population(key),
                                n=DASH if n is None else self.t.integer(n), value=value,
                                interval=interval.removeprefix(self.t.t("ci95")).strip())

    def population(self, key: str) -> str:
        section = key.split(".")[0]
        what = {"complaints": "population_tickets", "survey": "population_responses"}.get(section,
                                                                                        "population_index")
        return self.t.say(what, period=self.period_text)

    @property
    def period_text(self) -> str:
        return self.t.quarter(self.fig.period)

    def source_complaints(self, n: int) -> str:
        return self.t.say("source_complaints", file=self.prep.dataset.file_name("complaints"),
                          period=self.period_text, n=self.t.integer(n))

    def source_survey(self, n: int) -> str:
        return self.t.say("source_survey", file=self.prep.dataset.file_name("surveys"),
                          period=self.period_text, n=self.t.integer(n))


def _cite_share(c: Context, key: str, place: str, share) -> Cite:
    return c.cite(key, place, value=c.t.percent(share.value), n=share.n, interval=_ci(share.ci95, c.t, True))


def _summary(c: Context) -> Summary:
    t, cur = c.t, c.fig.current
    idx, cf, sf = cur.index, cur.complaints, cur.survey
    qoq = c.fig.changes["qoq"]
    ci_nps, ci_csat = _ci(sf.nps.ci95, t, percent=False), _ci(sf.csat_top2.ci95, t, percent=True)
    kpis = [
        Kpi(t.t("sqi"), t.number(idx.score), f"{t.t('grade')} {idx.grade if t.lang == 'zh-CN' else idx.grade_en}"
            if idx.score is not None else t.t("no_data"),
            "good" if idx.score is not None and idx.score >= 90 else "warn",
            c.cite("service_quality_index.score", "summary", value=t.number(idx.score))),
        Kpi(t.t("nps"), t.signed(sf.nps.score) if sf.nps.score else t.number(sf.nps.score), ci_nps,
            "good" if (sf.nps.score or 0) > 0 else "warn",
            c.cite("survey.nps", "summary", value=t.number(sf.nps.score), n=sf.nps.n, interval=ci_nps)),
        Kpi(t.t("csat"), t.percent(sf.csat_top2.value), ci_csat, "neutral",
            c.cite("survey.csat_top2", "summary", value=t.percent(sf.csat_top2.value), n=sf.csat_top2.n,
                   interval=ci_csat)),
        Kpi(t.t("complaints_volume"), "—" if "complaints" in c.fig.absent else t.integer(cf.total),
            t.t("no_data") if "complaints" in c.fig.absent else
            f"{t.t('previous_quarter')} {t.integer(qoq['complaints_total'].previous)}"
            if qoq["complaints_total"].previous is not None else "", "neutral",
            c.cite("complaints.total", "summary", value=t.integer(cf.total), n=cf.total)),
    ]
    for name, sla in cf.sla.items():
        kpis.append(Kpi(f"{t.value('sla', name)} ≤ {format_duration(timedelta(minutes=sla.limit_minutes))}",
                        t.percent(sla.attainment.value),
                        f"{t.t('required')} {t.percent(sla.required)} · "
                        f"{t.t('not_measured') if sla.met is None else t.t('met') if sla.met else t.t('not_met')}",
                        "neutral" if sla.met is None else "good" if sla.met else "warn", _cite_share(c, f"complaints.{name}_sla_rate", "summary",
                                                                   sla.attainment)))
    changes = []
    for scope, reference in (("qoq", t.t("previous_quarter")), ("yoy", t.t("year_ago"))):
        for name, ch in c.fig.changes[scope].items():
            if not ch.significant:
                continue
            delta = (f"{t.number(abs(ch.delta))} {t.t('points')}" if name == "nps"
                     else t.pp(ch.delta, signed=False))
            key = "change_up" if ch.delta > 0 else "change_down"
            changes.append(t.say(key, figure=_rate_label(name, t), reference=reference.lower()
                                 if t.lang == "en" else reference, delta=delta, p=_p(ch.p)))
    if not changes:
        changes.append(t.t("no_significant_changes"))
    index_note = None
    if idx.score is not None and idx.needs_improvement_plan:
        index_note = t.say("index_plan", score=t.number(idx.score))
    elif idx.score is None and idx.missing:
        index_note = t.say("index_missing", components=", ".join(idx.missing))
    return Summary(tuple(kpis), tuple(_urgent(c)[:3]), tuple(changes), tuple(_flags(c)), index_note)


def _urgent(c: Context) -> list[str]:
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
        better = HEADLINE_RATES[name][2] if name in HEADLINE_RATES else True
        if ch.significant and ch.delta is not None and (ch.delta > 0) != better:
            delta = (f"{t.number(abs(ch.delta))} {t.t('points')}" if name == "nps"
                     else t.pp(ch.delta, signed=False))
            kinds["decline"].append(t.say("urgent_decline", figure=_rate_label(name, t), delta=delta))
    for w in fig.worsening:
        kinds["worsening"].append(t.say("urgent_worsening", category=t.value("category", w.category),
                                        counts=" → ".join(t.integer(x) for x in w.counts)))
    for i in fig.priority.items:
        if i.rank == 1 and i.quadrant == "high_frequency_high_impact":
            kinds["priority"].append(t.say("urgent_priority", category=t.value("category", i.category),
                                           share=t.percent(i.frequency)))
    improve = sorted((i for i in fig.ipa.items if i.quadrant == "improve"), key=lambda i: i.performance)
    for i in improve[:1]:
        kinds["ipa"].append(t.say("urgent_ipa", dimension=c.prep.dataset.questionnaire.dimensions[i.dimension].get(t.lang),
                                  score=t.number(i.performance)))
    first = [items[0] for items in kinds.values() if items]
    rest = [s for items in kinds.values() for s in items[1:]]
    return first + rest


def _flags(c: Context) -> list[str]:
    t = c.t
    out = []
    for f in c.fig.flags:
        code = f["code"]
        if code == "sla_not_met":
            out.append(t.say("flag_sla_not_met", sla=t.value("sla", f["sla"]), value=t.percent(f["attainment"]),
                             required=t.percent(f["required"])))
        elif code == "significant_decline":
            delta = f"{t.number(f['delta'])} {t.t('points')}" if f["figure"] == "nps" else t.pp(f["delta"])
            out.append(t.say("flag_significant_decline", figure=_rate_label(f["figure"], t), delta=delta))
        elif code == "worsening_category":
            out.append(t.say("flag_worsening_category", category=t.value("category", f["category"])))
        elif code == "low_reliability":
            out.append(t.say("flag_low_reliability", alpha=t.number(f["cronbach_alpha"], 2)))
        else:
            out.append(t.say(f"flag_{code}"))
    return out


def _table(columns, rows, numeric, row_classes=(), *, title: str | None = None, cites=()) -> Table:
    return Table(tuple(columns), tuple(tuple(r) for r in rows), tuple(numeric), tuple(row_classes), title=title,
                 cites=tuple(cites))


MIN_ROWS = {"radar": 3}  # fewer points than this make no chart of that kind


def _chart(id, kind, rows, title, caption, table, *, print_table=False, **options) -> Chart | Table:
    """A chart of `rows`; with too few rows to draw, just its table (the reader still sees the numbers)."""
    rows = list(rows)
    if len(rows) < MIN_ROWS.get(kind, 1):
        return table
    return Chart(id, kind, tuple(rows), options, title, caption, table, print_table=print_table)


def _complaints_section(c: Context) -> Section:
    t, fig, cf = c.t, c.fig, c.fig.current.complaints
    if "complaints" in fig.absent:
        return Section("complaints", t.t("complaints_section"), paragraphs=(t.t("absent_complaints"),))
    src = c.source_complaints(cf.total)
    key_rows = [(_label("complaints.total", t), t.integer(cf.total), "")]
    cites = [c.cite("complaints.total", "complaints", value=t.integer(cf.total), n=cf.total)]
    key_rows.append((_label("complaints.closed", t), t.integer(cf.closed), ""))
    cites.append(c.cite("complaints.closed", "complaints", value=t.integer(cf.closed), n=cf.total))
    for name, sla in cf.sla.items():
        key_rows.append((_label(f"complaints.{name}_sla_rate", t), t.percent(sla.attainment.value),
                         f"{_ci(sla.attainment.ci95, t, True)}; {t.t('required')} {t.percent(sla.required)} "
                         f"({t.t('not_measured') if sla.met is None else t.t('met') if sla.met else t.t('not_met')})"))
        cites.append(_cite_share(c, f"complaints.{name}_sla_rate", "complaints", sla.attainment))
    for key, share in (("resolution_rate", cf.resolution), ("first_contact_resolution_rate", cf.first_contact_resolution),
                       ("repeat_rate", cf.repeat), ("handling_satisfaction_rate", cf.handling_satisfaction)):
        key_rows.append((_label(f"complaints.{key}", t), t.percent(share.value),
                         f"{_ci(share.ci95, t, True)}; n = {t.integer(share.n)}"))
        cites.append(_cite_share(c, f"complaints.{key}", "complaints", share))
    durations = (("median_response_minutes", cf.median_response_minutes, "minutes"),
                 ("p90_response_minutes", cf.p90_response_minutes, "minutes"),
                 ("median_solution_hours", cf.median_solution_hours, "hours"),
                 ("p90_solution_hours", cf.p90_solution_hours, "hours"),
                 ("median_closure_hours", cf.median_closure_hours, "hours"),
                 ("p90_closure_hours", cf.p90_closure_hours, "hours"))
    for key, value, unit in durations:
        text = f"{t.number(value)} {t.t(unit)}"
        key_rows.append((_label(f"complaints.{key}", t), text, ""))
        cites.append(c.cite(f"complaints.{key}", "complaints", value=text))
    money = f"{t.number(cf.compensation_total, 0)} {t.t('yuan')}"
    key_rows.append((_label("complaints.compensation_total", t), money, ""))
    cites.append(c.cite("complaints.compensation_total", "complaints", value=money, n=cf.total))
    key_table = _table((t.t("figure"), t.t("value"), ""), key_rows, (False, True, False), title=t.t("key_figures"),
                       cites=cites)

    sla_rows = [{"label": f"{t.value('sla', n)} ≤ {format_duration(timedelta(minutes=s.limit_minutes))}",
                 "value": s.attainment.value, "required": s.required, "met": bool(s.met)}
                for n, s in cf.sla.items() if s.attainment.value is not None]
    sla_chart = _chart("sla", "sla_attainment", sla_rows, t.t("sla_attainment"), src,
                       _table((t.t("figure"), t.t("value"), t.t("required"), ""),
                              [(r["label"], t.percent(r["value"]), t.percent(r["required"]),
                                t.t("met") if r["met"] else t.t("not_met")) for r in sla_rows],
                              (False, True, True, False)))

    by_channel = fig.breakdowns["channel"]
    channel_rows = [{"label": t.value("channel", g), "count": v.count, "share": v.share} for g, v in by_channel.items()]
    channel_chart = _chart("by_channel", "count_bars", channel_rows, _label("complaints.by_channel", t), src,
                           _count_table(channel_rows, t))
    by_category = fig.breakdowns["category"]
    cat_channel = fig.ticket_counts["category+channel"]
    order = {cat: i for i, cat in enumerate(by_category)}  # largest category first, as in the table
    category_rows = [{"label": t.value("category", cat), "channel": t.value("channel", ch), "count": int(n),
                      "share": n / cf.total}
                     for (cat, ch), n in sorted(cat_channel.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))]
    category_chart = _chart(
        "by_category", "count_bars", category_rows, _label("complaints.by_category", t), src,
        _count_table([{"label": t.value("category", g), "count": v.count, "share": v.share}
                      for g, v in by_category.items()], t),
        filter_param={"name": "channel_filter", "field": "channel", "all_label": t.t("all"),
                      "label": t.t("complaint_channel"), "options": [t.value("channel", g) for g in by_channel]})

    blocks = [key_table, sla_chart, channel_chart, category_chart]
    if fig.breakdowns["store"]:
        heat = fig.ticket_counts["store+category"]
        heat_rows = [{"row": s, "column": t.value("category", cat), "count": int(n)} for (s, cat), n in heat.items()]
        blocks.append(_chart("heatmap", "heatmap", heat_rows, t.t("store_by_category"), src,
                             _table((t.t("store"), t.t("category"), t.t("count")),
                                    [(r["row"], r["column"], t.integer(r["count"])) for r in heat_rows],
                                    (False, False, True)),
                             row_title=t.t("store"),
                             column_title=t.t("category")))
    blocks.append(_breakdown_table(c, "store"))
    sat = cf.handling_satisfaction_by_closure_sla
    blocks.append(_table((_label("complaints.handling_satisfaction_by_closure_sla", t), t.t("value"), t.t("n")),
                         [(f"{t.value('sla', 'closure')} {t.t('met')}", t.percent(sat["met"].value), t.integer(sat["met"].n)),
                          (f"{t.value('sla', 'closure')} {t.t('not_met')}", t.percent(sat["breached"].value),
                           t.integer(sat["breached"].n))], (False, True, True),
                         title=_label("complaints.handling_satisfaction_by_closure_sla", t)))
    return Section("complaints", t.t("complaints_section"),
                   paragraphs=(t.say("insufficient_note", min_cell=c.config.min_cell),), blocks=tuple(blocks))


def _count_table(rows, t: Texts) -> Table:
    return _table((t.t("group"), t.t("count"), t.t("share")),
                  [(r["label"], t.integer(r["count"]), t.percent(r["share"])) for r in rows], (False, True, True))


def _breakdown_table(c: Context, by: str) -> Table:
    t = c.t
    groups = c.fig.breakdowns[by]
    rows, classes = [], []
    for g, v in groups.items():
        f = v.figures
        if v.insufficient:
            rows.append((g, t.integer(v.count), t.t("insufficient"), "", "", ""))
        else:
            rows.append((g, t.integer(v.count), t.percent(f.sla["response"].attainment.value),
                         t.percent(f.sla["closure"].attainment.value), t.percent(f.resolution.value),
                         t.percent(f.handling_satisfaction.value)))
        classes.append("muted" if v.insufficient else "")
    return _table((t.t("group"), t.t("count"), _label("complaints.response_sla_rate", t),
                   _label("complaints.closure_sla_rate", t), _label("complaints.resolution_rate", t),
                   _label("complaints.handling_satisfaction_rate", t)), rows,
                  (False, True, True, True, True, True), classes, title=t.t(f"breakdown_{by}"))


def _survey_section(c: Context) -> Section:
    t, fig, sf = c.t, c.fig, c.fig.current.survey
    if "surveys" in fig.absent:
        return Section("survey", t.t("survey_section"), paragraphs=(t.t("absent_surveys"),))
    q = c.prep.dataset.questionnaire
    src = c.source_survey(sf.responses_valid)
    kpis = (Kpi(t.t("responses"), t.integer(sf.responses_total), f"{t.t('valid_responses')} {t.integer(sf.responses_valid)}",
                "neutral", c.cite("survey.responses_valid", "survey", value=t.integer(sf.responses_valid),
                                  n=sf.responses_total)),
            Kpi(t.t("csat"), t.percent(sf.csat_top2.value), _ci(sf.csat_top2.ci95, t, True), "neutral",
                _cite_share(c, "survey.csat_top2", "survey", sf.csat_top2)),
            Kpi(t.t("nps"), t.number(sf.nps.score), _ci(sf.nps.ci95, t, False), "neutral",
                c.cite("survey.nps", "survey", value=t.number(sf.nps.score), n=sf.nps.n,
                       interval=_ci(sf.nps.ci95, t, False))))
    five = q.scale == (1, 5)  # the five labelled categories; another scale's categories are its numbers
    labels = [f"{k} {t.t('likert_labels').split('|')[k - 1]}" if five else str(k) for k in sf.overall_counts]
    percents = _distribution(sf.overall_counts, t)
    distribution = _table((t.t("value"), t.t("count"), t.t("share")),
                          [(lab, t.integer(n), p) for lab, n, p in zip(labels, sf.overall_counts.values(), percents)],
                          (False, True, True), title=q.overall.get(t.lang))
    # a ring for five categories; more read better as the table
    donut = _chart("overall", "donut", [{"label": lab, "count": n} for lab, n in zip(labels, sf.overall_counts.values())],
                   q.overall.get(t.lang), src, distribution, percent_labels=percents,
                   colors=list(LIKERT_COLORS)) if five else distribution
    dim_rows = [{"label": q.dimensions[d].get(t.lang), "score100": s.score100, "n": s.n,
                 "insufficient": s.n < c.config.min_cell} for d, s in sf.dimensions.items() if s.score100 is not None]
    dim_table = _table((t.t("dimension"), t.t("mean"), t.t("score100"), t.t("n")),
                       [(q.dimensions[d].get(t.lang), t.number(s.mean, 2), t.number(s.score100), t.integer(s.n))
                        for d, s in sf.dimensions.items()], (False, True, True, True),
                       cites=[c.cite(f"survey.dimensions.{d}", "dimensions", metric="survey.dimensions",
                                     value=f"{t.number(s.score100)} ({t.t('mean')} {t.number(s.mean, 2)})", n=s.n,
                                     population=f"{q.dimensions[d].get(t.lang)}: {t.t('valid_responses')}")
                              for d, s in sf.dimensions.items()])
    bars = _chart("dimensions", "dimension_bars", dim_rows, _label("survey.dimensions", t), src, dim_table,
                  print_table=True)
    prev = fig.previous.survey.dimensions if fig.previous is not None else None
    radar = _chart("radar", "radar", [{"label": r["label"], "score100": r["score100"]} for r in dim_rows],
                   t.t("radar_title") if prev else _label("survey.dimensions", t), src,
                   _table(dim_table.columns, dim_table.rows, dim_table.numeric),  # cited once, under the bars
                   previous=None if prev is None else [{"label": q.dimensions[d].get(t.lang), "score100": s.score100}
                                                       for d, s in prev.items() if s.score100 is not None],
                   series_names=(t.t("this_quarter"), t.t("previous_quarter")))
    blocks = [*([donut] if sf.overall_counts else []), bars, radar, _segment_chart(c, src)]
    if not (five and q.one_scale):  # the diverging chart is drawn for five categories; other scales: the table
        blocks.append(_items_table(c))
        blocks.append(_survey_breakdown_table(c, "segment"))
        blocks.append(_survey_breakdown_table(c, "channel"))
        return Section("survey", t.t("survey_section"), kpis=kpis, blocks=tuple(blocks))
    likert_rows = []
    for item in q.items:
        st = sf.items[item.id]
        total = sum(st.counts.values())
        for level, n in st.counts.items():
            likert_rows.append({"item": f"{item.id} {item.text.get(t.lang)}", "level": level,
                                "share": n / total if total else 0.0})
    blocks.append(_chart("likert", "likert_diverging", likert_rows, _label("survey.items", t), src,
                         _items_table(c), print_table=True, level_labels=[str(i) for i in range(1, 6)]))
    blocks.append(_survey_breakdown_table(c, "segment"))
    blocks.append(_survey_breakdown_table(c, "channel"))
    return Section("survey", t.t("survey_section"), kpis=kpis, blocks=tuple(blocks))


def _segment_chart(c: Context, src: str) -> Chart:
    """Dimension scores with segment and channel filters, from per-cell sums (no raw answers)."""
    t, q = c.t, c.prep.dataset.questionnaire
    def label(field: str, value: str | None) -> str:
        return DASH if value is None else t.value(field, value)

    rows = [{"segment": label("segment", r["segment"]), "channel": label("channel", r["channel"]),
             "dimension": q.dimensions[r["dimension"]].get(t.lang), "n": r["n"], "sum": r["sum"]}
            for r in c.fig.segment_dimensions]
    rows.sort(key=lambda r: (r["segment"], r["channel"]))  # stable: dimensions stay in questionnaire order
    table = _table((t.t("dimension"), t.t("segment"), t.t("survey_channel"), t.t("n"), t.t("mean")),
                   [(r["dimension"], r["segment"], r["channel"], t.integer(r["n"]), t.number(r["sum"] / r["n"], 2))
                    for r in rows], (False, False, False, True, True))
    return _chart("segments", "segment_dimension_bars", rows,
                  t.t("dimensions_filtered"),
                  src, table, dimensions_order=[q.dimensions[d].get(t.lang) for d in q.dimensions],
                  segment_options=sorted({r["segment"] for r in rows}), channel_options=sorted({r["channel"] for r in rows}),
                  all_label=t.t("all"), segment_title=t.t("segment"), channel_title=t.t("survey_channel"),
                  min_n=c.config.min_cell, note=t.t("insufficient"), value_title=t.t("score100"),
                  scale_min=q.scale[0], scale_max=q.scale[1])


def _items_table(c: Context) -> Table:
    t, q, sf = c.t, c.prep.dataset.questionnaire, c.fig.current.survey
    any_counts = any(levels_of(i.scale) for i in q.items)
    rows = []
    for item in q.items:
        s = sf.items[item.id]
        own = levels_of(item.scale)
        rows.append((item.id, item.text.get(t.lang), t.integer(s.n), t.number(s.mean, 2), t.number(s.sd, 2),
                     *([(f"{own[0]}–{own[-1]}: " if not q.one_scale else "")
                        + " / ".join(t.integer(s.counts[k]) for k in own)] if any_counts else [])))
    # each answer's count (a slider's answers are not counted one by one); items on several scales say theirs
    counts = [" / ".join(map(str, q.levels)) if q.one_scale else t.t("answer_counts")] if any_counts else []
    return _table((t.t("item"), t.t("text"), t.t("n"), t.t("mean"), t.t("sd"), *counts), rows,
                  (False, False, True, True, True, *([True] if counts else [])))


def _survey_breakdown_table(c: Context, by: str) -> Table:
    t = c.t
    rows, classes = [], []
    for g, v in c.fig.survey_breakdowns[by].items():
        if v.insufficient:
            rows.append((t.value(by, g), t.integer(v.n_valid), t.t("insufficient"), ""))
        else:
            rows.append((t.value(by, g), t.integer(v.n_valid), t.percent(v.csat_top2.value), t.number(v.nps.score)))
        classes.append("muted" if v.insufficient else "")
    head = {"segment": t.t("segment"), "channel": t.t("survey_channel")}[by]
    return _table((head, t.t("valid_responses"), t.t("csat"), t.t("nps")), rows,
                  (False, True, True, True), classes, title=t.t(f"survey_by_{by}"))


def _comparison_section(c: Context) -> Section:
    t, fig = c.t, c.fig
    rows = []
    classes = []
    for name in (*HEADLINE_RATES, "nps", "complaints_total", "service_quality_index"):
        q_, y_ = fig.changes["qoq"][name], fig.changes["yoy"][name]
        as_pct = name in HEADLINE_RATES
        value = (lambda v: t.percent(v)) if as_pct else (lambda v: t.number(v, 0 if name == "complaints_total" else 1))
        delta = (lambda d: t.pp(d)) if as_pct else (lambda d: t.signed(d, 0 if name == "complaints_total" else 1))
        rows.append((_rate_label(name, t), value(q_.current), value(q_.previous), delta(q_.delta),
                     _p_cell(q_.p), value(y_.previous), delta(y_.delta), _p_cell(y_.p)))
        better = HEADLINE_RATES[name][2] if name in HEADLINE_RATES else True
        classes.append("" if not q_.significant else ("good" if (q_.delta > 0) == better else "warn"))
    changes = _table((t.t("figure"), t.t("this_quarter"), t.t("previous_quarter"), t.t("change"), "p",
                      t.t("year_ago"), t.t("change"), "p"), rows, (False, True, True, True, True, True, True, True),
                     classes, title=t.t("changes_table"))
    trend = fig.trend
    periods = [t.quarter(p.period) for p in trend]
    rate_series = [("csat_top2", lambda p: p.survey.csat_top2.value),
                   ("response_sla_rate", lambda p: p.complaints.sla["response"].attainment.value),
                   ("closure_sla_rate", lambda p: p.complaints.sla["closure"].attainment.value),
                   ("resolution_rate", lambda p: p.complaints.resolution.value)]
    trend_rows = [{"period": per, "series": _rate_label(name, t), "value": get(p)}
                  for name, get in rate_series for per, p in zip(periods, trend)]
    files = ", ".join(c.prep.dataset.file_name(n) for n in ("complaints", "surveys") if n not in c.prep.dataset.absent)
    trend_src = t.say("source_trend", files=files, first=periods[0], last=periods[-1])
    trend_chart = _chart("trend_rates", "trend_lines", trend_rows, t.t("trend_rates"), trend_src,
                         _table((t.t("figure"), *periods), [(_rate_label(name, t), *(t.percent(get(p)) for p in trend))
                                                           for name, get in rate_series], (False,) + (True,) * len(periods)),
                         percent=True)
    score_series = [("service_quality_index", lambda p: p.index.score), ("nps", lambda p: p.survey.nps.score)]
    score_rows = [{"period": per, "series": _rate_label(name, t), "value": get(p)}
                  for name, get in score_series for per, p in zip(periods, trend)]
    score_chart = _chart("trend_scores", "trend_lines", score_rows,
                         t.t("trend_scores"),
                         trend_src, _table((t.t("figure"), *periods),
                                           [(_rate_label(name, t), *(t.number(get(p)) for p in trend))
                                            for name, get in score_series], (False,) + (True,) * len(periods)),
                         percent=False)
    blocks = [changes, trend_chart, score_chart, _store_changes_table(c), *_priority_blocks(c), *_ipa_blocks(c),
              _worsening_table(c), _index_table(c)]
    return Section("comparison", t.t("comparison_section"), paragraphs=(t.t("significance_note"),),
                   blocks=tuple(b for b in blocks if b is not None))


def _store_changes_table(c: Context) -> Table | None:
    t = c.t
    sc = c.fig.store_changes
    if not sc:
        return None
    stores = sorted(set(sc["csat_top2"]) | set(sc["closure_sla_rate"]))
    rows, classes = [], []
    for s in stores:
        cells = [s]
        warn = False
        for fam in ("csat_top2", "closure_sla_rate"):
            g = sc[fam].get(s)
            if g is None or g.change is None:
                cells += [t.t("insufficient"), ""]
            else:
                cells += [t.pp(g.change.delta), _p_cell(g.p_holm)]
                warn = warn or (g.change.significant and g.change.delta < 0)
        rows.append(tuple(cells))
        classes.append("warn" if warn else "")
    return _table((t.t("group"), _rate_label("csat_top2", t), "p (Holm)", _rate_label("closure_sla_rate", t),
                   "p (Holm)"), rows, (False, True, True, True, True), classes,
                  title=_label("comparisons.stores_qoq", t))


def _priority_blocks(c: Context) -> list:
    t, pm = c.t, c.fig.priority
    src = c.source_complaints(c.fig.current.complaints.total)
    rows = [{"label": t.value("category", i.category), "frequency": i.frequency, "impact": i.impact,
             "quadrant": t.value("priority_quadrant", i.quadrant), "rank": i.rank}
            for i in pm.items if not i.insufficient]
    impact_title = t.t(f"impact_{pm.impact_basis}")
    table = _table((t.t("rank"), t.t("group"), t.t("count"), t.t("share"), impact_title, t.t("quadrant")),
                   [(DASH if i.rank is None else str(i.rank), t.value("category", i.category), t.integer(i.count),
                     t.percent(i.frequency), t.number(i.impact, 2),
                     t.t("insufficient") if i.insufficient else t.value("priority_quadrant", i.quadrant))
                    for i in pm.items], (True, False, True, True, True, False),
                   ["muted" if i.insufficient else ("warn" if i.rank == 1 else "") for i in pm.items])
    if not rows:
        return [table]
    return [_chart("priority", "priority_scatter", rows, _label("priority_matrix", t), src, table, print_table=True,
                   x_median=pm.frequency_median, y_median=pm.impact_median,
                   x_title=t.t("frequency_axis"),
                   y_title=impact_title)]


def _ipa_blocks(c: Context) -> list:
    t, ipa, q = c.t, c.fig.ipa, c.prep.dataset.questionnaire
    src = c.source_survey(c.fig.current.survey.responses_valid)
    rows = [{"label": q.dimensions[i.dimension].get(t.lang), "importance": i.importance, "performance": i.performance,
             "quadrant": t.value("ipa_quadrant", i.quadrant)} for i in ipa.items if i.quadrant is not None]
    table = _table((t.t("dimension"), "r", t.t("score100"), t.t("quadrant")),
                   [(q.dimensions[i.dimension].get(t.lang), t.number(i.importance, 3), t.number(i.performance),
                     DASH if i.quadrant is None else t.value("ipa_quadrant", i.quadrant)) for i in ipa.items],
                   (False, True, True, False), ["warn" if i.quadrant == "improve" else "" for i in ipa.items])
    if not rows:
        return [table]
    return [_chart("ipa", "ipa_scatter", rows, _label("importance_performance", t), src, table, print_table=True,
                   x_mean=ipa.importance_mean, y_mean=ipa.performance_mean,
                   x_title=t.t("importance_axis"),
                   y_title=t.t("performance_axis"))]


def _worsening_table(c: Context) -> Table:
    t = c.t
    periods = [t.quarter(str(c.quarter.shift(k))) for k in (-2, -1, 0)]
    rows = [(t.value("category", w.category), *(t.integer(x) for x in w.counts),
             t.percent(w.jump) if w.jump is not None else DASH) for w in c.fig.worsening]
    if not rows:
        rows = [(t.t("none"), "", "", "", "")]
    return _table((t.t("category"), *periods, t.t("change")), rows, (False, True, True, True, True),
                  ["warn"] * len(c.fig.worsening), title=_label("worsening_categories", t))


def _index_table(c: Context) -> Table:
    t, idx = c.t, c.fig.current.index
    rows = [(t.value("index_component", name), t.percent(comp.value), t.percent(comp.target, 0),
             t.number(comp.weight, 0), t.number(comp.score)) for name, comp in idx.components.items()]
    rows.append((t.t("sqi"), "", "", "", t.number(idx.score)))
    for e in c.fig.current.events:
        rows.append((f"{t.t('events')}: {t.value('event', e.type)} {e.date}", e.description or "", "", "",
                     t.number(e.points)))
    return _table((t.t("figure"), t.t("value"), t.t("target"), t.t("weight"), t.t("score100")), rows,
                  (False, True, True, True, True), title=_label("service_quality_index.components", t))


def _actions_section(c: Context) -> Section:
    t = c.t
    actions = c.prep.dataset.actions
    if actions is None or actions.empty:
        return Section("actions", t.t("actions_section"), paragraphs=(t.t("no_actions"),))
    rows = [{"action": str(a), "start": f"{s:%Y-%m-%d}", "due": f"{d:%Y-%m-%d}",
             "status": "" if pd.isna(st) else str(st)}
            for a, s, d, st in zip(actions["action"], actions["start"], actions["due"], actions["status"])]
    table = _table((t.t("action"), t.t("owner"), t.t("start"), t.t("due"), t.t("status"), t.t("related_category")),
                   [(str(a), "" if pd.isna(o) else str(o), f"{s:%Y-%m-%d}", f"{d:%Y-%m-%d}",
                     "" if pd.isna(st) else str(st), "" if pd.isna(rc) else t.value("category", rc))
                    for a, o, s, d, st, rc in zip(actions["action"], actions["owner"], actions["start"], actions["due"],
                                                  actions["status"], actions["related_category"])],
                   (False,) * 6)
    _, end = c.quarter.bounds(c.config.tz)
    chart = _chart("gantt", "gantt", rows, t.t("actions_section"),
                   t.say("source_actions", n=t.integer(len(rows))), table, print_table=True,
                   today=f"{(end - pd.Timedelta(days=1)):%Y-%m-%d}")
    return Section("actions", t.t("actions_section"), blocks=(chart,))


def _appendices(c: Context) -> Section:
    t, q, sf, cfg = c.t, c.prep.dataset.questionnaire, c.fig.current.survey, c.config
    questionnaire = Section("appendix-questionnaire", t.t("appendix_questionnaire"), blocks=(
        _table((t.t("item"), t.t("dimension"), t.t("text"), t.t("reverse")),
               [(i.id, q.dimensions[i.dimension].get(t.lang), i.text.get(t.lang), "✓" if i.reverse else "")
                for i in q.items] + [("overall", DASH, q.overall.get(t.lang), ""), ("nps", DASH, q.nps.get(t.lang), "")],
               (False, False, False, False)),))
    sampling_blocks = []
    for by in ("segment", "channel", "product_line", "store"):
        groups = c.fig.survey_breakdowns.get(by) or {}
        if groups:
            total = sum(g.n_valid for g in groups.values())
            sampling_blocks.append(_table((t.t(by), t.t("valid_responses"), t.t("share")),
                                          [(t.value(by, k), t.integer(g.n_valid), t.percent(g.n_valid / total))
                                           for k, g in groups.items()], (False, True, True),
                                          ["muted" if g.insufficient else "" for g in groups.values()],
                                          title=t.t(f"sample_by_{by}")))
    if c.fig.strata:
        total = sum(c.fig.strata.values())
        sampling_blocks.append(_table((t.t("stratum"), t.t("valid_responses"), t.t("share")),
                                      [(" | ".join(t.value(by, v) for by, v in zip(("segment", "product_line", "channel"),
                                                                                    k.split(" | "))),
                                        t.integer(n), t.percent(n / total)) for k, n in c.fig.strata.items()],
                                      (False, True, True), title=_label("sampling.strata", t)))
    for check in c.fig.representativeness:
        test = (f"χ² = {t.number(check.chi2, 2)}, df = {check.df}, {_p(check.p)}" if check.chi2 is not None else DASH)
        sampling_blocks.append(_table(
            (t.t(check.variable), t.t("valid_responses"), t.t("sample_share"), t.t("population_share"),
             t.t("change")),
            [(t.value(check.variable, r.value), t.integer(r.n), t.percent(r.sample_share),
              t.percent(r.population_share), t.pp(r.difference)) for r in check.rows],
            (False, True, True, True, True),
            title=f"{_label('sampling.representativeness', t)} · {t.t(check.variable)} · {test}"))
    sampling = Section("appendix-sampling", t.t("appendix_sampling"),
                       paragraphs=tuple(p for p in (t.say("insufficient_note", min_cell=cfg.min_cell),
                                                    t.t("no_population") if not c.fig.representativeness else "")
                                        if p),
                       blocks=tuple(sampling_blocks))
    defs = [describe(m, cfg, t.lang, c.prep.dataset.questionnaire.scale) for m in METRICS]
    definitions = Section("appendix-definitions", t.t("appendix_definitions"), blocks=(
        Table((t.t("figure"), t.t("definition")),
              tuple((d["zh"] if t.lang == "zh-CN" else d["en"],
                     d["definition"] + (f" {t.t('numerator')}: {d['numerator']}." if d["numerator"] else "")
                     + (f" {t.t('denominator')}: {d['denominator']}." if d["denominator"] else "")) for d in defs),
              (False, False), block="deflist"),))
    funnel_rows = [{"stage": t.t("responses"), "count": sf.responses_total}]
    remaining = sf.responses_total
    for rule in EXCLUSION_RULES:
        remaining -= sf.excluded[rule]
        funnel_rows.append({"stage": f"− {t.value('rule', rule)}", "count": remaining})
    funnel_rows[-1] = {"stage": t.t("valid_responses"), "count": sf.responses_valid}
    thresholds = {"duplicate": DASH, "too_fast": f"< {cfg.cleaning.min_duration_s:g} s",
                  "contradiction": "overall 5 & nps ≤ 2; overall 1 & nps ≥ 9",
                  "straight_lining": f"≥ {cfg.cleaning.straight_line_min_items} items, < {cfg.cleaning.straight_line_max_s:g} s",
                  "incomplete": f"< {len(q.items) / 2:g} items"}
    cleaning_table = _table((t.t("rule"), t.t("threshold"), t.t("excluded")),
                            [(t.value("rule", r), thresholds[r], t.integer(sf.excluded[r])) for r in EXCLUSION_RULES]
                            + [(t.t("valid_responses"), "", t.integer(sf.responses_valid))], (False, False, True))
    dq_rows = [(k.split(".")[0], k.split(".")[1], t.value("rule", k.split(".")[2]), t.integer(v))
               for k, v in c.fig.data_quality.items()]
    dq_table = _table((t.t("file"), t.t("column"), t.t("rule"), t.t("count")), dq_rows or [(t.t("none"), "", "", "")],
                      (False, False, False, True), title=_label("data_quality", t))
    funnel = _chart("funnel", "funnel", funnel_rows, t.t("funnel_title"), c.source_survey(sf.responses_total),
                    cleaning_table, print_table=True)
    review_n = int(round(cfg.sampling.review_share * sf.responses_valid))
    cleaning = Section("appendix-cleaning", t.t("appendix_cleaning"),
                       paragraphs=(t.say("review_sample", n=t.integer(review_n), share=t.percent(cfg.sampling.review_share, 0),
                                         seed=cfg.sampling.review_seed),),
                       blocks=(funnel, dq_table))
    r = sf.reliability
    def verdict(ok, kind):
        return DASH if ok is None else t.t(f"verdict_{kind}_{'ok' if ok else 'low'}")

    rel_rows = [("Cronbach's α", t.number(r.cronbach_alpha, 3), f"≥ {ALPHA_OK}",
                 verdict(None if r.cronbach_alpha is None else r.cronbach_alpha >= ALPHA_OK, "alpha"))]
    for dim, d in r.per_dimension.items():
        rel_rows.append((f"α {q.dimensions[dim].get(t.lang)}", t.number(d["alpha"], 3), f"≥ {ALPHA_OK}",
                         verdict(None if d["alpha"] is None else d["alpha"] >= ALPHA_OK, "alpha")))
    rel_rows.append(("KMO", t.number(r.kmo, 3), f"≥ {KMO_OK}",
                     verdict(None if r.kmo is None else r.kmo >= KMO_OK, "kmo")))
    rel_rows.append((f"Bartlett χ² (df = {r.bartlett_df})", t.number(r.bartlett_chi2, 1), f"p < {BARTLETT_P}",
                     f"{_p(r.bartlett_p)}: "
                     + verdict(None if r.bartlett_p is None else r.bartlett_p < BARTLETT_P, "bartlett")))
    rel_table = _table((t.t("figure"), t.t("value"), t.t("threshold"), t.t("verdict")), rel_rows,
                       (False, True, False, False))
    item_table = _table((t.t("item"), t.t("alpha_if_deleted"), "MSA"),
                        [(i, t.number(r.alpha_if_deleted.get(i), 3), t.number(r.msa.get(i), 3)) for i in q.item_ids],
                        (False, True, True))
    reliability = Section("appendix-reliability", t.t("appendix_reliability"),
                          paragraphs=(f"n = {t.integer(r.n)}",), blocks=(rel_table, item_table))
    evidence = Section("appendix-evidence", t.t("appendix_evidence"), paragraphs=(t.t("evidence_note"),),
                       blocks=(EvidenceIndex(tuple(
                           EvidenceRow(r["id"], r["figure"], r["definition"], r["population"], r["n"], r["value"],
                                       r["interval"], tuple(r["refs"])) for r in c.ledger.rows.values())),))
    return Section("appendix", t.t("appendix"),
                   children=(questionnaire, sampling, definitions, cleaning, reliability, evidence,
                             _appendix_provenance(c)))


def _appendix_provenance(c: Context) -> Section:
    """The manifest in words: which files, which digests, which configuration, which versions."""
    t, m = c.t, c.provenance or {}
    inputs = m.get("inputs", {})
    rows = []
    for e in inputs.values():
        if "url" in e:  # a database table: no digest
            rows.append((f"{e['table']} · {e['url']}", DASH, DASH, t.integer(e["rows_read"]),
                         t.integer(e.get("rows_used", e["rows_read"]))))
            continue
        for part in e.get("files") or [e]:
            rows.append((Path(part["path"]).name, t.integer(part["size"]), part["sha256"], t.integer(part["rows_read"]),
                         t.integer(e["rows_used"]) if part is e else DASH))
    files = _table((t.t("file"), t.t("size_bytes"), "SHA-256", t.t("rows_read"), t.t("rows_used")), rows,
                   (False, True, False, True, True), title=t.t("inputs"))
    blocks = [files]
    mapped = [(name, e["mapping"]) for name, e in inputs.items() if e.get("mapping")]
    if mapped:
        blocks.append(_table((t.t("table"), t.t("mapping")), [(name, _mapping_text(mp, t)) for name, mp in mapped],
                             (False, False), title=t.t("mappings")))
    cfg = m.get("config", {})
    settings = _table((t.t("figure"), t.t("value")), [
        (t.t("config_file"), (Path(cfg["path"]).name + " · SHA-256 " + cfg["sha256"]) if cfg.get("path")
         else t.t("default_config")),
        (t.t("generated"), c.issued),
        *((name, version or DASH) for name, version in m.get("versions", {}).items()),
    ], (False, False), title=t.t("settings_versions"))
    return Section("appendix-provenance", t.t("appendix_provenance"), paragraphs=(t.t("provenance_note"),),
                   blocks=(*blocks, settings))


def _mapping_text(mp: dict, t: Texts) -> str:
    """A `[sources]` mapping as applied, in one cell: preset, columns, rows left out, cells made missing."""
    parts = [f"{t.t('preset')} {mp['preset']}" if mp.get("preset") else t.t("no_preset")]
    parts.append("; ".join(f"{k} ← {v}" for k, v in mp.get("columns", {}).items()))
    if mp.get("constants"):
        parts.append(t.t("constants") + " " + "; ".join(f"{k} = {v}" for k, v in mp["constants"].items()))
    if mp.get("period"):
        parts.append(t.say("mapping_period", period=mp["period"]))
    if mp.get("timezone"):
        parts.append(f"{t.t('timezone')} {mp['timezone']}")
    dropped = mp.get("rows_dropped") or {}
    parts.append(t.say("mapping_dropped", n=t.integer(sum(dropped.values())), read=t.integer(mp.get("rows_read", 0)))
                 + (": " + "; ".join(f"{k} × {t.integer(v)}" for k, v in dropped.items()) if dropped else ""))
    if mp.get("not_applicable"):
        parts.append(t.t("not_applicable") + ": " + "; ".join(f"{k} × {t.integer(v)}"
                                                             for k, v in mp["not_applicable"].items()))
    return " · ".join(p for p in parts if p)


def build_report(fig: Figures, prep: Prepared, config: Config, *, lang: str, logo: str | None,
                 issued: date, provenance: dict | None = None) -> Report:
    """Assemble the report model for one quarter in one language."""
    t = texts(lang)
    quarter = Quarter.parse(fig.period)
    c = Context(fig, prep, config, t, quarter, provenance, t.date(issued))
    start, end = quarter.bounds(config.tz)
    cf, sf = fig.current.complaints, fig.current.survey
    org = config.organisation.name if lang == "zh-CN" else config.organisation.name_en
    return Report(
        lang=lang, title=t.t("report_title"), organisation=org, logo=logo,
        period=fig.period, period_label=t.quarter(fig.period),
        period_range=f"{t.date(start.date())} – {t.date((end - pd.Timedelta(days=1)).date())}",
        issued=t.date(issued),
        cover_facts=((t.t("tickets"), t.integer(cf.total)), (t.t("responses"), t.integer(sf.responses_total)),
                     (t.t("valid_responses"), t.integer(sf.responses_valid))),
        summary=_summary(c),
        sections=(_complaints_section(c), _survey_section(c), _comparison_section(c), _actions_section(c),
                  _appendices(c)),
        ui=t.ui,
    )
