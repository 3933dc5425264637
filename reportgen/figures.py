"""Every figure of one quarter's report, from the counts the engine's queries return.

The data stage ends here: `prepare` puts the typed tables into the engine and cleans them
there; `compute_figures` turns one quarter's counts into the report's figures (rates with
intervals, tests, reliability, the priority and importance matrices). No row-level data is
read in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from datetime import date, timedelta
from fractions import Fraction

import pandas as pd

from reportgen import rules
from reportgen.config import STRATA, Config
from reportgen.dataset import Dataset
from reportgen.engine.backends import Backend
from reportgen.engine.counts import TREND_QUARTERS, Counts, Engine
from reportgen.engine.database import make_relations
from reportgen.metrics import compare
from reportgen.metrics.complaints import (BREAKDOWNS, ComplaintFigures, Group, OverdueTicket, Sla, breakdown,
                                          complaint_figures)
from reportgen.metrics.index import IndexResult, service_quality_index
from reportgen.metrics.moments import pearson_of
from reportgen.metrics.flags import Flag, flags_of
from reportgen.metrics.registry import COMPARISONS
from reportgen.metrics.results import Nps, Share
from reportgen.metrics.sampling import Representativeness, representativeness, strata
from reportgen.metrics.survey import SurveyFigures, dimension_stats, nps_of, survey_figures
from reportgen.periods import Quarter
from reportgen.questionnaire import Questionnaire
from reportgen.business_hours import quarter_calendar
from reportgen.text.analysis import CommentFigures

if TYPE_CHECKING:
    from reportgen.measurement import KeyDrivers, Measurement
    from reportgen.response_quality import QualityFigures
    from reportgen.text.topics import Topic
from reportgen.validate import Finding

# Ticket counts the charts cross: the heat map, and the HTML filters' category and channel charts.
CROSS_COUNTS = ("category+channel", "store+category", "region+category", "store+channel", "region+channel")
SURVEY_BREAKDOWNS = ("segment", "channel", "product_line", "store")

@dataclass(frozen=True)
class Prepared:
    """The dataset in the engine, cleaned there: what every period's figures and listings read."""

    dataset: Dataset
    findings: tuple[Finding, ...]
    engine: Engine


def prepare(dataset: Dataset, config: Config, backend: Backend | None = None, quarter: Quarter | None = None,
            clean: bool = True, categories: tuple[Topic, ...] | None = None) -> Prepared:
    """Clean tickets and responses once, over all quarters (repeats and duplicates look back).

    Tables in a database are read from there, only the rows `quarter`'s figures need. With
    `clean` False the cleaning waits for the first query that needs it (`reportgen validate`
    needs none: its findings come from the typed tables). `categories`: the topic rules a ticket
    without a category takes one from (comments.derive_categories).
    """
    if backend is None:
        backend = dataset.backend
        if config.sources.in_database:
            make_relations(backend, config, dataset.questionnaire, quarter)
    engine = Engine(backend, config, dataset.questionnaire, categories)
    if clean:
        engine.prepare()
    file = dataset.file_name("complaints")
    early = [Finding(file, int(r["_row"]), r["_column"], rules.BEFORE_RECEIVED,
                     f"{r['_at']:%Y-%m-%d %H:%M} is before received_at {r['received_at']:%Y-%m-%d %H:%M}; "
                     "treated as missing", r["ticket_id"], int(r["_quarter"]))
             for r in engine.early_timestamps()]
    findings = tuple(sorted(dataset.findings + tuple(early), key=lambda f: (f.file, f.row, f.column)))
    return Prepared(dataset, findings, engine)


@dataclass(frozen=True)
class EventItem:
    date: str
    type: str
    points: float
    description: str | None


@dataclass(frozen=True)
class PeriodFigures:
    period: str
    complaints: ComplaintFigures
    survey: SurveyFigures
    index: IndexResult
    events: tuple[EventItem, ...]
    categories: dict[str, int] = field(default_factory=dict)  # tickets per category (actions follow them)
    # each commitment per severity against its tier, when the commitments are tiered (the trend chart)
    severity_sla: dict[str, dict[str, Sla]] = field(default_factory=dict)


