"""Boundary cases of the rules in docs/methodology.md ("How reportgen applies this method")."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd
import pytest

from reportgen.config import Config
from reportgen.dataset import load_dataset
from reportgen.metrics.compare import worsening_categories
from reportgen.metrics.complaints import mark_repeats, sla_attainment


def _tickets(rows):
    return pd.DataFrame({
        "customer_id": pd.array([c for c, _ in rows], dtype="string"),
        "received_at": pd.to_datetime([t for _, t in rows]).tz_localize("Asia/Shanghai"),
    })


@pytest.mark.metric("complaints.repeat_rate")
def test_repeat_window_is_inclusive_and_strictly_earlier():
    t = _tickets([
        ("A", "2025-07-01 10:00"), ("A", "2025-07-31 10:00"),  # exactly 30 days later: repeat
        ("B", "2025-07-01 10:00"), ("B", "2025-07-31 10:01"),  # 30 days and a minute: not
        ("C", "2025-07-05 09:00"), ("C", "2025-07-05 09:00"),  # same instant: neither
        ("C", "2025-07-06 09:00"),                             # after the pair: repeat
        (None, "2025-07-06 09:00"),                            # no customer: outside the denominator
    ])
    flags = mark_repeats(t, timedelta(days=30))
    assert flags.tolist() == [False, True, False, False, False, False, True, pd.NA]


def test_sla_limit_is_inclusive_and_missing_is_not_met():
    elapsed = pd.Series([29.99, 30.0, 30.01, float("nan")])
    assert sla_attainment(elapsed, timedelta(minutes=30)).tolist() == [True, True, False, False]


@pytest.mark.metric("worsening_categories")
def test_worsening_from_zero_and_exactly_twenty_percent():
    counts = pd.DataFrame({"q1": [0, 10, 5, 10], "q2": [0, 10, 10, 10], "q3": [4, 12, 12, 13]},
                          index=["new", "plus20", "twice", "plus30"])
    found = {t.category: t for t in worsening_categories(counts)}
    assert set(found) == {"twice", "plus30"}  # "new" has no growth rate; +20 % is not "more than 20 %"
    assert found["twice"].rose_twice and found["plus30"].jump == pytest.approx(0.3)


def test_negative_numbers_are_findings_not_errors(data_dir):
    text = (data_dir / "surveys.csv").read_text(encoding="utf-8").replace("R1,2025-07-05 10:00:00,120,",
                                                                          "R1,2025-07-05 10:00:00,-120,")
    (data_dir / "surveys.csv").write_text(text, encoding="utf-8")
    dataset = load_dataset(data_dir, Config())
    assert [(f.row, f.column, f.rule) for f in dataset.findings] == [(2, "duration_seconds", "out_of_range")]
    assert pd.isna(dataset.surveys.loc[0, "duration_seconds"])


@pytest.mark.metric("sampling.representativeness")
def test_representativeness_against_population_shares():
    from reportgen.metrics.sampling import representativeness

    values = pd.Series(["high"] * 3 + ["mid"] * 5 + ["low"] * 2 + ["vip", None], dtype="string")
    r = representativeness(values, {"high": 0.2, "mid": 0.5, "low": 0.3}, "segment")
    # listed n = 10 (vip has no population share; the empty one is no answer):
    # shares 0.3 / 0.5 / 0.2; differences +0.1 / 0 / −0.1; expected 2 / 5 / 3;
    # χ² = (3 − 2)²/2 + 0 + (2 − 3)²/3 = 0.8333…, df 2, p = exp(−χ²/2) = 0.659241…
    assert [(c.value, c.n) for c in r.rows] == [("high", 3), ("mid", 5), ("low", 2)]
    assert [c.sample_share for c in r.rows] == pytest.approx([0.3, 0.5, 0.2])
    assert [c.difference for c in r.rows] == pytest.approx([0.1, 0.0, -0.1])
    assert r.chi2 == pytest.approx(5 / 6) and r.df == 2
    assert r.p == pytest.approx(math.exp(-5 / 12), rel=1e-12)
    assert r.unlisted == 1


@pytest.mark.metric("sampling.strata")
def test_strata_counts_largest_first():
    from reportgen.metrics.sampling import strata

    valid = pd.DataFrame({"segment": ["high", "high", "low", "low", "high"],
                          "product_line": ["fresh", "fresh", "fresh", "fresh", "apparel"],
                          "channel": ["online", "online", "store", "store", "online"]})
    # high|fresh|online 2, low|fresh|store 2 (tie: by name), high|apparel|online 1
    assert strata(valid, ("segment", "product_line", "channel")) == {
        "high | fresh | online": 2, "low | fresh | store": 2, "high | apparel | online": 1}
    assert strata(valid.assign(channel=None), ("segment", "channel")) == {"high": 3, "low": 2}
