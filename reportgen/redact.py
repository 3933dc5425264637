"""Redaction: free text reaches public output only through `redact`.

Text is matched after NFKC normalisation, so full-width digits and letters, ＠, ．, －, the
ideographic space and the like count as their ASCII forms; each mask replaces the original span
and everything else is returned exactly as given. Masked, by the kind `find_personal` reports:

- mobile: 11 digits 1[3-9]…, optional +86 / 0086 / 86 prefix, in any grouping;
- landline: area code 010 / 02X / 0XXX (in parentheses, or without the 0 after +86), a 7–8 digit
  number starting 2–9, and an extension after 转 / 分机 / ext / x / # / - if one follows;
- id_number: 18-digit resident ID (last character a digit or X) and 15-digit old ID, whenever the
  birth date is plausible; the checksum is not checked, a mistyped ID is still personal data;
- bank_card: 16–19 digits written in groups of four;
- email: an ASCII address, also with spaces around @;
- digits: any unbroken run of 7+ digits (order, card, account numbers), including the digit part
  of ids such as TS2025070000001 or SV00010001: ids are not published, callers keep them away;
- honorific: a common surname, single or compound, + 先生 / 女士 / 小姐 / 太太 / 夫人 / 老师 /
  阿姨 / 大爷 / 大妈 / 大姐 / 大哥 (how customers are named) or 经理 / 店长 / 主管 / 主任 /
  师傅 / 老板 (how staff are named); before the first five a one- or two-character given name
  may stand (王建国先生), not before the others, which follow store and job names (徐汇店经理,
  金牌店长). A surname inside a common word (关于, 担任, 谢谢…) is none, and 先生 alone, 服务员
  or 安装师傅 name nobody;
- name: the configured names, whatever their width and spacing between characters.

Inside phone, ID and card numbers, spaces (any, in runs, invisible ones) and - . · / _ – — are
transparent; a number ends where a non-separator stands, so dates (2026-07-01 09:30, 2026/7/1),
amounts (¥1,280.00), percentages, quarters and short codes (T2026-001, A12) survive. Inside an
area code only spaces are transparent, or a date range such as 07-01 - 2026-07-31 would read as
a landline.

Deliberately not masked: 400 / 800 numbers, which only organisations can hold (the notice prints
the organisation's own hotline); a local number without area code unless it is a 7+ digit run.
Not recognised: numbers in Chinese numerals (一三八…), too close to ordinary words (零售, 一一),
and digits of other scripts. Masked though not personal, the price of transparent separators:
compact dates (20260701, a digit run) and the rare date range that reads as a mobile number
(2026-1-31 - 2026-12-28).

Each pattern can start only where a lookbehind or its first character allows, then matches a
bounded number of digits or characters with possessive separator runs: linear time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MASK = "＊＊＊"

_SPACE = r"\s\u00ad\u180e\u200b-\u200d\u2060\ufeff"  # whitespace and invisible characters
_SEP = rf"[{_SPACE}\-./·_\u2010-\u2015\u2212\u30fb]*+"  # transparent inside a number
_W = rf"[{_SPACE}]*+"  # transparent between characters of a word

_FULL_NAME_HONORIFICS = ("先生", "女士", "小姐", "太太", "夫人")
HONORIFICS = (*_FULL_NAME_HONORIFICS, "老师", "阿姨", "大爷", "大妈", "大姐", "大哥",
              "经理", "店长", "主管", "主任", "师傅", "老板")
# a given name before 先生 etc.: any Han characters but particles and the 谢 of 谢谢
_GIVEN = r"(?:(?![的了是在和与跟给向对把被让请找叫问说这那位们谢])[\u4e00-\u9fff]){1,2}"
# Common surnames, less those mostly seen as words before an honorific: 向 (向经理反映), 和, 位,
# 司 (公司经理), 卫 (门卫师傅), 包 (面包师傅), 游 (导游小姐), 储 (仓储经理), 全 (安全经理)…
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任"
    "沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎闫薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
    "莫孔汤易常乔赖庞樊兰殷施洪翟颜倪牛温季俞章鲁葛伍申尤毕聂焦柳邢岳齐梅庄辛左涂谷祁舒耿牟卜詹苗凌费"
    "纪靳盛童欧甄裴屈鲍霍翁隋甘薄柏宁柯阮桂闵饶刁瞿戚丘滕晋苑邬臧畅苟褚廉娄符奚穆郎邸冀姬屠郁邝佘宗"
    "关安管成文蓝骆岑冉蒲鞠蒙喻窦阚邰")
_COMPOUND = ("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 "
             "西门 百里 呼延 申屠 万俟 澹台 公冶 太史 闻人 濮阳 钟离 宗政 淳于 单于 拓跋 赫连").split()
# A surname character preceded by one of these is the end of a common word, not a surname.
_NOT_AFTER = {
    "于": "关对由至属在用终基位处等过鉴急善便易敢乐勇甘", "何": "任如为几", "方": "对双一各官警厂店买卖甲乙我贵院校",
    "任": "主责信担上前现新历继接兼出连就首专委放聘留调升", "史": "历", "文": "语中英", "关": "有相无机海公",
    "谢": "谢感致答鸣道多", "安": "保平治公晚早问", "管": "主宿监保代托分", "程": "工课流过进日行",
    "成": "完促达造构组形赞变", "白": "明空坦表告", "施": "措实设", "常": "非经正日异", "易": "容交贸简轻",
    "周": "每本上下一两", "金": "现资奖押租薪", "余": "其多业剩残", "许": "也或允少些准", "张": "紧开慌夸主扩",
    "高": "提最升崇", "钟": "点分秒", "傅": "师", "顾": "照光回兼", "贺": "祝庆道恭",
}


def _surname() -> str:
    plain = "".join(c for c in _SURNAMES if c not in _NOT_AFTER)
    guarded = [f"{c}(?<![{before}]{c})" for c, before in _NOT_AFTER.items()]
    return "(?:" + "|".join([*_COMPOUND, *guarded, f"[{plain}]"]) + ")"


def _number(template: str) -> str:
    """`~` stands where separators may, `;` where spaces may; a match takes the whole digit run."""
    return r"(?<![0-9])" + template.replace("~", _SEP).replace(";", _W) + r"[0-9]*+"


_AREA = r"(?:1;0|2;[0-9]|[3-9];[0-9];[0-9])"  # area code without its leading 0
_DATE = r"(?:0~[1-9]|1~[0-2])~(?:0~[1-9]|[12]~[0-9]|3~[01])"  # MMDD

PATTERNS: dict[str, re.Pattern] = {
    "email": re.compile(rf"[A-Za-z0-9._%+-]{{1,64}}+{_W}@{_W}[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)+"),
    "id_number": re.compile(_number(
        rf"[1-9](?:~[0-9]){{5}}~(?:1~9|2~0)~[0-9]~[0-9]~{_DATE}(?:~[0-9]){{3}}~[0-9Xx]"  # 18 digits
        rf"|[1-9](?:~[0-9]){{7}}~{_DATE}(?:~[0-9]){{3}}")),  # 15 digits, two-digit year
    "bank_card": re.compile(_number(r"[0-9]{4}(?:~[0-9]{4}){3}(?:~[0-9]{1,3})?")),
    "mobile": re.compile(_number(r"(?:(?:\(~)?(?:(?:\+|00)~)?86~(?:\)~)?)?1~[3-9](?:~[0-9]){9}")),
    "landline": re.compile(_number(
        rf"(?:(?:\(~)?(?:\+|00)~86~(?:\(~)?(?:0;)?|\(~0;|0;){_AREA}(?:~\))?~[2-9](?:~[0-9]){{6,7}}"
        r"(?:;(?:转|分机|(?i:ext)\.?|[xX#]);[0-9]{1,5}|;[-–—];[0-9]{1,5})?")),
    "digits": re.compile(r"(?<![0-9])(?![48]00[0-9]{7}(?![0-9]))[0-9]{7,}+"),  # 400/800: organisations
    "honorific": re.compile(_surname() + rf"(?:{_GIVEN}{_W}(?:{'|'.join(_FULL_NAME_HONORIFICS)})"
                                         rf"|{_W}(?:{'|'.join(HONORIFICS)}))"),
    # a comment signed with a full name before a colon: "陈静：说明不够清楚"; the colon stays
    "signature": re.compile(r"(?:^|(?<=[。！？!?；;\s]))" + _surname() + rf"{_GIVEN}(?={_W}[：:])"),
}
_RANK = {kind: i for i, kind in enumerate([*PATTERNS, "name"])}
_HONORIFIC = re.compile("|".join(HONORIFICS))
_CANDIDATE = re.compile("[0-9@:：]|" + _HONORIFIC.pattern)  # none of these: no pattern can match


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """NFKC text and, unless it is unchanged, the original index of every normalised character.

    Each character is normalised on its own so positions map back exactly.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None
    parts = [unicodedata.normalize("NFKC", c) for c in text]
    return "".join(parts), [i for i, part in enumerate(parts) for _ in part]


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for all names, longest first, blind to width, case and spacing."""
    alternatives = []
    for name in sorted({_normalise(n)[0] for n in names}, key=len, reverse=True):
        chars = [c for c in name if not re.match(f"[{_SPACE}]", c)]
        if not chars:
            continue
        body = _W.join(re.escape(c) for c in chars)
        # a Latin name must not match inside a longer word
        lead = r"(?<![A-Za-z0-9])" if chars[0].isascii() and chars[0].isalnum() else ""
        tail = r"(?![A-Za-z0-9])" if chars[-1].isascii() and chars[-1].isalnum() else ""
        alternatives.append(lead + body + tail)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


# What an id may be masked for: it keeps its digit runs (TS2025070000001 is looked up by auditors)
# but not a phone or ID number, an e-mail address or a name used as an id.
ID_KINDS = ("email", "id_number", "mobile", "landline", "honorific")


def _spans(text: str, names: Iterable[str], kinds: Iterable[str] | None = None) -> list[tuple[int, int, str]]:
    """Merged spans of personal data in `text`'s own positions, each with its kind."""
    norm, pos = _normalise(text)
    found = []
    names_re = _names_pattern(tuple(n for n in names if n))
    if names_re is not None:
        found += [(m.start(), m.end(), "name") for m in names_re.finditer(norm)]
    # Cheap necessary conditions first: most values (store names, statuses) need no pattern run.
    if _CANDIDATE.search(norm):
        runs = {"email": "@" in norm, "honorific": _HONORIFIC.search(norm) is not None,
                "signature": ":" in norm or "：" in norm}
        enough_digits = sum(map(norm.count, "0123456789")) >= 7  # what the shortest number needs
        for kind, pattern in PATTERNS.items():
            if runs.get(kind, enough_digits) and (kinds is None or kind in kinds):
                found += [(m.start(), m.end(), kind) for m in pattern.finditer(norm)]
    if pos is not None:
        found = [(pos[a], pos[b - 1] + 1, kind) for a, b, kind in found]
    merged: list[tuple[int, int, str]] = []
    for a, b, kind in sorted(found):
        if merged and a < merged[-1][1]:
            pa, pb, pkind = merged[-1]
            merged[-1] = (pa, max(pb, b), min(pkind, kind, key=_RANK.__getitem__))
        else:
            merged.append((a, b, kind))
    return merged


def find_personal(text: str, names: Iterable[str] = (), kinds: Iterable[str] | None = None) -> list[str]:
    """The kinds of personal data in `text`, in order, one per mask `redact` would set.

    Lets a caller count findings without keeping the data itself; `kinds` limits the patterns.
    """
    return [kind for _, _, kind in _spans(text, names, kinds)]


def redact(text: str, names: Iterable[str] = (), kinds: Iterable[str] | None = None) -> str:
    """`text` with each piece of personal data, and each of `names`, replaced by MASK.

    The mask has one length whatever it hides, so not even the length of the data is published.
    `kinds` limits the patterns (ids keep their digit runs: see ID_KINDS).
    """
    spans = _spans(text, names, kinds)
    if not spans:
        return text
    out, last = [], 0
    for a, b, _ in spans:
        out += [text[last:a], MASK]
        last = b
    out.append(text[last:])
    return "".join(out)
