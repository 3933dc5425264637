"""The pandas implementation of every figure, as reportgen computed them before the engine.

Kept only as the reference: tests assert that the engine's figures agree with these on the
fixture, the sample and a generated large data set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from reference.pandas_clean import EXCLUDED, clean_complaints, mark_exclusions
from reportgen.config import Config
from reportgen.dataset import QUARTER, Dataset
from reference import pandas_compare as compare
from reference.pandas_complaints import (BREAKDOWNS, ELAPSED, REPEAT, ComplaintFigures, Group, add_elapsed,
                                          breakdown, complaint_figures, mark_repeats, sla_attainment)
from reportgen.metrics.index import IndexResult, service_quality_index
from reportgen.metrics.results import Nps, Share
from reportgen.metrics.sampling import Representativeness
from reference.pandas_compare import representativeness, strata
from reference.pandas_survey import SurveyFigures, dimension_scores, nps_result, survey_figures
from reportgen.config import STRATA
from reportgen.periods import Quarter
from reportgen.validate import ROW, Finding

TREND_QUARTERS = 5
SURVEY_BREAKDOWNS = ("segment", "channel", "product_line", "store")

# Headline rates compared quarter on quarter and year on year: name -> (section, getter, higher is better)
HEADLINE_RATES = {
    "response_sla_rate": ("complaints", lambda p: p.complaints.sla["response"].attainment, True),
    "solution_sla_rate": ("complaints", lambda p: p.complaints.sla["solution"].attainment, True),
    "closure_sla_rate": ("complaints", lambda p: p.complaints.sla["closure"].attainment, True),
    "resolution_rate": ("complaints", lambda p: p.complaints.resolution, True),
    "first_contact_resolution_rate": ("complaints", lambda p: p.complaints.first_contact_resolution, True),
    "repeat_rate": ("complaints", lambda p: p.complaints.repeat, False),
    "handling_satisfaction_rate": ("complaints", lambda p: p.complaints.handling_satisfaction, True),
    "csat_top2": ("survey", lambda p: p.survey.csat_top2, True),
}


@dataclass(frozen=True)
class Prepared:
    """The dataset after cleaning, with derived columns: what every period's figures read."""

    complaints: pd.DataFrame
    surveys: pd.DataFrame
    events: pd.DataFrame | None
    dataset: Dataset
    findings: tuple[Finding, ...]


def prepare(dataset: Dataset, config: Config) -> Prepared:
    """Clean tickets and responses once, over all quarters (repeats and duplicates look back)."""
    complaints_file = dataset.sources["complaints"].path.name if "complaints" in dataset.sources else "complaints"
    complaints, early = clean_complaints(dataset.complaints, complaints_file)
    complaints = add_elapsed(complaints)
    complaints[REPEAT] = mark_repeats(complaints, timedelta(days=config.repeat_window_days))
    complaints = _slim(complaints, FIGURE_COLUMNS)
    surveys = _slim(mark_exclusions(dataset.surveys, dataset.questionnaire, config.cleaning), None)
    findings = tuple(sorted(dataset.findings + tuple(early), key=lambda f: (f.file, f.row, f.column)))
    return Prepared(complaints, surveys, dataset.events, dataset, findings)


# What the figures read of a ticket once it is cleaned: ids and raw timestamps are done with.
FIGURE_COLUMNS = (ROW, QUARTER, "channel", "category", "severity", "store", "region", "department", "resolved",
                  "first_contact_resolution", "handling_satisfaction", "compensation_amount",
                  *ELAPSED.values(), REPEAT)
GROUPING = ("channel", "category", "severity", "store", "region", "department", "segment", "product_line")


def _slim(frame: pd.DataFrame, keep: tuple[str, ...] | None) -> pd.DataFrame:
    """Keep the columns figures read, with grouping columns as categoricals.

    At a million tickets a quarter, filtering and grouping wide frames of Arrow strings was most
    of the figures' time; categoricals (integer codes) make both cheap.
    """
    out = frame[list(keep)] if keep is not None else frame.copy()
    for col in GROUPING:
        if col in out:
            out[col] = out[col].astype("category")
    return out


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


def _events_in(events: pd.DataFrame | None, quarter: Quarter, config: Config) -> pd.DataFrame | None:
    if events is None:
        return None
    start, end = quarter.bounds(config.tz)
    day = events["date"]
    return events[(day >= start.tz_localize(None)) & (day < end.tz_localize(None))]


