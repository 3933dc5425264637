"""Synthetic sample data: a realistic, deterministic data directory (`reportgen sample`).

The data imitate a Chinese department-store / appliance-chain after-sales operation: complaint
tickets with realistic handling times, repeat customers and personal data in the free text, and
satisfaction-survey responses driven by a latent satisfaction factor, with the messiness of real
exports (duplicates, speeders, contradictions, straight-liners, incomplete and out-of-range answers)
so that every cleaning and data-quality rule fires in every quarter.

Everything is drawn from `numpy.random.default_rng` streams derived from the seed, with no
dependence on the current date, dict/set order or the output format: the same arguments give
byte-identical files, and csv, parquet and xlsx hold the same rows. The generator is vectorised
(numpy arrays, index look-ups into pre-expanded text pools); only the few rows that carry personal
data are formatted one by one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from reportgen.periods import Quarter
from reportgen.xlsx import reproducible_xlsx
from reportgen.questionnaire import default_questionnaire_text, parse_questionnaire

__all__ = ["SampleData", "generate", "write_sample", "FORMATS", "COMPLAINT_COLUMNS", "survey_column_names"]

TZ = "Asia/Shanghai"
UTC_OFFSET_S = 8 * 3600  # Asia/Shanghai has had no daylight saving since 1991
FORMATS = ("csv", "parquet", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # one sheet, under the header row
BY_QUARTER = 2_000_000  # tickets a quarter above which the tables are generated one quarter at a time
MAX_COMPLAINTS = 20_000_000  # a month then holds under 9,999,999 ticket numbers (the busiest has < 40 %)

COMPLAINT_COLUMNS = (
    "ticket_id", "received_at", "channel", "category", "severity", "store", "region", "department",
    "first_response_at", "solution_at", "closed_at", "resolved", "first_contact_resolution",
    "handling_satisfaction", "customer_id", "compensation_amount", "description",
)


def survey_column_names(item_ids: list[str]) -> tuple[str, ...]:
    return ("response_id", "submitted_at", "duration_seconds", "channel", "segment", "product_line",
            "store", *item_ids, "overall", "nps", "comment")


# --------------------------------------------------------------------------------------------
# The organisation
# --------------------------------------------------------------------------------------------

ORG_NAME = "华联优选零售集团"
ORG_NAME_EN = "Hualian Youxuan Retail Group"
HOTLINE = "400-820-5678"

# name, region, share of tickets and responses, handling-time factor (> 1 slower),
# satisfaction offset (latent units), city area code
STORES = (
    ("上海徐汇店", "华东", 0.14, 0.90, 0.10, "021"),
    ("上海浦东八佰伴店", "华东", 0.12, 1.00, 0.04, "021"),
    ("杭州湖滨银泰店", "华东", 0.09, 0.95, 0.08, "0571"),
    ("南京新街口店", "华东", 0.08, 1.05, 0.00, "025"),
    ("北京朝阳大悦城店", "华北", 0.13, 1.22, -0.14, "010"),
    ("天津滨江道店", "华北", 0.05, 1.10, -0.05, "022"),
    ("广州天河店", "华南", 0.12, 0.95, 0.03, "020"),
    ("深圳福田店", "华南", 0.10, 1.00, 0.02, "0755"),
    ("成都春熙路店", "西南", 0.09, 0.88, 0.14, "028"),
    ("武汉江汉路店", "华中", 0.06, 1.15, -0.10, "027"),
    ("长沙五一广场店", "华中", 0.02, 1.05, -0.02, "0731"),  # small: < 30 responses a quarter
)
STORE_NAMES = np.array([s[0] for s in STORES], dtype=object)
STORE_REGIONS = np.array([s[1] for s in STORES], dtype=object)
STORE_P = np.array([s[2] for s in STORES])
STORE_SPEED = np.array([s[3] for s in STORES])
STORE_SAT = np.array([s[4] for s in STORES])

DEPTS = ("家电部", "家居部", "食品部", "服装部", "客服中心")

CHANNELS = ("hotline", "wechat", "online", "store", "merchant", "weibo")
CHANNEL_P = np.array([0.31, 0.26, 0.22, 0.11, 0.06, 0.04])
CHANNEL_RESPONSE = np.array([0.55, 1.00, 1.25, 0.70, 1.80, 1.60])  # response-time factor
CHANNEL_FCR = np.array([0.80, 0.76, 0.73, 0.86, 0.60, 0.55])
CHANNEL_NIGHT_QUEUE = np.array([False, True, True, False, True, True])  # answered next morning

CATEGORIES = ("product_quality", "delivery_installation", "repair", "return_exchange",
              "service_attitude", "price", "other")
CATEGORY_P = np.array([0.23, 0.19, 0.15, 0.17, 0.11, 0.08, 0.07])
_DELIVERY, _ATTITUDE = CATEGORIES.index("delivery_installation"), CATEGORIES.index("service_attitude")
# share of each category's tickets per department (rows follow CATEGORIES, columns DEPTS)
CATEGORY_DEPT = np.array([
    [0.45, 0.15, 0.22, 0.18, 0.00],
    [0.62, 0.28, 0.07, 0.03, 0.00],
    [0.78, 0.22, 0.00, 0.00, 0.00],
    [0.35, 0.15, 0.18, 0.32, 0.00],
    [0.22, 0.10, 0.10, 0.10, 0.48],
    [0.40, 0.15, 0.25, 0.20, 0.00],
    [0.10, 0.05, 0.10, 0.05, 0.70],
])
SEVERITIES = ("urgent", "important", "routine")
CATEGORY_SEVERITY = np.array([
    [0.16, 0.34, 0.50],
    [0.10, 0.33, 0.57],
    [0.12, 0.34, 0.54],
    [0.06, 0.28, 0.66],
    [0.11, 0.30, 0.59],
    [0.04, 0.22, 0.74],
    [0.05, 0.20, 0.75],
])
SEVERITY_RESPONSE = np.array([0.45, 0.80, 1.10])
SEVERITY_SOLUTION = np.array([0.45, 0.85, 1.10])
CATEGORY_SOLUTION = np.array([1.10, 1.45, 1.60, 1.00, 0.50, 0.60, 0.70])
CATEGORY_CLOSURE = np.array([1.05, 1.30, 1.35, 1.00, 0.60, 0.70, 0.75])
CATEGORY_FCR = np.array([-0.04, -0.10, -0.14, 0.00, 0.08, 0.08, 0.06])
CATEGORY_UNRESOLVED = np.array([1.30, 1.00, 1.10, 0.90, 0.70, 1.50, 1.20])
CATEGORY_COMPENSATION = np.array([0.12, 0.10, 0.08, 0.06, 0.02, 0.08, 0.02])

# Quarter drifts, by position from the last quarter (0 = last, 4 = same quarter a year earlier);
# quarters further back use the last entry.
CATEGORY_TREND = {  # multiplier on the category's share
    _DELIVERY: (1.34, 1.15, 1.00, 0.98, 1.00),  # rising in each of the last two quarters
    _ATTITUDE: (0.76, 0.88, 1.00, 1.08, 1.14),  # falling
}
RESPONSE_DRIFT = (0.90, 1.03, 0.97, 1.06, 1.00)
SOLUTION_DRIFT = (1.04, 0.98, 1.00, 1.05, 1.00)
CLOSURE_DRIFT = (1.15, 1.05, 0.96, 1.00, 1.02)
DELIVERY_CLOSURE_DRIFT = (1.25, 1.10, 1.00, 1.00, 1.00)
UNRESOLVED_DRIFT = (0.90, 1.12, 1.00, 1.05, 1.00)
HANDLING_SHIFT = (-0.06, 0.04, 0.00, -0.03, 0.00)
SATISFACTION_SHIFT = (0.06, -0.03, 0.01, -0.04, 0.00)  # survey latent factor

# complaints and responses by hour of day (local time)
COMPLAINT_HOURS = np.array([0.4, 0.25, 0.15, 0.1, 0.1, 0.15, 0.4, 1.0, 2.5, 4.5, 6.0, 6.0, 5.0, 4.8,
                            5.0, 5.2, 5.0, 4.8, 4.6, 5.2, 5.5, 4.6, 2.8, 1.2])
SURVEY_HOURS = np.array([0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.5, 2.5, 3.0, 3.0, 2.8, 2.8, 3.0,
                         3.0, 3.0, 3.0, 3.2, 4.0, 4.5, 4.0, 2.5, 1.0])

REPEAT_SHARE = 0.078  # tickets that follow up an earlier ticket of the same customer within 30 days
RETURNING_SHARE = 0.03  # tickets of a customer who complained 31–180 days before
PII_SHARE = 0.15  # descriptions that carry personal data

# survey
SURVEY_CHANNELS = ("online", "phone", "store")
SURVEY_CHANNEL_P = np.array([0.55, 0.25, 0.20])
SURVEY_CHANNEL_SAT = np.array([0.0, 0.08, 0.04])
SURVEY_CHANNEL_DURATION = np.array([150.0, 205.0, 170.0])
SEGMENTS = ("high", "mid", "low")
SEGMENT_P = np.array([0.20, 0.50, 0.30])
SEGMENT_SAT = np.array([-0.10, 0.02, 0.04])
PRODUCT_LINES = ("appliances", "furniture", "daily_goods", "fresh", "apparel")
PRODUCT_LINE_P = np.array([0.32, 0.14, 0.24, 0.15, 0.15])
# dimension means on the 1–5 scale, and their weight in `overall` (key-driver importance)
DIMENSION_MEAN = {"responsiveness": 4.00, "resolution": 3.95, "attitude": 4.32, "knowledge": 4.15,
                  "communication": 4.05, "follow_up": 3.62}
DIMENSION_WEIGHT = {"responsiveness": 0.25, "resolution": 0.35, "attitude": 0.10, "knowledge": 0.05,
                    "communication": 0.15, "follow_up": 0.20}
LIKERT_SCALE, LIKERT_G, LIKERT_D, LIKERT_E = 0.85, 0.70, 0.45, 0.55
ITEM_MISSING = 0.035
NPS_CENTRE, NPS_UP, NPS_DOWN = 8.3, 1.9, 1.85

# messiness: share per quarter (at least one each when the quarter has >= 20 rows)
SURVEY_MESS = {"duplicate": 0.015, "too_fast": 0.02, "contradiction": 0.01, "straight_lining": 0.015,
               "incomplete": 0.01, "out_of_range": 0.008}
COMPLAINT_MESS = {"response_missing": 0.008, "solution_missing": 0.005, "response_before": 0.004,
                  "closed_before": 0.003, "handling_out_of_range": 0.003}

# --------------------------------------------------------------------------------------------
# Text pools
# --------------------------------------------------------------------------------------------

PRODUCTS = {
    "家电部": ("冰箱", "洗衣机", "空调", "电视机", "热水器", "油烟机", "燃气灶", "扫地机器人", "微波炉", "洗碗机"),
    "家居部": ("沙发", "床垫", "衣柜", "餐桌", "实木床", "书柜", "窗帘", "床上四件套"),
    "食品部": ("牛奶", "进口车厘子", "大米", "食用油", "月饼礼盒", "速冻水饺", "土鸡蛋", "冰鲜三文鱼"),
    "服装部": ("羽绒服", "运动鞋", "衬衫", "羊毛衫", "牛仔裤", "连衣裙", "皮鞋"),
    "客服中心": ("",),
}
DEPT_GROUP = {"家电部": "durable", "家居部": "durable", "食品部": "food", "服装部": "apparel", "客服中心": "service"}
# {p} product, {n} a small number written in Chinese; "any" templates name no product
TEMPLATES = {
    "product_quality": {
        "durable": ("新买的{p}使用不到{n}周就出现故障，要求退换", "{p}开箱发现外观有明显划痕和磕碰",
                    "{p}运行噪音异常大，怀疑是翻新机", "{p}实际参数与宣传不符", "{p}使用时有焦糊味，担心安全隐患",
                    "{p}到货后无法开机，门店让找厂家"),
        "food": ("购买的{p}已过保质期仍在销售", "{p}开封后发现有异物", "{p}包装胀袋，疑似变质",
                 "家人食用{p}后出现肠胃不适，要求赔偿", "{p}实际重量与标签不符"),
        "apparel": ("{p}只洗了一次就严重缩水变形", "{p}开线掉色，质量太差", "{p}吊牌成分与实际不符",
                    "{p}穿了不到{n}周就破损"),
    },
    "delivery_installation": {
        "durable": ("{p}送货延误{n}天，安装师傅未按约定时间上门", "预约了{p}上门安装，师傅迟到又临时改约",
                    "{p}送货时外包装破损，配送员不让当面验货", "安装师傅额外收取{p}安装辅材费，价格不透明",
                    "{p}安装后没几天就出现问题，怀疑安装不规范", "{p}送错型号，要求重新配送",
                    "{p}承诺次日达，实际等了{n}天"),
        "food": ("线上订购的{p}配送超时，送到时已经不新鲜", "{p}冷链配送温度不达标，到货已化冻",
                 "到家订单{p}少送了一件"),
        "apparel": ("网购的{p}物流显示已签收但本人未收到", "{p}快递延误{n}天，错过了使用时间"),
    },
    "repair": {
        "durable": ("{p}报修后{n}天无人联系", "{p}维修后同样故障再次出现", "维修师傅上门检测收费不合理，{p}仍未修好",
                    "{p}在保修期内却被要求自费更换配件", "{p}维修等配件等了{n}天还没有消息",
                    "{p}维修时师傅弄坏了家里的地板"),
    },
    "return_exchange": {
        "durable": ("{p}符合七天无理由退货条件，门店拒绝办理", "{p}换货流程繁琐，来回跑了{n}趟",
                    "{p}退货后{n}天退款仍未到账"),
        "food": ("{p}质量问题申请退款，{n}天了还没处理", "{p}退货要求提供原包装，已经丢弃无法办理"),
        "apparel": ("{p}尺码不合适要求换货被拒", "退回的{p}已签收，退款迟迟未到账", "{p}打折商品不予退换，购买时未告知"),
    },
    "service_attitude": {
        "any": ("客服人员态度冷淡，多次打断我说话", "热线等待很久才接通，转接多次无人负责",
                "投诉后承诺回电，结果{n}天没有任何答复", "工作人员说话很冲，还让我自己去找厂家",
                "服务台员工当众嘲讽顾客，要求道歉"),
        "goods": ("门店销售人员对{p}的问题推诿扯皮", "咨询{p}售后政策时导购不耐烦"),
    },
    "price": {
        "any": ("促销满减规则不清楚，结账时没有享受优惠", "会员积分抵扣没有生效", "同一商品线上线下价格不一致"),
        "goods": ("购买{p}后{n}天就降价，申请价保被拒", "{p}结账价格与货架标价不一致", "{p}赠品承诺未兑现"),
    },
    "other": {
        "any": ("停车场收费标准与店内告示不一致", "会员卡积分莫名清零", "发票开具延误{n}天",
                "店内地面湿滑没有警示标志，险些摔倒", "外卖平台商家冒用本店名义销售", "电子发票抬头开错，要求重开"),
    },
}
NUMBERS_ZH = ("两", "三", "四", "五", "七")
DESCRIPTION_ENDINGS = ("", "", "", "", "，要求尽快处理", "，要求给个说法", "，希望给予补偿", "，已多次反映未果")

COMMENTS_POSITIVE = (
    "服务很好，师傅很专业", "客服态度热情，处理及时，点赞", "问题当天就解决了，非常满意", "售后响应很快，下次还会来买",
    "安装师傅准时上门，还帮忙清理了现场", "整体不错，希望继续保持", "退换货流程很顺畅", "工作人员很耐心，解释得很清楚",
    "比预期快，满意", "门店服务台的工作人员服务很周到", "电话一打就通，很快有人跟进", "很满意")
COMMENTS_SUGGESTION = (
    "处理完就没人回访了，希望能主动跟进", "希望能缩短热线等待时间", "希望送货时间能更准确一些",
    "整体还行，就是答应回电的事情拖了两天", "配送员态度好，但是安装要另外约太麻烦", "希望进度能及时短信通知")
COMMENTS_NEUTRAL = (
    "一般吧，解决了但是过程有点慢", "还可以，就是来回沟通了好几次", "问题基本解决，希望以后少出这种情况",
    "客服态度还行，但是专业度一般", "等了比较久才有人处理", "说明不够清楚，需要自己反复打电话问", "一般")
COMMENTS_NEGATIVE = (
    "打了好几次电话都说在处理，到现在也没有结果", "答应的上门时间一拖再拖，非常失望", "客服推诿扯皮，一直让我找厂家",
    "维修了两次还是老问题，要求退货也不给办", "态度很差，感觉根本不重视消费者", "赔偿方案不合理，准备向消协投诉",
    "处理结果没有任何人通知我", "再也不会在这里买家电了", "每次都要重新说一遍问题，太累了")

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙")
SURNAMES_PY = ("wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun")
GIVEN = ("建国", "秀英", "伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "杰", "娟", "涛", "明", "超", "秀兰",
         "霞", "刚", "桂英", "丽华")
GIVEN_PY = ("jianguo", "xiuying", "wei", "fang", "min", "jing", "qiang", "lei", "yang", "yan", "jie", "juan",
            "tao", "ming", "chao", "xiulan", "xia", "gang", "guiying", "lihua")
# full names the sample's reportgen.toml lists under redact_names (they occur in descriptions)
REDACT_NAMES = ("王建国", "李秀英", "张伟", "刘芳")
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "158", "159", "186", "187", "188",
                   "177", "189", "133", "199", "131", "132")
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "outlook.com")
ID_REGIONS = (310104, 110105, 440106, 510104, 420103, 320102, 330106, 440304, 120101, 430102, 310115)
AREA_CODES = tuple(dict.fromkeys(s[5] for s in STORES))


def _check_text(texts) -> None:
    """Texts are written to CSV unquoted, so none may hold a comma, quote or line break."""
    for t in texts:
        if re.search(r'[,"\r\n]', t):
            raise AssertionError(f"sample text {t!r} would need CSV quoting")


_check_text([t for cat in TEMPLATES.values() for grp in cat.values() for t in grp])
_check_text(COMMENTS_POSITIVE + COMMENTS_SUGGESTION + COMMENTS_NEUTRAL + COMMENTS_NEGATIVE + DESCRIPTION_ENDINGS)


def _expand(templates, products) -> list[str]:
    out = []
    for t in templates:
        for p in (products if "{p}" in t else ("",)):
            for n in (NUMBERS_ZH if "{n}" in t else ("",)):
                base = t.format(p=p, n=n)
                out.extend(base + e for e in DESCRIPTION_ENDINGS)
    return out


def _description_pools() -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """All descriptions without personal data, pooled per (category, department)."""
    pool: list[str] = []
    offsets = np.zeros((len(CATEGORIES), len(DEPTS)), dtype=np.int64)
    sizes = np.zeros_like(offsets)
    for c, cat in enumerate(CATEGORIES):
        groups = TEMPLATES[cat]
        for d, dept in enumerate(DEPTS):
            group = DEPT_GROUP[dept]
            texts = _expand(groups.get(group, ()), PRODUCTS[dept])
            if group != "service":
                texts += _expand(groups.get("goods", ()), PRODUCTS[dept])
            texts += _expand(groups.get("any", ()), ("",))
            if CATEGORY_DEPT[c, d] > 0 and not texts:
                raise AssertionError(f"no description template for {cat} / {dept}")
            offsets[c, d], sizes[c, d] = len(pool), len(texts)
            pool.extend(texts)
    return pa.array(pool, pa.string()), offsets, sizes


_DESC_POOL, _DESC_OFFSET, _DESC_SIZE = _description_pools()

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

NAT = np.iinfo(np.int64).min  # int64 seconds sentinel; viewed as datetime64[s] it is NaT


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([stream, seed])


def _drift(table: tuple[float, ...], k: int) -> float:
    return table[k] if k < len(table) else table[-1]


def _local_seconds(d: date) -> int:
    return int(np.datetime64(d.isoformat(), "s").astype(np.int64))


def _quarter_bounds(q: Quarter) -> tuple[int, int]:
    """Local wall-clock seconds (as if UTC) of the quarter's start and end."""
    nxt = q.shift(1)
    return _local_seconds(date(q.year, 3 * q.q - 2, 1)), _local_seconds(date(nxt.year, 3 * nxt.q - 2, 1))


