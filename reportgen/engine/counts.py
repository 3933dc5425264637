"""Run the queries for one build: the cleaned relations once, then the counts of a quarter.

`Engine` holds a backend and the parameters that come from the configuration and the
questionnaire. Every statement it runs is kept, in order, so the build can write them to
`queries.sql` for an auditor to re-run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from reportgen.config import STRATA, Config
from reportgen.engine import business, sql
from reportgen.engine.backends import Backend
from reportgen.periods import Quarter
from reportgen.questionnaire import Questionnaire, levels_of
from reportgen.rules import EXCLUSIONS, exclusion_codes, quality_exclusions
from reportgen.sanitise import DIGEST_CHARS
from reportgen.schema import COMMENT_CHARS
from reportgen.text.topics import NO_TOPIC, Topic

FOLLOW_UPS = (("response", "first_response_at"), ("solution", "solution_at"), ("closure", "closed_at"))
COMPLAINT_GROUPINGS = (("channel",), ("category",), ("severity",), ("store",), ("region",), ("department",),
                       ("category", "channel"), ("category", "severity"), ("store", "category"), ("region", "category"),
                       ("store", "channel"), ("region", "channel"))
DURATION_GROUPINGS = ("all", "channel", "category", "severity", "store", "region", "department")  # the breakdowns
SURVEY_GROUPINGS = (("segment",), ("channel",), ("product_line",), ("store",), ("segment", "channel"), STRATA)
KEEP_NULLS = ("+".join(STRATA), "segment+channel")  # a missing value is a stratum or chart cell of its own
TREND_QUARTERS = 5
CLEANING = ("repeats", "tickets", "copies", "responses")  # the cleaned relations, in the order made

Key = tuple[str | None, ...]


@dataclass(frozen=True)
class Counts:
    """What the queries returned for one quarter's figures (rows keyed by quarter, grouping, group)."""

    quarter: Quarter
    complaints: dict[tuple[int, str], dict[Key, dict]]
    surveys: dict[tuple[int, str], dict[Key, dict]]
    moments: dict[int, dict]  # quarter -> item sums and cross-products (listwise complete)
    drivers: dict[str, dict]  # dimension -> sums for its correlation with overall
    scale: int  # dimension scores in the rows are multiplied by this

    def complaint(self, quarter: int, by: str = "all") -> dict[Key, dict]:
        return self.complaints.get((quarter, by), {})

    def survey(self, quarter: int, by: str = "all") -> dict[Key, dict]:
        return self.surveys.get((quarter, by), {})


def _keyed(rows: list[dict], keep_nulls: tuple[str, ...] = ()) -> dict[tuple[int, str], dict[Key, dict]]:
    """Rows by (quarter, grouping) and group key; a group with a missing key is left out, but in
    the groupings of `keep_nulls`, where a missing value is a group of its own."""
    out: dict[tuple[int, str], dict[Key, dict]] = {}
    for r in rows:
        by = r.pop("_by")
        width = 0 if by == "all" else by.count("+") + 1
        key = tuple(r.pop(f"_g{i}") for i in (1, 2, 3))[:width]
        if None in key and by not in keep_nulls:
            continue
        out.setdefault((int(r.pop("_quarter")), by), {})[key] = r
    return out


def derived_categories(topics: tuple[Topic, ...] | None, locale: str) -> dict:
    """tickets.sql's parameters for comments.derive_categories: per topic, in the dictionary's order,
    its name and keywords as SQL literals, the name of no topic, and how much of a description is
    read (as much as intake keeps of a long one before its "…" and digest, so that queries.sql,
    reading the file's text, matches the same words)."""
    if topics is None:
        return {"categories": []}
    return {"categories": [(sql.literal(t.name(locale)), [sql.literal(w) for w in sorted(t.keywords)]) for t in topics],
            "category_none": sql.literal(NO_TOPIC[locale]),
            "category_chars": COMMENT_CHARS - DIGEST_CHARS - 1}


def _keys(groupings) -> list[str]:
    return list(dict.fromkeys(k for by in groupings for k in by))


