"""The complaints chapter: key figures, commitments, channels, categories, stores."""

from __future__ import annotations

from dataclasses import replace

from reportgen.i18n import DASH
from reportgen.report.context import Context, chart, table
from reportgen.report.findings import counts_title, heat_title, sla_title
from reportgen.report.formatting import interval, met_word, sla_label
from reportgen.report.model import Section, Table
from reportgen.text.topics import NO_TOPIC

# (figure, unit, the times it is taken over: a key of ComplaintFigures.durations_n)
DURATIONS = (("median_response_minutes", "minutes", "response"), ("p90_response_minutes", "minutes", "response"),
             ("median_solution_hours", "hours", "solution"), ("p90_solution_hours", "hours", "solution"),
             ("median_closure_hours", "hours", "closure"), ("p90_closure_hours", "hours", "closure"))
RATES = (("resolution_rate", "resolution"), ("first_contact_resolution_rate", "first_contact_resolution"),
         ("repeat_rate", "repeat"), ("handling_satisfaction_rate", "handling_satisfaction"))


def build(c: Context) -> Section:
    t, fig, cf = c.t, c.fig, c.fig.current.complaints
    if "complaints" in fig.absent:
        return Section("complaints", t.t("complaints_section"), paragraphs=(t.t("absent_complaints"),))
    src = c.source_complaints(cf.total)
    blocks = [_key_table(c), _sla_chart(c, src), *_tier_table(c), *_overdue_table(c), *_count_charts(c, src)]
    heat_rows = heat_rows_for(c)
    if heat_rows:
        blocks.append(chart("heatmap", "heatmap", heat_rows, _heat_title(c, heat_rows), src,
                            table((t.t("store"), t.t("category"), t.t("count"), t.t("share_of_store")),
                                  [(r["row"], r["column"], t.integer(r["count"]), t.percent(r["share"]))
                                   for r in heat_rows], (False, False, True, True)),
                            row_title=t.t("store"), column_title=t.t("category")))
    blocks.append(breakdown_table(c, "store"))
    blocks.extend(_recurrence_table(c))
    sat = cf.handling_satisfaction_by_closure_sla
    title = c.label("complaints.handling_satisfaction_by_closure_sla")
    small = {part: sat[part].n < c.config.min_cell for part in ("met", "breached")}  # groups: the small-sample rule
    blocks.append(table((title, t.t("value"), t.t("n")),
                        [(f"{t.value('sla', 'closure')} {t.t(word)}",
                          t.t("insufficient") if small[part] else t.percent(sat[part].value), t.integer(sat[part].n))
                         for part, word in (("met", "met"), ("breached", "not_met"))], (False, True, True),
                        ["muted" if small[part] else "" for part in ("met", "breached")], title=title))
    return Section("complaints", t.t("complaints_section"),
                   paragraphs=(t.say("insufficient_note", min_cell=c.config.min_cell), *derived_note(c)),
                   blocks=tuple(blocks))


def _tier_table(c: Context) -> tuple[Table, ...]:
    """Each commitment per severity against its tier (sla.<commitment>.by_severity), when tiered."""
    t, groups = c.t, c.fig.breakdowns["severity"]
    if not c.config.sla.tiered or not groups:
        return ()
    names = ("response", "solution", "closure")
    tiers = list(dict.fromkeys(k for n in names for k in getattr(c.config.sla, n).by_severity))
    groups = dict(sorted(groups.items(), key=lambda kv: tiers.index(kv[0]) if kv[0] in tiers else len(tiers)))

    def cell(g, name) -> str:
        s = g.figures.sla[name]
        value = t.t("insufficient") if g.insufficient else f"{t.percent(s.attainment.value)} {met_word(s.met, t)}"
        return f"{t.duration(s.limit_minutes)}{t.t('label_sep')}{value}"

    title = c.label("complaints.sla_by_severity")
    return (table((t.t("severity"), *(t.value("sla", n) for n in names), t.t("n")),
                  [(t.value("severity", k), *(cell(g, n) for n in names), t.integer(g.count)) for k, g in groups.items()],
                  (False, False, False, False, True), ["muted" if g.insufficient else "" for g in groups.values()],
                  title=title),)


