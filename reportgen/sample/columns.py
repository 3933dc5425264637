"""The columns of the sample's tables, in the order they are written."""

from __future__ import annotations

COMPLAINT_COLUMNS = (
    "ticket_id", "received_at", "channel", "category", "severity", "store", "region", "department",
    "first_response_at", "solution_at", "closed_at", "resolved", "first_contact_resolution",
    "handling_satisfaction", "customer_id", "compensation_amount", "description",
)


def survey_column_names(item_ids: list[str]) -> tuple[str, ...]:
    return ("response_id", "submitted_at", "duration_seconds", "channel", "segment", "product_line",
            "store", *item_ids, "overall", "nps", "comment")
