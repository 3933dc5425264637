"""Action-plan statuses: the words teams write, read as one of three states.

`status` in actions.csv is free text; the report colours, counts and translates only the states
it recognises, and prints any other word as written.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, ...]] = {
    "done": ("已完成", "完成", "已整改", "已落实", "已关闭", "已结", "done", "completed", "complete", "finished",
             "closed"),
    "in_progress": ("进行中", "推进中", "整改中", "实施中", "in progress", "in-progress", "in_progress", "ongoing",
                    "started"),
    "not_started": ("未开始", "待开始", "计划中", "not started", "not-started", "not_started", "planned", "to do",
                    "todo"),
}
STATES: dict[str, str] = {word: state for state, words in WORDS.items() for word in words}


def state_of(status: str | None) -> str | None:
    """"done", "in_progress", "not_started", or None for an empty or unknown status."""
    if status is None:
        return None
    return STATES.get(" ".join(status.strip().lower().split()))


def is_done(status: str | None) -> bool:
    return state_of(status) == "done"