def _overdue_table(c: Context) -> tuple[Table, ...]:
    """The oldest tickets still open past their closure limit at the quarter's end (all: overdue.csv)."""
    t, fig = c.t, c.fig
    if not fig.overdue_count:
        return ()
    business = c.config.sla.clock == "business"

    def hours(minutes: float, day: float) -> str:  # two days and more in days (working days, business clock)
        if minutes >= 2 * day:
            return f"{t.number(minutes / day, 1)} {t.t('unit_workday' if business else 'unit_day')}"
        return f"{t.number(minutes / 60, 1)} {t.t('unit_hour')}"
    title = t.say("overdue_title", n=t.integer(fig.overdue_count), shown=t.integer(len(fig.overdue_oldest)))
    return (table((t.t("ticket"), t.t("severity"), t.t("store"), t.t("received"), t.t("age"), t.t("limit")),
                  [(o.id, t.value("severity", o.severity) if o.severity else DASH, o.store or DASH, o.received,
                    hours(o.age_minutes, o.day_minutes), hours(o.limit_minutes, o.day_minutes))
                   for o in fig.overdue_oldest],
                  (False, False, False, False, True, True), title=title),)


def _recurrence_table(c: Context) -> tuple[Table, ...]:
    """Per category, the repeat share and the share breaching the closure commitment: which kinds
    of complaint come back, and which the desk cannot close in time (ISO 10002's recurring
    complaints and time frames)."""
    t, groups = c.t, c.fig.breakdowns["category"]
    if not groups:
        return ()
    rows, classes = [], []
    for g, v in groups.items():
        f = v.figures
        breached = None if f.sla["closure"].attainment.value is None else 1 - f.sla["closure"].attainment.value
        rows.append((t.value("category", g), t.integer(v.count), t.t("insufficient") if v.insufficient else
                     t.percent(f.repeat.value), "" if v.insufficient else t.percent(breached)))
        classes.append("muted" if v.insufficient else "")
    return (table((t.t("category"), t.t("count"), c.label("complaints.repeat_rate"), t.t("closure_breached")), rows,
                  (False, True, True, True), classes, title=t.t("recurrence_by_category")),)


def derived_note(c: Context) -> tuple[str, ...]:
    """How many categories came from descriptions (comments.derive_categories), and how many of no
    topic: a reader of the category chart must know its categories are a rule's, not the desk's."""
    t, cf = c.t, c.fig.current.complaints
    if cf.categories_derived is None:
        return ()
    return (t.say("categories_derived_note", total=t.integer(cf.total), derived=t.integer(cf.categories_derived),
                  none=t.integer(cf.categories_none), other=NO_TOPIC[c.config.locale]),)


def heat_rows_for(c: Context) -> list[dict]:
    """Each store's tickets by category as shares of the store's tickets, stores and categories
    in the breakdowns' order (most tickets first); stores under min_cell are left out (a share
    of so few tickets says nothing), as their row in the stores' table says."""
    t, fig = c.t, c.fig
    counts = fig.ticket_counts["store+category"]
    rows = []
    for store, group in fig.breakdowns["store"].items():
        if group.insufficient or not group.count:
            continue
        for category in fig.breakdowns["category"]:
            n = int(counts.get((store, category), 0))
            rows.append({"row": store, "column": t.value("category", category), "count": n,
                         "share": n / group.count})
    return rows


def _heat_title(c: Context, rows: list[dict]) -> str:
    t, fig = c.t, c.fig
    total = sum(g.count for g in fig.breakdowns["category"].values())
    overall = {t.value("category", k): g.count / total for k, g in fig.breakdowns["category"].items()} if total else {}
    return heat_title(rows, overall, t, t.t("store_by_category"))


