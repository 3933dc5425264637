"""Comment analytics: topics, keywords, trends and the link to ratings, against hand counts.

The sentiment scorer has its own tests (test_sentiment.py); here a stand-in labels each text by a
marker word, so every count below can be worked by hand from the texts.
"""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from reportgen import cache
from reportgen.config import Config
from reportgen.errors import InputError
from reportgen.periods import Quarter
from reportgen.text import analysis, sentiment
from reportgen.text.keywords import keywords
from reportgen.text.resources import TextResources, resolve_texts
from reportgen.text.segment import Segmenter
from reportgen.text.topics import Topic, assign, default_topics, parse_topics

Q = Quarter.parse("2025Q3")
TOPICS = (Topic("delivery", "配送", "Delivery", frozenset({"送货", "快递", "delivery"})),
          Topic("attitude", "服务态度", "Staff attitude", frozenset({"态度", "rude"})),
          Topic("price", "价格", "Price", frozenset({"价格"})))


def _fake_score(tokens, lexicon):
    """好/good → +0.5 positive, 差/bad → −0.5 negative, else 0 neutral."""
    return 0.5 if {"好", "good"} & set(tokens) else -0.5 if {"差", "bad"} & set(tokens) else 0.0


def _row(source, id, quarter, text, overall=None):
    return {"source": source, "id": id, "_quarter": quarter.index, "_row": 1, "text": text, "overall": overall,
            "category": None}


# The quarter's six survey comments and two of the previous quarter:
#   S1 送货 慢 差 (delivery, negative, overall 2)      S2 送货 好 (delivery, positive, 5)
#   S3 态度 差 (attitude, negative, 1)                S4 态度 差 送货 (attitude + delivery, negative, 2)
#   S5 还行 (no topic, neutral, 3)                    S6 good delivery (delivery, positive, 4; English)
#   earlier: E1 价格 差, E2 送货 好
ROWS = [
    _row("survey", "S1", Q, "送货 慢 差", 2), _row("survey", "S2", Q, "送货 好", 5),
    _row("survey", "S3", Q, "态度 差", 1), _row("survey", "S4", Q, "态度 差 送货", 2),
    _row("survey", "S5", Q, "还行", 3), _row("survey", "S6", Q, "good delivery", 4),
    _row("survey", "E1", Q.previous(), "价格 差", 3), _row("survey", "E2", Q.previous(), "送货 好", 5),
    _row("complaint", "T1", Q, "快递 差"), _row("complaint", "T2", Q, "没有 主题"),
]


@pytest.fixture
def figures(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV, str(tmp_path))  # judged with the stand-in: not what the cache holds
    monkeypatch.setattr(sentiment, "score", _fake_score)
    monkeypatch.setattr(sentiment.Lexicon, "load", lambda lang: None)
    res = TextResources(TOPICS, "", frozenset({"还行"}))
    return analysis.analyse(pa.Table.from_pylist(ROWS), Q, {"survey": 10, "complaint": 4}, res, Config())


def _topic(src, code):
    return next(t for t in src.topics if t.code == code)


@pytest.mark.metric("comments.texts")
def test_texts_and_coverage_by_hand(figures):
    fig, _ = figures
    s, c = fig.sources["survey"], fig.sources["complaint"]
    assert (s.texts, s.rows, s.coverage.value) == (6, 10, 0.6)  # 6 comments of 10 valid responses
    assert (c.texts, c.rows, c.coverage.value) == (2, 4, 0.5)


@pytest.mark.metric("comments.sentiment")
def test_sentiment_counts_by_hand(figures):
    fig, scored = figures
    s = fig.sources["survey"]
    assert s.sentiment == {"positive": 2, "neutral": 1, "negative": 3}  # S2, S6 | S5 | S1, S3, S4
    assert s.mean_score == pytest.approx((0.5 * 2 - 0.5 * 3) / 6)
    listed = scored.to_pylist()
    assert [x["label"] for x in listed if x["source"] == "survey"] == ["negative", "positive", "negative", "negative",
                                                                      "neutral", "positive"]
    assert [x["id"] for x in listed] == ["S1", "S2", "S3", "S4", "S5", "S6", "T1", "T2"]  # the quarter's only
    assert listed[3]["topics"] == "delivery;attitude" and listed[3]["score"] == -0.5