def _events_in(events: pd.DataFrame | None, quarter: Quarter, config: Config) -> pd.DataFrame | None:
    if events is None:
        return None
    start, end = quarter.bounds(config.tz)
    day = events["date"]
    return events[(day >= start.tz_localize(None)) & (day < end.tz_localize(None))]


def period_figures(prep: Prepared, counts: Counts, quarter: Quarter, config: Config) -> PeriodFigures:
    """Complaint, survey and index figures of one quarter."""
    q = prep.dataset.questionnaire
    cf = complaint_figures(counts.complaint(quarter.index).get(()), config.sla)
    sf = survey_figures(counts.survey(quarter.index).get(()), counts.moments.get(quarter.index), q, counts.scale)
    categories = {str(k[0]): int(r["total"]) for k, r in sorted(counts.complaint(quarter.index, "category").items(),
                                                               key=lambda kv: (-int(kv[1]["total"]), str(kv[0][0])))}
    period = period_of(quarter, cf, sf, _events_in(prep.dataset.events, quarter, config), config, categories)
    if not config.sla.tiered:
        return period
    tiers = {str(k[0]): complaint_figures(r, config.sla, str(k[0])).sla
             for k, r in counts.complaint(quarter.index, "severity").items()}
    return replace(period, severity_sla=tiers)


def period_of(quarter: Quarter, cf: ComplaintFigures, sf: SurveyFigures, events: pd.DataFrame | None,
              config: Config, categories: dict[str, int] | None = None) -> PeriodFigures:
    """A quarter's figures with its Service Quality Index and the events that moved it."""
    dims = sf.dimensions
    index = service_quality_index({
        "response": cf.sla["response"].attainment.value,
        "resolution": cf.resolution.value,
        "first_contact": cf.first_contact_resolution.value,
        "attitude": None if "attitude" not in dims or dims["attitude"].score100 is None else dims["attitude"].score100 / 100,
        "knowledge": None if "knowledge" not in dims or dims["knowledge"].score100 is None else dims["knowledge"].score100 / 100,
    }, events, config.index)
    items = () if events is None else tuple(
        EventItem(f"{d:%Y-%m-%d}", str(t), float(p), None if pd.isna(s) else str(s))
        for d, t, p, s in sorted(zip(events["date"], events["type"], events["points"], events["description"]),
                                 key=lambda e: (e[0], e[1])))
    return PeriodFigures(str(quarter), cf, sf, index, items, dict(categories or {}))


@dataclass(frozen=True)
class ActionItem:
    """One row of the action plan, as the report and the notice show it (dates as YYYY-MM-DD)."""

    action: str
    owner: str | None
    start: str
    due: str
    status: str | None
    related_category: str | None
    related_metric: str | None = None  # a compared figure (a key of Figures.changes)


@dataclass(frozen=True)
class SurveyGroup:
    n_valid: int
    insufficient: bool
    csat_top2: Share
    nps: Nps
    dimensions: dict[str, float | None]  # score100