def _quarter_dates(q: Quarter) -> tuple[date, date]:
    nxt = q.shift(1)
    return date(q.year, 3 * q.q - 2, 1), date(nxt.year, 3 * nxt.q - 2, 1)


def _n_mess(rate: float, n: int) -> int:
    if n < 20:
        return 0
    return max(1, int(round(rate * n)))


def _grouped_choice(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """For each row, a choice from `probs[group]` (rows of probabilities); groups in fixed order."""
    out = np.zeros(len(group), dtype=np.int64)
    for g in range(probs.shape[0]):
        sel = np.flatnonzero(group == g)
        if len(sel):
            p = probs[g] / probs[g].sum()
            out[sel] = rng.choice(len(p), size=len(sel), p=p)
    return out


def _sample_times(rng: np.random.Generator, n: int, q: Quarter, hours: np.ndarray,
                  promotions: bool) -> np.ndarray:
    """`n` local timestamps (int seconds) in the quarter: busier at weekends, by hour of day,
    and (for complaints) in the days after the 618 and Double-11 shopping festivals."""
    start, end = _quarter_bounds(q)
    d0, d1 = _quarter_dates(q)
    days = (end - start) // 86400
    day_start = start + 86400 * np.arange(days, dtype=np.int64)
    weekday = (day_start // 86400 + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    w = np.where(weekday >= 5, 1.25, 1.0)
    if promotions:
        for month, day in ((6, 18), (11, 11)):
            peak = date(q.year, month, day)
            if d0 <= peak < d1:
                off = (peak - d0).days
                w[off + 1: off + 10] *= 1.6
    d = rng.choice(days, size=n, p=w / w.sum())
    h = rng.choice(24, size=n, p=hours / hours.sum())
    s = rng.integers(0, 3600, size=n)
    return day_start[d] + h * 3600 + s


def _apportion(n: int, p: np.ndarray) -> np.ndarray:
    """Split `n` in proportion to `p` (largest remainder), so counts follow the shares exactly."""
    share = n * p / p.sum()
    counts = np.floor(share).astype(np.int64)
    rest = n - counts.sum()
    counts[np.argsort(-(share - counts), kind="stable")[:rest]] += 1
    return counts


def _pointer_root(parent: np.ndarray) -> np.ndarray:
    """Follow parent pointers (parent[i] <= i, roots point to themselves) to the root."""
    root = parent.copy()
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt


def _digits(values, width: int) -> pa.Array:
    """Zero-padded decimal strings of non-negative ints."""
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string()), width, "0")


