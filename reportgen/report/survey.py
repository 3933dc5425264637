"""The survey chapter: response counts, overall satisfaction, dimensions, items, segments."""

from __future__ import annotations

from dataclasses import replace

from reportgen.i18n import DASH
from reportgen.questionnaire import levels_of
from reportgen.report.appendix import sampling
from reportgen.report.context import Context, chart, table
from reportgen.report.findings import change_title, dimensions_title
from reportgen.report.formatting import distribution, interval
from reportgen.report.model import Chart, Kpi, Section, Table


def build(c: Context) -> Section:
    t, fig, sf, q = c.t, c.fig, c.fig.current.survey, c.q
    if "surveys" in fig.absent:
        return Section("survey", t.t("survey_section"), paragraphs=(t.t("absent_surveys"),))
    src = c.source_survey(sf.responses_valid)
    kpis = (Kpi(c.label("survey.responses_total"), t.integer(sf.responses_total),
                f"{t.t('valid_responses')} {t.integer(sf.responses_valid)}",
                "neutral", c.cite("survey.responses_total", "survey", value=t.integer(sf.responses_total),
                                  n=sf.responses_total)),
            Kpi(c.label("survey.csat_top2"), t.percent(sf.csat_top2.value), interval(sf.csat_top2.ci95, t, True), "neutral",
                c.cite_share("survey.csat_top2", "survey", sf.csat_top2), key="csat_top2"),
            Kpi(c.label("survey.nps"), t.number(sf.nps.score), interval(sf.nps.ci95, t, False), "neutral",
                c.cite("survey.nps", "survey", value=t.number(sf.nps.score), n=sf.nps.n,
                       interval=interval(sf.nps.ci95, t, False)), key="nps"))
    five = q.scale == (1, 5)  # the five labelled categories; another scale's categories are its numbers
    blocks = [*([_overall(c, src, five)] if sf.overall_counts else []), *_dimension_charts(c, src),
              _segment_chart(c, src)]
    if five and q.one_scale:  # the diverging chart is drawn for five categories; other scales: the table
        blocks.append(_likert_chart(c, src))
    else:
        blocks.append(items_table(c))
    blocks.append(breakdown_table(c, "segment"))
    blocks.append(breakdown_table(c, "channel"))
    # A sample unlike its population is said where CSAT and NPS are shown, not only in the appendix.
    return Section("survey", t.t("survey_section"), paragraphs=tuple(sampling.verdicts(c, failing_only=True)),
                   kpis=kpis, blocks=tuple(blocks))


def _overall(c: Context, src: str, five: bool):
    t, sf, q = c.t, c.fig.current.survey, c.q
    labels = [f"{k} {t.t('likert_labels').split('|')[k - 1]}" if five else str(k) for k in sf.overall_counts]
    percents = distribution(sf.overall_counts, t)
    text_table = table((t.t("value"), t.t("count"), t.t("share")),
                       [(lab, t.integer(n), p) for lab, n, p in zip(labels, sf.overall_counts.values(), percents)],
                       (False, True, True), title=q.overall.get(t.lang))
    if not five:  # a bar for five labelled categories; more read better as the table
        return text_table
    # One diverging bar, as the items' below: the same colours and words, in a sixth of the height of a ring.
    total = sum(sf.overall_counts.values())
    words = t.t("likert_labels").split("|")
    rows = [{"item": q.overall.get(t.lang), "level": k, "share": n / total if total else 0.0}
            for k, n in sf.overall_counts.items()]
    return chart("overall", "likert_diverging", rows, q.overall.get(t.lang), src, text_table, print_table=True,
                 level_labels=[f"{k} {w}" for k, w in enumerate(words, 1)])


def _dimension_charts(c: Context, src: str) -> list:
    t, fig, sf = c.t, c.fig, c.fig.current.survey
    dim_rows = [{"label": c.dimension(d), "score100": s.score100, "n": s.n, "insufficient": s.n < c.config.min_cell}
                for d, s in sf.dimensions.items() if s.score100 is not None]
    dim_table = table((t.t("dimension"), t.t("mean"), t.t("score100"), t.t("n")),
                      [(c.dimension(d), *((t.t("insufficient"), "") if s.n < c.config.min_cell else
                                           (t.number(s.mean, 2), t.number(s.score100))), t.integer(s.n))
                       for d, s in sf.dimensions.items()], (False, True, True, True),
                      ["muted" if s.n < c.config.min_cell else "" for s in sf.dimensions.values()],
                      cites=[c.cite(f"survey.dimensions.{d}", "dimensions", metric="survey.dimensions",
                                    value=t.t("insufficient") if s.n < c.config.min_cell
                                    else f"{t.number(s.score100)}{t.t('paren_open')}{t.t('mean')} {t.number(s.mean, 2)}{t.t('paren_close')}", n=s.n,
                                    population=t.say("figure_part", figure=c.dimension(d), part=t.t("valid_responses")))
                             for d, s in sf.dimensions.items()])
    bars = chart("dimensions", "dimension_bars", dim_rows, dimensions_title(dim_rows, t, c.label("survey.dimensions")),
                 src, dim_table, print_table=True)
    prev = fig.previous.survey.dimensions if fig.previous is not None else None
    if not prev:
        return [bars]
    small = c.config.min_cell  # either quarter under min_cell: that quarter's point is not drawn
    rows = [{"label": c.dimension(d), "current": s.score100,
             "previous": prev[d].score100 if d in prev and prev[d].n >= small else None}
            for d, s in sf.dimensions.items() if s.n >= small and s.score100 is not None]
    if not rows:
        return [bars]
    delta_table = table((t.t("dimension"), t.t("previous_quarter"), t.t("this_quarter"), t.t("change")),
                        [(r["label"], t.number(r["previous"]), t.number(r["current"]),
                          t.signed(None if r["previous"] is None else r["current"] - r["previous"]))
                         for r in rows], (False, True, True, True))
    title = change_title(rows, t, t.t("dimension_change_title"))
    return [bars, chart("dimension_change", "dumbbell", rows, title, src, delta_table,
                        series_names=(t.t("this_quarter"), t.t("previous_quarter")), value_title=t.t("score100"))]