@pytest.mark.metric("comments.topics")
def test_topics_by_hand(figures):
    fig, _ = figures
    s = fig.sources["survey"]
    d, a, p = _topic(s, "delivery"), _topic(s, "attitude"), _topic(s, "price")
    # delivery: S1, S2, S4, S6 (the English "delivery" too) → 4 of 6; negative S1, S4 → 2 of 4
    assert (d.texts, d.share.value, d.sentiment, d.negative.value) == (4, 4 / 6, {"negative": 2, "positive": 2}, 0.5)
    assert d.overall_mean == pytest.approx((2 + 5 + 2 + 4) / 4) and d.overall_n == 4
    assert (a.texts, a.negative.value, a.overall_mean) == (2, 1.0, 1.5)  # S3 (1), S4 (2)
    assert (p.texts, p.overall_mean) == (0, None)  # price only in the earlier quarter
    assert [t.code for t in s.topics] == ["delivery", "attitude", "price"]  # most texts first
    assert fig.sources["complaint"].topics[0].code == "delivery"  # 快递


@pytest.mark.metric("comments.unassigned_share")
def test_unassigned_by_hand(figures):
    fig, _ = figures
    assert (fig.sources["survey"].unassigned.count, fig.sources["survey"].unassigned.n) == (1, 6)  # S5
    assert fig.sources["complaint"].unassigned.value == 0.5  # T2


@pytest.mark.metric("comments.topic_trend")
def test_topic_trend_by_hand(figures):
    fig, _ = figures
    s = fig.sources["survey"]
    # 2025Q2: E1 price, E2 delivery of 2 texts; 2025Q3 as above
    assert _topic(s, "delivery").trend == (("2025Q2", 1, 2), ("2025Q3", 4, 6))
    assert _topic(s, "price").trend == (("2025Q2", 1, 2), ("2025Q3", 0, 6))


@pytest.mark.metric("comments.overall_by_sentiment")
def test_overall_by_sentiment_by_hand(figures):
    fig, _ = figures
    s = fig.sources["survey"]
    assert s.overall_by_label == {"positive": (4.5, 2), "neutral": (3.0, 1), "negative": (pytest.approx(5 / 3), 3)}


def test_examples_are_the_leading_negative_topics_most_said_texts(figures):
    fig, _ = figures
    # negative texts: delivery S1, S4; attitude S3, S4 — two each, so by code: attitude, delivery;
    # within a topic each text said once, equally negative: in text order (态 U+6001 before 送 U+9001)
    assert fig.sources["survey"].examples == {"attitude": ("态度 差", "态度 差 送货"),
                                              "delivery": ("态度 差 送货", "送货 慢 差")}


@pytest.mark.metric("comments.keywords")
def test_keywords_tf_idf_by_hand():
    stop = frozenset({"的"})
    now = [(["送货", "慢"], 1), (["送货", "太慢"], 1), (["安装", "慢"], 1), (["安装", "送货", "的"], 1)]
    before = [[(["送货", "准时"], 1), (["送货"], 1), (["准时"], 1)], [(["安装", "准时"], 1)]]
    found = {k.word: k for k in keywords(now, before, stop, top=10, min_texts=1)}
    # N = 3 quarters. 送货: in 3 of 4 texts now, in quarter 1 before → m = 2: 0.75 × (ln(4/3) + 1)
    assert found["送货"].score == pytest.approx(0.75 * (math.log(4 / 3) + 1))
    assert found["送货"].earlier_share == pytest.approx(2 / 4) and not found["送货"].new
    # 安装: 2 of 4 now, in quarter 2 before → m = 2
    assert found["安装"].score == pytest.approx(0.5 * (math.log(4 / 3) + 1))
    # 太慢: new this quarter → m = 1: 0.25 × (ln(4/2) + 1); single characters (慢) and stop words are left out
    assert found["太慢"].score == pytest.approx(0.25 * (math.log(2) + 1)) and found["太慢"].new
    assert "慢" not in found and "的" not in found
    assert [k.word for k in keywords(now, before, stop, top=2, min_texts=1)] == ["送货", "安装"]
    assert "太慢" not in {k.word for k in keywords(now, before, stop, min_texts=2)}  # in 1 text only
    # a text written twice counts twice: the same as listing it twice
    twice = keywords([(["送货", "慢"], 2), *now[1:]], before, stop, top=10, min_texts=1)
    again = keywords([now[0], *now], before, stop, top=10, min_texts=1)
    assert twice == again and {k.word: k.texts for k in twice}["送货"] == 4


