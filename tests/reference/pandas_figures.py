"""The pandas implementation of every figure, as reportgen computed them before the engine.

Kept only as the reference: tests assert that the engine's figures agree with these on the
fixture, the sample and a generated large data set."""

from __future__ import annotations

import dataclasses

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from reference.pandas_clean import EXCLUDED, clean_complaints, mark_exclusions
from reportgen.config import Config
from reportgen.dataset import QUARTER, Dataset
from reference import pandas_compare as compare
from reportgen.metrics.complaints import BREAKDOWNS
from reference.pandas_complaints import (ELAPSED, REPEAT, add_elapsed,
                                          breakdown, complaint_figures, mark_repeats, sla_attainment)
from reportgen.figures import (SURVEY_BREAKDOWNS, TREND_QUARTERS, Figures, PeriodFigures,
                               SurveyGroup, _actions, _changes, _data_quality, _events_in, _with_flags, period_of)
from reportgen.metrics.results import Share
from reference.pandas_compare import representativeness, strata
from reference.pandas_survey import dimension_scores, nps_result, survey_figures
from reportgen.config import STRATA
from reportgen.periods import Quarter
from reportgen.validate import ROW, Finding

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


def period_figures(prep: Prepared, quarter: Quarter, config: Config) -> PeriodFigures:
    """Complaint, survey and index figures of one quarter."""
    tickets = prep.complaints[prep.complaints[QUARTER] == quarter.index]
    responses = prep.surveys[prep.surveys[QUARTER] == quarter.index]
    cf = complaint_figures(tickets, config.sla)
    sf = survey_figures(responses, prep.dataset.questionnaire)
    sizes = tickets.groupby("category", observed=True).size()
    categories = {str(k): int(n) for k, n in sorted(sizes.items(), key=lambda kv: (-kv[1], str(kv[0]))) if n}
    period = period_of(quarter, cf, sf, _events_in(prep.events, quarter, config), config, categories)
    if not config.sla.tiered:
        return period
    return dataclasses.replace(period, severity_sla={
        str(k): complaint_figures(part, config.sla, str(k)).sla
        for k, part in tickets.groupby("severity", observed=True) if len(part)})


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

    closure_met = sla_attainment(tickets[ELAPSED["closure"]], config.sla.closure, tickets)
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
                       for by in (("category", "channel"), ("store", "category"), ("region", "category"),
                                  ("store", "channel"), ("region", "channel"))},
                      _segment_dimensions(valid, dims), prep.dataset.absent, prep.dataset.questionnaire,
                      {name: prep.dataset.file_name(name) for name in ("complaints", "surveys")
                       if name not in prep.dataset.absent},
                      *(f"{d:%Y-%m-%d}" for d in (quarter.bounds(config.tz)[0],
                                                  quarter.bounds(config.tz)[1] - pd.Timedelta(days=1))),
                      _actions(prep.dataset.actions), int(round(config.sampling.review_share * len(valid))))
    figures = dataclasses.replace(figures, overdue_count=overdue_count(prep.dataset.complaints, quarter, config))
    return _with_flags(figures)


def overdue_count(tickets: pd.DataFrame | None, quarter: Quarter, config: Config) -> int:
    """Tickets received before the quarter's end, not validly closed by then, older than their
    closure limit (the calendar clock)."""
    if tickets is None or not len(tickets):
        return 0
    end = quarter.bounds(config.tz)[1]
    received, closed = tickets["received_at"], tickets["closed_at"]
    still_open = closed.isna() | (closed < received) | (closed >= end)
    limit = pd.Series(config.sla.closure.limit.total_seconds(), index=tickets.index)
    for severity, tier in config.sla.closure.by_severity.items():
        limit[tickets["severity"] == severity] = tier.limit.total_seconds()
    age = (end - received).dt.total_seconds()
    return int(((received < end) & still_open & (age > limit)).sum())


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
