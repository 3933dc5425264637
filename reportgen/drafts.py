"""Drafts of a `[sources]` block and a questionnaire from what `reportgen.inspection` found.

Columns are recognised by their names in Chinese and English (受理时间 / Date received /
Created Date → `received_at`, …) and by what they hold (answer labels and 1–5 numbers are
Likert items, 0–10 numbers the recommendation question). What cannot be guessed is written
as a commented-out line to fill in; the build then names that key if it is still missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.inspection import ColumnFacts, FileFacts
from reportgen.source_plan import effective
from reportgen.sources import FileSource

# contract column -> words its source column's name contains (case folded), best first
COMPLAINT_NAMES: dict[str, tuple[str, ...]] = {
    "ticket_id": ("工单号", "工单编号", "投诉编号", "投诉单号", "complaint id", "ticket id", "unique key", "case number",
                  "case id", "单号", "编号"),
    "received_at": ("受理时间", "投诉时间", "登记时间", "创建时间", "来电时间", "date received", "created date",
                    "created at", "opened", "received"),
    "channel": ("投诉渠道", "受理渠道", "渠道", "submitted via", "channel", "来源", "source"),
    "category": ("投诉类型", "投诉类别", "问题类型", "问题分类", "类别", "分类", "complaint type", "category", "product",
                 "issue type"),
    "severity": ("紧急程度", "严重程度", "等级", "级别", "severity", "priority", "urgency"),
    "store": ("门店", "网点", "store", "branch", "shop"),
    "region": ("区域", "地区", "大区", "region", "borough", "state", "province"),
    "department": ("责任部门", "处理部门", "部门", "department", "agency", "team"),
    "first_response_at": ("首次响应时间", "响应时间", "首响时间", "first response", "responded at"),
    "solution_at": ("方案时间", "方案提供时间", "解决时间", "solution", "solved at"),
    "closed_at": ("结案时间", "关闭时间", "完结时间", "closed date", "closed at", "closed", "resolved at"),
    "resolved": ("是否解决", "解决情况", "处理结果", "resolved", "status", "company response"),
    "handling_satisfaction": ("处理满意度", "满意度", "satisfaction", "rating"),
    "customer_id": ("客户编号", "会员号", "客户id", "customer id", "member id"),
    "compensation_amount": ("赔偿金额", "补偿金额", "compensation", "refund amount"),
    "description": ("投诉内容", "问题描述", "描述", "narrative", "description"),
    "response_sla_met": ("及时响应", "timely response", "responded on time"),
}
SURVEY_NAMES: dict[str, tuple[str, ...]] = {
    "response_id": ("序号", "编号", "答卷编号", "response id", "respondent id", "responseid"),
    "submitted_at": ("提交答卷时间", "结束答题时间", "提交时间", "填写时间", "recorded date", "end date", "submitted",
                     "timestamp", "completed"),
    "duration_seconds": ("所用时间", "答题时长", "用时", "duration", "time taken"),
    "channel": ("渠道", "联系方式", "channel", "contact"),
    "segment": ("客户等级", "会员等级", "客户类型", "segment", "tier"),
    "product_line": ("品类", "产品线", "product line", "category"),
    "store": ("门店", "store", "branch"),
    "comment": ("意见", "建议", "留言", "comment", "anything else", "suggestion"),
}
_OVERALL = ("总体满意", "整体满意", "总体评价", "overall")
_NPS = ("推荐", "recommend", "nps", "likely")
# item text -> dimension, by its words (the default questionnaire's six dimensions)
DIMENSIONS = {
    "responsiveness": ("响应", "速度", "及时", "等待", "speed", "prompt", "wait", "quick", "response"),
    "resolution": ("解决", "方案", "resolution", "resolve", "fix", "solution"),
    "attitude": ("态度", "礼貌", "热情", "耐心", "courtesy", "friendly", "polite", "attitude", "respect"),
    "knowledge": ("专业", "知识", "能力", "knowledge", "expert", "skill", "competen"),
    "communication": ("沟通", "说明", "清楚", "告知", "communication", "clarity", "clear", "explain"),
    "follow_up": ("回访", "跟进", "兑现", "follow", "kept"),
}
DIMENSION_TEXT = {"responsiveness": ("响应速度", "Responsiveness"), "resolution": ("问题解决", "Problem resolution"),
                  "attitude": ("服务态度", "Service attitude"), "knowledge": ("专业水平", "Professional knowledge"),
                  "communication": ("沟通清晰", "Clear communication"), "follow_up": ("主动跟进", "Proactive follow-up"),
                  "other": ("其他", "Other")}
REQUIRED = {"complaints": ("ticket_id", "received_at", "channel", "category"), "surveys": ("response_id", "submitted_at")}


def table_of(facts: FileFacts) -> str:
    """surveys for a platform's export or a file with several answer columns, else complaints."""
    if facts.platform is not None:
        return "surveys"
    likert = sum(c.kind in ("labels", "scale") and c.high is not None and c.high <= 11 for c in facts.columns)
    return "surveys" if likert >= 3 else "complaints"