def period_figures(prep: Prepared, quarter: Quarter, config: Config) -> PeriodFigures:
    """Complaint, survey and index figures of one quarter."""
    tickets = prep.complaints[prep.complaints[QUARTER] == quarter.index]
    responses = prep.surveys[prep.surveys[QUARTER] == quarter.index]
    cf = complaint_figures(tickets, config.sla)
    sf = survey_figures(responses, prep.dataset.questionnaire)
    events = _events_in(prep.events, quarter, config)
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
    return PeriodFigures(str(quarter), cf, sf, index, items)


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
    flags: tuple[dict, ...]
    ticket_counts: dict = None  # "category+channel", "store+category" -> tickets
    segment_dimensions: tuple = ()  # n and sum of dimension scores per segment, channel and dimension


def _survey_groups(valid: pd.DataFrame, dims: pd.DataFrame, by: str, min_cell: int) -> dict[str, SurveyGroup]:
    if by not in valid or valid[by].isna().all():
        return {}
    out = {}
    for key, part in valid.groupby(by, sort=True, observed=True):
        overall = part["overall"].dropna()
        d = dims.loc[part.index]
        out[str(key)] = SurveyGroup(len(part), len(part) < min_cell,
                                    Share.of(int((overall >= 4).sum()), len(overall)), nps_result(part["nps"]),
                                    {c: None if d[c].notna().sum() == 0 else float((d[c].mean() - 1) / 4 * 100)
                                     for c in d.columns})
    return dict(sorted(out.items(), key=lambda kv: (-kv[1].n_valid, kv[0])))


def _changes(cur: PeriodFigures, prev: PeriodFigures | None, label: str) -> dict[str, compare.Change]:
    out = {name: compare.rate_change(label, None if prev is None else get(prev), get(cur))
           for name, (_, get, _) in HEADLINE_RATES.items()}
    out["nps"] = compare.nps_change(label, None if prev is None else prev.survey.nps, cur.survey.nps)
    out["complaints_total"] = compare.value_change(label, None if prev is None else prev.complaints.total,
                                                   cur.complaints.total)
    out["service_quality_index"] = compare.value_change(label, None if prev is None else prev.index.score,
                                                        cur.index.score)
    return out


def compute_figures(prep: Prepared, quarter: Quarter, config: Config) -> Figures:
    """Every figure of `quarter`, with its comparisons to the previous quarter and a year ago."""
    present = set(prep.dataset.quarters())
    trend = tuple(period_figures(prep, quarter.shift(k), config)
                  for k in range(-(TREND_QUARTERS - 1), 1) if quarter.shift(k).index in present or k == 0)
    by_period = {p.period: p for p in trend}
    previous = by_period.get(str(quarter.previous()))
    year_ago = by_period.get(str(quarter.year_ago()))
    current = by_period[str(quarter)]

    tickets = prep.complaints[prep.complaints[QUARTER] == quarter.index]
    responses = prep.surveys[prep.surveys[QUARTER] == quarter.index]
    valid = responses[responses[EXCLUDED].isna().to_numpy()]
    dims = dimension_scores(valid, prep.dataset.questionnaire)

    breakdowns = {by: breakdown(tickets, by, config.sla, config.min_cell) for by in BREAKDOWNS}
    survey_breakdowns = {by: _survey_groups(valid, dims, by, config.min_cell) for by in SURVEY_BREAKDOWNS}

    store_changes = {}
    if previous is not None:
        prev_tickets = prep.complaints[prep.complaints[QUARTER] == quarter.previous().index]
        prev_responses = prep.surveys[prep.surveys[QUARTER] == quarter.previous().index]
        prev_valid = prev_responses[prev_responses[EXCLUDED].isna().to_numpy()]
        prev_dims = dimension_scores(prev_valid, prep.dataset.questionnaire)
        prev_groups = _survey_groups(prev_valid, prev_dims, "store", config.min_cell)
        store_changes["csat_top2"] = compare.group_changes(
            str(quarter.previous()), {g: v.csat_top2 for g, v in prev_groups.items()},
            {g: v.csat_top2 for g, v in survey_breakdowns["store"].items()}, config.min_cell)
        prev_store = breakdown(prev_tickets, "store", config.sla, config.min_cell)
        store_changes["closure_sla_rate"] = compare.group_changes(
            str(quarter.previous()), {g: v.figures.sla["closure"].attainment for g, v in prev_store.items()},
            {g: v.figures.sla["closure"].attainment for g, v in breakdowns["store"].items()}, config.min_cell)

    closure_met = sla_attainment(tickets[ELAPSED["closure"]], config.sla.closure.limit)
    priority = compare.priority_matrix(tickets, closure_met, config.severity_weights, config.min_cell)
    ipa = compare.importance_performance(dims, valid["overall"],
                                         {d: s.score100 for d, s in current.survey.dimensions.items()})

    window = [quarter.shift(-2).index, quarter.shift(-1).index, quarter.index]
    recent = prep.complaints[prep.complaints[QUARTER].isin(window)]
    counts = (recent.groupby(["category", QUARTER], observed=True).size().unstack(fill_value=0)
              .reindex(columns=window, fill_value=0) if len(recent) else pd.DataFrame(columns=window))
    worsening = tuple(compare.worsening_categories(counts))

    changes = {"qoq": _changes(current, previous, str(quarter.previous())),
               "yoy": _changes(current, year_ago, str(quarter.year_ago()))}
    checks = tuple(representativeness(valid[var], shares, var)
                   for var, shares in config.sampling.population.items() if var in valid)
    figures = Figures(str(quarter), current, previous, year_ago, trend, breakdowns, survey_breakdowns, changes,
                      store_changes, priority, ipa, worsening, _data_quality(prep, quarter),
                      strata(valid, STRATA), checks, (),
                      {"+".join(by): {(str(a), str(b)): int(n) for (a, b), n in
                                      tickets.groupby(list(by), observed=True).size().items()}
                       for by in (("category", "channel"), ("store", "category"))},
                      _segment_dimensions(valid, dims))
    return _with_flags(figures)


