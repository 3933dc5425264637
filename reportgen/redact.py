"""Redaction: free text reaches public output only through `redact`.

Patterns cover what Chinese complaint and survey text carries: mobile and landline numbers,
18-digit resident ID numbers, e-mail addresses, long digit runs (order, card and account
numbers), a surname with 先生/女士/小姐, and the person names listed in the config.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "＊＊＊"

PATTERNS: dict[str, re.Pattern] = {
    "email": re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "id_number": re.compile(r"(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"),
    "mobile": re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)"),
    "landline": re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[\s-]?)\d{3,4}[\s-]?\d{4}(?!\d)"),
    "digits": re.compile(r"(?<!\d)\d{7,}(?!\d)"),
    "honorific": re.compile(r"[\u4e00-\u9fff]{1,2}(?:先生|女士|小姐)"),
}


def redact(text: str, names: Iterable[str] = ()) -> str:
    """Mask personal data in `text`; `names` are exact person names to mask as well."""
    out = text
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        out = out.replace(name, MASK)
    for pattern in PATTERNS.values():
        out = pattern.sub(MASK, out)
    return out