# What a source column must hold to be taken for a contract column of each kind.
_FITS = {"timestamp": ("timestamp",), "number": ("number", "scale"), "int": ("scale", "labels"),
         "bool": ("bool", "category")}
_KINDS = {name: kind for name, kind in (
    ("received_at", "timestamp"), ("first_response_at", "timestamp"), ("solution_at", "timestamp"),
    ("closed_at", "timestamp"), ("submitted_at", "timestamp"), ("duration_seconds", "number"),
    ("compensation_amount", "number"), ("handling_satisfaction", "int"), ("resolved", "bool"),
    ("response_sla_met", "bool"))}
# Words of a status that mean the ticket was resolved (a draft's guess, for the user to check).
_DONE = ("closed", "resolved", "complete", "done", "已解决", "已结", "已完成", "已关闭", "办结", "完成")


def _match(names: dict[str, tuple[str, ...]], columns: list[ColumnFacts], taken: set[str]) -> dict[str, str]:
    """Each contract column's first source column whose name (or question text) has one of its
    words, best word first, and whose values fit the column's type."""
    out = {}
    for target, words in names.items():
        fits = _FITS.get(_KINDS.get(target, ""), None)
        for word in words:
            found = next((c.name for c in columns if c.name not in taken and (fits is None or c.kind in fits)
                          and word in (c.name + " " + c.question).casefold()), None)
            if found is not None:
                out[target] = found
                taken.add(found)
                break
    return out


def _likert(c: ColumnFacts) -> bool:
    """An answer column: labels of a five-point set, or whole numbers on a scale up to 1–10."""
    if c.kind == "labels":
        return c.low is not None and c.low >= 1 and c.high <= 5
    return c.kind == "scale" and c.low in (0, 1) and c.high <= 10 and c.high - c.low >= 2


def survey_columns(facts: FileFacts, preset_keys: dict) -> tuple[dict[str, str], list[ColumnFacts]]:
    """The contract columns recognised, and the Likert items in file order (the preset's own
    columns and the platform's columns that filter rows are not questions)."""
    preset_columns = preset_keys.get("columns", {})
    taken = set(preset_columns.values()) | set(preset_keys.get("drop", {})) | set(preset_keys.get("keep", {}))
    columns = _match({k: v for k, v in SURVEY_NAMES.items() if k not in preset_columns}, facts.columns, taken)
    rest = [c for c in facts.columns if c.name not in taken]
    overall = next((c for c in rest if _likert(c) and any(w in (c.name + c.question).casefold() for w in _OVERALL)), None)
    nps = next((c for c in rest if c.kind in ("labels", "scale") and c.high is not None and 6 <= c.high <= 11
                and any(w in (c.name + c.question).casefold() for w in _NPS)), None) or next(
        (c for c in rest if c.kind in ("labels", "scale") and c.low == 0 and c.high == 10), None)
    for key, c in (("overall", overall), ("nps", nps)):
        if c is not None:
            columns[key] = c.name
            taken.add(c.name)
    items = [c for c in facts.columns if c.name not in taken and _likert(c)]
    if overall is None and items:  # the last single question on the scale is most often the overall one
        columns["overall"] = items.pop().name
    return columns, items


