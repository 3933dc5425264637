"""The one sanitising step every text from the data passes before anything else sees it.

Text cells reach chart labels (rendered by an SVG parser that aborts the process on a
character XML forbids), HTML, PDF, spreadsheets and CSV files. Here, once, at the edge:

1. characters that no document can carry are removed and counted: C0 and C1 control
   characters (tab, line feed and carriage return become a space instead), bidirectional
   overrides (they make a label read backwards), and the non-characters U+FFFE/U+FFFF;
2. personal data (phone and ID numbers, e-mail addresses, names) is masked by `redact`
   in every column that reaches a document: the internal report masks it as the notice does.
   Ids are the exception: masking them here would merge two ids into one and break uniqueness,
   duplicate and repeat checks; they reach only the auditor's listings, which mask them
   (`listings.public_id`), and `customer_id` reaches no output at all;
3. a value longer than its column's limit (`schema.Column.max_chars`) is shortened for
   display, keeping a short digest of the whole value so that two different long values
   stay two different groups.

Each change is a data-quality finding naming the file, row and column; the detail never
repeats the personal data it masked. Work is done once per distinct value, so a column of a
million tickets with a hundred store names costs a hundred calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reportgen import rules
from reportgen.redact import find_personal, redact

_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
# The same class for Arrow's RE2, to find the few values that need the Python pass.
_REMOVED_RE2 = r"[\x00-\x1f\x7f-\x{9f}\x{202a}-\x{202e}\x{2066}-\x{2069}\x{fffe}\x{ffff}]"
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
# Personal data can straddle the cut: redaction sees this many characters past the limit.
_MARGIN = 64
DIGEST_CHARS = 6

RULE_CONTROL = rules.CONTROL_CHARACTERS
RULE_LONG = rules.TOO_LONG
RULE_PERSONAL = rules.PERSONAL_DATA


@dataclass(frozen=True)
class Change:
    """What sanitising did to one distinct value: the new value and (rule, detail) notes."""

    value: str | None
    notes: tuple[tuple[str, str], ...]


def _codes(chars: list[str]) -> str:
    seen = dict.fromkeys(chars)
    listed = ", ".join(f"U+{ord(c):04X}" for c in list(seen)[:5])
    return listed + (" …" if len(seen) > 5 else "")


def clean_text(value: str, *, max_chars: int | None, mask: bool = True, names: Sequence[str] = ()) -> Change:
    """Sanitise one value; `mask` applies redaction (ids are masked where they are written instead)."""
    notes: list[tuple[str, str]] = []
    removed = _REMOVED.findall(value)
    if removed:
        value = _REMOVED.sub("", value)
        notes.append((RULE_CONTROL, f"removed {len(removed):,} character(s) no document can show ({_codes(removed)})"))
    value = _BREAKS.sub(" ", value).strip()
    original_length = len(value)
    too_long = max_chars is not None and original_length > max_chars
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_CHARS] if too_long else ""
    if mask:
        head = value[: max_chars + _MARGIN] if too_long else value
        kinds = find_personal(head, names)
        if kinds:
            value = redact(head, names)
            notes.append((RULE_PERSONAL, "masked " + ", ".join(dict.fromkeys(kinds))))
        elif too_long:
            value = head
    if too_long and len(value) > max_chars:
        value = value[: max_chars - DIGEST_CHARS - 1] + "…" + digest
    if too_long:
        notes.append((RULE_LONG, f"{original_length:,} characters, shortened to {max_chars} for display "
                                 f"(ends in a digest of the whole value)"))
    return Change(value or None, tuple(notes))


def _suspects(unique: pa.Array, max_chars: int | None, mask: bool) -> np.ndarray:
    """Indices of the distinct values that may need changing (the rest are left as they are)."""
    need = pc.match_substring_regex(unique, _REMOVED_RE2)
    need = pc.or_(need, pc.match_substring_regex(unique, r"[\t\n\r\x{2028}\x{2029}]|^\s|\s$"))
    if max_chars is not None:
        need = pc.or_(need, pc.greater(pc.utf8_length(unique), max_chars))
    if mask:
        # Redaction's own pre-check is cheap (a few microseconds a value); for a column of
        # very many distinct values Arrow first picks those with a digit, an @ or a Han
        # character (a name or an honorific), in one vectorised pass.
        need = pc.true_unless_null(unique) if len(unique) <= 100_000 else pc.or_(
            need, pc.match_substring_regex(unique, r"[\d@\x{ff10}-\x{ff19}\x{ff20}\p{Han}]"))
    return np.flatnonzero(need.fill_null(False).to_numpy(zero_copy_only=False))


def sanitise_column(values: pa.ChunkedArray, *, max_chars: int | None, mask: bool,
                    names: Sequence[str] = ()) -> tuple[pa.ChunkedArray, np.ndarray, list[tuple[tuple[str, str], ...]]]:
    """Sanitise a string column: (new values, row positions changed, notes of each such row)."""
    # Ids are nearly all distinct: checking every row is cheaper than finding the distinct ones.
    pool = values.combine_chunks() if not mask else pc.unique(values)
    suspects = _suspects(pool, max_chars, mask)
    if not len(suspects):
        return values, np.array([], dtype=np.int64), []
    originals = list(dict.fromkeys(pool.take(pa.array(suspects)).to_pylist()))
    changes = {v: clean_text(v, max_chars=max_chars, mask=mask, names=names) for v in originals}
    changed = {v: c for v, c in changes.items() if c.notes or c.value != v}
    if not changed:
        return values, np.array([], dtype=np.int64), []
    keys = pa.array(list(changed), type=pa.string())
    position = pc.index_in(values, value_set=keys)
    rows = np.flatnonzero(position.is_valid().to_numpy(zero_copy_only=False))
    replaced = pa.array([c.value for c in changed.values()], type=pa.string())
    codes = position.fill_null(0)
    new = pc.if_else(position.is_valid(), pc.take(replaced, codes), values)
    notes_by_key = [c.notes for c in changed.values()]
    index = pc.take(codes, pa.array(rows)).to_numpy(zero_copy_only=False) if len(rows) else []
    return new, rows.astype(np.int64), [notes_by_key[i] for i in index]