def _key_table(c: Context) -> Table:
    t, cf = c.t, c.fig.current.complaints
    rows = [(c.label("complaints.total"), t.integer(cf.total), ""),
            (c.label("complaints.closed"), t.integer(cf.closed), "")]
    cites = [c.cite("complaints.total", "complaints", value=t.integer(cf.total), n=cf.total),
             c.cite("complaints.closed", "complaints", value=t.integer(cf.closed), n=cf.total)]
    for name, sla in cf.sla.items():
        rows.append((c.label(f"complaints.{name}_sla_rate"), t.percent(sla.attainment.value),
                     f"{interval(sla.attainment.ci95, t, True)}{t.t('clause_sep')}{t.t('required')} "
                     f"{t.percent(sla.required)}{t.t('paren_open')}{met_word(sla.met, t)}{t.t('paren_close')}"))
        cites.append(c.cite_share(f"complaints.{name}_sla_rate", "complaints", sla.attainment))
    for key, field in RATES:
        share = getattr(cf, field)
        rows.append((c.label(f"complaints.{key}"), t.percent(share.value),
                     f"{interval(share.ci95, t, True)}{t.t('clause_sep')}n = {t.integer(share.n)}"))
        cites.append(c.cite_share(f"complaints.{key}", "complaints", share))
    business = "_business" if c.config.sla.clock == "business" else ""  # the times count opening hours only
    for key, unit, times in DURATIONS:
        text, n = f"{t.number(getattr(cf, key))} {t.t(unit + business)}", cf.durations_n[times]
        rows.append((c.label(f"complaints.{key}"), text, f"n = {t.integer(n)}"))
        cites.append(c.cite(f"complaints.{key}", "complaints", value=text, n=n,
                            population=t.value("times_population", times).format(period=c.period_text)))
    money = f"{t.number(cf.compensation_total, 0)} {t.t('yuan')}"
    rows.append((c.label("complaints.compensation_total"), money, ""))
    cites.append(c.cite("complaints.compensation_total", "complaints", value=money, n=cf.total))
    return table((t.t("figure"), t.t("value"), ""), rows, (False, True, False), title=t.t("key_figures"),
                 cites=cites)


def sla_rows(sla: dict, t) -> list[dict]:
    """The commitments' chart rows, for the quarter or for one group (the HTML filters)."""
    return [{"label": sla_label(n, s.limit_minutes, t), "value": s.attainment.value, "required": s.required,
             "met": bool(s.met)} for n, s in sla.items() if s.attainment.value is not None]


def count_rows(counts: dict[str, int], kind: str, t) -> list[dict]:
    """Counts with their shares of the counts' total, largest first (ties in the given order)."""
    total = sum(counts.values())
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])
    return [{"label": t.value(kind, g), "count": int(n), "share": n / total if total else None} for g, n in ordered]


def _sla_chart(c: Context, src: str):
    t, cf = c.t, c.fig.current.complaints
    rows = sla_rows(cf.sla, t)
    return chart("sla", "sla_attainment", rows, sla_title(rows, t, t.t("sla_attainment")), src,
                 table((t.t("figure"), t.t("value"), t.t("required"), ""),
                       [(r["label"], t.percent(r["value"]), t.percent(r["required"]),
                         t.t("met") if r["met"] else t.t("not_met")) for r in rows], (False, True, True, False)),
                 gap_unit=t.t("pp"))


def _count_charts(c: Context, src: str) -> list:
    t, fig = c.t, c.fig
    channel_rows = count_rows({g: v.count for g, v in fig.breakdowns["channel"].items()}, "channel", t)
    category_rows = count_rows({g: v.count for g, v in fig.breakdowns["category"].items()}, "category", t)
    return [
        chart("by_channel", "count_bars", channel_rows,
              counts_title(channel_rows, "channel", t, c.label("complaints.by_channel")), src, _count_table(channel_rows, t)),
        chart("by_category", "count_bars", category_rows,
              counts_title(category_rows, "category", t, c.label("complaints.by_category")), src,
              _count_table(category_rows, t)),
    ]


def _count_table(rows, t) -> Table:
    return table((t.t("group"), t.t("count"), t.t("share")),
                 [(r["label"], t.integer(r["count"]), t.percent(r["share"])) for r in rows], (False, True, True))


def breakdown_table(c: Context, by: str) -> Table:
    t = c.t
    rows, classes = [], []
    for g, v in c.fig.breakdowns[by].items():
        f = v.figures
        if v.insufficient:
            rows.append((g, t.integer(v.count), t.t("insufficient"), "", "", ""))
        else:
            rows.append((g, t.integer(v.count), t.percent(f.sla["response"].attainment.value),
                         t.percent(f.sla["closure"].attainment.value), t.percent(f.resolution.value),
                         t.percent(f.handling_satisfaction.value)))
        classes.append("muted" if v.insufficient else "")
    return replace(table((t.t("group"), t.t("count"), c.label("complaints.response_sla_rate"),
                          c.label("complaints.closure_sla_rate"), c.label("complaints.resolution_rate"),
                          c.label("complaints.handling_satisfaction_rate")), rows,
                         (False, True, True, True, True, True), classes, title=t.t(f"breakdown_{by}")),
                   group_by=by, row_keys=tuple(c.fig.breakdowns[by]))
