"""Comment analytics: one quarter's texts → topics, sentiment, keywords, examples, trends.

Texts are survey comments of valid responses and complaint descriptions (queries/comments.sql),
already sanitised and masked at intake. Work is done once per distinct text, weighted by how
often it was written: a quarter of a million comments in which 你们服务很好 is written ten
thousand times costs one segmentation and one score for it. The quarter's texts get topics and a
sentiment; the four quarters before it get topics only (the topic trend, the keywords' baseline),
and their segmentation comes from the cache when unchanged.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from reportgen.config import Config
from reportgen.metrics.results import Share
from reportgen.periods import Quarter
from reportgen.text import sentiment
from reportgen.text.batch import Judge, Judged, cached_summary, summary
from reportgen.text.keywords import Keyword, candidate, ranked
from reportgen.text.resources import TextResources
from reportgen.text.segment import Segmenter
from reportgen.text.topics import keywords_of

SOURCES = ("survey", "complaint")
LABELS = ("positive", "neutral", "negative")
EXAMPLE_CHARS = 120  # an example comment is shown up to this many characters


@dataclass(frozen=True)
class Distinct:
    """One distinct text of one source and quarter, with how often it was written."""

    text: str
    n: int
    overall_sum: int  # survey comments: the overall answers of those responses, summed
    overall_n: int


@dataclass(frozen=True)
class TopicFigures:
    code: str
    texts: int
    share: Share  # of the source's texts this quarter
    sentiment: dict[str, int]  # label -> texts on the topic
    overall_mean: float | None  # survey comments: mean overall answer of the responses on the topic
    overall_n: int
    trend: tuple[tuple[str, int, int], ...]  # (period, texts on the topic, texts), oldest first

    @property
    def negative(self) -> Share:
        return Share.of(self.sentiment.get("negative", 0), self.texts)


@dataclass(frozen=True)
class SourceTexts:
    """The texts of one source (survey comments or complaint descriptions) in the quarter."""

    source: str
    rows: int  # valid responses | tickets of the quarter
    texts: int  # of them with a text
    sentiment: dict[str, int]  # label -> texts
    mean_score: float | None
    overall_by_label: dict[str, tuple[float | None, int]]  # survey: label -> (mean overall, n)
    topics: tuple[TopicFigures, ...]  # most texts first
    unassigned: Share
    keywords: tuple[Keyword, ...]
    examples: dict[str, tuple[str, ...]]  # leading negative topic -> representative texts, masked

    @property
    def coverage(self) -> Share:
        return Share.of(self.texts, self.rows)


@dataclass(frozen=True)
class CommentFigures:
    topics: dict[str, tuple[str, str]]  # the dictionary as used: code -> (zh, en), in its order
    sources: dict[str, SourceTexts]
    periods: tuple[str, ...]  # the trend's quarters, oldest first


def _distinct(table: pa.Table) -> dict[tuple[str, int], list[Distinct]]:
    """(source, quarter) -> its distinct texts with counts, by Arrow's group-by (no row in Python)."""
    grouped = table.group_by(["source", "_quarter", "text"]).aggregate(
        [("text", "count"), ("overall", "sum"), ("overall", "count")])
    out: dict[tuple[str, int], list[Distinct]] = {}
    for s, q, t, n, osum, on in zip(*(grouped[c].to_pylist() for c in (
            "source", "_quarter", "text", "text_count", "overall_sum", "overall_count"))):
        out.setdefault((s, q), []).append(Distinct(t, n, osum or 0, on))
    return out


def _mean(total: int, n: int) -> float | None:
    return total / n if n else None


def _examples(now: list[Distinct], judged: dict[str, Judged], codes: list[str], limit: int) -> dict[str, tuple[str, ...]]:
    """Per topic, its most often written negative texts (the most negative first among equals)."""
    out = {}
    for code in codes:
        said = [d for d in now if sentiment.label(judged[d.text].score) == "negative" and code in judged[d.text].topics]
        said.sort(key=lambda d: (-d.n, judged[d.text].score, d.text))
        if said:
            out[code] = tuple(d.text if len(d.text) <= EXAMPLE_CHARS else d.text[:EXAMPLE_CHARS - 1] + "…"
                              for d in said[:limit])
    return out


