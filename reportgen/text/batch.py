"""One quarter's distinct texts judged: words, topics and sentiment score, made once and cached.

The entry's key is the digest of the texts, of the dictionary (jieba's version, the topic keywords,
the user dictionary) and of the scorer (its code and parameters), so an unchanged quarter is read
back and never segmented or scored again, and a change to any of them makes a new entry. Many texts
are judged in two processes: jieba and the scorer are pure Python and hold the interpreter lock.
A quarter's summary for the comparisons (texts per topic, texts per word) is kept the same way,
keyed by the judged batch and how often each text was written.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from reportgen import cache as store
from reportgen.text import sentiment
from reportgen.text.segment import SEP, Segmenter, language
from reportgen.text.topics import Topic, assign

PARALLEL_FROM = 40_000  # distinct texts; fewer are judged here, more in two processes
WORKERS = 2
_FIELD = "\x1e"  # between a line's score, topics and tokens (control characters never reach a text)


@dataclass(frozen=True)
class Judged:
    tokens: list[str]
    topics: tuple[str, ...]
    score: float


@cache
def _scorer_digest() -> str:
    code = Path(sentiment.__file__).read_bytes() + (Path(sentiment.__file__).parent.parent / "defaults" /
                                                      "sentiment_zh.txt").read_bytes()
    return hashlib.sha256(code + repr(sorted(sentiment.PARAMS.items())).encode()).hexdigest()[:16]


class Judge:
    """Segmentation, topics and sentiment of distinct texts, for one dictionary."""

    def __init__(self, topics: tuple[Topic, ...], segmenter: Segmenter) -> None:
        self.topics, self.segmenter = topics, segmenter
        described = [f"{t.code}:{','.join(sorted(t.keywords))}" for t in topics]
        self.digest = hashlib.sha256("\n".join((segmenter.digest, _scorer_digest(), *described))
                                     .encode("utf-8")).hexdigest()[:16]

    def one(self, text: str) -> Judged:
        tokens = self.segmenter.tokens(text)
        return Judged(tokens, assign(tokens, self.topics),
                      round(sentiment.score(tokens, sentiment.Lexicon.load(language(text))), 6))

    def key(self, distinct: Sequence[str]) -> str:
        """The cache key of a batch of distinct texts, sorted (a summary's key builds on it)."""
        return hashlib.sha256(SEP.join((self.digest, *distinct)).encode("utf-8", "surrogatepass")).hexdigest()

    def batches(self, wanted: dict[object, Sequence[str]]) -> dict[object, dict[str, Judged]]:
        """Each batch (name -> its distinct texts, sorted) judged: read back where cached, the rest
        judged together, in two processes when there are many."""
        out, missing = {}, {}
        for name, distinct in wanted.items():
            kept = store.read(f"judged/{self.key(distinct)}.txt")
            lines = None if kept is None else kept.split("\n")
            if lines is not None and len(lines) == len(distinct):
                out[name] = {t: _parse(line) for t, line in zip(distinct, lines)}
            else:
                missing[name] = distinct
        every = [t for distinct in missing.values() for t in distinct]
        judged = self._in_parallel(every) if len(every) >= PARALLEL_FROM else [self.one(t) for t in every]
        start = 0
        for name, distinct in missing.items():
            part = judged[start:start + len(distinct)]
            start += len(distinct)
            store.write(f"judged/{self.key(distinct)}.txt", "\n".join(
                _FIELD.join((repr(j.score), ";".join(j.topics), SEP.join(j.tokens))) for j in part))
            out[name] = dict(zip(distinct, part))
        return out

    def batch(self, texts: Sequence[str]) -> tuple[dict[str, Judged], str]:
        """One batch judged, and its key."""
        distinct = sorted(set(texts))
        return self.batches({0: distinct})[0], self.key(distinct)

    def _in_parallel(self, distinct: list[str]) -> list[Judged]:
        step = -(-len(distinct) // (WORKERS * 4))
        chunks = [distinct[i:i + step] for i in range(0, len(distinct), step)]
        # spawn, not fork: the build has threads (DuckDB, the typesetter's warm-up) by now
        with ProcessPoolExecutor(WORKERS, mp_context=get_context("spawn"), initializer=_start,
                                 initargs=(self.topics, self.segmenter.words, self.segmenter.user_dictionary)) as pool:
            return [j for part in pool.map(_judge_chunk, chunks) for j in part]

def _parse(line: str) -> Judged:
    score, topics, tokens = line.split(_FIELD)
    return Judged(tokens.split(SEP) if tokens else [], tuple(topics.split(";")) if topics else (), float(score))


def _summary_name(key: str, counts: dict[str, int]) -> str:
    return "summaries/" + hashlib.sha256((key + ",".join(str(counts[t]) for t in sorted(counts))).encode()).hexdigest()


def cached_summary(key: str, counts: dict[str, int]) -> tuple[Counter, Counter] | None:
    """A quarter's summary as kept, or None: then its batch must be judged (or read) first."""
    kept = store.read(f"{_summary_name(key, counts)}.json")
    if kept is None:
        return None
    try:
        topics, words = json.loads(kept)
        return Counter(topics), Counter(words)
    except (ValueError, TypeError):
        return None


def summary(judged: dict[str, Judged], counts: dict[str, int], key: str, candidate) -> tuple[Counter, Counter]:
    """Texts per topic and texts per candidate word of one quarter (weighted by how often each text was
    written), kept under the batch's key (with the stop words') and the counts."""
    found = cached_summary(key, counts)
    if found is not None:
        return found
    topics, words = Counter(), Counter()
    for text, n in counts.items():
        j = judged[text]
        for code in j.topics:
            topics[code] += n
        for w in set(j.tokens):
            words[w] += n
    words = Counter({w: k for w, k in words.items() if candidate(w)})
    store.write(f"{_summary_name(key, counts)}.json", json.dumps([topics, words], ensure_ascii=False))
    return topics, words


_WORKER: Judge | None = None


def _start(topics, words, user_dictionary) -> None:
    global _WORKER
    _WORKER = Judge(topics, Segmenter(words, user_dictionary))


def _judge_chunk(texts: list[str]) -> list[Judged]:
    assert _WORKER is not None
    return [_WORKER.one(t) for t in texts]
