"""Boundary cases of the rules in docs/methodology.md ("How reportgen applies this method")."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from reportgen.config import Config
from reportgen.dataset import load_dataset
from reportgen.engine.backends import DuckDBBackend
from reportgen.engine.counts import Engine
from reportgen.metrics.compare import worsening_categories
from reportgen.periods import Quarter
from reportgen.questionnaire import load_questionnaire

FIXTURE = Path(__file__).parent / "data" / "fixture"


def _engine(tickets: pd.DataFrame, config: Config = Config()) -> Engine:
    """The engine over a few tickets given by customer_id, received_at and optionally first_response_at."""
    n = len(tickets)
    ts = lambda col: pd.to_datetime(tickets[col]).dt.tz_localize("Asia/Shanghai") if col in tickets else \
        pd.Series(pd.NaT, index=tickets.index, dtype="datetime64[ns, Asia/Shanghai]")
    complaints = pd.DataFrame({
        "_row": range(2, n + 2), "ticket_id": [f"T{i}" for i in range(n)], "received_at": ts("received_at"),
        "channel": "hotline", "category": "repair", "severity": "routine", "store": "S", "region": "R",
        "department": "D", "first_response_at": ts("first_response_at"), "solution_at": ts("solution_at"),
        "closed_at": ts("closed_at"), "resolved": pd.array([None] * n, dtype="boolean"),
        **{f"{k}_sla_met": pd.array([None] * n, dtype="boolean") for k in ("response", "solution", "closure")},
        "first_contact_resolution": pd.array([None] * n, dtype="boolean"),
        "handling_satisfaction": pd.array([None] * n, dtype="Int64"),
        "customer_id": pd.array(tickets.get("customer_id", [None] * n), dtype="string"),
        "compensation_amount": pd.array([None] * n, dtype="Float64")})
    questionnaire = load_questionnaire(FIXTURE / "questionnaire.yaml")[0]
    surveys = pd.DataFrame({"_row": pd.Series([], dtype="int64"), "response_id": pd.Series([], dtype="string"),
                            "submitted_at": pd.Series([], dtype="datetime64[ns, Asia/Shanghai]"),
                            "duration_seconds": pd.Series([], dtype="Float64"),
                            **{c: pd.Series([], dtype="string") for c in ("channel", "segment", "product_line", "store")},
                            **{c: pd.Series([], dtype="Int64") for c in (*questionnaire.item_ids, "overall", "nps")}})
    backend = DuckDBBackend(config.timezone)
    backend.register("complaints", complaints)
    backend.register("surveys", surveys)
    return Engine(backend, config, questionnaire)


@pytest.mark.metric("complaints.repeat_rate")
def test_repeat_window_is_inclusive_and_strictly_earlier():
    t = pd.DataFrame([(c, ts) for c, ts in [
        ("A", "2025-07-01 10:00"), ("A", "2025-07-31 10:00"),  # exactly 30 days later: repeat
        ("B", "2025-07-01 10:00"), ("B", "2025-07-31 10:01"),  # 30 days and a minute: not
        ("C", "2025-07-05 09:00"), ("C", "2025-07-05 09:00"),  # same instant: neither
        ("C", "2025-07-06 09:00"),                             # after the pair: repeat
        (None, "2025-07-06 09:00"),                            # no customer: outside the denominator
    ]], columns=["customer_id", "received_at"])
    engine = _engine(t)
    engine.prepare()
    flags = [r for (r,) in engine.backend.con.execute("SELECT _repeat FROM tickets ORDER BY _row").fetchall()]
    assert flags == [False, True, False, False, False, False, True, None]


def test_sla_limit_is_inclusive_and_missing_is_not_met():
    received = "2025-07-01 10:00:00"
    t = pd.DataFrame({"received_at": [received] * 5,
                      "first_response_at": ["2025-07-01 10:29:59", "2025-07-01 10:30:00", "2025-07-01 10:30:01",
                                            None, "2025-07-01 09:59:00"]})  # the last is before receipt: missing
    counts = _engine(t).counts(Quarter(2025, 3))
    row = counts.complaint(Quarter(2025, 3).index)[()]
    assert (row["within_response"], row["total"]) == (2, 5)


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

    counts = {"high": 3, "mid": 5, "low": 2, "vip": 1}  # valid responses per segment (an empty one is no answer)
    r = representativeness(counts, {"high": 0.2, "mid": 0.5, "low": 0.3}, "segment")
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

    by = ("segment", "product_line", "channel")
    counts = {("high", "fresh", "online"): 2, ("low", "fresh", "store"): 2, ("high", "apparel", "online"): 1}
    # high|fresh|online 2, low|fresh|store 2 (tie: by name), high|apparel|online 1
    assert strata(counts, by) == {"high | fresh | online": 2, "low | fresh | store": 2, "high | apparel | online": 1}
    # a variable missing everywhere is left out of the names; one missing here and there shows as —
    assert strata({("high", None): 3, ("low", None): 2}, ("segment", "channel")) == {"high": 3, "low": 2}
    assert strata({("high", "x"): 3, (None, "x"): 2}, ("segment", "channel")) == {"high | x": 3, "— | x": 2}
