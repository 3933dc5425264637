"""The hand-computed survey fixture (tests/data/fixture) written as each platform exports it.

Every layout here follows the platform's export (see tests/fixtures/exports/PROVENANCE*.md for
the real exports they were checked against): header rows, column names, answer labels, date
forms, zones, encodings, skip codes and rows that are not responses. A build from any of them,
with its `[sources.surveys]` block, must give exactly the fixture's figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from reportgen.timestamps import parse_timestamps

FIXTURE = Path(__file__).parent / "data" / "fixture"
ITEMS = [f"q{i}" for i in range(1, 13)]
ZONE = "Asia/Shanghai"

SATISFACTION_EN = {"5": "Extremely satisfied", "4": "Somewhat satisfied", "3": "Neither satisfied nor dissatisfied",
                   "2": "Somewhat dissatisfied", "1": "Extremely dissatisfied"}
AGREEMENT_EN = {"5": "Strongly agree", "4": "Agree", "3": "Neither agree nor disagree", "2": "Disagree",
                "1": "Strongly disagree"}
SATISFACTION_ZH = {"5": "非常满意", "4": "满意", "3": "一般", "2": "不满意", "1": "非常不满意"}
ITEM_TEXT_ZH = ["响应及时", "等待时间可接受", "问题彻底解决", "方案公平合理", "态度热情", "耐心倾听", "熟悉产品政策",
                "建议专业", "说明清楚", "无需重复", "主动回访", "按时兑现"]


def responses() -> pd.DataFrame:
    """The fixture's responses, every cell as text, with the local time of each as a Timestamp."""
    s = pd.read_csv(FIXTURE / "surveys.csv", dtype=str, keep_default_na=False)
    s["local"] = parse_timestamps(s["submitted_at"].astype("string"), __import__("zoneinfo").ZoneInfo(ZONE))[0]
    return s


def _copy_rest(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("complaints.csv", "events.csv", "questionnaire.yaml"):
        (out_dir / name).write_bytes((FIXTURE / name).read_bytes())


def _labelled(values: pd.Series, labels: dict[str, str]) -> pd.Series:
    return values.map(lambda v: labels.get(v, v))


def _toml(file: str, preset: str, columns: dict[str, str], extra: str = "") -> str:
    cols = ", ".join(f'{k} = "{v}"' for k, v in columns.items())
    return f'[sources.surveys]\nfile = "{file}"\npreset = "{preset}"\ncolumns = {{ {cols} }}\n{extra}'


def qualtrics(out_dir: Path, numeric: bool = False) -> None:
    """The three-row layout, times in UTC as the ImportId row says, a preview, spam and an
    unfinished response that are not responses."""
    _copy_rest(out_dir)
    s = responses()
    utc = s["local"].dt.tz_convert("UTC").dt.strftime("%Y-%m-%d %H:%M:%S")
    lab = (lambda v: v) if numeric else (lambda v: SATISFACTION_EN.get(v, v))
    out = pd.DataFrame({"StartDate": utc, "EndDate": utc, "Status": "0" if numeric else "IP Address",
                        "IPAddress": "203.0.113.7", "Progress": "100", "Duration (in seconds)": s["duration_seconds"],
                        "Finished": "1" if numeric else "True", "RecordedDate": utc, "ResponseId": s["response_id"],
                        "DistributionChannel": "anonymous", "UserLanguage": "EN"})
    for i, q in enumerate(ITEMS, 1):
        out[f"Q1_{i}"] = s[q].map(lab)
    out["Q2"] = s["overall"].map(lab)
    nps = {"0": "0 - Not at all likely", "10": "10 - Extremely likely"}
    out["Q3"] = s["nps"] if numeric else _labelled(s["nps"], nps)
    out["Q4"], out["Q5"], out["Segment"], out["Line"], out["Store"] = (
        s["comment"], s["channel"], s["segment"], s["product_line"], s["store"])
    fake = [out.iloc[:1].assign(Status="1" if numeric else "Survey Preview", ResponseId="R_preview"),
            out.iloc[:1].assign(Status="8" if numeric else "Spam", ResponseId="R_spam"),
            out.iloc[:1].assign(DistributionChannel="preview", ResponseId="R_channel_preview"),
            out.iloc[:1].assign(Finished="0" if numeric else "False", Progress="40", ResponseId="R_unfinished")]
    out = pd.concat([fake[0], out.iloc[:5], fake[1], fake[2], out.iloc[5:], fake[3]])
    texts = {c: c for c in out.columns} | {f"Q1_{i}": f"How satisfied are you with our service? - {t}"
                                           for i, t in enumerate(ITEM_TEXT_ZH, 1)}
    ids = {c: json.dumps({"ImportId": c if c.startswith("Q") else c[0].lower() + c[1:], "timeZone": "UTC"})
           for c in out.columns}
    pd.concat([pd.DataFrame([texts, ids]), out]).to_csv(out_dir / "Customer+Survey_March+5.csv", index=False,
                                                         encoding="utf-8-sig")
    columns = {q: f"Q1_{i}" for i, q in enumerate(ITEMS, 1)} | {
        "overall": "Q2", "nps": "Q3", "comment": "Q4", "channel": "Q5", "segment": "Segment",
        "product_line": "Line", "store": "Store"}
    (out_dir / "reportgen.toml").write_text(_toml("Customer+Survey_*.csv", "qualtrics", columns), "utf-8")


def surveymonkey(out_dir: Path) -> None:
    """Two header rows, a matrix question named once over its columns, Windows-1252, month-first
    12-hour times."""
    _copy_rest(out_dir)
    s = responses()
    when = s["local"].dt.strftime("%m/%d/%Y %I:%M:%S %p")
    # no duration column: the time between Start Date and End Date (whole seconds: 29.5 s is 29 s)
    took = pd.to_timedelta(pd.to_numeric(s["duration_seconds"]).fillna(0).apply(int), unit="s")
    start = (s["local"] - took).dt.strftime("%m/%d/%Y %I:%M:%S %p").where(s["duration_seconds"] != "", "")
    head1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
             "Last Name", "Custom Data 1", "How would you rate our café’s service?"] + [""] * 11 + [
        "Overall, how satisfied are you?", "How likely are you to recommend us to a friend?",
        "Anything else?", "Segment", "Product line", "Store", "Channel"]
    head2 = [""] * 9 + [f"Item {i}" for i in range(1, 13)] + ["Response", "Response", "Open-Ended Response",
                                                              "Response", "Response", "Response", "Response"]
    rows = []
    for _, r in s.iterrows():
        rows.append([r["response_id"], "123456789", start[_], when[_], "203.0.113.8", "", "", "", "",
                     *[AGREEMENT_EN.get(r[q], r[q]) for q in ITEMS], SATISFACTION_EN.get(r["overall"], r["overall"]),
                     r["nps"], r["comment"], r["segment"], r["product_line"], r["store"], r["channel"]])
    frame = pd.DataFrame([head1, head2, *rows])
    frame.to_csv(out_dir / "Sheet_1.csv", index=False, header=False, encoding="cp1252")
    q = "How would you rate our café’s service?"
    columns = {item: f"{q} | Item {i}" for i, item in enumerate(ITEMS, 1)} | {
        "overall": "Overall, how satisfied are you?", "nps": "How likely are you to recommend us to a friend?",
        "comment": "Anything else?", "segment": "Segment", "product_line": "Product line", "store": "Store",
        "channel": "Channel"}
    (out_dir / "reportgen.toml").write_text(_toml("Sheet_1.csv", "surveymonkey", columns), "utf-8")


