"""The topic dictionary: which words make a comment about delivery, repair, price, ….

A text is about a topic when one of its words is one of the topic's keywords (after segmentation,
compared lower-cased); it may be about several topics, or none. The default dictionary
(reportgen/defaults/topics.yaml) covers after-sales service; `comments.topics` in the config names
a replacement in the same layout, validated here so that a bad file is named with the key at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from typing import Annotated

from reportgen.errors import InputError, Problem

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f<>]+$")]
Word = Annotated[str, StringConstraints(min_length=1, max_length=30, pattern=r"^[^\x00-\x1f\s]+$")]
MAX_TOPICS = 40
NO_TOPIC = {"zh-CN": "其他", "en": "Other"}  # the category derived for a description of no topic


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: Label
    en: Label
    keywords: list[Word] = Field(min_length=1, max_length=300)


class _Dictionary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topics: dict[Code, _Entry] = Field(min_length=1, max_length=MAX_TOPICS)


@dataclass(frozen=True)
class Topic:
    code: str
    zh: str
    en: str
    keywords: frozenset[str]

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh-CN" else self.en


def parse_topics(text: str, file: str) -> tuple[Topic, ...]:
    """The topics of a dictionary file's text; InputError naming the file and the key at fault."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError([Problem(file, None if mark is None else mark.line + 1, None,
                                  f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    try:
        parsed = _Dictionary.model_validate(data)
    except ValidationError as exc:
        raise InputError([Problem(file, None, None, "key " + ".".join(map(str, e["loc"])) + ": " + e["msg"])
                          for e in exc.errors()[:10]]) from None
    return tuple(Topic(code, e.zh, e.en, frozenset(w.lower() for w in e.keywords))
                 for code, e in parsed.topics.items())


def default_topics() -> tuple[Topic, ...]:
    text = resources.files("reportgen.defaults").joinpath("topics.yaml").read_text("utf-8")
    return parse_topics(text, "topics.yaml")


def assign(tokens: list[str], topics: tuple[Topic, ...]) -> tuple[str, ...]:
    """The codes of the topics a text's tokens name, in dictionary order."""
    words = set(tokens)
    return tuple(t.code for t in topics if not words.isdisjoint(t.keywords))


def keywords_of(topics: tuple[Topic, ...]) -> set[str]:
    """Every keyword: the segmenter keeps them whole."""
    return {w for t in topics for w in t.keywords}