def _source(source: str, rows: int, now: list[Distinct], earlier: dict[int, tuple[Counter, Counter, int]],
            words_now: Counter, judged: dict[str, Judged], quarter: Quarter, res: TextResources,
            config: Config) -> SourceTexts:
    """`earlier`: per quarter before, its texts per topic, texts per word and texts (batch.summary)."""
    n = sum(d.n for d in now)
    periods = [quarter.shift(k) for k in range(-4, 0)]
    on, feel_on, overall_on = Counter(), {t.code: Counter() for t in res.topics}, {t.code: [0, 0] for t in res.topics}
    feel, overall_by = Counter(), {lab: [0, 0] for lab in LABELS}
    unassigned, score_sum = 0, 0.0
    for d in now:  # one pass over the distinct texts
        j = judged[d.text]
        mood = sentiment.label(j.score)
        feel[mood] += d.n
        score_sum += j.score * d.n
        overall_by[mood][0] += d.overall_sum
        overall_by[mood][1] += d.overall_n
        unassigned += 0 if j.topics else d.n
        for code in j.topics:
            on[code] += d.n
            feel_on[code][mood] += d.n
            overall_on[code][0] += d.overall_sum
            overall_on[code][1] += d.overall_n
    topic_rows = []
    for t in res.topics:
        k = on[t.code]
        trend = tuple((str(p), earlier[p.index][0][t.code], earlier[p.index][2]) for p in periods
                      if p.index in earlier and earlier[p.index][2])
        osum, on_n = overall_on[t.code]
        topic_rows.append(TopicFigures(t.code, k, Share.of(k, n), dict(feel_on[t.code]), _mean(osum, on_n), on_n,
                                       (*trend, (str(quarter), k, n))))
    topic_rows.sort(key=lambda f: -f.texts)
    negative = sorted((f for f in topic_rows if f.sentiment.get("negative")),
                      key=lambda f: (-f.sentiment["negative"], f.code))[:config.comments.negative_topics]
    before = [(earlier[p.index][1], earlier[p.index][2]) for p in periods if p.index in earlier]
    return SourceTexts(
        source, rows, n, {lab: feel[lab] for lab in LABELS}, score_sum / n if n else None,
        {lab: (_mean(*overall_by[lab]), overall_by[lab][1]) for lab in LABELS} if source == "survey" else {},
        tuple(topic_rows), Share.of(unassigned, n), ranked(words_now, n, before, top=config.comments.keywords),
        _examples(now, judged, [f.code for f in negative], config.comments.examples))


def analyse(table: pa.Table, quarter: Quarter, rows: dict[str, int], res: TextResources,
            config: Config) -> tuple[CommentFigures, pa.Table]:
    """The quarter's comment figures, and its texts (id, source, text) with topics, label and score
    for comments.csv, from comments.sql's rows."""
    groups = _distinct(table)
    judge = Judge(res.topics, Segmenter(keywords_of(res.topics), res.user_dictionary))
    stop_key = hashlib.sha256("\n".join(sorted(res.stop_words)).encode("utf-8")).hexdigest()[:16]
    is_word = lambda w: candidate(w, res.stop_words)  # noqa: E731
    distinct = {q: sorted({d.text for (s, qq), ds in groups.items() if qq == q for d in ds})
                for q in {q for _, q in groups}}
    keys = {q: judge.key(texts) for q, texts in distinct.items()}
    counts = {g: {d.text: d.n for d in ds} for g, ds in groups.items()}
    summaries = {g: found for g in groups if g[1] != quarter.index
                 and (found := cached_summary(keys[g[1]] + g[0] + stop_key, counts[g])) is not None}
    # the quarter itself, and any earlier one whose summary is not kept: judged (or read back) together
    needed = {q: distinct[q] for q in distinct if q == quarter.index or any(
        g[1] == q and g not in summaries for g in groups)}
    batches = judge.batches(needed)
    judged: dict[str, Judged] = batches.get(quarter.index, {})
    for g in groups:
        if g not in summaries:
            summaries[g] = summary(batches[g[1]], counts[g], keys[g[1]] + g[0] + stop_key, is_word)
    summaries = {g: (topics, words, sum(counts[g].values())) for g, (topics, words) in summaries.items()}
    sources = {}
    for source in SOURCES:
        now = groups.get((source, quarter.index), [])
        if not now and not rows.get(source):
            continue
        earlier = {q: v for (s, q), v in summaries.items() if s == source and q != quarter.index}
        words_now = summaries.get((source, quarter.index), (Counter(), Counter(), 0))[1]
        sources[source] = _source(source, rows.get(source, 0), now, earlier, words_now, judged, quarter, res, config)
    current = table.filter(pc.equal(table["_quarter"], quarter.index)).select(["id", "source", "text", "_row"])
    texts = current["text"].to_pylist()
    listed = pa.table({
        "id": current["id"], "source": current["source"],
        "topics": [";".join(judged[t].topics) for t in texts], "label": [sentiment.label(judged[t].score) for t in texts],
        "score": [round(judged[t].score, 3) for t in texts], "text": current["text"], "_row": current["_row"]})
    return (CommentFigures({t.code: (t.zh, t.en) for t in res.topics}, sources,
                           tuple(str(quarter.shift(k)) for k in range(-4, 1))), listed)
