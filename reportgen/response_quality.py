"""Response quality beyond the five exclusion rules: indices per valid response, and the flags.

The indices (reportgen.metrics.quality) need each response's answers, so the quarter's valid
responses come from the engine row by row (queries/quality_responses.sql), a few numbers each.
A flag never excludes a response: the headline figures are computed again without the responses
that `quality.min_flags` (2) indices flag, so a reader sees how much they would move (the appendix
shows both side by side). One index alone flags many honest respondents of a short questionnaire;
requiring two is the multiple-hurdle approach (Curran 2016).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from reportgen.config import Config
from reportgen.metrics import quality
from reportgen.metrics.results import Nps, Share
from reportgen.metrics.survey import nps_of
from reportgen.questionnaire import Questionnaire
from reportgen.rules import quality_exclusions


@dataclass(frozen=True)
class Headline:
    """The headline survey figures over a set of valid responses."""

    responses: int
    csat_top2: Share
    nps: Nps
    dimensions: dict[str, float | None]  # score100


@dataclass(frozen=True)
class QualityFigures:
    checked: int  # valid responses indexed
    flags: dict[str, int]  # flag code -> responses it flags
    flagged: int  # responses with at least `quality.min_flags` flags
    min_flags: int
    cut: dict[str, float]  # flag code -> the threshold it applies (mahalanobis: the χ² quantile itself)
    synonym_pairs: tuple[tuple[str, str], ...]
    all_valid: Headline
    unflagged: Headline  # the same without the flagged responses


@dataclass(frozen=True)
class Flagged:
    row: int
    response_id: str
    code: str
    detail: str


def thresholds(config: Config) -> quality.Thresholds:
    c = config.quality
    return quality.Thresholds(c.longstring_share, c.longstring_min_items, c.irv_below, c.mahalanobis_quantile,
                              c.even_odd_below, c.synonyms_below, c.synonyms_critical, c.speeder_ratio)


def _headline(rows: np.ndarray, overall, nps, dims, top_from: int, per_row_score) -> Headline:
    o = overall[rows]
    o = o[np.isfinite(o)]
    n = nps[rows]
    n = n[np.isfinite(n)]
    counts = {v: int((n == v).sum()) for v in range(11)}
    scores = {}
    for d, col in dims.items():
        v = per_row_score[col][rows]
        v = v[np.isfinite(v)]
        scores[d] = float(v.mean() * 100) if len(v) else None
    return Headline(int(rows.sum()), Share.of(int((o >= top_from).sum()), len(o)), nps_of(counts), scores)


def _detail(code: str, values: dict[str, np.ndarray], i: int, cut: dict[str, float]) -> str:
    index = {"longstring": "longstring", "low_variability": "irv", "mahalanobis": "mahalanobis_d2",
             "even_odd": "even_odd", "synonyms": "synonyms", "speeder": "seconds_per_item"}[code]
    op = "≥" if code == "longstring" else ">" if code == "mahalanobis" else "<"
    return f"{index} {values[index][i]:.3g} {op} {cut[code]:.3g}"


def _judged(cols: dict[str, np.ndarray], q: Questionnaire, config: Config):
    """Each index and flag of these responses (one quarter's), and the line each flag applies."""
    recoded = np.column_stack([cols[i] for i in q.item_ids])
    given = recoded.copy()
    for j, item in enumerate(q.item_ids):
        if item in q.reverse_items:
            lo, hi = q.item_scales[item]
            given[:, j] = lo + hi - recoded[:, j]
    position = {item: j for j, item in enumerate(q.item_ids)}
    dims = [[position[i] for i in q.dimension_items(d)] for d in q.dimensions]
    t = thresholds(config)
    values = quality.indices(given, recoded, dims, cols["duration_seconds"], t)
    flags = quality.flags_from(values, len(q.item_ids), t)
    spi = values["seconds_per_item"]
    median = float(np.median(spi[np.isfinite(spi)])) if np.isfinite(spi).any() else float("nan")
    cut = {"longstring": max(t.longstring_share * len(q.item_ids), t.longstring_min_items), "low_variability": t.irv_below,
           "mahalanobis": quality.chi2_quantile(t.mahalanobis_quantile, len(q.item_ids)),
           "even_odd": t.even_odd_below, "synonyms": t.synonyms_below, "speeder": t.speeder_ratio * median}
    return recoded, values, flags, cut


def _columns(table: pa.Table) -> dict[str, np.ndarray]:
    return {name: np.asarray(table[name].to_numpy(zero_copy_only=False), dtype=float) for name in table.column_names
            if name != "response_id"}


def excluded_by_flags(table: pa.Table, q: Questionnaire, scale: int, config: Config) -> list[tuple[int, str]]:
    """(row, code) of each response a flag of `quality.exclude` excludes: the first such flag it
    meets, judged quarter by quarter (the median and the covariance are each quarter's own)."""
    codes = quality_exclusions(config)
    cols = _columns(table)
    out = []
    for quarter in np.unique(cols["_quarter"]) if table.num_rows else ():
        part = cols["_quarter"] == quarter
        _, _, flags, _ = _judged({k: v[part] for k, v in cols.items()}, q, config)
        rows = cols["_row"][part]
        for i in range(int(part.sum())):
            met = next((code for code in codes if flags[code][i]), None)
            if met is not None:
                out.append((int(rows[i]), met))
    return sorted(out)


def response_quality(table: pa.Table, q: Questionnaire, scale: int,
                     config: Config) -> tuple[QualityFigures | None, list[Flagged]]:
    """The quarter's response-quality flags, counts, and headline figures with and without them,
    from its valid responses (queries/quality_responses.sql; `scale` is the engine's). With
    `quality.exclude`, the responses those flags excluded are among them: the flags were judged so."""
    if table.num_rows == 0:
        return None, []
    cols = _columns(table)
    recoded, values, flags, cut = _judged(cols, q, config)
    t = thresholds(config)
    _, pairs = quality.psychometric_synonyms(recoded, t.synonyms_critical)
    raised = sum(f.astype(int) for f in flags.values())
    any_flag = raised >= config.quality.min_flags
    unit = q.unit * scale  # _dim_ is the place on the scale in these units
    per_row = {f"_dim_{d}": cols[f"_dim_{d}"] / unit for d in q.dimensions}
    dim_cols = {d: f"_dim_{d}" for d in q.dimensions}
    everyone = np.ones(table.num_rows, dtype=bool)
    both = [_headline(m, cols["overall"], cols["nps"], dim_cols, q.top_from, per_row) for m in (everyone, ~any_flag)]
    ids = table["response_id"].to_pylist()
    listed = [Flagged(int(cols["_row"][i]), str(ids[i]), code, _detail(code, values, i, cut))
              for i in np.flatnonzero(raised) for code in quality.FLAG_CODES if flags[code][i]]
    figures = QualityFigures(table.num_rows, {code: int(flags[code].sum()) for code in quality.FLAG_CODES},
                             int(any_flag.sum()), config.quality.min_flags, cut,
                             tuple((q.item_ids[a], q.item_ids[b]) for a, b in pairs), *both)
    return figures, listed
