"""Configuration (`reportgen.toml`): every key, its default, and validation at the edge.

Precedence, lowest first: the defaults below < the config file < command-line options.
A config file is validated once, completely; every problem is reported with its key path.
"""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError,
                      field_validator, model_validator)

from reportgen.business_hours import BusinessHours, Schedules, resolve
from reportgen.errors import Problem, InputError
from reportgen.sources import TAGS, Sources, known_encoding

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


MAX_DURATION = timedelta(days=366)


class Limit(timedelta):
    """A duration that remembers whether it was written in days: under the business clock '7d' is
    seven working days of the desk's schedule, '168h' 168 business hours."""

    in_days = False


def parse_duration(value) -> timedelta:
    """Read '30m', '24h', '7d', '90s' (or a timedelta) as a positive duration of at most a year."""
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            value = Limit(seconds=float(m.group(1)) * _UNIT_SECONDS[m.group(2)])
            value.in_days = m.group(2) == "d"
    if not isinstance(value, timedelta):
        raise ValueError("expected a duration such as '30m', '24h' or '7d'")
    if value.total_seconds() < 1 or value > MAX_DURATION:
        raise ValueError("a time limit must be at least 1s and at most 366d (a commitment of 0 minutes "
                         "cannot be met or published)")
    return value


def format_duration(td: timedelta) -> str:
    """Write a duration as commitments are published: 30m, 24h, 48h, 7d (days only past 48 h)."""
    s = int(td.total_seconds())
    if getattr(td, "in_days", False):
        return f"{td / timedelta(days=1):g}d"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if s and s % size == 0 and not (unit == "d" and s <= 2 * 86400):
            return f"{s // size}{unit}"
    return f"{s}s"


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def printable_text(value: str) -> str:
    """Refuse a text with characters no document can show (a config or questionnaire text)."""
    if _CONTROL.search(value):
        raise ValueError("contains a control character (no document can show it); remove it")
    return value


