"""Every cleaning rule, defined once with its stable code.

Exclusion rules remove a survey response from the figures; a response meets the first rule it
meets, in the order of `EXCLUSIONS`. The engine's `responses` query, `exclusions.csv`, the
cleaning appendix and `docs/methodology.md` all read these entries (a test holds the last two
and the locales to them). Data-quality rules keep a row but treat a value as missing (or
clean it); their codes name the findings of validation and cleaning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.i18n import DASH

if TYPE_CHECKING:  # the rules are imported by the modules that load the config
    from reportgen.config import Config
    from reportgen.questionnaire import Questionnaire


def _g(value) -> str:
    """A number as %g text ('missing' where absent)."""
    return "missing" if value is None else f"{float(value):g}"


@dataclass(frozen=True)
class ExclusionRule:
    code: str
    sql: str  # the condition in responses.sql; {names} are the engine's query parameters
    threshold: Callable[[Config, Questionnaire], str]  # the line, as the cleaning appendix states it
    detail: Callable[[dict, Config, int], str]  # why a response met it: its row, the config, the item count


EXCLUSIONS: tuple[ExclusionRule, ...] = (
    ExclusionRule("duplicate", "_copy > 1", lambda c, q: DASH,
                  lambda r, c, n: f"response_id submitted earlier (row {r['_first_row']})"),
    ExclusionRule("too_fast", "duration_seconds < {min_duration_s}",
                  lambda c, q: f"< {c.cleaning.min_duration_s:g} s",
                  lambda r, c, n: f"duration {_g(r['duration_seconds'])} s < {c.cleaning.min_duration_s:g} s"),
    ExclusionRule("contradiction",
                  "(overall = {scale_max} AND nps <= 2) OR (overall = {scale_min} AND nps >= 9)",
                  lambda c, q: f"overall {q.scale[1]} & nps ≤ 2; overall {q.scale[0]} & nps ≥ 9",
                  lambda r, c, n: f"overall {_g(r['overall'])} with nps {_g(r['nps'])}"),
    # judged on the answers as given, before reverse items are recoded
    ExclusionRule("straight_lining",
                  "_answered >= {straight_line_min_items} AND _given_max = _given_min "
                  "AND duration_seconds < {straight_line_max_s}",
                  lambda c, q: f"≥ {c.cleaning.straight_line_min_items} items, < {c.cleaning.straight_line_max_s:g} s",
                  lambda r, c, n: f"{r['_answered']} items all {_g(r['_given_max'])}, duration "
                                  f"{_g(r['duration_seconds'])} s < {c.cleaning.straight_line_max_s:g} s"),
    ExclusionRule("incomplete", "_answered < {items} / 2.0", lambda c, q: f"< {len(q.items) / 2:g} items",
                  lambda r, c, n: f"{r['_answered']} of {n} items answered (fewer than half)"),
)
EXCLUSION_RULES = tuple(r.code for r in EXCLUSIONS)
BY_CODE = {r.code: r for r in EXCLUSIONS}
# Response-quality flags (reportgen.metrics.quality); those in `quality.exclude` exclude after the five.
QUALITY_FLAGS = ("longstring", "low_variability", "mahalanobis", "even_odd", "synonyms", "speeder")


def quality_exclusions(config: Config) -> tuple[str, ...]:
    """The flags that exclude, in precedence order (a response meets the first of them it meets)."""
    return tuple(code for code in QUALITY_FLAGS if code in config.quality.exclude)


def exclusion_codes(config: Config) -> tuple[str, ...]:
    """Every code a response can be excluded by: the five rules, then the configured flags."""
    return EXCLUSION_RULES + quality_exclusions(config)

# Data-quality rules: a finding of one of these keeps its row (see docs/methodology.md, "Cleaning").
OUT_OF_RANGE, BEFORE_RECEIVED, CONTROL_CHARACTERS, TOO_LONG, PERSONAL_DATA, AFTER_BUILD_DATE, MERGED_CELL = (
    "out_of_range", "before_received", "control_characters", "too_long", "personal_data", "after_build_date",
    "merged_cell")
QUALITY_RULES = {
    "out_of_range": "a value outside its column's range or the questionnaire's scale, treated as missing",
    "before_received": "a follow-up time before received_at, treated as missing",
    "control_characters": "control characters removed from a text",
    "too_long": "a text longer than its column allows, shortened for display",
    "personal_data": "a phone number, ID number or e-mail address in a text, masked",
    "after_build_date": "a row dated after the build, in no period",
    "merged_cell": "a merged spreadsheet cell, its value filled into every row it spans",
}
