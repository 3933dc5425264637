"""Action-plan statuses: the words teams write, read as one of three states.

`status` in actions.csv is free text; the report colours, counts and translates only the states
it recognises, and prints any other word as written.
"""

from __future__ import annotations

STATES: dict[str, str] = {
    **dict.fromkeys(("已完成", "完成", "已整改", "已关闭", "已结", "done", "completed", "complete", "closed"), "done"),
    **dict.fromkeys(("进行中", "实施中", "推进中", "整改中", "in progress", "in_progress", "ongoing", "started"),
                    "in_progress"),
    **dict.fromkeys(("未开始", "待开始", "计划中", "not started", "not_started", "planned", "to do", "todo"),
                    "not_started"),
}


def state_of(status: str | None) -> str | None:
    """"done", "in_progress", "not_started", or None for an empty or unknown status."""
    if status is None:
        return None
    return STATES.get(" ".join(status.strip().lower().split()))


def is_done(status: str | None) -> bool:
    return state_of(status) == "done"