@dataclass(frozen=True)
class Figures:
    """Everything the report shows for one quarter."""

    period: str
    current: PeriodFigures
    previous: PeriodFigures | None
    year_ago: PeriodFigures | None
    trend: tuple[PeriodFigures, ...]  # up to five quarters ending with the current, oldest first
    breakdowns: dict[str, dict[str, Group]]
    survey_breakdowns: dict[str, dict[str, SurveyGroup]]
    changes: dict[str, dict[str, compare.Change]]  # "qoq" / "yoy" -> figure -> change
    store_changes: dict[str, dict[str, compare.GroupChange]]
    priority: compare.PriorityMatrix
    ipa: compare.ImportancePerformance
    worsening: tuple[compare.Trending, ...]
    data_quality: dict[str, int]  # finding rule -> count, rows of this quarter
    strata: dict[str, int]  # valid responses per segment | product line | channel
    representativeness: tuple[Representativeness, ...]  # against the configured population shares
    flags: tuple[Flag, ...]
    ticket_counts: dict[str, dict[tuple[str, str], int]]  # a CROSS_COUNTS name ("store+category") -> tickets
    segment_dimensions: tuple[dict, ...]  # n and sum of dimension scores per segment and channel
    absent: tuple[str, ...] = ()  # "complaints" / "surveys": the data has no such table (its figures are null)
    questionnaire: Questionnaire | None = None  # the instrument the survey figures were computed for
    source_files: dict[str, str] = field(default_factory=dict)  # table -> the file (or table) it came from
    first_day: str = ""  # the quarter's first and last local day, YYYY-MM-DD
    last_day: str = ""
    actions: tuple[ActionItem, ...] = ()  # the action plan, in file order
    review_sample_size: int = 0  # responses drawn for manual re-checking (review_sample.csv)
    comments: CommentFigures | None = None  # comment analytics (None: switched off)
    quality: QualityFigures | None = None  # response-quality flags (None: no valid response)
    measurement: Measurement | None = None  # ω and corrected item–total correlations
    # The business clock's calendar in the quarter (main schedule): holiday, makeup, closed, open and
    # uncovered dates; None under the calendar clock
    calendar: dict[str, tuple[str, ...]] | None = None
    # Tickets open at the quarter's end past their closure limit: how many, and the oldest (the
    # report's list; overdue.csv has every one)
    overdue_count: int = 0
    overdue_oldest: tuple[OverdueTicket, ...] = ()
    key_drivers: KeyDrivers | None = None  # relative weights of the dimensions for overall satisfaction


def _survey_groups(rows: dict[tuple, dict], min_cell: int, dims: list[str], scale: int,
                   answers: tuple[int, int] = (1, 5), unit: int | None = None) -> dict[str, SurveyGroup]:
    out = {}
    for key, r in rows.items():
        out[str(key[0])] = SurveyGroup(int(r["valid"]), int(r["valid"]) < min_cell,
                                       Share.of(int(r["csat_k"] or 0), int(r["csat_n"] or 0)),
                                       nps_of({v: int(r[f"nps_{v}"]) for v in range(0, 11)}),
                                       {d: dimension_stats(r, d, scale, answers, unit).score100 for d in dims})
    return dict(sorted(out.items(), key=lambda kv: (-kv[1].n_valid, kv[0])))


def _impacts(counts: Counts, quarter: int, weights: dict[str, float]) -> tuple[dict[str, tuple[int, float | None]], str]:
    """Each category's ticket count and impact for the priority matrix, and the impact's basis."""
    by_severity = counts.complaint(quarter, "category+severity")
    basis = "severity" if any(sev in weights for _, sev in by_severity) else "closure_breach"
    out = {}
    for (cat,), row in counts.complaint(quarter, "category").items():
        if basis == "severity":
            known = {sev: int(r["total"]) for (c, sev), r in by_severity.items() if c == cat and sev in weights}
            n = sum(known.values())
            impact = float(sum(Fraction(weights[s]) * k for s, k in known.items()) / n) if n else None
        else:
            n = int(row.get("sla_n_closure", row["total"]) or 0)  # no closure measured: no impact
            impact = float(1.0 - int(row["within_closure"]) / n) if n and row["within_closure"] is not None else None
        out[cat] = (int(row["total"]), impact)
    return out, basis


CHANGE_TESTS = {"rate": compare.rate_change, "nps": compare.nps_change, "none": compare.value_change}


def _changes(cur: PeriodFigures, prev: PeriodFigures | None, label: str) -> dict[str, compare.Change]:
    """Each registered comparison (reportgen.metrics.registry.COMPARISONS), with its test."""
    return {c.name: CHANGE_TESTS[c.test](label, None if prev is None else c.value(prev), c.value(cur))
            for c in COMPARISONS}