def _num(values) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def _concat(*parts) -> pa.Array:
    """Element-wise string concatenation of arrow arrays and str scalars."""
    return pc.binary_join_element_wise(*parts, "")


def _pick(options, idx, mask=None) -> pa.Array:
    """options[idx] as an arrow string array (null where `mask`)."""
    return pa.array(list(options), pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64), mask=mask))


def _ymd(secs: np.ndarray) -> np.ndarray:
    """yyyymmdd as an int for local int seconds."""
    d = (np.asarray(secs, dtype=np.int64) // 86400).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    return y * 10000 + (month.astype(np.int64) % 12 + 1) * 100 + (d - month).astype(np.int64) + 1


def _str_series(values) -> pd.Series:
    return pd.Series(values, dtype="str")


# --------------------------------------------------------------------------------------------
# Personal data (only for the rows that carry it)
# --------------------------------------------------------------------------------------------

def _pii(rng: np.random.Generator, m: int, when: np.ndarray) -> dict[str, pa.Array]:
    """Personal-data fragments for `m` rows; `when` is the local time (int seconds) of each row."""
    sur = rng.integers(0, len(SURNAMES), m)
    giv = rng.integers(0, len(GIVEN), m)
    surname = _pick(SURNAMES, sur)
    full = _concat(surname, _pick(GIVEN, giv))
    hon = _concat(surname, pc.if_else(pa.array(rng.random(m) < 0.55), "先生", "女士"))
    prefix = _pick(MOBILE_PREFIXES, rng.integers(0, len(MOBILE_PREFIXES), m))
    mid, tail = _digits(rng.integers(0, 10_000, m), 4), _digits(rng.integers(0, 10_000, m), 4)
    style = rng.random(m)
    mobile = pc.if_else(pa.array(style < 0.7), _concat(prefix, mid, tail),
                        pc.if_else(pa.array(style < 0.9), _concat(prefix, "-", mid, "-", tail),
                                   _concat(prefix, " ", mid, " ", tail)))
    area = _pick(AREA_CODES, rng.integers(0, len(AREA_CODES), m))
    local = _num(rng.integers(2000_0000, 9000_0000, m))
    landline = pc.if_else(pa.array(rng.random(m) < 0.5),
                          _concat(area, "-", pc.utf8_slice_codeunits(local, 0, 4), " ",
                                  pc.utf8_slice_codeunits(local, 4, 8)),
                          _concat(area, "-", local))
    # 18-digit resident identity numbers with a valid check digit
    birth = _ymd((_local_seconds(date(1955, 1, 1)) // 86400 + rng.integers(0, 17_500, m)) * 86400)
    body = np.array(ID_REGIONS)[rng.integers(0, len(ID_REGIONS), m)] * 10 ** 11 + birth * 1000 \
        + rng.integers(1, 1000, m)
    weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    idno = _concat(_num(body), _pick("10X98765432", (digits * weights).sum(axis=1) % 11))
    qq = rng.random(m) < 0.4
    suffix = pc.if_else(pa.array(rng.random(m) < 0.6), _num(rng.integers(1, 100, m)), "")
    user = pc.if_else(pa.array(qq), _num(rng.integers(10_000_000, 3_000_000_000, m)),
                      _concat(_pick(SURNAMES_PY, sur), _pick(GIVEN_PY, giv), suffix))
    domain = pc.if_else(pa.array(qq), "qq.com", _pick(MAIL_DOMAINS, rng.integers(0, len(MAIL_DOMAINS), m)))
    email = _concat(user, "@", domain)
    order = _concat("DD", _num(_ymd(when - rng.integers(0, 30, m) * 86400)),
                    _digits(rng.integers(0, 100_000, m), 5))
    return {"surname": surname, "full": full, "hon": hon, "mobile": mobile, "landline": landline,
            "idno": idno, "email": email, "order": order}


_COMPLAINT_PII = (
    lambda b, p: _concat(p["hon"], "来电反映：", b, "，联系电话", p["mobile"]),
    lambda b, p: _concat(b, "。客户要求尽快回电：", p["mobile"]),
    lambda b, p: _concat(b, "。订单号", p["order"]),
    lambda b, p: _concat(b, "，联系人", p["full"], "，座机", p["landline"]),
    lambda b, p: _concat(p["full"], "（身份证号", p["idno"], "）反映", b),
    lambda b, p: _concat(b, "，处理结果请发至邮箱", p["email"]),
    lambda b, p: _concat(b, "，订单号", p["order"], "，联系人", p["hon"], "，手机", p["mobile"]),
)
_COMMENT_PII = (
    lambda b, p: _concat(b, "。我姓", p["surname"], "，电话", p["mobile"], "，希望有人联系我"),
    lambda b, p: _concat(b, "。订单号", p["order"]),
    lambda b, p: _concat(p["full"], "：", b),
    lambda b, p: _concat(b, "。结果可以发我邮箱", p["email"]),
    lambda b, p: _concat(b, "。如需回访请打座机", p["landline"]),
)


def _with_pii(rng: np.random.Generator, base: pa.Array, when: np.ndarray, complaint: bool) -> pa.Array:
    """Put personal data into each of the texts in `base` (one pattern per row)."""
    m = len(base)
    if m == 0:
        return pa.array([], pa.string())
    p = _pii(rng, m, when)
    patterns = _COMPLAINT_PII if complaint else _COMMENT_PII
    pick = rng.integers(0, len(patterns), m)
    parts, order = [], np.empty(m, dtype=np.int64)
    done = 0
    for i, pattern in enumerate(patterns):
        sel = np.flatnonzero(pick == i)
        take = pa.array(sel)
        parts.append(pattern(base.take(take), {k: v.take(take) for k, v in p.items()}))
        order[sel] = done + np.arange(len(sel))
        done += len(sel)
    return pa.concat_arrays(parts).take(pa.array(order))


# --------------------------------------------------------------------------------------------
# Complaints
# --------------------------------------------------------------------------------------------

def _complaints(rng: np.random.Generator, quarters: list[Quarter], n: int, part: int | None = None) -> pd.DataFrame:
    """`n` tickets a quarter; with `part`, only those of quarter `quarters[part]` (repeats and
    returning customers then stay inside that quarter)."""
    nq = len(quarters)
    made = range(nq) if part is None else [part]
    recv = np.concatenate([_sample_times(rng, n, quarters[i], COMPLAINT_HOURS, True) for i in made]) \
        if n else np.zeros(0, np.int64)
    qi = np.repeat(np.asarray(made, dtype=np.int64), n)
    order = np.argsort(recv, kind="stable")
    recv, qi = recv[order], qi[order]
    N = len(recv)
    k_of = (nq - 1 - qi)  # position from the last quarter
    idx = np.arange(N)
    end_last = _quarter_bounds(quarters[-1])[1]

    # --- customers: repeats within 30 days, some returning after a longer gap
    lo = np.searchsorted(recv, recv - (29 * 86400 + 12 * 3600), side="left")
    hi = np.searchsorted(recv, recv, side="left")  # strictly earlier tickets end here
    avail = hi - lo
    repeat = (rng.random(N) < REPEAT_SHARE) & (avail > 0)
    off = np.floor(rng.random(N) ** 2 * avail).astype(np.int64)
    parent = np.where(repeat, hi - 1 - np.minimum(off, np.maximum(avail - 1, 0)), idx)
    lo_old = np.searchsorted(recv, recv - 180 * 86400, side="left")
    hi_old = np.searchsorted(recv, recv - 31 * 86400, side="right")
    returning = ~repeat & (rng.random(N) < RETURNING_SHARE) & (hi_old > lo_old)
    old = lo_old + np.floor(rng.random(N) * np.maximum(hi_old - lo_old, 1)).astype(np.int64)
    cust_parent = np.where(returning, np.minimum(old, idx), parent)
    pool = int(min(99_999_999, max(100_000, 20 * N)))
    base_cust = rng.integers(1, pool, N)
    customer = _concat("C", _digits(base_cust[_pointer_root(cust_parent)], 8))

    # --- what the ticket is about (a follow-up often repeats its first ticket's topic and store)
    cat = np.zeros(N, dtype=np.int64)
    for i, q in enumerate(quarters):
        sel = np.flatnonzero(qi == i)
        p = CATEGORY_P.copy()
        for c, trend in CATEGORY_TREND.items():
            p[c] *= _drift(trend, nq - 1 - i)
        # exact shares (randomly placed), so the designed trends hold for any seed
        cat[sel] = rng.permutation(np.repeat(np.arange(len(p)), _apportion(len(sel), p)))
    same_topic = repeat & (rng.random(N) < 0.55)
    cat = cat[_pointer_root(np.where(same_topic, parent, idx))]
    store = rng.choice(len(STORES), size=N, p=STORE_P / STORE_P.sum())
    same_store = repeat & (rng.random(N) < 0.8)
    store = store[_pointer_root(np.where(same_store, parent, idx))]
    channel = rng.choice(len(CHANNELS), size=N, p=CHANNEL_P / CHANNEL_P.sum())
    dept = _grouped_choice(rng, cat, CATEGORY_DEPT)
    sev = _grouped_choice(rng, cat, CATEGORY_SEVERITY)

    # --- handling times
    r_drift = np.array([_drift(RESPONSE_DRIFT, k) for k in range(nq)])[k_of]
    s_drift = np.array([_drift(SOLUTION_DRIFT, k) for k in range(nq)])[k_of]
    c_drift = np.array([_drift(CLOSURE_DRIFT, k) for k in range(nq)])[k_of]
    c_drift = c_drift * np.where(cat == _DELIVERY,
                                 np.array([_drift(DELIVERY_CLOSURE_DRIFT, k) for k in range(nq)])[k_of], 1.0)
    speed = STORE_SPEED[store]
    resp_min = 7.0 * SEVERITY_RESPONSE[sev] * CHANNEL_RESPONSE[channel] * speed * r_drift \
        * np.exp(1.0 * rng.standard_normal(N))
    resp = recv + np.maximum(20, np.round(resp_min * 60)).astype(np.int64)
    hour = (recv % 86400) // 3600
    night = CHANNEL_NIGHT_QUEUE[channel] & ((hour >= 22) | (hour < 8)) & (rng.random(N) < 0.7)
    morning = (recv // 86400 + (hour >= 22)) * 86400 + 8 * 3600
    resp = np.where(night, np.maximum(resp, morning + np.round(np.exp(np.log(20) + 0.8 * rng.standard_normal(N))
                                                                * 60).astype(np.int64)), resp)
    sol_h = 4.2 * SEVERITY_SOLUTION[sev] * CATEGORY_SOLUTION[cat] * speed * s_drift \
        * np.exp(1.05 * rng.standard_normal(N))
    sol = resp + np.maximum(300, np.round(sol_h * 3600)).astype(np.int64)
    clo_d = 1.05 * CATEGORY_CLOSURE[cat] * speed * c_drift * np.exp(0.95 * rng.standard_normal(N))
    clo = sol + np.maximum(600, np.round(clo_d * 86400)).astype(np.int64)
    # some tickets stay open (ongoing disputes); the export is taken at the end of the last quarter
    stuck = rng.random(N)
    clo = np.where(stuck < 0.02, NAT, clo)
    sol = np.where(stuck < 0.011, NAT, sol)
    snapshot = end_last
    for arr in (resp, sol, clo):
        arr[(arr != NAT) & (arr >= snapshot)] = NAT
    sol[resp == NAT] = NAT
    clo[sol == NAT] = NAT
    closed = clo != NAT
    has_sol = sol != NAT
    sol_hours = np.where(has_sol, (sol - recv) / 3600, np.inf)
    clo_days = np.where(closed, (clo - recv) / 86400, np.inf)

    # --- outcomes
    p_fcr = CHANNEL_FCR[channel] + CATEGORY_FCR[cat] - 0.25 * (sol_hours > 24) + 0.05 * (sev == 2)
    fcr_v = rng.random(N) < p_fcr
    fcr = np.where(has_sol, fcr_v, False)
    fcr_na = ~has_sol
    unres_drift = np.array([_drift(UNRESOLVED_DRIFT, k) for k in range(nq)])[k_of]
    # solved at first contact means resolved; the unresolved ones are among the escalated tickets
    p_unres = 0.072 * CATEGORY_UNRESOLVED[cat] * unres_drift * np.where(fcr, 0.0, 3.6)
    resolved_v = rng.random(N) >= p_unres
    resolved_na = ~closed | (rng.random(N) < 0.02)
    h_shift = np.array([_drift(HANDLING_SHIFT, k) for k in range(nq)])[k_of]
    score = (4.35 + h_shift + 0.35 * fcr - 1.6 * (~resolved_v) - 0.35 * np.log1p(np.minimum(clo_days, 60))
             - 0.25 * (clo_days > 7) - 0.2 * ((resp - recv) > 1800) + 0.8 * rng.standard_normal(N))
    handling = np.clip(np.rint(score), 1, 5)
    handling_na = ~closed | (rng.random(N) < 0.27)
    comp_p = CATEGORY_COMPENSATION[cat] * np.where(sev == 0, 1.6, 1.0)
    comp = np.clip(np.round(np.exp(np.log(200) + 0.9 * rng.standard_normal(N)) * np.where(sev == 0, 1.8, 1.0)
                            / 10) * 10, 50, 2000)
    comp_na = ~closed | (rng.random(N) >= comp_p)

    # --- data-entry faults, a fixed small number per quarter
    for i in range(nq):
        in_q = qi == i
        nqi = int(in_q.sum())
        kinds = {k: _n_mess(r, nqi) for k, r in COMPLAINT_MESS.items()}
        eligible = np.flatnonzero(in_q & closed & ~handling_na & (resp != NAT))
        total = sum(kinds.values())
        if total == 0 or len(eligible) < total:
            continue
        chosen = rng.choice(eligible, size=total, replace=False)
        parts = np.split(chosen, np.cumsum(list(kinds.values()))[:-1])
        rows = dict(zip(kinds, parts))
        resp[rows["response_missing"]] = NAT
        sol[rows["solution_missing"]] = NAT
        r = rows["response_before"]
        resp[r] = recv[r] - rng.integers(60, 3 * 3600, len(r))
        r = rows["closed_before"]
        clo[r] = recv[r] - 86400 + rng.integers(-3600, 3600, len(r))
        r = rows["handling_out_of_range"]
        handling[r] = np.where(rng.random(len(r)) < 0.5, 0, 6)

    # --- descriptions
    d_idx = _DESC_OFFSET[cat, dept] + np.floor(rng.random(N) * _DESC_SIZE[cat, dept]).astype(np.int64)
    pii = np.flatnonzero(rng.random(N) < PII_SHARE)
    with_pii = _with_pii(rng, _DESC_POOL.take(pa.array(d_idx[pii])), recv[pii], complaint=True)
    d_idx[pii] = len(_DESC_POOL) + np.arange(len(pii))
    desc = pa.concat_arrays([_DESC_POOL, with_pii]).take(pa.array(d_idx, mask=rng.random(N) < 0.01))

    # --- ticket ids: TS + yyyymm + a 7-digit running number within the month (a few numbers skipped)
    month = recv.astype("datetime64[s]").astype("datetime64[M]")
    yyyymm = month.astype(np.int64) // 12 * 100 + month.astype(np.int64) % 12 + 1 + 197000
    step = 1 + (rng.random(N) < 0.02)
    cs = np.cumsum(step)
    first = np.r_[True, yyyymm[1:] != yyyymm[:-1]] if N else np.zeros(0, bool)
    start_cs = np.maximum.accumulate(np.where(first, cs - step, 0)) if N else cs
    seq = cs - start_cs
    ticket_id = _concat("TS", _num(yyyymm * 10 ** 7 + seq))

    df = pd.DataFrame({
        "ticket_id": _str_series(ticket_id),
        "received_at": _ts(recv),
        "channel": _str_series(_pick(CHANNELS, channel)),
        "category": _str_series(_pick(CATEGORIES, cat)),
        "severity": _str_series(_pick(SEVERITIES, sev)),
        "store": _str_series(_pick(STORE_NAMES, store)),
        "region": _str_series(_pick(STORE_REGIONS, store)),
        "department": _str_series(_pick(DEPTS, dept)),
        "first_response_at": _ts(resp),
        "solution_at": _ts(sol),
        "closed_at": _ts(clo),
        "resolved": pd.arrays.BooleanArray(resolved_v, resolved_na),
        "first_contact_resolution": pd.arrays.BooleanArray(fcr, fcr_na),
        "handling_satisfaction": pd.arrays.IntegerArray(handling.astype(np.int64), handling_na),
        "customer_id": _str_series(customer),
        "compensation_amount": pd.arrays.FloatingArray(np.where(comp_na, 0.0, comp), comp_na),
        "description": _str_series(desc),
    })
    return df


def _ts(seconds: np.ndarray) -> pd.Series:
    """Local wall-clock int seconds (NAT for missing) as tz-aware Asia/Shanghai timestamps."""
    naive = np.asarray(seconds, dtype=np.int64).view("datetime64[s]").astype("datetime64[us]")
    return pd.Series(pd.DatetimeIndex(naive).tz_localize(TZ))


# --------------------------------------------------------------------------------------------
# Surveys
# --------------------------------------------------------------------------------------------

def _survey_fresh(rng: np.random.Generator, m: int, q: Quarter, k: int, dims: list[str],
                  item_dim: np.ndarray) -> dict[str, np.ndarray]:
    """`m` fresh responses in quarter `q` (k quarters before the last)."""
    p, nd = len(item_dim), len(dims)
    t = np.sort(_sample_times(rng, m, q, SURVEY_HOURS, False))
    ch = rng.choice(3, size=m, p=SURVEY_CHANNEL_P)
    seg = rng.choice(3, size=m, p=SEGMENT_P)
    pl = rng.choice(len(PRODUCT_LINES), size=m, p=PRODUCT_LINE_P)
    store = rng.choice(len(STORES), size=m, p=STORE_P / STORE_P.sum())
    g = (rng.standard_normal(m) + _drift(SATISFACTION_SHIFT, k) + STORE_SAT[store] + SEGMENT_SAT[seg]
         + SURVEY_CHANNEL_SAT[ch])
    D = rng.standard_normal((m, nd))
    E = rng.standard_normal((m, p))
    mu = np.array([DIMENSION_MEAN.get(dims[j], 4.0) for j in item_dim])
    mu = mu + np.tile([0.04, -0.04], p // 2 + 1)[:p]  # the two items of a dimension differ a little
    cont = mu + LIKERT_SCALE * (LIKERT_G * g[:, None] + LIKERT_D * D[:, item_dim] + LIKERT_E * E)
    items = np.clip(np.rint(cont), 1, 5)
    miss = ITEM_MISSING * np.exp(0.6 * rng.standard_normal((m, 1)))  # some respondents skip more
    follow = np.array([dims[j] == "follow_up" for j in item_dim])
    miss = np.where(follow, miss * 1.6, miss)
    items[rng.random((m, p)) < miss] = np.nan
    w = np.array([DIMENSION_WEIGHT.get(d, 0.1) for d in dims])
    dw = D @ (w / np.sqrt((w ** 2).sum()))
    overall = np.clip(np.rint(4.12 + LIKERT_SCALE * (0.74 * g + 0.42 * dw + 0.42 * rng.standard_normal(m))), 1, 5)
    z = 0.80 * g + 0.30 * dw + 0.45 * rng.standard_normal(m)
    nps = np.clip(np.rint(NPS_CENTRE + np.where(z > 0, NPS_UP, NPS_DOWN) * z), 0, 10)
    dur = np.exp(np.log(SURVEY_CHANNEL_DURATION[ch]) + 0.5 * rng.standard_normal(m))
    dur = np.maximum(np.round(dur), 32.0)
    dur[rng.random(m) < 0.005] = np.nan
    # open answers: more often from unhappy customers
    has_comment = rng.random(m) < np.where(overall <= 2, 0.85, np.where(overall == 3, 0.65, 0.55))
    u = rng.random(m)
    pools = (COMMENTS_POSITIVE, COMMENTS_SUGGESTION, COMMENTS_NEUTRAL, COMMENTS_NEGATIVE)
    which = np.where(overall >= 4, np.where(u < 0.75, 0, 1), np.where(overall == 3, 2, 3))
    comment = np.full(m, None, dtype=object)
    for j, pool in enumerate(pools):
        sel = np.flatnonzero(has_comment & (which == j))
        comment[sel] = np.array(pool, dtype=object)[rng.integers(0, len(pool), len(sel))]
    pii = np.flatnonzero(has_comment & (rng.random(m) < 0.08))
    comment[pii] = _with_pii(rng, pa.array(comment[pii], pa.string()), t[pii], complaint=False) \
        .to_numpy(zero_copy_only=False)
    return {"t": t, "dur": dur, "ch": ch, "seg": seg, "pl": pl, "store": store, "items": items,
            "overall": overall, "nps": nps, "comment": comment}


def _survey_mess(rng: np.random.Generator, b: dict) -> np.ndarray:
    """Make a few responses of a fresh block messy; return the mask of rows left clean."""
    m, p = b["items"].shape
    kinds = {k: _n_mess(SURVEY_MESS[k], m) for k in
             ("too_fast", "contradiction", "straight_lining", "incomplete", "out_of_range")}
    total = sum(kinds.values())
    clean = np.ones(m, dtype=bool)
    if total == 0 or total > m // 2:
        return clean
    chosen = rng.choice(m, size=total, replace=False)
    clean[chosen] = False
    rows = dict(zip(kinds, np.split(chosen, np.cumsum(list(kinds.values()))[:-1])))
    items, overall, nps, dur = b["items"], b["overall"], b["nps"], b["dur"]
    # speeders: clicked through in seconds, often the same answer throughout
    r = rows["too_fast"]
    dur[r] = rng.integers(6, 30, len(r))
    same = r[rng.random(len(r)) < 0.5]
    items[same] = rng.choice([5, 4, 3], size=len(same), p=[0.6, 0.25, 0.15])[:, None]
    # contradictions: the scales read the wrong way round
    r = rows["contradiction"]
    hi_ = rng.random(len(r)) < 0.6
    overall[r] = np.where(hi_, 5, 1)
    nps[r] = np.where(hi_, rng.integers(0, 3, len(r)), rng.integers(9, 11, len(r)))
    dur[r] = np.maximum(np.nan_to_num(dur[r], nan=90.0), 45)
    # straight-liners: every item the same, answered quickly (but not under 30 s)
    r = rows["straight_lining"]
    v = rng.choice([5, 4, 3, 1], size=len(r), p=[0.6, 0.2, 0.15, 0.05])
    items[r] = v[:, None]
    overall[r] = v
    nps[r] = np.select([v == 5, v == 4, v == 3], [rng.integers(8, 11, len(r)), rng.integers(7, 10, len(r)),
                                                  rng.integers(5, 8, len(r))], rng.integers(0, 4, len(r)))
    dur[r] = rng.integers(30, 60, len(r))
    # incomplete: fewer than half of the items answered
    r = rows["incomplete"]
    answered = rng.integers(1, (p + 1) // 2, len(r))  # at most ceil(p/2) - 1 < p/2
    keys = rng.random((len(r), p))
    rank = keys.argsort(axis=1).argsort(axis=1)
    block = items[r]
    block[rank >= answered[:, None]] = np.nan
    items[r] = block
    dur[r] = np.maximum(np.nan_to_num(dur[r], nan=60.0), 40)
    overall[r] = np.where((overall[r] == 5) & (nps[r] <= 2), 4, overall[r])
    # out-of-range values: 6 or 0 on a Likert item, 11 for NPS
    r = rows["out_of_range"]
    kind = rng.random(len(r))
    col = rng.integers(0, p, len(r))
    likert = kind < 0.7
    items[r[likert], col[likert]] = np.where(kind[likert] < 0.45, 6, 0)
    nps[r[~likert]] = 11
    return clean


def _surveys(rng: np.random.Generator, quarters: list[Quarter], n: int, item_ids: list[str],
             dims: list[str], item_dim: np.ndarray, part: int | None = None) -> pd.DataFrame:
    """`n` responses a quarter; with `part`, only those of quarter `quarters[part]` (no copies of
    an earlier quarter's responses; response numbers start where no other quarter's can reach)."""
    nq = len(quarters)
    blocks: list[dict] = []
    fresh_blocks: dict[int, dict] = {}
    prev_clean: tuple[dict, np.ndarray] | None = None
    for i, q in enumerate(quarters):
        if part is not None and i != part:
            continue
        k = nq - 1 - i
        start, end = _quarter_bounds(q)
        n_dup = _n_mess(SURVEY_MESS["duplicate"], n)
        fresh = _survey_fresh(rng, n - n_dup, q, k, dims, item_dim)
        clean = _survey_mess(rng, fresh)
        fresh["orig"] = np.full(n - n_dup, -1, dtype=np.int64)
        fresh["block"] = np.full(n - n_dup, i, dtype=np.int64)
        fresh["row"] = np.arange(n - n_dup, dtype=np.int64)
        # duplicates: a second copy of a response, submitted again later (some of them copies of
        # a response given near the end of the previous quarter)
        n_cross = int(round(0.3 * n_dup)) if (prev_clean is not None and n_dup >= 2) else 0
        n_within = n_dup - n_cross
        src_rows: list[tuple[int, np.ndarray, np.ndarray]] = []
        cand = np.flatnonzero(clean & (fresh["t"] < end - 2 * 86400))
        if n_within and len(cand) >= n_within:
            rws = rng.choice(cand, size=n_within, replace=False)
            delay = np.clip(np.round(np.exp(np.log(7200) + 1.5 * rng.standard_normal(n_within))),
                            60, 2 * 86400 - 1)
            src_rows.append((i, rws, fresh["t"][rws] + delay.astype(np.int64)))
        else:
            n_cross = n_dup if prev_clean is not None else 0
        if n_cross:
            pb, pclean = prev_clean
            pend = _quarter_bounds(quarters[i - 1])[1]
            late = np.flatnonzero(pclean & (pb["t"] >= pend - 10 * 86400))
            if len(late) < n_cross:
                late = np.flatnonzero(pclean)
            rws = rng.choice(late, size=n_cross, replace=False)
            src_rows.append((i - 1, rws, start + rng.integers(60, 5 * 86400, n_cross)))
        blocks.append(fresh)
        fresh_blocks[i] = fresh
        for src_block, rws, t_copy in src_rows:
            src = fresh_blocks[src_block]
            copy = {key: val[rws].copy() for key, val in src.items()}
            copy["t"] = t_copy
            copy["orig"] = src["block"][rws] * (1 << 32) + src["row"][rws]
            copy["block"] = np.full(len(rws), -1, dtype=np.int64)
            blocks.append(copy)
        prev_clean = (fresh, clean)
    rows = {name: np.concatenate([b[name] for b in blocks]) for name in blocks[0]}
    is_copy = rows["block"] < 0
    key = np.where(is_copy, rows["orig"], rows["block"] * (1 << 32) + rows["row"])
    order = np.lexsort((is_copy, rows["t"]))  # by time; a copy never precedes its original
    rows = {name: v[order] for name, v in rows.items()}
    key, is_copy = key[order], is_copy[order]
    # response ids: running numbers over the fresh responses in the order they came in
    fresh_keys = key[~is_copy]
    seq0 = 10_000 if part is None else 10_000 + 2 * n * part  # a response number grows by 1 or 2
    seq = seq0 + np.cumsum(1 + (rng.random(len(fresh_keys)) < 0.05))
    ids_fresh = _concat("SV", _digits(seq, 8))
    lookup = pd.Series(np.arange(len(fresh_keys)), index=fresh_keys)
    response_id = ids_fresh.take(pa.array(lookup.reindex(key).to_numpy()))

    items = rows["items"]
    data = {
        "response_id": _str_series(response_id),
        "submitted_at": _ts(rows["t"]),
        "duration_seconds": pd.array(rows["dur"], dtype="Float64").astype("Int64"),
        "channel": _str_series(_pick(SURVEY_CHANNELS, rows["ch"])),
        "segment": _str_series(_pick(SEGMENTS, rows["seg"])),
        "product_line": _str_series(_pick(PRODUCT_LINES, rows["pl"])),
        "store": _str_series(_pick(STORE_NAMES, rows["store"])),
    }
    for j, item in enumerate(item_ids):
        data[item] = pd.array(items[:, j], dtype="Float64").astype("Int64")
    data["overall"] = pd.array(rows["overall"], dtype="Float64").astype("Int64")
    data["nps"] = pd.array(rows["nps"], dtype="Float64").astype("Int64")
    data["comment"] = _str_series(rows["comment"])
    return pd.DataFrame(data)


# --------------------------------------------------------------------------------------------
# Events, actions, config
# --------------------------------------------------------------------------------------------

def _events(quarters: list[Quarter]) -> pd.DataFrame:
    """Bonus events across the quarters; one veto in an earlier quarter (never the last)."""
    rows = []

    def at(k: int, day: int) -> date | None:
        if k >= len(quarters):
            return None
        return _quarter_dates(quarters[-1 - k])[0] + timedelta(days=day)

    veto_k = min(2, len(quarters) - 1) or len(quarters)  # no veto when there is only one quarter
    plan = (
        (3, 47, "bonus", 2, "获评区市场监管局“放心消费示范店”"),
        (veto_k, 61, "veto", 0, "客户个人信息泄露：外包回访人员违规导出客户电话"),
        (1, 25, "bonus", 2, "客服中心获评行业“优秀客户联络中心”"),
        (0, 38, "bonus", 3, "获市消费者协会表彰"),
    )
    for k, day, kind, points, text in plan:
        d = at(k, day)
        if d is not None:
            rows.append((d.isoformat(), kind, points, text))
    return pd.DataFrame(rows, columns=["date", "type", "points", "description"])


def _actions(last: Quarter) -> pd.DataFrame:
    """The improvement plan around the last quarter, aimed at the worst complaint categories."""
    q0, q1 = _quarter_dates(last)
    plan = (
        ("与第三方物流签订送装时效协议，超时按单扣罚", "物流配送部", -20, 45, "delivery_installation"),
        ("上线安装预约短信提醒与在线改约功能", "信息技术部", 10, 70, "delivery_installation"),
        ("大家电到货开箱验机流程全面推行", "家电部", 5, 120, "product_quality"),
        ("建立供应商质量黑名单与退换货成本分摊机制", "采购部", 95, 160, "product_quality"),
        ("退换货线上自助办理，退款时限压缩至3个工作日", "客服中心", -40, 30, "return_exchange"),
        ("维修工单48小时回访制度", "售后服务部", 30, 110, "repair"),
        ("一线服务人员服务礼仪与情绪管理轮训", "人力资源部", -10, 60, "service_attitude"),
    )
    end = q1
    rows = []
    for action, owner, s, d, cat in plan:
        start, due = q0 + timedelta(days=s), q0 + timedelta(days=d)
        status = "未开始" if start >= end else ("已完成" if due < end else "进行中")
        rows.append((action, owner, start.isoformat(), due.isoformat(), status, cat))
    return pd.DataFrame(rows, columns=["action", "owner", "start", "due", "status", "related_category"])


def config_text() -> str:
    """The sample's `reportgen.toml`: a commented example of the keys in `reportgen.config`."""
    names = ", ".join(f'"{n}"' for n in REDACT_NAMES)
    return f"""\
# reportgen 配置示例（reportgen.toml）/ example configuration.
# Every key is optional; a key left out takes the documented default. Durations: 30m, 24h, 7d.

timezone = "Asia/Shanghai"   # naive timestamps in the data are local time in this zone
locale = "zh-CN"             # report language: zh-CN or en
min_cell = 30                # groups with fewer observations: 样本不足, never ranked
repeat_window_days = 30      # a ticket is a repeat if the customer complained in the N days before
# Person names that must never reach the public edition (besides phone numbers, IDs, e-mails).
redact_names = [{names}]

[organisation]
name = "{ORG_NAME}"
name_en = "{ORG_NAME_EN}"
# logo = "logo.png"          # relative to this file
hotline = "{HOTLINE}"
complaint_channels = ["客服热线 {HOTLINE}", "微信公众号“华联优选服务”", "官网及App在线客服", "各门店服务台"]

[sla]
# Presets: "30m-24h-7d" (default), "30m-12h-24h" (the "30124" commitment), "1h-8h-48h".
preset = "30m-24h-7d"
clock = "calendar"
# Override one target of the preset, e.g. a stricter required share for the response time:
# response = {{ limit = "30m", required = 0.95 }}

[index]
bonus_cap = 0.15             # bonus events add at most this share of the score

[index.weights]              # Service Quality Index component weights
response = 25
resolution = 30
first_contact = 20
attitude = 15
knowledge = 10

[index.targets]              # the value at which a component scores 100
response = 1.00
resolution = 0.95
first_contact = 1.00
attitude = 1.00
knowledge = 1.00

[cleaning]                   # survey exclusion thresholds
min_duration_s = 30          # faster than this: too_fast
straight_line_max_s = 60     # all items the same and faster than this: straight_lining
straight_line_min_items = 10

[severity_weights]           # impact axis of the priority matrix
urgent = 3
important = 2
routine = 1

[sampling]                   # the sampling appendix compares valid responses with these shares
review_share = 0.10          # share of valid responses drawn for manual re-checking (review_sample.csv)
review_seed = 20260101

[sampling.population.segment]
high = 0.20
mid = 0.45
low = 0.35
"""


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SampleData:
    """The synthetic data set, typed as the contract describes (timestamps tz-aware local)."""

    quarters: tuple[Quarter, ...]
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    events: pd.DataFrame
    actions: pd.DataFrame
    questionnaire_text: str
    config_text: str


def _check_args(seed, complaints, surveys, quarters):
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    for name, v in (("complaints", complaints), ("surveys", surveys)):
        if not isinstance(v, (int, np.integer)) or v < 0:
            raise ValueError(f"{name} must be a non-negative whole number, got {v!r}")
    if complaints > MAX_COMPLAINTS:
        raise ValueError(f"complaints: at most {MAX_COMPLAINTS:,} per quarter (ticket numbers have 7 digits a month)")
    if not isinstance(quarters, (int, np.integer)) or quarters < 1:
        raise ValueError(f"quarters must be at least 1, got {quarters!r}")


@dataclass(frozen=True)
class _Plan:
    quarters: list[Quarter]
    questionnaire_text: str
    item_ids: list[str]
    dims: list[str]
    item_dim: np.ndarray


def _plan(seed, complaints, surveys, quarters, last_quarter) -> _Plan:
    _check_args(seed, complaints, surveys, quarters)
    qs = [last_quarter.shift(-k) for k in range(quarters - 1, -1, -1)]
    qtext = default_questionnaire_text()
    qn = parse_questionnaire(qtext)
    dims = list(qn.dimensions)
    item_dim = np.array([dims.index(i.dimension) for i in qn.items], dtype=np.int64)
    return _Plan(qs, qtext, qn.item_ids, dims, item_dim)


def generate(*, seed: int = 20260930, complaints: int = 1500, surveys: int = 1000, quarters: int = 5,
             last_quarter: Quarter = Quarter(2026, 3)) -> SampleData:
    """Generate the sample in memory; counts are per quarter. Deterministic for the arguments."""
    p = _plan(seed, complaints, surveys, quarters, last_quarter)
    tables = _together(seed, p, int(complaints), int(surveys))
    return SampleData(quarters=tuple(p.quarters), complaints=next(tables["complaints"]),
                      surveys=next(tables["surveys"]), events=_events(p.quarters),
                      actions=_actions(p.quarters[-1]), questionnaire_text=p.questionnaire_text,
                      config_text=config_text())


def _together(seed: int, p: _Plan, complaints: int, surveys: int) -> dict[str, Iterator[pd.DataFrame]]:
    """The two tables, all quarters at once (each an iterator of one frame, made when asked for)."""
    return {
        "complaints": (_complaints(_rng(seed, 1), p.quarters, complaints) for _ in range(1)),
        "surveys": (_surveys(_rng(seed, 2), p.quarters, surveys, p.item_ids, p.dims, p.item_dim) for _ in range(1)),
    }


def _by_quarter(seed: int, p: _Plan, complaints: int, surveys: int) -> dict[str, Iterator[pd.DataFrame]]:
    """The two tables one quarter at a time, each quarter from its own random streams, so that
    memory holds one quarter instead of all of them (10 M tickets and 2.5 M responses a quarter:
    10.4 GB peak and 5.5 minutes, measured; all five quarters at once would need about 50 GB)."""
    n = len(p.quarters)
    return {
        "complaints": (_complaints(_rng(seed, 100 + i), p.quarters, complaints, part=i) for i in range(n)),
        "surveys": (_surveys(_rng(seed, 200 + i), p.quarters, surveys, p.item_ids, p.dims, p.item_dim, part=i)
                    for i in range(n)),
    }


def write_sample(out: Path, *, seed: int = 20260930, complaints: int = 1500, surveys: int = 1000,
                 quarters: int = 5, fmt: str = "csv", last_quarter: Quarter = Quarter(2026, 3)) -> list[Path]:
    """Write a synthetic data directory; counts are per quarter; returns the files written.

    `fmt` is csv (UTF-8 with BOM, as Chinese Excel users expect), parquet (typed columns) or
    xlsx. Complaint and survey tables left in `out` in another format are removed, since a data
    directory must hold exactly one of each. Over `BY_QUARTER` tickets a quarter the tables are
    generated and written one quarter at a time (see `_by_quarter`); below it, all quarters
    together, so repeats and duplicate responses also cross quarter boundaries.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    p = _plan(seed, complaints, surveys, quarters, last_quarter)
    if fmt == "xlsx" and max(complaints, surveys) * quarters > XLSX_MAX_ROWS:
        raise ValueError(f"xlsx holds at most {XLSX_MAX_ROWS:,} rows a sheet; use csv or parquet for "
                         f"{max(complaints, surveys) * quarters:,} rows")
    tables = (_by_quarter if complaints > BY_QUARTER else _together)(seed, p, int(complaints), int(surveys))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    fixed_time = _quarter_dates(last_quarter)[1]  # stamped into xlsx metadata instead of "now"
    for stem, frames in tables.items():
        for other in FORMATS:
            stale = out / f"{stem}.{other}"
            if other != fmt and stale.is_file():
                stale.unlink()
        path = out / f"{stem}.{fmt}"
        if fmt == "csv":
            _write_csv(frames, path, _rng(seed, 10 if stem == "complaints" else 11))
        elif fmt == "parquet":
            _write_parquet(frames, path)
        else:
            _write_xlsx(next(frames), path, stem, fixed_time)
        written.append(path)
    for name, text in (("questionnaire.yaml", p.questionnaire_text), ("reportgen.toml", config_text())):
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    for name, frame in (("events.csv", _events(p.quarters)), ("actions.csv", _actions(p.quarters[-1]))):
        path = out / name
        path.write_bytes(b"\xef\xbb\xbf" + frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        written.append(path)
    return written


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

def _iso_text(secs: np.ndarray, sep: str = " ") -> pa.Array:
    """'YYYY-MM-DD hh:mm:ss' for int seconds, built byte by byte (numpy's and arrow's own
    formatting cost seconds per million values)."""
    secs = np.asarray(secs, dtype=np.int64)
    n = len(secs)
    d = (secs // 86400).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    fields = ((y, 4, 0), (month.astype(np.int64) % 12 + 1, 2, 5), ((d - month).astype(np.int64) + 1, 2, 8),
              (secs // 3600 % 24, 2, 11), (secs // 60 % 60, 2, 14), (secs % 60, 2, 17))
    out = np.empty((n, 19), dtype=np.uint8)
    out[:, [4, 7]] = ord("-")
    out[:, 10] = ord(sep)
    out[:, [13, 16]] = ord(":")
    for value, width, at in fields:
        for j in range(width):
            out[:, at + j] = 48 + (value // 10 ** (width - 1 - j)) % 10
    offsets = np.arange(0, 19 * (n + 1), 19, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out.tobytes())).cast(pa.string())


def _write_csv(frames: Iterator[pd.DataFrame], path: Path, rng: np.random.Generator) -> None:
    """UTF-8 with BOM; naive local timestamps except ~2 % of rows written with an offset (Z or
    +08:00, the same instant); booleans true/false with ~5 % written as 是/否 or 1/0."""
    with open(path, "wb") as fh:
        fh.write(b"\xef\xbb\xbf")
        for k, frame in enumerate(frames):
            pacsv.write_csv(_csv_table(frame, rng), fh, pacsv.WriteOptions(
                quoting_style="none", quoting_header="none", batch_size=65536, include_header=k == 0))


def _write_parquet(frames: Iterator[pd.DataFrame], path: Path) -> None:
    writer = None
    try:
        for frame in frames:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _csv_table(frame: pd.DataFrame, rng: np.random.Generator) -> pa.Table:
    n = len(frame)
    offset_rows = rng.random(n) < 0.02
    utc_style = rng.random(n) < 0.5
    columns = {}
    for name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            local = s.dt.tz_localize(None).to_numpy(dtype="datetime64[s]")
            nat = np.isnat(local)
            secs = np.where(nat, 0, local.view(np.int64))
            text = _iso_text(secs)
            sel = np.flatnonzero(offset_rows & ~nat)
            if len(sel):
                utc = utc_style[sel]
                shifted = _iso_text(secs[sel] - np.where(utc, UTC_OFFSET_S, 0), "T")
                marked = pc.binary_join_element_wise(shifted, pc.if_else(pa.array(utc), "Z", "+08:00"), "")
                mask = np.zeros(n, dtype=bool)
                mask[sel] = True
                text = pc.replace_with_mask(text, pa.array(mask), marked)
            columns[name] = pc.if_else(pa.array(nat), pa.scalar(None, pa.string()), text)
        elif isinstance(s.dtype, pd.BooleanDtype):
            v = s.to_numpy(dtype=bool, na_value=False)
            style = rng.random(n)
            code = v + np.where(style < 0.03, 2, np.where(style < 0.05, 4, 0))
            columns[name] = _pick(("false", "true", "否", "是", "0", "1"), code, mask=s.isna().to_numpy())
        elif isinstance(s.dtype, pd.Float64Dtype):
            vals = s.to_numpy(dtype=float, na_value=np.nan)
            whole = bool(np.all(np.isnan(vals) | (vals == np.round(vals))))
            columns[name] = pa.array(s.astype("Int64") if whole else s, from_pandas=True)
        else:
            columns[name] = pa.array(s, from_pandas=True)
    return pa.table(columns)


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str, fixed: date) -> None:
    """Naive local datetimes; the workbook's timestamps fixed so the file is reproducible."""
    out = {}
    for name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[name] = s.dt.tz_localize(None)
        elif isinstance(s.dtype, (pd.BooleanDtype, pd.Int64Dtype, pd.Float64Dtype)) \
                or pd.api.types.is_string_dtype(s.dtype):
            out[name] = s.astype(object).where(s.notna(), None)
        else:
            out[name] = s
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl", datetime_format="yyyy-mm-dd hh:mm:ss",
                        date_format="yyyy-mm-dd") as writer:
        pd.DataFrame(out).to_excel(writer, sheet_name=sheet, index=False)
    path.write_bytes(reproducible_xlsx(buf.getvalue(), fixed))


