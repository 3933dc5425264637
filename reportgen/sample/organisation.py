"""The imagined organisation the sample describes: its stores, channels and complaint categories,
how often each occurs and how it behaves, and how messy each quarter's exports are. Changing a
number here changes the sample's story, so `sample_data/` must be regenerated with it."""

from __future__ import annotations

import numpy as np

ORG_NAME = "华联优选零售集团"
ORG_NAME_EN = "Hualian Youxuan Retail Group"
HOTLINE = "400-820-5678"
TZ = "Asia/Shanghai"  # the wall-clock time of every timestamp in the data
UTC_OFFSET_S = 8 * 3600  # Asia/Shanghai has had no daylight saving since 1991
LOCALE = "zh-CN"  # the language its reports are written in
COMPLAINT_URL = "https://service.example.com/complaints"  # a reserved example domain, printed as a QR code
COMPLAINT_CHANNELS = (f"客服热线 {HOTLINE}", "微信公众号“华联优选服务”", "官网及App在线客服", "各门店服务台")

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
DELIVERY, ATTITUDE = CATEGORIES.index("delivery_installation"), CATEGORIES.index("service_attitude")
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
    DELIVERY: (1.34, 1.15, 1.00, 0.98, 1.00),  # rising in each of the last two quarters
    ATTITUDE: (0.76, 0.88, 1.00, 1.08, 1.14),  # falling
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

REPEAT_SHARE = 0.078  # tickets that follow up an earlier ticket of the same customer within the repeat window
RETURNING_SHARE = 0.03  # tickets of a customer who complained a day past the window, up to 180 days before
PII_SHARE = 0.15  # descriptions that carry personal data

# survey
SURVEY_CHANNELS = ("online", "phone", "store")
SURVEY_CHANNEL_P = np.array([0.55, 0.25, 0.20])
SURVEY_CHANNEL_SAT = np.array([0.0, 0.08, 0.04])
SURVEY_CHANNEL_DURATION = np.array([150.0, 205.0, 170.0])
SEGMENTS = ("high", "mid", "low")
SEGMENT_P = np.array([0.20, 0.50, 0.30])
# the population shares the written config states (the responses are drawn with SEGMENT_P)
POPULATION_SEGMENT = {"high": 0.20, "mid": 0.45, "low": 0.35}
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
