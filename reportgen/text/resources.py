"""The files comment analytics reads besides the data: topic dictionary, user dictionary, stop words.

Resolved once at the edge like the logo and the templates (reportgen.assets): each configured path
is relative to the config file's folder and must stay inside it, and must be UTF-8 text of a
sensible size; a problem names the config key and the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.assets import inside
from reportgen.config import Config
from reportgen.errors import InputError, Problem
from reportgen.text.keywords import stop_words
from reportgen.text.topics import Topic, default_topics, parse_topics

MAX_BYTES = 5 * 1024 * 1024
_ENTRY = re.compile(r"^\S{1,40}(?: \d{1,9})?(?: [A-Za-z]{1,8})?$")  # jieba's line: word [frequency] [tag]


@dataclass(frozen=True)
class TextResources:
    topics: tuple[Topic, ...]
    user_dictionary: str = ""
    stop_words: frozenset[str] = frozenset()
    files: dict[str, dict] = field(default_factory=dict)  # config key -> path and SHA-256, for the manifest


def _read(folder: Path, relative: str) -> tuple[Path, str]:
    path = inside(folder, relative)
    if not path.is_file():
        raise ValueError(f"{path} is not a file")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return path, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path.name} is not UTF-8 text (byte {exc.start + 1})") from None


def resolve_texts(config: Config, folder: Path, file: str = "reportgen.toml") -> TextResources:
    """The topic dictionary, user dictionary and stop words the config names (defaults otherwise)."""
    c = config.comments
    problems: list[Problem] = []
    found: dict[str, tuple[Path, str]] = {}
    for key in ("topics", "user_dictionary", "stop_words"):
        relative = getattr(c, key)
        if relative is None:
            continue
        try:
            found[key] = _read(folder, relative)
        except (ValueError, OSError) as exc:
            problems.append(Problem(file, None, None, f"key comments.{key}: {exc}"))
    if "user_dictionary" in found:
        path, text = found["user_dictionary"]
        for line, entry in enumerate(text.splitlines(), 1):
            if entry.strip() and not _ENTRY.match(entry.strip()):
                problems.append(Problem(path.name, line, None, "not a dictionary line: expected a word, optionally "
                                        "a frequency and a part-of-speech tag, separated by single spaces"))
                break
    topics = default_topics()
    if "topics" in found:
        try:
            topics = parse_topics(found["topics"][1], found["topics"][0].name)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    extra = frozenset(w.strip().lower() for w in found["stop_words"][1].splitlines() if w.strip()) \
        if "stop_words" in found else frozenset()
    files = {f"comments.{k}": {"path": str(p), "sha256": hashlib.sha256(t.encode("utf-8")).hexdigest()}
             for k, (p, t) in found.items()}
    return TextResources(topics, found["user_dictionary"][1] if "user_dictionary" in found else "",
                         stop_words() | extra, files)
