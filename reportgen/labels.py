"""How exports write answers and durations as text, read as the contract's numbers.

Survey platforms export a 5-point item either as its number or as its label, in the language
the survey was written in: 非常满意, "Very satisfied", "Strongly agree", or a number with its
label ("4 - Very impressive", "10 - Extremely likely", "5分"). A label set is only used whole:
its five labels are listed here, with 5 for the most favourable. Durations come as seconds,
`125秒`, `2分5秒`, `1小时2分`, `00:02:05` or `2 min 5 s`.
"""

from __future__ import annotations

import re

# Five-point label sets, least to most favourable (1 … 5). Matching ignores case and spaces.
LIKERT_SETS: dict[str, tuple[tuple[str, ...], ...]] = {
    "satisfaction_zh": (("非常不满意", "很不满意"), ("不满意", "比较不满意", "不太满意"), ("一般", "中立", "说不清"),
                        ("满意", "比较满意"), ("非常满意", "很满意")),
    "agreement_zh": (("非常不同意", "完全不同意"), ("不同意", "比较不同意"), ("一般", "中立", "不确定"),
                     ("同意", "比较同意"), ("非常同意", "完全同意")),
    "satisfaction_en": (("very dissatisfied", "extremely dissatisfied"), ("dissatisfied", "somewhat dissatisfied"),
                        ("neither satisfied nor dissatisfied", "neutral"), ("satisfied", "somewhat satisfied"),
                        ("very satisfied", "extremely satisfied")),
    "agreement_en": (("strongly disagree",), ("disagree", "somewhat disagree"), ("neither agree nor disagree", "neutral"),
                     ("agree", "somewhat agree"), ("strongly agree",)),
    "quality_en": (("very poor", "terrible"), ("poor",), ("fair", "average"), ("good",), ("excellent", "very good")),
    "likelihood_en": (("definitely not", "extremely unlikely"), ("probably not", "somewhat unlikely"),
                      ("might or might not", "neither likely nor unlikely"), ("probably yes", "somewhat likely"),
                      ("definitely yes", "extremely likely")),
}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


LIKERT: dict[str, int] = {}
for _labels in LIKERT_SETS.values():
    for _value, _names in enumerate(_labels, start=1):
        for _name in _names:
            # One label means one value in every set ("neutral" is 3 in both that have it).
            assert LIKERT.setdefault(_key(_name), _value) == _value, _name

# "4 - Very impressive", "10 – Extremely likely", "5分", "5（非常满意）", "5. Agree": the number is the answer.
_LEADING = re.compile(r"^\s*(\d{1,3})\s*(?:分|[-–—:.：、)）]|[(（]|\s)\s*\D.*$|^\s*(\d{1,3})\s*分\s*$")


_OPTION = re.compile(r"^[A-Z][.．、]\s*(?=\D)")  # 腾讯问卷 writes "B.满意": the option's letter


def scale_value(text: str, scale: tuple[int, int] | None = (1, 5)) -> str | None:
    """The answer's number as text for a label this module knows, or None (left as it is).

    The five-point label sets apply to a 1–5 question only (满意 is not 4 on a 7-point scale,
    nor on the 0–10 recommendation question); a number with its label applies to any."""
    text = _OPTION.sub("", text)
    key = _key(text)
    if key in LIKERT and scale in ((1, 5), None):
        return str(LIKERT[key])
    m = _LEADING.match(text)
    if m:
        return m.group(1) or m.group(2)
    return None


# A duration's parts; each unit at most once, largest first.
_UNITS = (("h", r"(?:小时|时|h|hrs?|hours?)"), ("m", r"(?:分钟|分|m|mins?|minutes?)"),
          ("s", r"(?:秒钟|秒|s|secs?|seconds?)"))
_SPOKEN = re.compile(r"^\s*" + "".join(rf"(?:(?P<{u}>\d+(?:\.\d+)?)\s*{pattern}\s*)?" for u, pattern in _UNITS) + r"$",
                     re.IGNORECASE)
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$")


def duration_seconds(text: str) -> str | None:
    """The number of seconds a duration text means, as text, or None if it is not a duration."""
    m = _CLOCK.match(text)
    if m:
        h, mi, s = m.groups()
        return _number(int(h or 0) * 3600 + int(mi) * 60 + float(s))
    m = _SPOKEN.match(text)
    if m and any(m.groupdict().values()):
        parts = {u: float(v) for u, v in m.groupdict().items() if v}
        return _number(parts.get("h", 0) * 3600 + parts.get("m", 0) * 60 + parts.get("s", 0))
    return None


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)
