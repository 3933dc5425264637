"""ω, corrected item–total correlations and key drivers in a build, against the same statistics
computed directly from the survey file with pandas (the engine's recoding and units aside)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import ITEMS
from pathlib import Path

from reportgen.build import compute
from reportgen.config import Config
from reportgen.metrics import drivers, factor
from reportgen.measurement import key_drivers


SAMPLE = Path(__file__).parent.parent / "sample_data"  # 930 valid responses in 2026Q3, 569 complete


@pytest.fixture(scope="module")
def run():
    return compute(data_dir=SAMPLE, period="2026Q3")


def _valid_rows(run) -> pd.DataFrame:
    """The quarter's valid responses, read from the file (which rows: the engine's list; line = row + 2)."""
    frame = pd.read_csv(SAMPLE / "surveys.csv", dtype={"response_id": str})
    lines = np.asarray(run.prep.engine.quality_rows(run.quarter)["_row"].to_pylist())
    frame = frame.iloc[lines - 2]
    for item in ITEMS:  # outside the scale: missing, as validation treats it
        frame.loc[~frame[item].between(1, 5), item] = np.nan
    return frame


def test_omega_and_item_total_equal_a_direct_computation(run):
    m = run.figures.measurement
    rows = _valid_rows(run)
    complete = rows[ITEMS].dropna().to_numpy(float)
    assert m.n == len(complete) == run.figures.current.survey.reliability.n
    assert m.omega_total.value == pytest.approx(factor.omega_total(np.cov(complete, rowvar=False)), rel=1e-9)
    assert list(m.item_total.values()) == pytest.approx(factor.corrected_item_total(complete), rel=1e-9)
    assert m.n == 569
    assert all(o.value is None for o in m.omega.values())  # two items a dimension: not identified
    lo, hi = m.omega_total.interval
    assert lo <= m.omega_total.value <= hi
    again = compute(data_dir=SAMPLE, period="2026Q3").figures.measurement
    assert again.omega_total.interval == m.omega_total.interval  # seeded: the same interval every build


def test_key_drivers_equal_relative_weights_of_the_dimension_means(run):
    kd = run.figures.key_drivers
    rows = _valid_rows(run)
    dims = [[f"q{2 * k + 1}", f"q{2 * k + 2}"] for k in range(6)]  # the default questionnaire's pairs
    x = np.column_stack([rows[d].mean(axis=1) for d in dims])
    y = rows["overall"].to_numpy(float)
    ok = ~(np.isnan(x).any(axis=1) | np.isnan(y))
    weights, r2 = drivers.relative_weights(np.corrcoef(np.column_stack([x[ok], y[ok]]), rowvar=False))
    assert kd.n == int(ok.sum())
    assert kd.r2 == pytest.approx(r2, rel=1e-9)
    assert list(kd.weights.values()) == pytest.approx(list(weights), rel=1e-9)
    assert sum(kd.shares.values()) == pytest.approx(1.0)
    for d, (lo, hi) in kd.intervals.items():
        assert lo <= kd.weights[d] <= hi


def test_no_bootstrap_when_switched_off(run):
    q = run.dataset.questionnaire
    rows = run.prep.engine.quality_rows(run.quarter)
    kd = key_drivers(rows, q, Config.model_validate({"bootstrap": {"samples": 0}}), q.unit * run.prep.engine.scale)
    assert kd.weights == run.figures.key_drivers.weights and kd.intervals == {} and kd.r2_interval is None