def _preset_keys(facts: FileFacts, file: str) -> dict:
    if facts.platform is None:
        return {}
    head = [[c.name for c in facts.columns], [c.question for c in facts.columns]]
    return effective(FileSource(file=file, preset=facts.platform), head)[0]


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draft_sources(facts: FileFacts, file: str) -> tuple[str, str, list[ColumnFacts]]:
    """The `[sources.X]` block for the file (as named from the data folder), the table it is
    for, and the survey items found."""
    table = table_of(facts)
    lines = [f"# Drafted by `reportgen inspect {facts.path.name}`: check every line, then run `reportgen build`.",
             f"[sources.{table}]", f"file = {_toml_text(file)}"]
    preset_keys = _preset_keys(facts, file)
    preset_columns = preset_keys.get("columns", {})
    if facts.platform:
        lines.append(f'preset = "{facts.platform}"  # its header rows, id, time and duration columns, test rows')
    else:
        if facts.skip_lines:
            lines.append(f"skip_lines = {facts.skip_lines}  # lines above the header")
        if facts.encoding not in (None, "utf-8-sig", "gb18030"):
            lines.append(f'encoding = "{facts.encoding}"')
    items: list[ColumnFacts] = []
    if table == "surveys":
        columns, items = survey_columns(facts, preset_keys)
        columns.update({f"q{i}": c.name for i, c in enumerate(items, 1)})
    else:
        columns = _match(COMPLAINT_NAMES, facts.columns, set())
    dates = {k: facts.column(v).date_rule for k, v in columns.items()
             if facts.column(v) is not None and facts.column(v).date_rule not in (None, "iso")
             and not (facts.platform and k in preset_columns)}
    if dates:
        lines.append("dates = { " + ", ".join(f'{k} = "{v}"' for k, v in dates.items()) + " }")
    lines.append(f"[sources.{table}.columns]  # contract column = column of the file")
    for key, source in columns.items():
        lines.append(f"{key} = {_toml_text(source)}")
    statuses = {k: facts.column(v) for k, v in columns.items() if _KINDS.get(k) == "bool"
                and facts.column(v) is not None and facts.column(v).kind == "category" and facts.column(v).values}
    for key in REQUIRED[table]:
        if key not in columns and key not in preset_columns:
            hint = ("; or, for an export without one, give period = \"2026Q3\" under [sources." + table + "]"
                    if key in ("submitted_at", "received_at") else "")
            lines.append(f'# {key} = ""  # fill in: no column looked like it (the build says so until it is given){hint}')
    if statuses:
        lines.append(f"[sources.{table}.values]  # a guess from the words of each value: check it")
        for key, c in statuses.items():
            pairs = ", ".join(f"{_toml_text(v)} = {'true' if any(w in v.casefold() for w in _DONE) else 'false'}"
                              for v in c.values)
            lines.append(f"{key} = {{ {pairs} }}")
    if table == "surveys":
        for key in ("overall", "nps"):
            if key not in columns:
                lines.append(f'# {key} = ""  # fill in: the {"overall satisfaction" if key == "overall" else "0–10 recommendation"} question')
        numeric = [c.name for c in items if c.kind == "scale" and c.name not in facts.labelled]
        if numeric:
            lines.append("# The answers are numbers: check that 5 is the most favourable answer (an export that numbers")
            lines.append("# the options in the order shown may give 1 to the best); if not, add [sources.surveys.values].")
    return "\n".join(lines) + "\n", table, items


def _dimension(text: str) -> str:
    low = text.casefold()
    return next((d for d, words in DIMENSIONS.items() if any(w in low for w in words)), "other")


def _question(c: ColumnFacts) -> str:
    text = (c.question or c.name).strip()
    text = re.sub(r"^\d+[、.．]\s*", "", text)
    return (text[:297] + "…") if len(text) > 298 else text


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draft_questionnaire(facts: FileFacts, items: list[ColumnFacts], columns: dict[str, str]) -> str:
    """A questionnaire.yaml for the items found: each question's text in both languages (the
    export's own), its dimension guessed from its words (a guess: check it)."""
    dims = {f"q{i}": _dimension(_question(c)) for i, c in enumerate(items, 1)}
    used = list(dict.fromkeys(dims.values())) or ["other"]
    numbers = [c for c in items if c.kind == "scale"]
    lo = 0 if any(c.low == 0 for c in numbers) else 1
    hi = max([5, *(int(c.high) for c in numbers)]) if numbers else 5
    scale = f"scale: {{min: {lo}, max: {hi}}}" + ("  # the answers seen: check the scale's ends" if numbers else "")
    lines = ["# Drafted by `reportgen inspect`: check each item's dimension and texts.", scale, "dimensions:"]
    lines += [f"  {d}: {{zh-CN: {DIMENSION_TEXT[d][0]}, en: {DIMENSION_TEXT[d][1]}}}" for d in used]
    lines.append("items:")
    for i, c in enumerate(items, 1):
        text = _yaml_text(_question(c))
        lines += [f"  q{i}:", f"    dimension: {dims[f'q{i}']}", f"    zh-CN: {text}", f"    en: {text}"]
    for key, default in (("overall", "总体满意度"), ("nps", "推荐意愿")):
        c = facts.column(columns.get(key, ""))
        text = _yaml_text(_question(c)) if c is not None else default
        lines.append(f"{key}: {{zh-CN: {text}, en: {text}}}")
    return "\n".join(lines) + "\n"


def write_drafts(facts: FileFacts, out_dir: Path) -> list[Path]:
    """Write `reportgen.toml` (and for surveys `questionnaire.yaml`) into `out_dir`; an existing
    file is never overwritten: the draft goes beside it as `*.draft`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        file = facts.path.resolve().relative_to(out_dir.resolve()).as_posix()
    except ValueError:
        file = facts.path.name
    block, table, items = draft_sources(facts, file)
    texts = {"reportgen.toml": block}
    if table == "surveys" and len(items) >= 2:
        columns, _ = survey_columns(facts, _preset_keys(facts, file))
        texts["questionnaire.yaml"] = draft_questionnaire(facts, items, columns)
    written = []
    for name, text in texts.items():
        target = out_dir / name
        if target.exists():
            target = out_dir / f"{name}.draft"
        target.write_text(text, "utf-8")
        written.append(target)
    return written

