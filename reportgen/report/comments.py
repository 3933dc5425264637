"""The comments chapter: what customers wrote, by topic and sentiment, and what is new this quarter.

Internal report only: the public notice never shows a comment. Every text shown was masked at
intake (phone and ID numbers, e-mail addresses, names and signatures) and is masked again here.
"""

from __future__ import annotations

from reportgen.redact import redact
from reportgen.report.context import Context, chart, table
from reportgen.report.model import Section

LEVELS = ("negative", "neutral", "positive")  # the diverging bar: negative left of zero


def _topic(c: Context, code: str) -> str:
    zh, en = c.fig.comments.topics.get(code, (code, code))
    return zh if c.t.lang == "zh-CN" else en


def _small(c: Context, n: int) -> bool:
    return n < c.config.min_cell


def _lead(c: Context) -> list[str]:
    t, src = c.t, c.fig.comments.sources
    out = []
    survey, complaint = src.get("survey"), src.get("complaint")
    if survey is not None:
        counts = survey.sentiment
        n = survey.texts
        out.append(t.say("comments_lead_survey", texts=t.integer(n), coverage=t.percent(survey.coverage.value),
                         **{lab: t.percent(counts[lab] / n if n else None) for lab in LEVELS}))
        neg = [f for f in survey.topics if f.sentiment.get("negative")]
        neg.sort(key=lambda f: (-f.sentiment["negative"], f.code))
        if neg:
            listed = t.t("list_sep").join(t.say("comments_topic_count", topic=_topic(c, f.code),
                                                 n=t.integer(f.sentiment["negative"])) for f in neg[:3])
            out.append(t.say("comments_negative_topics", topics=listed))
        (neg_mean, neg_n), (pos_mean, pos_n) = survey.overall_by_label["negative"], survey.overall_by_label["positive"]
        if neg_n >= c.config.min_cell and pos_n >= c.config.min_cell:
            out.append(t.say("comments_rating_link", negative=t.number(neg_mean, 2), positive=t.number(pos_mean, 2),
                             n_negative=t.integer(neg_n), n_positive=t.integer(pos_n)))
    if complaint is not None:
        out.append(t.say("comments_lead_complaints", texts=t.integer(complaint.texts),
                         coverage=t.percent(complaint.coverage.value)))
    return out


def _sentiment_chart(c: Context, survey):
    t = c.t
    shown = [f for f in survey.topics if f.texts and not _small(c, f.texts)]
    words = [t.t(f"sentiment_{lab}") for lab in LEVELS]
    rows = [{"item": _topic(c, f.code), "level": k, "share": f.sentiment.get(lab, 0) / f.texts}
            for f in shown for k, lab in enumerate(LEVELS, 1)]
    text_table = topics_table(c, survey, title=t.t("comments_topics_survey"))
    if not shown:
        return text_table
    worst = max(shown, key=lambda f: (f.negative.value, f.texts))
    title = t.say("comments_sentiment_title", topic=_topic(c, worst.code), share=t.percent(worst.negative.value))
    caption = t.say("comments_source", file=c.file_name("surveys"), period=c.period_text, n=t.integer(survey.texts),
                    what=t.t("survey_comments"))
    return chart("comment_sentiment", "likert_diverging", rows, title, caption, text_table, print_table=True,
                 level_labels=words)


def topics_table(c: Context, figures, *, title: str):
    """Topics with their texts, share, negative share and (survey) the mean overall answer."""
    t = c.t
    survey = figures.source == "survey"
    columns = [t.t("topic"), t.t("texts"), t.t("share"), t.t("negative_share")]
    if survey:
        columns.append(t.t("mean_overall"))
    rows, classes = [], []
    for f in figures.topics:
        if not f.texts:
            continue
        small = _small(c, f.texts)
        row = [_topic(c, f.code), t.integer(f.texts), t.percent(f.share.value),
               t.t("insufficient") if small else t.percent(f.negative.value)]
        if survey:
            row.append(t.t("insufficient") if _small(c, f.overall_n) else t.number(f.overall_mean, 2))
        rows.append(row)
        classes.append("muted" if small else "")
    un = figures.unassigned
    rows.append([t.t("unassigned"), t.integer(un.count), t.percent(un.value), "", *([""] if survey else [])])
    classes.append("")
    return table(columns, rows, (False, True, True, True, *((True,) if survey else ())), classes, title=title)


def trend_table(c: Context, figures, *, title: str):
    t = c.t
    periods = [p for p, _, _ in figures.topics[0].trend] if figures.topics else []
    rows = []
    for f in figures.topics:
        if not any(k for _, k, _ in f.trend):
            continue
        rows.append([_topic(c, f.code), *(t.percent(k / n if n else None) for _, k, n in f.trend)])
    totals = [t.integer(n) for _, _, n in figures.topics[0].trend] if figures.topics else []
    rows.append([t.t("texts"), *totals])
    return table([t.t("topic"), *(t.quarter(p) for p in periods)], rows, (False, *(True,) * len(periods)),
                 title=title)


def keywords_table(c: Context, figures, *, title: str):
    t = c.t
    rows = [(k.word, t.integer(k.texts), t.percent(k.share), t.percent(k.earlier_share),
             t.t("new_word") if k.new else "") for k in figures.keywords]
    return table((t.t("keyword"), t.t("texts"), t.t("share"), t.t("earlier_share"), t.t("new_word")),
                 rows, (False, True, True, True, False), title=title)


def examples_tables(c: Context, figures) -> list:
    t = c.t
    out = []
    for code, texts in figures.examples.items():
        # masked at intake already; again here, as the last step before a document
        rows = [(redact(text, c.config.redact_names),) for text in texts]
        out.append(table((t.t("comment"),), rows, (False,),
                         title=t.say("comments_examples_title", topic=_topic(c, code))))
    return out


def build(c: Context) -> Section:
    t = c.t
    if c.fig.comments is None:
        return Section("comments", t.t("comments_section"), paragraphs=(t.t("comments_off"),))
    src = c.fig.comments.sources
    blocks: list = []
    survey, complaint = src.get("survey"), src.get("complaint")
    if survey is not None and survey.texts:
        blocks.append(_sentiment_chart(c, survey))
        blocks.extend(examples_tables(c, survey))
        if len(survey.topics) and len(survey.topics[0].trend) > 1:
            blocks.append(trend_table(c, survey, title=t.t("comments_trend_survey")))
        if survey.keywords:
            blocks.append(keywords_table(c, survey, title=t.t("comments_keywords_survey")))
    if complaint is not None and complaint.texts:
        blocks.append(topics_table(c, complaint, title=t.t("comments_topics_complaints")))
        blocks.extend(examples_tables(c, complaint))
        if complaint.keywords:
            blocks.append(keywords_table(c, complaint, title=t.t("comments_keywords_complaints")))
    paragraphs = _lead(c) or [t.t("comments_none")]
    return Section("comments", t.t("comments_section"), paragraphs=(*paragraphs, t.t("comments_method")),
                   blocks=tuple(blocks))
