"""The pandas computation of the survey figures (the reference for engine/queries/responses.sql,
survey_groups.sql and item_moments.sql)."""

from __future__ import annotations


import pandas as pd

from reference.pandas_clean import EXCLUDED, EXCLUSION_RULES
from reportgen.metrics.reliability import reliability
from reportgen.metrics.results import Nps, Share
from reportgen.metrics.survey import DimensionStats, ItemStats, SurveyFigures
from reportgen.metrics.stats import nps_ci95
from reportgen.questionnaire import Questionnaire


def dimension_scores(valid: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Each response's mean over the answered items of each dimension (NaN if none answered)."""
    return pd.DataFrame({
        dim: valid[questionnaire.dimension_items(dim)].astype("float64").mean(axis=1, skipna=True)
        for dim in questionnaire.dimensions
    }, index=valid.index)


def nps_result(nps: pd.Series) -> Nps:
    """NPS over the answered values of `nps` (0–10)."""
    answered = nps.dropna().astype("int64")
    n = len(answered)
    promoters = int((answered >= 9).sum())
    detractors = int((answered <= 6).sum())
    score = 100.0 * (promoters - detractors) / n if n else None
    return Nps(score, promoters, n - promoters - detractors, detractors, n, nps_ci95(promoters, detractors, n))


def _counts(values: pd.Series, lo: int, hi: int) -> dict[int, int]:
    vc = values.dropna().astype("int64").value_counts()
    return {k: int(vc.get(k, 0)) for k in range(lo, hi + 1)}


def item_stats(values: pd.Series) -> ItemStats:
    v = values.dropna().astype("float64")
    n = len(v)
    return ItemStats(n, float(v.mean()) if n else None, float(v.std(ddof=1)) if n > 1 else None, _counts(v, 1, 5))


def survey_figures(responses: pd.DataFrame, questionnaire: Questionnaire) -> SurveyFigures:
    """Compute the survey figures over one period's responses (exclusions already marked)."""
    excluded_rule = responses[EXCLUDED]
    valid = responses[excluded_rule.isna().to_numpy()]
    overall = valid["overall"].dropna()
    dims = dimension_scores(valid, questionnaire)
    dimensions = {}
    for dim in questionnaire.dimensions:
        d = dims[dim].dropna()
        mean = float(d.mean()) if len(d) else None
        dimensions[dim] = DimensionStats(mean, None if mean is None else (mean - 1) / 4 * 100, len(d))
    return SurveyFigures(
        responses_total=len(responses),
        responses_valid=len(valid),
        excluded={rule: int((excluded_rule == rule).sum()) for rule in EXCLUSION_RULES},
        csat_top2=Share.of(int((overall >= 4).sum()), len(overall)),
        nps=nps_result(valid["nps"]),
        overall_counts=_counts(valid["overall"], 1, 5),
        nps_counts=_counts(valid["nps"], 0, 10),
        items={item: item_stats(valid[item]) for item in questionnaire.item_ids},
        dimensions=dimensions,
        reliability=reliability(valid[questionnaire.item_ids].astype("float64"),
                                {d: questionnaire.dimension_items(d) for d in questionnaire.dimensions}),
    )
