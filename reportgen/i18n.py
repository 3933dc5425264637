"""Report language: UI strings, data-code labels and locale-correct number and date formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LANGS = ("zh-CN", "en")
DASH = "—"  # shown for a figure that cannot be computed


@dataclass(frozen=True)
class Texts:
    """Everything language-dependent, for one language."""

    lang: str
    locale: str
    ui: dict[str, str]
    values: dict[str, dict[str, str]]
    sentences: dict[str, str]

    def t(self, key: str) -> str:
        return self.ui[key]

    def value(self, kind: str, code) -> str:
        """The label of a data code (a category, channel, ...), or the code itself."""
        return self.values.get(kind, {}).get(str(code), str(code))

    # Formatting -------------------------------------------------------------------------------
    def percent(self, x: float | None, decimals: int = 1) -> str:
        if x is None:
            return DASH
        return format_percent(x, "#,##0." + "0" * decimals + "%", locale=self.locale) if decimals else \
            format_percent(x, "#,##0%", locale=self.locale)

    def number(self, x: float | int | None, decimals: int = 1) -> str:
        if x is None:
            return DASH
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(x, pattern, locale=self.locale)

    def integer(self, x: int | None) -> str:
        return self.number(x, 0)

    def signed(self, x: float | None, decimals: int = 1) -> str:
        """A change with its sign: +3.5, −2.0 (a real minus sign)."""
        if x is None:
            return DASH
        body = self.number(abs(x), decimals)
        return ("+" if x > 0 else "−" if x < 0 else "±") + body

    def pp(self, delta: float | None, *, signed: bool = True) -> str:
        """A change of a rate in percentage points (unsigned where the words say the direction)."""
        if delta is None:
            return DASH
        body = self.signed(delta * 100) if signed else self.number(abs(delta) * 100)
        return f"{body} {self.t('pp')}"

    def duration(self, minutes: float) -> str:
        """A time limit as people say it: 30 分钟, 24 小时, 7 天 (30 minutes, 24 hours, 7 days)."""
        amount, unit = duration_parts(minutes)
        return f"{amount} {self.t(f'unit_{unit}')}"

    def say(self, key: str, **values) -> str:
        """A sentence from the locale file with its placeholders filled."""
        return self.sentences[key].format(**values)

    def date(self, d: date) -> str:
        return format_date(d, "long", locale=self.locale)

    def dates(self, days: list[date]) -> str:
        """Dates of one year as a short list, runs of consecutive days as ranges: 1月1日–2日、2月16日–20日
        (Jan 1–2, Feb 16–20)."""
        from babel.dates import format_interval, format_skeleton

        runs: list[list[date]] = []
        for d in sorted(days):
            if runs and (d - runs[-1][-1]).days == 1:
                runs[-1].append(d)
            else:
                runs.append([d])
        return self.t("list_sep").join(
            format_skeleton("MMMd", r[0], locale=self.locale) if len(r) == 1 else
            format_interval(r[0], r[-1], "MMMd", locale=self.locale) for r in runs)

    def quarter(self, period: str) -> str:
        year, q = period.split("Q")
        return self.t("quarter_label").format(year=year, q=q)


def duration_parts(minutes: float) -> tuple[int, str]:
    """A time limit as people say it, (amount, unit): 30 minutes, 24 hours, 7 days (whole days
    from three days up)."""
    s = round(minutes * 60)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if s % size == 0 and not (unit == "day" and s <= 2 * 86400):
            return s // size, unit
    return round(s / 60), "minute"


@lru_cache(maxsize=None)
def texts(lang: str) -> Texts:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    data = yaml.safe_load(resources.files("reportgen").joinpath(f"locales/{lang}.yaml").read_text("utf-8"))
    return Texts(lang, data["locale"], data["ui"], data["values"], data["sentences"])