def test_topics_match_whole_words_after_segmentation():
    seg = Segmenter({"退换货", "等了"})
    tokens = seg.tokens("退换货流程很顺畅，等了三天。")
    assert "退换货" in tokens and "等了" in tokens and "，" in tokens  # punctuation kept: sentiment reads clauses
    topics = default_topics()
    assert assign(tokens, topics) == ("returns", "waiting")
    assert assign(seg.tokens("The courier was LATE, no delivery!"), topics) == ("delivery", "waiting")
    assert assign(seg.tokens("还行"), topics) == ()


def test_a_topic_dictionary_is_validated_with_the_key_named(tmp_path):
    good = parse_topics("topics:\n  delay:\n    zh: 延误\n    en: Delay\n    keywords: [延误, Late]\n", "t.yaml")
    assert good == (Topic("delay", "延误", "Delay", frozenset({"延误", "late"})),)
    for text, said in (("topics:\n  Delay:\n    zh: a\n    en: b\n    keywords: [x]\n", "topics.Delay"),
                       ("topics:\n  d:\n    zh: a\n    en: b\n    keywords: []\n", "topics.d.keywords"),
                       ("topics:\n  d:\n    zh: a\n    en: b\n    keywords: [two words]\n", "topics.d.keywords.0"),
                       ("topics: [\n", "not valid YAML")):
        with pytest.raises(InputError) as exc:
            parse_topics(text, "t.yaml")
        assert said in str(exc.value) and "t.yaml" in str(exc.value)


def test_configured_files_stay_inside_the_config_folder(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "secret.yaml").write_text("topics: {}\n", encoding="utf-8")
    config = Config.model_validate({"comments": {"topics": "../secret.yaml"}})
    with pytest.raises(InputError, match="comments.topics: .*leads outside"):
        resolve_texts(config, tmp_path / "data")
    (tmp_path / "data" / "words.txt").write_text("退换货 100 n\nbad line with spaces\n", encoding="utf-8")
    config = Config.model_validate({"comments": {"user_dictionary": "words.txt"}})
    with pytest.raises(InputError, match="words.txt, row 2: not a dictionary line"):
        resolve_texts(config, tmp_path / "data")


def test_judged_batches_are_cached_and_equal_in_parallel(monkeypatch, tmp_path):
    from reportgen.text import batch
    from reportgen.text.topics import keywords_of

    monkeypatch.setenv(cache.ENV, str(tmp_path / "a"))
    topics = default_topics()
    texts = [f"第{i}次送货延误，安装师傅态度很差" if i % 2 else f"退换货很顺畅，非常满意{i}" for i in range(60)]
    judge = batch.Judge(topics, Segmenter(keywords_of(topics)))
    first, key = judge.batch(texts)
    assert first[texts[1]].topics == ("delivery", "installation", "attitude", "waiting")
    assert first[texts[1]].score < 0 < first[texts[0]].score
    monkeypatch.setattr(judge, "one", lambda text: pytest.fail("judged again"))
    again, same = judge.batch(list(reversed(texts)))  # the same texts in another order: read back
    assert again == first and same == key
    monkeypatch.setattr(batch, "PARALLEL_FROM", 10)
    monkeypatch.setenv(cache.ENV, str(tmp_path / "b"))
    parallel, _ = batch.Judge(topics, Segmenter(keywords_of(topics))).batch(texts)
    assert parallel == first