def wjx(out_dir: Path) -> None:
    """问卷星's 按选项文本 download as XLSX: 序号, 提交答卷时间 as `2025/7/2 10:00:00`, 所用时间 in
    seconds with 秒, a matrix question headed `1、题干—子问题` over its first column and by the
    sub-question alone over the others, an unanswered item (跳过), an empty comment (空)."""
    _copy_rest(out_dir)
    s = responses()
    out = pd.DataFrame({"序号": s["response_id"],
                        "提交答卷时间": s["local"].map(lambda t: f"{t.year}/{t.month}/{t.day} {t:%H:%M:%S}"),
                        "所用时间": s["duration_seconds"].map(lambda v: f"{v}秒" if v else ""),
                        "来源": "手机提交", "来源详情": "微信", "来自IP": "203.0.113.9(浙江-杭州)", "总分": "0"})
    heads = [f"1、请对以下方面进行评价—{ITEM_TEXT_ZH[0]}", *ITEM_TEXT_ZH[1:]]
    for q, head in zip(ITEMS, heads):
        out[head] = s[q].map(lambda v: SATISFACTION_ZH.get(v, v) or "(跳过)")
    out["2、您对本次服务的总体满意度"] = s["overall"].map(lambda v: SATISFACTION_ZH.get(v, v) or "(跳过)")
    out["3、您向亲友推荐我们的可能性有多大？(0-10分)"] = s["nps"].map(lambda v: f"{v}分")
    out["4、您的意见和建议"] = s["comment"].map(lambda v: v or "(空)")
    out["5、渠道"], out["6、客户等级"], out["7、品类"], out["8、门店"] = (
        s["channel"], s["segment"], s["product_line"], s["store"])
    out.to_excel(out_dir / "123456789_2_客户满意度调查_32_32.xlsx", index=False)
    columns = dict(zip(ITEMS, heads)) | {
        "overall": "2、您对本次服务的总体满意度", "nps": "3、您向亲友推荐我们的可能性有多大？(0-10分)",
        "comment": "4、您的意见和建议", "channel": "5、渠道", "segment": "6、客户等级", "product_line": "7、品类",
        "store": "8、门店"}
    (out_dir / "reportgen.toml").write_text(_toml("*客户满意度调查*.xlsx", "wjx", columns), "utf-8")