def compute_figures(prep: Prepared, quarter: Quarter, config: Config) -> Figures:
    """Every figure of `quarter`, with its comparisons to the previous quarter and a year ago."""
    counts = prep.engine.counts(quarter)
    present = set(prep.dataset.quarters())
    trend = tuple(period_figures(prep, counts, quarter.shift(k), config)
                  for k in range(-(TREND_QUARTERS - 1), 1) if quarter.shift(k).index in present or k == 0)
    by_period = {p.period: p for p in trend}
    previous = by_period.get(str(quarter.previous()))
    year_ago = by_period.get(str(quarter.year_ago()))
    current = by_period[str(quarter)]
    dims = list(prep.dataset.questionnaire.dimensions)
    now, before = quarter.index, quarter.previous().index
    total = current.complaints.total

    breakdowns = {by: breakdown(counts.complaint(now, by), total, config.sla, config.min_cell, by) for by in BREAKDOWNS}
    qn = prep.dataset.questionnaire
    survey_breakdowns = {by: _survey_groups(counts.survey(now, by), config.min_cell, dims, counts.scale, qn.scale, qn.unit)
                         for by in SURVEY_BREAKDOWNS}

    store_changes = {}
    if previous is not None:
        prev_groups = _survey_groups(counts.survey(before, "store"), config.min_cell, dims, counts.scale, qn.scale, qn.unit)
        store_changes["csat_top2"] = compare.group_changes(
            str(quarter.previous()), {g: v.csat_top2 for g, v in prev_groups.items()},
            {g: v.csat_top2 for g, v in survey_breakdowns["store"].items()}, config.min_cell)
        prev_store = breakdown(counts.complaint(before, "store"), previous.complaints.total, config.sla, config.min_cell)
        store_changes["closure_sla_rate"] = compare.group_changes(
            str(quarter.previous()), {g: v.figures.sla["closure"].attainment for g, v in prev_store.items()},
            {g: v.figures.sla["closure"].attainment for g, v in breakdowns["store"].items()}, config.min_cell)

    categories, basis = _impacts(counts, now, config.severity_weights)
    priority = compare.priority_matrix(categories, total, basis, config.min_cell)
    drivers = {d: (pearson_of(counts.drivers.get(d, {})), int(counts.drivers.get(d, {}).get("n") or 0)) for d in dims}
    ipa = compare.importance_performance(drivers, {d: s.score100 for d, s in current.survey.dimensions.items()})

    window = [quarter.shift(-2).index, quarter.shift(-1).index, now]
    per_category: dict[str, dict[int, int]] = {}
    for q in window:
        for (cat,), row in counts.complaint(q, "category").items():
            per_category.setdefault(cat, {})[q] = int(row["total"])
    frame = pd.DataFrame([[per_category[c].get(q, 0) for q in window] for c in sorted(per_category)],
                         index=sorted(per_category), columns=window)
    worsening = tuple(compare.worsening_categories(frame))

    changes = {"qoq": _changes(current, previous, str(quarter.previous())),
               "yoy": _changes(current, year_ago, str(quarter.year_ago()))}
    checks = tuple(representativeness({k[0]: int(r["valid"]) for k, r in counts.survey(now, var).items()}, shares, var)
                   for var, shares in config.sampling.population.items())
    stratum_counts = {k: int(r["valid"]) for k, r in counts.survey(now, "+".join(STRATA)).items() if int(r["valid"])}
    figures = Figures(str(quarter), current, previous, year_ago, trend, breakdowns, survey_breakdowns, changes,
                      store_changes, priority, ipa, worsening, _data_quality(prep, quarter),
                      strata(stratum_counts, STRATA), checks, (),
                      {by: {k: int(r["total"]) for k, r in sorted(counts.complaint(now, by).items())}
                       for by in CROSS_COUNTS},
                      _segment_dimensions(counts, now, dims, qn.scale, qn.unit), prep.dataset.absent,
                      qn, _source_files(prep.dataset), *_days(quarter, config), _actions(prep.dataset.actions),
                      int(round(config.sampling.review_share * current.survey.responses_valid)))
    overdue = prep.engine.overdue(quarter) if "complaints" not in prep.dataset.absent else []
    figures = replace(figures, overdue_count=len(overdue), overdue_oldest=tuple(
        overdue_ticket(r, config) for r in overdue[:OVERDUE_SHOWN]))
    if config.sla.schedules is not None:
        first, last = (date.fromisoformat(d) for d in _days(quarter, config))
        figures = replace(figures, calendar=quarter_calendar(config.sla.schedules.schedules[0], first, last))
    return _with_flags(figures)


