"""The sample's `reportgen.toml`: a commented example of the config keys. The organisation, its
zone and language, the names to redact and the population shares are the sample's own; every
other value is the default of `reportgen.config`, read from it, so the example cannot drift."""

from __future__ import annotations

from reportgen.config import SLA_PRESETS, Config, format_duration
from reportgen.sample.organisation import (COMPLAINT_CHANNELS, COMPLAINT_URL, HOTLINE, LOCALE, ORG_NAME, ORG_NAME_EN,
                                           POPULATION_SEGMENT, TZ)
from reportgen.sample.texts import REDACT_NAMES

PRESET_NOTES = {"30m-12h-24h": 'the "30124" commitment', "30m-4h-24h-by-severity": "response by severity"}


def _line(setting: str, comment: str) -> str:
    """`setting` with its comment aligned in the column every commented line uses."""
    return f"{setting:<28} # {comment}"


def _general(x: float) -> str:
    """A count or weight as written by hand: 25, 0.5."""
    return f"{x:g}"


def _fixed(x: float) -> str:
    """A share or target with two decimals (0.10, 1.00), or every digit it needs."""
    text = f"{x:.2f}"
    return text if float(text) == x else repr(float(x))


def _quoted(values) -> str:
    return ", ".join(f'"{v}"' for v in values)


def config_text() -> str:
    """The sample's `reportgen.toml`."""
    d = Config()
    presets = ", ".join(f'"{name}"' + (" (default)" if name == d.sla.preset else
                                       f" ({PRESET_NOTES[name]})" if name in PRESET_NOTES else "")
                        for name in SLA_PRESETS)
    cleaning = d.cleaning
    lines = [
        "# reportgen 配置示例（reportgen.toml）/ example configuration.",
        "# Every key is optional; a key left out takes the documented default. Durations: 30m, 24h, 7d.",
        "",
        _line(f'timezone = "{TZ}"', "naive timestamps in the data are local time in this zone"),
        _line(f'locale = "{LOCALE}"', "report language: zh-CN or en"),
        _line(f"min_cell = {d.min_cell}", "groups with fewer observations: 样本不足, never ranked"),
        _line(f"repeat_window_days = {_general(d.repeat_window_days)}",
              "a ticket is a repeat if the customer complained in the N days before"),
        "# Person names that must never reach the public edition (besides phone numbers, IDs, e-mails).",
        f"redact_names = [{_quoted(REDACT_NAMES)}]",
        "",
        "[organisation]",
        f'name = "{ORG_NAME}"',
        f'name_en = "{ORG_NAME_EN}"',
        _line('# logo = "logo.png"', "relative to this file"),
        f'hotline = "{HOTLINE}"',
        f"complaint_channels = [{_quoted(COMPLAINT_CHANNELS)}]",
        _line(f'complaint_url = "{COMPLAINT_URL}"', "online complaints; the notice prints a QR code"),
        "",
        "[sla]",
        f"# Presets: {presets}.",
        f'preset = "{d.sla.preset}"',
        _line(f'clock = "{d.sla.clock}"', '"business": only opening hours count'),
        "# Override one target of the preset, e.g. a stricter required share for the response time:",
        f'# response = {{ limit = "{format_duration(d.sla.response.limit)}", required = 0.95 }}',
        "# Limits by severity: [sla.response.by_severity] urgent = \"30m\", important = \"4h\", routine = \"24h\"",
        "# Under clock = \"business\": [sla.business_hours] days = \"mon-fri\", hours = [\"09:00-12:00\", \"13:00-18:00\"],",
        "# calendar = \"CN\" (statutory holidays and make-up working days); a limit in days counts working days.",
        "",
        "[index]",
        _line(f"bonus_cap = {_fixed(d.index.bonus_cap)}", "bonus events add at most this share of the score"),
        "",
        _line("[index.weights]", "Service Quality Index component weights"),
        *(f"{k} = {_general(v)}" for k, v in d.index.weights.model_dump().items()),
        "",
        _line("[index.targets]", "the value at which a component scores 100"),
        *(f"{k} = {_fixed(v)}" for k, v in d.index.targets.model_dump().items()),
        "",
        _line("[cleaning]", "survey exclusion thresholds"),
        _line(f"min_duration_s = {_general(cleaning.min_duration_s)}", "faster than this: too_fast"),
        _line(f"straight_line_max_s = {_general(cleaning.straight_line_max_s)}",
              "all items the same and faster than this: straight_lining"),
        f"straight_line_min_items = {cleaning.straight_line_min_items}",
        "",
        _line("[severity_weights]", "impact axis of the priority matrix"),
        *(f"{k} = {_general(v)}" for k, v in d.severity_weights.items()),
        "",
        _line("[sampling]", "the sampling appendix compares valid responses with these shares"),
        _line(f"review_share = {_fixed(d.sampling.review_share)}",
              "share of valid responses drawn for manual re-checking (review_sample.csv)"),
        f"review_seed = {d.sampling.review_seed}",
        "",
        "[sampling.population.segment]",
        *(f"{k} = {_fixed(v)}" for k, v in POPULATION_SEGMENT.items()),
    ]
    return "\n".join(lines) + "\n"
