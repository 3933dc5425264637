"""Cleaning: the data-quality rules for tickets and the exclusion rules for survey responses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reportgen.config import CleaningConfig
from reportgen.questionnaire import Questionnaire
from reportgen.validate import ROW, Finding

TIMESTAMPS_AFTER_RECEIPT = ("first_response_at", "solution_at", "closed_at")
# Survey exclusion rules in the order methodology.md applies them; a response is excluded by
# the first rule it meets.
EXCLUSION_RULES = ("duplicate", "too_fast", "contradiction", "straight_lining", "incomplete")
EXCLUDED = "_excluded"  # the rule that excluded a response, or <NA> for a valid one


def clean_complaints(complaints: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Finding]]:
    """Treat a timestamp earlier than `received_at` as missing, and log each one."""
    out = complaints.copy()
    findings: list[Finding] = []
    for col in TIMESTAMPS_AFTER_RECEIPT:
        early = (out[col] < out["received_at"]).fillna(False).to_numpy(bool)
        if early.any():
            for row, tid, ts, rec, q in zip(out.loc[early, ROW], out.loc[early, "ticket_id"],
                                            out.loc[early, col], out.loc[early, "received_at"], out.loc[early, "_quarter"]):
                findings.append(Finding(file, int(row), col, "before_received",
                                        f"{ts:%Y-%m-%d %H:%M} is before received_at {rec:%Y-%m-%d %H:%M}; "
                                        "treated as missing", tid, int(q)))
            out.loc[early, col] = pd.NaT
    return out, findings


def recode_reverse(surveys: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Recode reverse-worded items as 6 − value, before anything else looks at them."""
    if not questionnaire.reverse_items:
        return surveys
    out = surveys.copy()
    for item in questionnaire.reverse_items:
        out[item] = 6 - out[item]
    return out


def mark_exclusions(surveys: pd.DataFrame, questionnaire: Questionnaire,
                    cleaning: CleaningConfig) -> pd.DataFrame:
    """Add `_excluded`: the first exclusion rule each response meets, over all quarters.

    Duplicates are judged across the whole file (earlier quarters included): the copy with the
    earliest `submitted_at` is kept, and on a tie the one earlier in the file. Reverse-coded
    items are recoded first, except for the straight-lining rule (see below).
    """
    out = recode_reverse(surveys, questionnaire)
    # Straight-lining is a way of answering (one box ticked all the way down), so it is judged
    # on the answers as given; every figure uses the recoded values.
    items = surveys[questionnaire.item_ids]
    answered = items.notna().sum(axis=1).to_numpy()
    duration = out["duration_seconds"].astype("float64").to_numpy()  # <NA> becomes NaN: never "too fast"

    order = out.sort_values(["submitted_at", ROW], kind="stable").index
    duplicate = np.zeros(len(out), dtype=bool)
    duplicate[out.index.get_indexer(order)] = out.loc[order, "response_id"].duplicated(keep="first").to_numpy()

    too_fast = duration < cleaning.min_duration_s
    overall = out["overall"].astype("float64").to_numpy()
    nps = out["nps"].astype("float64").to_numpy()
    contradiction = ((overall == 5) & (nps <= 2)) | ((overall == 1) & (nps >= 9))
    same_value = (items.max(axis=1) == items.min(axis=1)).fillna(False).to_numpy(bool)
    straight = (answered >= cleaning.straight_line_min_items) & same_value & (duration < cleaning.straight_line_max_s)
    incomplete = answered < len(questionnaire.item_ids) / 2

    rule = np.full(len(out), None, dtype=object)
    for name, hit in reversed(list(zip(EXCLUSION_RULES, (duplicate, too_fast, contradiction, straight, incomplete)))):
        rule[hit] = name  # later rules first, so the earliest matching rule is the one left
    out[EXCLUDED] = pd.array(rule, dtype="string")
    return out