OVERDUE_SHOWN = 10  # the oldest overdue tickets the report lists


def overdue_ticket(r: dict, config: Config) -> OverdueTicket:
    """An overdue_open.sql row as the report and overdue.csv show it: the id masked."""
    from reportgen.redact import ID_KINDS, redact

    s = config.sla.schedules
    day = 1440.0 if s is None else s.schedules[int(r["_schedule"])].day_seconds / 60
    return OverdueTicket(redact(str(r["ticket_id"]), kinds=ID_KINDS), r["severity"], r["store"],
                         f"{r['_received'].astimezone(config.tz):%Y-%m-%d %H:%M}", float(r["_age_min"]),
                         float(r["_limit_min"]), day)


def _source_files(dataset: Dataset) -> dict[str, str]:
    return {name: dataset.file_name(name) for name in ("complaints", "surveys") if name not in dataset.absent}


def _days(quarter: Quarter, config: Config) -> tuple[str, str]:
    start, end = quarter.bounds(config.tz)
    return f"{start.date():%Y-%m-%d}", f"{(end - timedelta(days=1)).date():%Y-%m-%d}"


def _actions(frame: pd.DataFrame | None) -> tuple[ActionItem, ...]:
    if frame is None:
        return ()
    def text(v):
        return None if pd.isna(v) else str(v)
    return tuple(ActionItem(str(a), text(o), f"{s:%Y-%m-%d}", f"{d:%Y-%m-%d}", text(st), text(rc), text(rm))
                 for a, o, s, d, st, rc, rm in zip(frame["action"], frame["owner"], frame["start"], frame["due"],
                                                   frame["status"], frame["related_category"], frame["related_metric"]))


def _segment_dimensions(counts: Counts, quarter: int, dims: list[str], answers: tuple[int, int] = (1, 5),
                        unit: int = 4) -> tuple[dict, ...]:
    """Per segment and channel, each dimension's responses and sum of scores on the questionnaire's
    scale (the filtered chart)."""
    lo, hi = answers
    rows = []
    for (seg, ch), r in counts.survey(quarter, "segment+channel").items():
        for d in dims:
            n = int(r.get(f"dim_n_{d}") or 0)
            if n:
                places = Fraction(int(r[f"dim_sum_{d}"]), counts.scale * unit)  # summed 0 … 1 of the range
                rows.append({"segment": seg, "channel": ch, "dimension": d, "n": n,
                             "sum": float(n * lo + places * (hi - lo))})
    return tuple(rows)


def period_findings(prep: Prepared, quarter: Quarter) -> list[Finding]:
    """The data-quality findings on rows of `quarter`.

    Findings on tickets and responses carry their row's quarter. Rows dated after the build
    belong to no period, and the small tables (events, actions) are read whole: their findings
    (no quarter) are reported in every period's build.
    """
    return [f for f in prep.findings if f.quarter in (quarter.index, None)]


def _data_quality(prep: Prepared, quarter: Quarter) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Keyed by table, whatever its file is called (a `[sources]` export keeps its own name).
    tables = {part.path.name: name for name, src in prep.dataset.sources.items() for part in (src, *src.parts)}
    for f in period_findings(prep, quarter):
        key = f"{tables.get(f.file, f.file.rsplit('.', 1)[0])}.{f.column}.{f.rule}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _with_flags(fig: Figures) -> Figures:
    return replace(fig, flags=flags_of(fig))
