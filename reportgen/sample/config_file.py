"""The sample's `reportgen.toml`: a commented example of the config keys, for the organisation
the sample describes."""

from __future__ import annotations

from reportgen.sample.organisation import HOTLINE, ORG_NAME, ORG_NAME_EN
from reportgen.sample.texts import REDACT_NAMES


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