def _segment_dimensions(valid: pd.DataFrame, dims: pd.DataFrame) -> tuple[dict, ...]:
    frame = dims.assign(segment=valid["segment"].astype("string").fillna("—"),
                        channel=valid["channel"].astype("string").fillna("—"))
    rows = []
    for (seg, ch), part in frame.groupby(["segment", "channel"], observed=True):
        for d in dims.columns:
            col = part[d].dropna()
            if len(col):
                rows.append({"segment": str(seg), "channel": str(ch), "dimension": d, "n": int(len(col)),
                             "sum": float(col.sum())})
    return tuple(rows)


EVERY_PERIOD = {"after_build_date"}  # rules whose findings every period's build reports


def period_findings(prep: Prepared, quarter: Quarter) -> list[Finding]:
    """The data-quality findings on rows of `quarter` (validation logs them for every quarter)."""
    rows = {
        prep.dataset.sources[name].path.name: frame.loc[(frame[QUARTER] == quarter.index).to_numpy(), ROW].to_numpy()
        for name, frame in (("complaints", prep.complaints), ("surveys", prep.surveys)) if name in prep.dataset.sources
    }
    out = []
    for file, period_rows in rows.items():
        mine = [f for f in prep.findings if f.file == file and f.rule not in EVERY_PERIOD]
        keep = np.isin(np.array([f.row for f in mine], dtype=np.int64), period_rows)
        out.extend(f for f, k in zip(mine, keep) if k)
    # Rows dated after the build belong to no period, and the small tables (events, actions)
    # are read whole: their findings are reported in every period's build.
    out.extend(f for f in prep.findings if f.rule in EVERY_PERIOD or f.file not in rows)
    return sorted(out, key=lambda f: (f.file, f.row, f.column))


def _data_quality(prep: Prepared, quarter: Quarter) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in period_findings(prep, quarter):
        key = f"{f.file.rsplit('.', 1)[0]}.{f.column}.{f.rule}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _with_flags(fig: Figures) -> Figures:
    """Attach the flags a reader must not miss: failed commitments, low index, worsening issues."""
    flags = []
    idx = fig.current.index
    if idx.veto:
        flags.append({"code": "veto_event", "severity": "critical"})
    if idx.needs_improvement_plan:
        flags.append({"code": "index_below_90", "severity": "warning", "score": idx.score})
    for name, sla in fig.current.complaints.sla.items():
        if sla.met is False:
            flags.append({"code": "sla_not_met", "severity": "warning", "sla": name,
                          "attainment": sla.attainment.value, "required": sla.required})
    for name, change in fig.changes["qoq"].items():
        better = HEADLINE_RATES[name][2] if name in HEADLINE_RATES else True
        if change.significant and change.delta is not None and (change.delta > 0) != better:
            flags.append({"code": "significant_decline", "severity": "warning", "figure": name,
                          "delta": change.delta, "p": change.p})
    for t in fig.worsening:
        flags.append({"code": "worsening_category", "severity": "warning", "category": t.category,
                      "counts": list(t.counts)})
    alpha = fig.current.survey.reliability.cronbach_alpha
    if alpha is not None and alpha < 0.7:
        flags.append({"code": "low_reliability", "severity": "info", "cronbach_alpha": alpha})
    return Figures(**{**fig.__dict__, "flags": tuple(flags)})
