"""What reviewers ask of a questionnaire beyond α: McDonald's ω with a bootstrap interval, corrected
item–total correlations, and the key drivers of overall satisfaction (Johnson's relative weights).

Bootstrap intervals resample responses, so these figures are computed from the quarter's valid
responses row by row (queries/quality_responses.sql, fetched once for the response-quality
indices too), on the responses that answered every item (listwise), as α is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from threadpoolctl import threadpool_limits

from reportgen.config import Config
from reportgen.metrics import drivers, factor
from reportgen.questionnaire import Questionnaire

MIN_ROWS = 10  # fewer complete responses: no ω, no weights (a bootstrap of a handful says nothing)


@dataclass(frozen=True)
class Omega:
    value: float | None
    interval: tuple[float, float] | None
    items: int


@dataclass(frozen=True)
class Measurement:
    n: int  # responses that answered every item
    omega_total: Omega  # all items, one factor
    omega: dict[str, Omega]  # per dimension; None below three items (a one-factor model is then not identified)
    item_total: dict[str, float | None]  # corrected item–total correlation over all items


@dataclass(frozen=True)
class KeyDrivers:
    n: int  # responses with every dimension score and overall
    r2: float | None
    r2_interval: tuple[float, float] | None
    weights: dict[str, float]  # dimension -> relative weight (sums to R²)
    intervals: dict[str, tuple[float, float]]
    shares: dict[str, float]  # dimension -> share of R²


def _column(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(table[name].to_numpy(zero_copy_only=False), dtype=float)


def _omega(x: np.ndarray, config: Config) -> Omega:
    b = config.bootstrap
    if x.shape[1] < 3 or len(x) < MIN_ROWS:
        return Omega(None, None, x.shape[1])
    value = factor.omega_total(np.cov(x, rowvar=False))
    interval = None
    if b.samples and value is not None:
        with threadpool_limits(1, user_api="blas"):  # BLAS threads on busy cores cost 5–40 × (benchmarked)
            interval = factor.omega_interval(x, b.samples, b.seed, b.level)
    return Omega(value, interval, x.shape[1])


def measurement(table: pa.Table, q: Questionnaire, config: Config) -> Measurement | None:
    items = np.column_stack([_column(table, i) for i in q.item_ids]) if table.num_rows else np.empty((0, 0))
    complete = items[~np.isnan(items).any(axis=1)] if items.size else items
    if len(complete) < MIN_ROWS:
        return None
    position = {item: j for j, item in enumerate(q.item_ids)}
    per_dim = {d: _omega(complete[:, [position[i] for i in q.dimension_items(d)]], config) for d in q.dimensions}
    return Measurement(len(complete), _omega(complete, config), per_dim,
                       dict(zip(q.item_ids, factor.corrected_item_total(complete))))


def key_drivers(table: pa.Table, q: Questionnaire, config: Config, scale: int) -> KeyDrivers | None:
    """Relative weights of the dimension scores (per response, as the dimension means) for overall."""
    dims = list(q.dimensions)
    if len(dims) < 2 or not table.num_rows:
        return None
    x = np.column_stack([_column(table, f"_dim_{d}") / scale for d in dims])
    y = _column(table, "overall")
    ok = ~(np.isnan(x).any(axis=1) | np.isnan(y))
    x, y = x[ok], y[ok]
    if len(y) < MIN_ROWS:
        return None
    found = drivers.relative_weights(np.corrcoef(np.column_stack([x, y]), rowvar=False))
    if found is None:
        return KeyDrivers(len(y), None, None, {}, {}, {})
    weights, r2 = found
    b = config.bootstrap
    spread = None
    if b.samples:
        with threadpool_limits(1, user_api="blas"):
            spread = drivers.relative_weights_interval(x, y, b.samples, b.seed, b.level)
    shares = drivers.rescaled(weights, r2)
    return KeyDrivers(len(y), r2, spread[1] if spread else None, dict(zip(dims, map(float, weights))),
                      dict(zip(dims, spread[0])) if spread else {},
                      {} if shares is None else dict(zip(dims, map(float, shares))))