def _likert_chart(c: Context, src: str):
    t, sf = c.t, c.fig.current.survey
    rows = []
    for item in c.q.items:
        st = sf.items[item.id]
        total = sum(st.counts.values())
        for level, n in st.counts.items():
            rows.append({"item": f"{item.id} {item.text.get(t.lang)}", "level": level,
                         "share": n / total if total else 0.0})
    return chart("likert", "likert_diverging", rows, c.label("survey.items"), src, items_table(c), print_table=True,
                 level_labels=[f"{k} {word}" for k, word in enumerate(t.t("likert_labels").split("|"), 1)])


def _segment_chart(c: Context, src: str) -> Chart:
    """Dimension scores from per-cell sums (no raw answers): the HTML filters keep the cells of one
    segment or channel, and the chart re-aggregates them."""
    t, q = c.t, c.q

    def label(field: str, value: str | None) -> str:
        return DASH if value is None else t.value(field, value)

    rows = [{"segment": label("segment", r["segment"]), "channel": label("channel", r["channel"]),
             "dimension": c.dimension(r["dimension"]), "n": r["n"], "sum": r["sum"]}
            for r in c.fig.segment_dimensions]
    rows.sort(key=lambda r: (r["segment"], r["channel"]))  # stable: dimensions stay in questionnaire order
    text_table = table((t.t("dimension"), t.t("segment"), t.t("survey_channel"), t.t("n"), t.t("mean")),
                       [(r["dimension"], r["segment"], r["channel"], t.integer(r["n"]),
                         t.t("insufficient") if r["n"] < c.config.min_cell else t.number(r["sum"] / r["n"], 2))
                        for r in rows], (False, False, False, True, True),
                       ["muted" if r["n"] < c.config.min_cell else "" for r in rows])
    return chart("segments", "segment_dimension_bars", rows, t.t("dimensions_filtered"), src, text_table,
                 dimensions_order=[c.dimension(d) for d in q.dimensions], min_n=c.config.min_cell, note=t.t("insufficient"), value_title=t.t("score100"),
                 scale_min=q.scale[0], scale_max=q.scale[1])


def items_table(c: Context) -> Table:
    t, q, sf = c.t, c.q, c.fig.current.survey
    any_counts = any(levels_of(i.scale) for i in q.items)
    rows = []
    for item in q.items:
        s = sf.items[item.id]
        own = levels_of(item.scale)
        small = s.n < c.config.min_cell  # the answers' counts stay: a mean of a few answers is no finding
        rows.append((item.id, item.text.get(t.lang), t.integer(s.n),
                     *((t.t("insufficient"), "") if small else (t.number(s.mean, 2), t.number(s.sd, 2))),
                     *([(f"{own[0]}–{own[-1]}: " if not q.one_scale else "")
                        + " / ".join(t.integer(s.counts[k]) for k in own)] if any_counts else [])))
    # each answer's count (a slider's answers are not counted one by one); items on several scales say theirs
    counts = [" / ".join(map(str, q.levels)) if q.one_scale else t.t("answer_counts")] if any_counts else []
    return table((t.t("item"), t.t("text"), t.t("n"), t.t("mean"), t.t("sd"), *counts), rows,
                 (False, False, True, True, True, *([True] if counts else [])),
                 ["muted" if sf.items[i.id].n < c.config.min_cell else "" for i in q.items])


def breakdown_table(c: Context, by: str) -> Table:
    t = c.t
    rows, classes = [], []
    for g, v in c.fig.survey_breakdowns[by].items():
        if v.insufficient:
            rows.append((t.value(by, g), t.integer(v.n_valid), t.t("insufficient"), ""))
        else:
            rows.append((t.value(by, g), t.integer(v.n_valid), t.percent(v.csat_top2.value), t.number(v.nps.score)))
        classes.append("muted" if v.insufficient else "")
    head = {"segment": t.t("segment"), "channel": t.t("survey_channel")}[by]
    return replace(table((head, t.t("valid_responses"), t.t("csat"), t.t("nps")), rows,
                         (False, True, True, True), classes, title=t.t(f"survey_by_{by}")),
                   group_by=by, row_keys=tuple(c.fig.survey_breakdowns[by]))
