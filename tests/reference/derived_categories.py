"""The category a ticket without one takes from its description, in plain Python: the rule that
engine/queries/tickets.sql states in SQL (comments.derive_categories), checked against it."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from reportgen.text.topics import NO_TOPIC, Topic

READ_CHARS = 993  # how much of a description is read: what intake keeps of a long one before its "…" and digest


def derived_category(description: str | None, topics: tuple[Topic, ...], locale: str) -> str:
    """The first topic, in the dictionary's order, one of whose keywords the description contains."""
    text = "" if description is None or pd.isna(description) else description[:READ_CHARS].lower()
    for topic in topics:
        if any(word in text for word in topic.keywords):
            return topic.name(locale)
    return NO_TOPIC[locale]


def categories(tickets: pd.DataFrame, topics: tuple[Topic, ...], locale: str) -> tuple[Counter, int, int]:
    """Tickets per category (given or derived), how many were derived, and how many of those of no topic."""
    given = tickets["category"] if "category" in tickets else pd.Series([None] * len(tickets), index=tickets.index)
    derived = [derived_category(d, topics, locale) for d, c in zip(tickets["description"], given) if pd.isna(c)]
    counts = Counter(c for c in given if not pd.isna(c)) + Counter(derived)
    return counts, len(derived), derived.count(NO_TOPIC[locale])
