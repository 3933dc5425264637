"""The priority matrix, importance × performance, strata and representativeness checks from row-level
frames, as reportgen computed them before the engine: the aggregation from rows is the reference;
the library's functions then place, rank and test the aggregates."""

from __future__ import annotations

import pandas as pd

from reportgen.metrics import compare, sampling
from reportgen.metrics.compare import *  # noqa: F403 (the shared, aggregate-level functions)
from reportgen.metrics.stats import pearson


def priority_matrix(tickets: pd.DataFrame, closure_met: pd.Series, severity_weights: dict[str, float],
                    min_cell: int) -> compare.PriorityMatrix:
    weight = tickets["severity"].map(severity_weights).astype("float64") if "severity" in tickets else None
    basis = "severity" if weight is not None and weight.notna().any() else "closure_breach"
    categories = {}
    for cat, part in tickets.groupby("category", sort=True, observed=True):
        if basis == "severity":
            w = weight[part.index].dropna()
            impact = float(w.mean()) if len(w) else None
        else:
            impact = float(1.0 - closure_met[part.index].mean())
        categories[str(cat)] = (len(part), impact)
    return compare.priority_matrix(categories, len(tickets), basis, min_cell)


def importance_performance(dimension_scores: pd.DataFrame, overall: pd.Series,
                           performance: dict[str, float | None]) -> compare.ImportancePerformance:
    drivers = {}
    for dim in dimension_scores.columns:
        pair = pd.DataFrame({"d": dimension_scores[dim], "o": overall.astype("float64")}).dropna()
        drivers[dim] = (pearson(pair["d"].to_numpy(), pair["o"].to_numpy()), len(pair))
    return compare.importance_performance(drivers, performance)


def strata(valid: pd.DataFrame, by: tuple[str, ...]) -> dict[str, int]:
    counts = valid[list(by)].astype("string").value_counts(dropna=False)
    keyed = {tuple(None if pd.isna(v) else str(v) for v in k): int(n) for k, n in counts.items()}
    return sampling.strata(keyed, by)


def representativeness(values: pd.Series, population: dict[str, float], variable: str) -> sampling.Representativeness:
    counts = values.dropna().astype(str).value_counts()
    return sampling.representativeness({str(k): int(v) for k, v in counts.items()}, population, variable)