def web_address(value: str) -> str:
    """Refuse an address that is not an http or https web page (a QR code must lead to a page)."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # an impossible port raises
    except ValueError:
        parts = host = None
    # userinfo (https://trusted@elsewhere) is refused: a reader would believe the first name
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc
            or re.search(r"\s", value)):
        raise ValueError("must be a web address starting with https:// or http://, without spaces, "
                         "e.g. 'https://example.com/complaints'")
    return value


# A text that the config puts into documents: one line, printable, of a sensible length.
Text = Annotated[str, StringConstraints(max_length=200), AfterValidator(printable_text)]


class _Strict(BaseModel):
    # allow_inf_nan off: TOML can write `inf` and `nan`, and no setting here means either.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class TierTarget(_Strict):
    """A commitment for one severity: its own limit, and a required share (None: the commitment's)."""

    limit: Duration
    required: Share | None = None


class SlaTarget(_Strict):
    """A published commitment: the time limit and the share of tickets that must meet it, and per
    severity (`by_severity`: urgent = "30m") a limit of its own; a ticket of another severity, or
    of none, keeps `limit`."""

    limit: Duration
    required: Share = 0.90
    by_severity: dict[Annotated[Text, StringConstraints(min_length=1, max_length=40)], TierTarget] = \
        Field(default_factory=dict, max_length=20)

    @field_validator("by_severity", mode="before")
    @classmethod
    def _shorthand(cls, v):
        """`urgent = "30m"` is `urgent = { limit = "30m" }`."""
        return {k: {"limit": x} if isinstance(x, str) else x for k, x in v.items()} if isinstance(v, dict) else v

    def tier(self, severity: str | None) -> tuple[timedelta, float]:
        """The limit and required share a ticket of `severity` is held to."""
        t = self.by_severity.get(severity) if severity is not None else None
        return (self.limit, self.required) if t is None else (t.limit, self.required if t.required is None else t.required)


# Presets offered in methodology.md; "30m-12h-24h" is the "30124" commitment.
SLA_PRESETS: dict[str, dict[str, tuple[str, float]]] = {
    "30m-24h-7d": {"response": ("30m", 0.90), "solution": ("24h", 0.90), "closure": ("7d", 0.90)},
    "30m-12h-24h": {"response": ("30m", 1.0), "solution": ("12h", 1.0), "closure": ("24h", 0.90)},
    "1h-8h-48h": {"response": ("1h", 0.90), "solution": ("8h", 0.90), "closure": ("48h", 0.90)},
    # The survey-management method's three tiers of response: a ticket without a severity is urgent.
    "30m-4h-24h-by-severity": {"response": ("30m", 0.90), "solution": ("24h", 0.90), "closure": ("7d", 0.90)},
}
PRESET_TIERS: dict[str, dict[str, dict[str, str]]] = {
    "30m-4h-24h-by-severity": {"response": {"urgent": "30m", "important": "4h", "routine": "24h"}},
}


class SlaConfig(_Strict):
    preset: Literal["30m-24h-7d", "30m-12h-24h", "1h-8h-48h", "30m-4h-24h-by-severity"] = "30m-24h-7d"
    # "calendar": every minute counts; "business": only the desk's opening hours (business_hours)
    clock: Literal["calendar", "business"] = "calendar"
    business_hours: BusinessHours = BusinessHours()
    response: SlaTarget | None = None
    solution: SlaTarget | None = None
    closure: SlaTarget | None = None

    @property
    def schedules(self) -> Schedules | None:
        """The resolved schedules of the business clock (None: the calendar clock)."""
        return resolve(self.business_hours) if self.clock == "business" else None

    @model_validator(mode="before")
    @classmethod
    def _fill_from_preset(cls, data):
        data = dict(data or {})
        preset = SLA_PRESETS.get(data.get("preset", "30m-24h-7d"))
        if preset is None:
            return data  # the Literal check reports the bad preset
        tiers = PRESET_TIERS.get(data.get("preset", ""), {})
        for name, (limit, required) in preset.items():
            given = data.get(name)
            base = {"limit": limit, "required": required, **({"by_severity": tiers[name]} if name in tiers else {})}
            if given is None:
                data[name] = base
            elif isinstance(given, dict):
                data[name] = {**base, **given}
        return data

    @property
    def tiered(self) -> bool:
        """Whether any commitment has limits by severity."""
        return any(getattr(self, name).by_severity for name in ("response", "solution", "closure"))


INDEX_COMPONENTS = ("response", "resolution", "first_contact", "attitude", "knowledge")


class IndexWeights(_Strict):
    response: float = Field(25, ge=0)
    resolution: float = Field(30, ge=0)
    first_contact: float = Field(20, ge=0)
    attitude: float = Field(15, ge=0)
    knowledge: float = Field(10, ge=0)

    @model_validator(mode="after")
    def _some_weight(self):
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one index weight must be positive")
        return self


class IndexTargets(_Strict):
    response: float = Field(1.00, gt=0, le=1)
    resolution: float = Field(0.95, gt=0, le=1)
    first_contact: float = Field(1.00, gt=0, le=1)
    attitude: float = Field(1.00, gt=0, le=1)
    knowledge: float = Field(1.00, gt=0, le=1)


class IndexConfig(_Strict):
    weights: IndexWeights = IndexWeights()
    targets: IndexTargets = IndexTargets()
    bonus_cap: Share = 0.15  # bonus points add up to at most this share of the score


class CleaningConfig(_Strict):
    min_duration_s: float = Field(30, ge=0)
    straight_line_max_s: float = Field(60, ge=0)
    straight_line_min_items: int = Field(10, ge=2)


STRATA = ("segment", "product_line", "channel")


class QualityConfig(_Strict):
    """Response-quality indices beyond the five exclusion rules: they flag a response, and exclude it
    only when listed in `exclude`.

    The defaults are stricter than the indices' literature (written for long personality
    inventories): on a short satisfaction questionnaire honest, content customers answer 4 and 5
    throughout, and the literature's lines flag half of them.
    """

    longstring_share: Share = 0.8  # the longest run of one answer covers at least this share of the items
    longstring_min_items: int = Field(5, ge=2)  # … and at least this many
    irv_below: float = Field(0.3, ge=0)  # answer points: a standard deviation over the items below it
    mahalanobis_quantile: float = Field(0.999, gt=0.5, lt=1)  # D² above the χ² quantile, df = items
    even_odd_below: float = Field(0.0, ge=-1, le=1)  # Spearman-Brown corrected even-odd consistency
    synonyms_critical: float = Field(0.60, gt=0, lt=1)  # item pairs correlated above it are synonyms
    synonyms_below: float = Field(0.0, ge=-1, le=1)
    speeder_ratio: float = Field(0.5, gt=0, lt=1)  # seconds per item below this share of the median
    min_flags: int = Field(2, ge=1, le=6)  # a response is "flagged" (the appendix's comparison) by this many
    # Flags that also exclude, after the five rules, in this order of precedence: longstring,
    # low_variability, mahalanobis, even_odd, synonyms, speeder. Empty: flags only exclude nothing.
    exclude: list[Literal["longstring", "low_variability", "mahalanobis", "even_odd", "synonyms", "speeder"]] = []


class BootstrapConfig(_Strict):
    """Resampling for the intervals of ω and of the key drivers' relative weights."""

    samples: int = Field(1000, ge=0, le=10000)  # 0: no intervals
    seed: int = 20260101
    level: float = Field(0.95, gt=0.5, lt=1)


class CommentsConfig(_Strict):
    """Comment analytics of survey comments and complaint descriptions (reportgen.text)."""

    enabled: bool = True
    topics: Text | None = None  # a topic dictionary (YAML) inside the config file's folder; None: the default
    user_dictionary: Text | None = None  # extra words for segmentation, jieba's format (word [freq] [tag])
    stop_words: Text | None = None  # a file of extra stop words, one per line
    keywords: int = Field(15, ge=0, le=50)  # keywords listed
    negative_topics: int = Field(3, ge=1, le=10)  # leading negative topics shown with example comments
    examples: int = Field(5, ge=3, le=5)  # example comments per leading negative topic, at most
    # Tickets without a category (no such column, or an empty cell) take one from their description:
    # the first topic of the dictionary, in its order, one of whose keywords it contains (engine/queries/tickets.sql).
    derive_categories: bool = False


class SamplingConfig(_Strict):
    # Known population shares per stratification variable, e.g. segment = {high = 0.2, mid = 0.5, low = 0.3};
    # the sampling appendix compares the valid responses with them.
    population: dict[Literal["segment", "product_line", "channel", "store"], dict[str, Share]] = {}
    review_share: Share = 0.10  # share of valid responses drawn for manual re-checking
    review_seed: int = 20260101

    @field_validator("population")
    @classmethod
    def _shares_add_up(cls, v):
        for name, shares in v.items():
            total = sum(shares.values())
            if shares and abs(total - 1.0) > 0.01:
                raise ValueError(f"population shares of {name} add up to {total:.3f}, not 1")
        return v


class Organisation(_Strict):
    name: Text = "示例零售集团"
    name_en: Text = "Example Retail Group"
    logo: Text | None = None
    hotline: Text | None = None
    complaint_channels: list[Text] = Field([], max_length=20)
    # The online complaint form; the public notice prints it with a QR code.
    complaint_url: Annotated[Text, AfterValidator(web_address)] | None = None


class Config(_Strict):
    organisation: Organisation = Organisation()
    timezone: str = "Asia/Shanghai"
    locale: Literal["zh-CN", "en"] = "zh-CN"
    sla: SlaConfig = SlaConfig()
    index: IndexConfig = IndexConfig()
    cleaning: CleaningConfig = CleaningConfig()
    sampling: SamplingConfig = SamplingConfig()
    quality: QualityConfig = QualityConfig()
    bootstrap: BootstrapConfig = BootstrapConfig()
    comments: CommentsConfig = CommentsConfig()
    min_cell: int = Field(30, ge=1)
    repeat_window_days: float = Field(30, gt=0)
    # Severity weights for the priority matrix's impact axis.
    severity_weights: dict[Text, Annotated[float, Field(ge=0, le=1000)]] = {"urgent": 3, "important": 2, "routine": 1}
    # Person names masked wherever data text reaches an output (redaction list).
    redact_names: list[Annotated[Text, StringConstraints(min_length=1, max_length=50)]] = []
    # An organisation's own template folder (searched before the standard templates).
    templates: Text | None = None
    encoding: Text | None = None  # of the data folder's CSV files; None: detected (UTF-8, GB18030, …)
    notice_size: Literal["A4", "A3"] = "A4"  # paper of the public notice
    # Where tickets and responses come from, and how they map (reportgen.sources).
    sources: Sources = Sources()

    @field_validator("severity_weights")
    @classmethod
    def _some_severity(cls, v):
        if v and not any(w > 0 for w in v.values()):
            raise ValueError("at least one severity weight must be positive")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}; use an IANA name such as 'Asia/Shanghai'")
        return v

    @field_validator("encoding")
    @classmethod
    def _codec(cls, v: str | None) -> str | None:
        return known_encoding(v)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_config(path: Path | None) -> tuple[Config, bytes]:
    """Read and validate a config file; return the config and the bytes it came from.

    A missing `path` gives the documented defaults (and empty bytes).
    """
    if path is None:
        return Config(), b""
    data, raw = read_config(path)
    return validate_config(data, path.name), raw


def validate_config(data: dict, name: str) -> Config:
    """The config `data` validated; every problem is named by its key, as found in `name`."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise InputError([_config_problem(name, e) for e in exc.errors()])


def read_config(path: Path) -> tuple[dict, bytes]:
    """A config file's keys (not yet validated) and its bytes."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, None, "config file not found")])
    except OSError as exc:
        raise InputError([Problem(str(path), None, None, f"cannot read config: {exc.strerror}")])
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError([Problem(name, None, None, "config is not UTF-8 text")])
    except tomllib.TOMLDecodeError as exc:
        raise InputError([Problem(name, None, None, f"not valid TOML: {exc}")])
    return data, raw


def _config_problem(name: str, err: dict) -> Problem:
    key = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-") and p not in TAGS)
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key (check its spelling against the README's config reference)"
    return Problem(name, None, None, f"key {key}: {msg}" if key else msg)
