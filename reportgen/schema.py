"""The input tables' columns as the data contract defines them (names are stable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


COMPLAINTS: tuple[Column, ...] = (
    Column("ticket_id", "text", required=True, non_empty=True, unique=True),
    Column("received_at", "timestamp", required=True, non_empty=True),
    Column("channel", "text", required=True, non_empty=True),
    Column("category", "text", required=True, non_empty=True),
    Column("severity", "text"),
    Column("store", "text"),
    Column("region", "text"),
    Column("department", "text"),
    Column("first_response_at", "timestamp"),
    Column("solution_at", "timestamp"),
    Column("closed_at", "timestamp"),
    Column("resolved", "bool"),
    Column("first_contact_resolution", "bool"),
    Column("handling_satisfaction", "int", scale=(1, 5)),
    Column("customer_id", "text"),
    Column("compensation_amount", "number", minimum=0),
    Column("description", "text", read=False),
)

LIKERT = (1, 5)
NPS_SCALE = (0, 10)


def survey_columns(item_ids: list[str]) -> tuple[Column, ...]:
    """Survey columns; the Likert items come from the questionnaire."""
    return (
        Column("response_id", "text", required=True, non_empty=True),
        Column("submitted_at", "timestamp", required=True, non_empty=True),
        Column("duration_seconds", "number", minimum=0),
        Column("channel", "text"),
        Column("segment", "text"),
        Column("product_line", "text"),
        Column("store", "text"),
        *(Column(i, "int", required=True, scale=LIKERT) for i in item_ids),
        Column("overall", "int", required=True, scale=LIKERT),
        Column("nps", "int", required=True, scale=NPS_SCALE),
        Column("comment", "text", read=False),
    )


EVENTS: tuple[Column, ...] = (
    Column("date", "date", required=True, non_empty=True),
    Column("type", "text", required=True, non_empty=True, choices=("veto", "bonus")),
    Column("points", "number", required=True, non_empty=True, minimum=0, strict=True),
    Column("description", "text"),
)

ACTIONS: tuple[Column, ...] = (
    Column("action", "text", required=True, non_empty=True),
    Column("owner", "text"),
    Column("start", "date", required=True, non_empty=True),
    Column("due", "date", required=True, non_empty=True),
    Column("status", "text"),
    Column("related_category", "text"),
)

# A column that is not required may be absent altogether; it is then treated as all empty.