def tencent(out_dir: Path) -> None:
    """腾讯问卷's CSV: every field quoted, a comma ending every line, 编号, times as
    `02-Jul-2025 10:00:00`, 答题时长 in whole seconds, answers as `A.非常满意`. (Real exports list
    the newest first; the fixture's order is kept, as it decides between two copies of a response
    submitted at the same instant.)"""
    _copy_rest(out_dir)
    s = responses()
    end = s["local"].map(lambda t: f"{t.day:02d}-{t:%b}-{t.year} {t:%H:%M:%S}")
    took = pd.to_numeric(s["duration_seconds"])
    start = (s["local"] - pd.to_timedelta(took.fillna(0), unit="s")).map(
        lambda t: f"{t.day:02d}-{t:%b}-{t.year} {t:%H:%M:%S}")
    letters = {"5": "A", "4": "B", "3": "C", "2": "D", "1": "E"}  # 非常满意 listed first

    def option(v: str) -> str:
        return f"{letters[v]}.{SATISFACTION_ZH[v]}" if v in letters else v

    out = pd.DataFrame({"编号": s["response_id"], "开始答题时间": start, "结束答题时间": end,
                        "答题时长": took.map(lambda v: "" if pd.isna(v) else str(int(v))),
                        "地理位置国家和地区": "中国", "地理位置省": "浙江省", "地理位置市": "杭州市", "用户类型": "微信",
                        "用户标识": "oMASK0000000000000000000001", "昵称": "用户", "自定义字段": ""})
    for i, q in enumerate(ITEMS, 1):
        out[f"{i}.您对{ITEM_TEXT_ZH[i - 1]}的满意度"] = s[q].map(option)
    out["13.您对本次服务的总体满意度"] = s["overall"].map(option)
    out["14.您有多大可能向朋友推荐我们？"], out["15.您的意见或建议"] = s["nps"], s["comment"]
    out["16.渠道"], out["17.等级"], out["18.品类"], out["19.门店"] = (
        s["channel"], s["segment"], s["product_line"], s["store"])
    out[""] = ""  # the comma that ends every line
    out.to_csv(out_dir / "腾讯问卷导出.csv", index=False, encoding="utf-8-sig", quoting=1)
    columns = {q: f"{i}.您对{t}的满意度" for i, (q, t) in enumerate(zip(ITEMS, ITEM_TEXT_ZH), 1)} | {
        "overall": "13.您对本次服务的总体满意度", "nps": "14.您有多大可能向朋友推荐我们？", "comment": "15.您的意见或建议",
        "channel": "16.渠道", "segment": "17.等级", "product_line": "18.品类", "store": "19.门店"}
    (out_dir / "reportgen.toml").write_text(_toml("腾讯问卷导出.csv", "tencent", columns), "utf-8")


def google_forms(out_dir: Path) -> None:
    """One header row of question texts, `Timestamp` month/day/year without padding, linear
    scales as numbers; the order number asked in the form is the response id."""
    _copy_rest(out_dir)
    s = responses()
    stamp = s["local"].map(lambda t: f"{t.month}/{t.day}/{t.year} {t:%H:%M:%S}")
    out = pd.DataFrame({"Timestamp": stamp, "Order number": s["response_id"]})
    for i, q in enumerate(ITEMS, 1):
        out[f"Rate us [{ITEM_TEXT_ZH[i - 1]}]"] = s[q]
    out["Overall satisfaction"], out["How likely are you to recommend us?"] = s["overall"], s["nps"]
    out["Comments"], out["Channel"], out["Tier"], out["Line"], out["Store"] = (
        s["comment"], s["channel"], s["segment"], s["product_line"], s["store"])
    # Google Forms has no duration; the fixture's durations come from the form's add-on column
    out["Time taken (s)"] = s["duration_seconds"]
    out.to_csv(out_dir / "Customer Survey (Responses) - Form Responses 1.csv", index=False)
    columns = {q: f"Rate us [{t}]" for q, t in zip(ITEMS, ITEM_TEXT_ZH)} | {
        "response_id": "Order number", "overall": "Overall satisfaction",
        "nps": "How likely are you to recommend us?", "comment": "Comments", "channel": "Channel",
        "segment": "Tier", "product_line": "Line", "store": "Store", "duration_seconds": "Time taken (s)"}
    (out_dir / "reportgen.toml").write_text(
        _toml("Customer Survey (Responses) - Form Responses 1.csv", "google_forms", columns), "utf-8")


LAYOUTS = {"qualtrics": qualtrics, "qualtrics_numeric": lambda d: qualtrics(d, numeric=True),
           "surveymonkey": surveymonkey, "wjx": wjx, "tencent": tencent, "google_forms": google_forms}
