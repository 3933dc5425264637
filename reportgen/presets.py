"""Survey platforms' export layouts, as defaults for a `[sources.surveys]` block.

A preset fills in what every export of its platform has (header rows, the id, time and duration
columns, the rows that are not real responses, date forms, encodings, skip codes); the keys a
user writes win over it, key by key. Some layouts differ within a platform (Qualtrics' legacy
two-row header): a preset reads the file's first rows to choose. Layouts are documented in
docs/presets.md with the exports they were checked against.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

Head = Sequence[Sequence[str]]  # the file's first records (after skip_lines), as text


def _qualtrics(head: Head) -> dict:
    names = list(head[0]) if head else []
    second = list(head[1]) if len(head) > 1 else []
    if "ResponseId" not in names and "ResponseID" in names + second:
        # Legacy layout: two header rows; its row 1 names the fixed columns V1…V10 (their names are
        # in row 2: V1 ResponseID … V7 Status, V9 EndDate, V10 Finished) and the questions Q1_1….
        tag = {label: names[i] for i, label in enumerate(second[:len(names)]) if names[i]}
        tag.update({n: n for n in names if n in ("ResponseID", "Status", "EndDate", "Finished")})
        found = {k: tag[k] for k in ("ResponseID", "EndDate", "Status", "Finished") if k in tag}
        return {"header_rows": 2,
                "columns": {c: found[k] for c, k in (("response_id", "ResponseID"), ("submitted_at", "EndDate"))
                            if k in found},
                # Status 0 is a response; 1 a preview, 8 spam (legacy exports write the code)
                "drop": {found["Status"]: ["1", "8", "Survey Preview", "Spam"]} if "Status" in found else {},
                "keep": {found["Finished"]: ["1", "True"]} if "Finished" in found else {}}
    three = len(head) > 2 and any(str(c).lstrip().startswith('{"ImportId"') for c in head[2])
    zone = None
    for cell in head[2] if three else ():
        try:
            zone = json.loads(cell).get("timeZone") or zone
        except (ValueError, AttributeError):
            continue
    defaults = {"header_rows": 3 if three else 2,
                "columns": {"response_id": "ResponseId", "submitted_at": "RecordedDate",
                            # the SPSS export names it Duration__in_seconds_
                            "duration_seconds": ["Duration (in seconds)", "Duration__in_seconds_"]},
                # Previews, tests and spam are not responses; numeric exports write Status as a code
                # (0 IP address, 1 preview, 2 test, 4 imported, 8 spam, 16 offline, 17 offline preview).
                "drop": {"Status": ["Survey Preview", "Survey Test", "Spam", "Offline Survey Preview", "1", "2", "8", "17"],
                         "DistributionChannel": ["preview", "test"]},
                "keep": {"Finished": ["True", "1"]}}
    if zone:
        defaults["timezone"] = zone
    return _present(defaults, names)


def _surveymonkey(head: Head) -> dict:
    names = list(head[0]) if head else []
    return _present({"header_rows": 2, "encoding_fallback": "cp1252",
                     "columns": {"response_id": "Respondent ID", "submitted_at": "End Date", "started_at": "Start Date"},
                     "dates": {"submitted_at": "month-first", "started_at": "month-first"}}, names)


def _wjx(head: Head) -> dict:
    names = list(head[0]) if head else []
    # 提交答卷时间 `2024/1/8 09:15:32`, 所用时间 `96秒` (text cells in XLSX too); skipped answers are
    # (跳过) in the text download and −3 in the number download, −2 a question the logic hid.
    # The SPSS download names 序号 `index` and 所用时间 `totalseconds`, and has no submission time.
    return _present({"columns": {"response_id": ["序号", "index"], "submitted_at": "提交答卷时间",
                                 "duration_seconds": ["所用时间", "totalseconds"]},
                     "na": ["-2", "-3", "(跳过)", "(空)"]}, names)


def _tencent(head: Head) -> dict:
    names = list(head[0]) if head else []
    # Times as `29-Mar-2024 22:16:03` (or ISO), answers as "A.电话热线", durations in seconds.
    return _present({"columns": {"response_id": "编号", "submitted_at": "结束答题时间", "duration_seconds": "答题时长",
                                 "started_at": "开始答题时间"},
                     "dates": {"submitted_at": "day-first", "started_at": "day-first"},
                     "option_letters": True, "na": ["(跳过)", "(空)"]}, names)


def _google_forms(head: Head) -> dict:
    names = list(head[0]) if head else []
    return _present({"columns": {"response_id": "@row", "submitted_at": "Timestamp"},
                     "dates": {"submitted_at": "month-first"}}, names)


def _present(defaults: dict, names: list[str]) -> dict:
    """Defaults without the columns and filters on columns this file does not have (a preset
    names what the platform may export; a missing optional column is not an error)."""
    out = dict(defaults)
    columns = {}
    for k, v in defaults.get("columns", {}).items():  # a list: the names the column goes by, first found
        found = next((n for n in ([v] if isinstance(v, str) else v) if n == "@row" or n in names), None)
        if found is not None:
            columns[k] = found
    out["columns"] = columns
    for key in ("drop", "keep"):
        out[key] = {k: v for k, v in defaults.get(key, {}).items() if k in names}
    return out


PRESETS = {"qualtrics": _qualtrics, "surveymonkey": _surveymonkey, "wjx": _wjx, "tencent": _tencent,
           "google_forms": _google_forms}


def defaults(name: str, head: Head) -> dict:
    """The preset's keys for this file (FileSource keys, plus `encoding_fallback`)."""
    return PRESETS[name](head)


# What marks each platform's export, for `reportgen inspect`: columns that only it writes.
SIGNS: dict[str, tuple[str, ...]] = {
    "qualtrics": ("ResponseId", "ResponseID", "Duration (in seconds)", "DistributionChannel", "ResponseSet"),
    "surveymonkey": ("Respondent ID", "Collector ID"),
    "wjx": ("提交答卷时间", "所用时间", "来自IP"),
    "tencent": ("开始答题时间", "结束答题时间", "答题时长"),
    "google_forms": ("Timestamp",),
}


def guess(names: Sequence[str]) -> str | None:
    """The platform whose marks the header rows have most of (at least one), or None."""
    score = {p: sum(n in names for n in signs) for p, signs in SIGNS.items()}
    best = max(score, key=score.get)
    return best if score[best] else None


