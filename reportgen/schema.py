"""The input tables' columns as the data contract defines them (names are stable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportgen.metrics.registry import COMPARED

COMPARED_FIGURES = tuple(COMPARED)

Kind = Literal["text", "timestamp", "date", "bool", "int", "number"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False  # the column must be present
    non_empty: bool = False  # every row must have a value
    # For int columns: the scale. A whole number outside it is a data-quality finding (treated
    # as missing, as methodology.md says), not an error; a non-number is an error.
    scale: tuple[int, int] | None = None
    # For number columns: values below this are data-quality findings (treated as missing).
    minimum: float | None = None
    unique: bool = False
    strict: bool = False  # out of scale / below minimum is an error, not a finding
    # Free text that no figure uses is not read at all: it cannot slow a build down or leak.
    read: bool = True
    choices: tuple[str, ...] | None = None  # text columns restricted to these values
    # Text columns: the longest value shown as it is (longer ones are shortened for display, see
    # reportgen.sanitise), and whether personal data in it is masked there. Ids are not: they
    # must stay distinct, and the listings that print them mask them as they write.
    max_chars: int | None = None
    mask: bool = True
    not_before: str | None = None  # a date column that must not be earlier than this other one
    shown: bool = True  # False: the column reaches no output, so it needs no sanitising
    needed_for: str | None = None  # required when this other column is absent
    why: str = ""  # what the "required column is missing" message adds


# Display limits of text columns, in characters (documented in docs/data-contract.md).
ID_CHARS = 64
LABEL_CHARS = 100
TEXT_CHARS = 300
COMMENT_CHARS = 1000  # open texts: comment analytics reads this much of each


COMPLAINTS: tuple[Column, ...] = (
    Column("ticket_id", "text", required=True, non_empty=True, unique=True, max_chars=ID_CHARS, mask=False),
    Column("received_at", "timestamp", required=True, non_empty=True),
    Column("channel", "text", required=True, non_empty=True, max_chars=LABEL_CHARS),
    Column("category", "text", required=True, non_empty=True, max_chars=LABEL_CHARS,
           why="or set comments.derive_categories = true to take it from the description"),
    Column("severity", "text", max_chars=LABEL_CHARS),
    Column("store", "text", max_chars=LABEL_CHARS),
    Column("region", "text", max_chars=LABEL_CHARS),
    Column("department", "text", max_chars=LABEL_CHARS),
    Column("first_response_at", "timestamp"),
    Column("solution_at", "timestamp"),
    Column("closed_at", "timestamp"),
    Column("resolved", "bool"),
    # A ticket system's own verdicts on its commitments, used where the export has no times.
    Column("response_sla_met", "bool"),
    Column("solution_sla_met", "bool"),
    Column("closure_sla_met", "bool"),
    Column("first_contact_resolution", "bool"),
    Column("handling_satisfaction", "int", scale=(1, 5)),
    Column("customer_id", "text", mask=False, shown=False),  # only compared, for repeats
    Column("compensation_amount", "number", minimum=0),
    Column("description", "text", max_chars=COMMENT_CHARS),
)


def complaint_columns(derive_categories: bool = False) -> tuple[Column, ...]:
    """The complaint columns; with `comments.derive_categories` a category may be missing, and is
    then taken from the description by the topic rules (engine/queries/tickets.sql)."""
    if not derive_categories:
        return COMPLAINTS
    changed = {"category": Column("category", "text", max_chars=LABEL_CHARS),
               "description": Column("description", "text", max_chars=COMMENT_CHARS, needed_for="category",
                                     why="comments.derive_categories takes the category from it")}
    return tuple(changed.get(c.name, c) for c in COMPLAINTS)


def missing(columns: tuple[Column, ...], present) -> list[tuple[str, str]]:
    """The required columns not in `present`, each with what to add to "required column is missing"."""
    out = [(c.name, f" ({c.why})" if c.why else "") for c in columns if c.required and c.name not in present]
    out += [(c.name, f" ({c.why}, and there is no {c.needed_for} column)") for c in columns
            if c.needed_for and c.name not in present and c.needed_for not in present]
    return out


# Numbers beyond this are errors: no amount or duration is that large, and sums of such
# values overflow or lose every digit that matters.
MAX_NUMBER = 1e15

LIKERT = (1, 5)
NPS_SCALE = (0, 10)


def survey_columns(item_ids: list[str], scale: tuple[int, int] = LIKERT,
                   item_scales: dict[str, tuple[int, int]] | None = None) -> tuple[Column, ...]:
    """Survey columns; the items and their scales come from the questionnaire."""
    item_scales = item_scales or {}
    return (
        Column("response_id", "text", required=True, non_empty=True, max_chars=ID_CHARS, mask=False),
        Column("submitted_at", "timestamp", required=True, non_empty=True),
        Column("duration_seconds", "number", minimum=0),
        Column("channel", "text", max_chars=LABEL_CHARS),
        Column("segment", "text", max_chars=LABEL_CHARS),
        Column("product_line", "text", max_chars=LABEL_CHARS),
        Column("store", "text", max_chars=LABEL_CHARS),
        *(Column(i, "int", required=True, scale=item_scales.get(i, scale)) for i in item_ids),
        Column("overall", "int", required=True, scale=scale),
        Column("nps", "int", required=True, scale=NPS_SCALE),
        Column("comment", "text", max_chars=COMMENT_CHARS),
    )


EVENTS: tuple[Column, ...] = (
    Column("date", "date", required=True, non_empty=True),
    Column("type", "text", required=True, non_empty=True, choices=("veto", "bonus"), max_chars=LABEL_CHARS),
    Column("points", "number", required=True, non_empty=True, minimum=0, strict=True),
    Column("description", "text", max_chars=TEXT_CHARS),
)

ACTIONS: tuple[Column, ...] = (
    Column("action", "text", required=True, non_empty=True, max_chars=TEXT_CHARS),
    Column("owner", "text", max_chars=LABEL_CHARS),
    Column("start", "date", required=True, non_empty=True),
    Column("due", "date", required=True, non_empty=True, not_before="start"),
    Column("status", "text", max_chars=LABEL_CHARS),
    Column("related_category", "text", max_chars=LABEL_CHARS),
    # the figure the action is meant to move, as named in metrics.json's comparisons
    Column("related_metric", "text", choices=COMPARED_FIGURES, max_chars=LABEL_CHARS),
)

# A column that is not required may be absent altogether; it is then treated as all empty.
