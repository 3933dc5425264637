"""Which text encoding a file is in, when nobody says: UTF-8 first; then GB18030 (Chinese office
software) or Windows-1252 (Western exports), told apart by what the text looks like; and a file
that mixes encodings (two exports pasted together) found, not read half garbled."""

from __future__ import annotations

import codecs
from pathlib import Path

from reportgen.errors import Problem

FALLBACK_ENCODINGS = ("utf-8-sig", "gb18030")


_TYPOGRAPHIC = set("’‘“”–—…€•©®°·«»")


def _western(text: str) -> bool:
    """Whether the text's non-ASCII characters read as Western text: typographic punctuation,
    or letters inside a word (José, Montréal, café’s) rather than runs of stray symbols."""
    odd = [i for i, ch in enumerate(text) if ord(ch) > 127]
    if not odd:
        return False
    for i in odd:
        ch = text[i]
        if ch in _TYPOGRAPHIC:
            continue
        near = text[max(i - 1, 0):i] + text[i + 1:i + 2]
        if not (ch.isalpha() and any(c.isascii() and c.isalpha() for c in near)):
            return False
    return True


def guess_encodings(path: Path, tried: tuple[str, ...] = FALLBACK_ENCODINGS) -> tuple[str, ...]:
    """The encodings to try, in turn: UTF-8 first; for a file that is not UTF-8, Windows-1252
    before GB18030 when the detector prefers it and its text reads as Western (`_western`).
    Nearly every byte sequence decodes as GB18030 or Windows-1252 somehow, so decoding alone
    cannot tell a SurveyMonkey export in Windows-1252 from a Chinese one, nor either from junk."""
    if tried != FALLBACK_ENCODINGS:
        return tried
    from charset_normalizer import from_bytes

    with path.open("rb") as fh:
        block = fh.read(1 << 20)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(block, final=False)
        return tried
    except UnicodeDecodeError:
        pass
    try:
        western = _western(block.decode("cp1252"))
    except UnicodeDecodeError:
        return tried
    best = from_bytes(block, cp_isolation=["gb18030", "cp1252"]).best()
    return ("utf-8-sig", "cp1252", "gb18030") if western and best is not None and best.encoding == "cp1252" else tried


def mixed_encodings(path: Path, limit: int | None = None) -> Problem | None:
    """A file whose lines are partly UTF-8 text (with non-ASCII characters) and partly not: two
    exports pasted together. Read in one encoding, one of the parts would be garbled, silently;
    the problem names the first line that is not like the others. `limit`: bytes scanned."""
    utf8_line = bad_line = None
    read, chinese = 0, True
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            read += len(line)
            try:
                if not line.isascii():
                    line.decode("utf-8")
                    utf8_line = utf8_line or number
            except UnicodeDecodeError:
                if bad_line is None:
                    bad_line = number
                    try:
                        line.decode("gb18030")
                    except UnicodeDecodeError:
                        chinese = False
            if (utf8_line and bad_line) or (limit and read > limit):
                break
    if not (utf8_line and bad_line):
        return None
    if not chinese and bad_line > utf8_line:
        return Problem(path.name, bad_line, None, "this line is neither UTF-8 nor GB18030 (the lines before it are "
                                                  "UTF-8); save the file as UTF-8")
    first, other = (utf8_line, bad_line) if utf8_line < bad_line else (bad_line, utf8_line)
    what = "UTF-8" if first == utf8_line else "not UTF-8 (GB18030 or another encoding)"
    return Problem(path.name, other, None, f"the file mixes encodings: line {first} and the lines like it are {what}, "
                                           "this line is not; save the whole file in one encoding (UTF-8)")