class Engine:
    """The figures' queries over one backend, for one configuration and questionnaire."""

    def __init__(self, backend: Backend, config: Config, questionnaire: Questionnaire,
                 categories: tuple[Topic, ...] | None = None) -> None:
        self.backend = backend
        self.config = config
        self.questionnaire = questionnaire
        q = questionnaire
        dims = {d: q.dimension_items(d) for d in q.dimensions}
        largest = max((len(v) for v in dims.values()), default=1)
        self.scale = math.lcm(*range(1, largest + 1))
        c = config.cleaning
        self.base = {
            "follow_ups": FOLLOW_UPS,
            "repeat_window": f"{config.repeat_window_days:g} days",
            "repeat_window_us": int(timedelta(days=config.repeat_window_days) / timedelta(microseconds=1)),
            "item_ids": list(q.item_ids), "reverse": list(q.reverse_items), "dimensions": dims,
            "max_items": largest, "scale": self.scale, "rules": exclusion_codes(config),
            "quality_exclude": quality_exclusions(config), "apply_quality": False,
            "min_duration_s": sql.number(c.min_duration_s), "straight_line_max_s": sql.number(c.straight_line_max_s),
            "straight_line_min_items": int(c.straight_line_min_items),
            "exclusions": [(rule.code, rule.sql.format(
                min_duration_s=sql.number(c.min_duration_s), straight_line_max_s=sql.number(c.straight_line_max_s),
                straight_line_min_items=int(c.straight_line_min_items), scale_min=q.scale[0], scale_max=q.scale[1],
                items=len(q.item_ids))) for rule in EXCLUSIONS],
            "limits": business.limits(config), "business": None,
            "pairs": [(a, b) for i, a in enumerate(q.item_ids) for b in q.item_ids[i:]],
            "scale_min": q.scale[0], "scale_max": q.scale[1], "levels": q.levels, "top_from": q.top_from,
            "item_min": {i: lo for i, (lo, _) in q.item_scales.items()},
            "item_reverse": {i: lo + hi for i, (lo, hi) in q.item_scales.items()},
            "item_levels": {i: levels_of(s) for i, s in q.item_scales.items()},
            "item_unit": {i: q.unit // (hi - lo) for i, (lo, hi) in q.item_scales.items()}, "unit": q.unit,
        }
        self.base.update(derived_categories(categories, config.locale))
        self.statements: list[sql.Statement] = []
        self._prepared = False
        self._sla_from: dict[str, str | None] | None = None
        self._overdue: dict[int, list[dict]] = {}

    def sla_from(self) -> dict[str, str | None]:
        """Per commitment, what its attainment is measured from: "times", "verdicts" or None."""
        if self._sla_from is None:
            row = (self.backend.rows(self._statement("sla_sources")) or [{}])[0]
            self._sla_from = {name: "times" if row.get(f"{name}_times", 1) else
                              "verdicts" if row.get(f"{name}_verdicts") else None for name, _ in FOLLOW_UPS}
        return self._sla_from

    def _statement(self, name: str, **params) -> sql.Statement:
        st = sql.render(name, {**self.base, **params}, self.backend.dialect)
        self.statements.append(st)
        return st

    def prepare(self) -> None:
        """Clean once, over all quarters: repeats and duplicates look back across quarters."""
        if not self._prepared:
            # The window functions run on narrow relations (row number and key): sorting rows
            # with all their labels cost three times as much.
            if self.config.sla.clock == "business":
                row = (self.backend.rows(self._statement("timestamp_range")) or [{}])[0]
                self.base["business"] = business.business_params(row, self.config)
                self.backend.materialise("business_days", self._statement("business_days"))
            for name in CLEANING:
                self.backend.materialise(name, self._statement(name))
            if self.base["quality_exclude"]:
                self._exclude_flagged()
            self._prepared = True

    def _exclude_flagged(self) -> None:
        """Judge the response-quality flags on the responses the five rules left valid, per quarter,
        then clean the responses again with the configured flags as rules after the five."""
        from reportgen.response_quality import excluded_by_flags

        rows = self.backend.columns(self._statement("quality_responses", quarter=None))
        flagged = excluded_by_flags(rows, self.questionnaire, self.scale, self.config)
        self.backend.materialise("quality_excluded", self._statement("quality_excluded", flagged=flagged))
        self.backend.materialise("responses", self._statement("responses", apply_quality=True))

    def counts(self, quarter: Quarter) -> Counts:
        self.prepare()
        window = {"first_quarter": quarter.index - (TREND_QUARTERS - 1), "last_quarter": quarter.index}
        self._check_calendar(window)
        now = quarter.index
        complaints = _keyed(self.backend.rows(self._statement(
            "complaint_groups", sla_from=self.sla_from(), groupings=COMPLAINT_GROUPINGS, group_keys=_keys(COMPLAINT_GROUPINGS),
            earlier=[(now - 1, "store"), *((now - k, "category") for k in range(TREND_QUARTERS - 1, 0, -1)),
                     *((now - k, "severity") for k in range(TREND_QUARTERS - 1, 0, -1) if self.config.sla.tiered)],
            **window)))
        for by in DURATION_GROUPINGS:
            rows = _keyed(self.backend.rows(self._statement("complaint_durations", by=by, quarter=now)))
            for place, groups in rows.items():
                for key, row in groups.items():
                    complaints.setdefault(place, {}).setdefault(key, {}).update(row)
        surveys = self.backend.rows(self._statement(
            "survey_groups", groupings=SURVEY_GROUPINGS, group_keys=_keys(SURVEY_GROUPINGS),
            earlier=[(now - 1, "store")], **window))
        moments = self.backend.rows(self._statement("item_moments", **window))
        drivers = self.backend.rows(self._statement("driver_moments", quarter=quarter.index))
        return Counts(quarter, complaints, _keyed(surveys, KEEP_NULLS), {int(m.pop("_quarter")): m for m in moments},
                      {d.pop("dimension"): d for d in drivers}, self.scale)

    def _check_calendar(self, window: dict) -> None:
        """Business times on dates the calendar has not published stop the build, unless the config
        counts them by the week alone (sla.business_hours.uncovered)."""
        b = self.base["business"]
        if b is None or self.config.sla.business_hours.uncovered != "error" or all(r[3] for r in b["rows"]):
            return
        row = self.backend.rows(self._statement("uncovered_tickets", **window))[0]
        if row["tickets"]:
            first, last = (Quarter.from_index(window[k]) for k in ("first_quarter", "last_quarter"))
            raise business.uncovered_problem(self.config, b["rows"], int(row["tickets"]), f"{first}–{last}")

    def overdue(self, quarter: Quarter) -> list[dict]:
        """Tickets open at the quarter's end past their closure limit, oldest first (overdue_open.sql);
        asked once a quarter, for the figures and overdue.csv alike."""
        if quarter.index not in self._overdue:
            self.prepare()
            end = quarter.bounds(self.config.tz)[1]
            b = self.base["business"]
            totals = business.totals_at_end(b["rows"], (end - timedelta(days=1)).date()) if b is not None else []
            self._overdue[quarter.index] = self.backend.rows(self._statement(
                "overdue_open", quarter=quarter.index, end=end.isoformat(), end_business=totals))
        return self._overdue[quarter.index]

    def excluded(self, quarter: Quarter) -> list[dict]:
        self.prepare()
        return self.backend.rows(self._statement("excluded_responses", quarter=quarter.index))

    def valid(self, quarter: Quarter):
        """The quarter's valid responses as an Arrow table (millions of rows at the largest chains)."""
        self.prepare()
        return self.backend.columns(self._statement("valid_responses", quarter=quarter.index))

    def quality_rows(self, quarter: Quarter):
        """The quarter's valid responses with answers and dimension scores (queries/quality_responses.sql)."""
        self.prepare()
        return self.backend.columns(self._statement("quality_responses", quarter=quarter.index))

    def comments(self, quarter: Quarter):
        """The open texts of the five trend quarters ending with `quarter` (queries/comments.sql)."""
        self.prepare()
        return self.backend.columns(self._statement(
            "comments", first_quarter=quarter.index - (TREND_QUARTERS - 1), last_quarter=quarter.index))

    def early_timestamps(self) -> list[dict]:
        return self.backend.rows(self._statement("early_timestamps"))
