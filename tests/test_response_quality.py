"""Response quality in a build: the indices' flags counted, listed in exclusions.csv, and the
headline figures without the flagged responses, against hand counts on a small data folder."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ITEMS
from reportgen.questionnaire import default_questionnaire_text
from reportgen.build import build, compute
from reportgen.metrics import quality
from reportgen.response_quality import thresholds

# 36 responses in 2025Q3. R01 ticks 5 on all 12 items (in 300 s, so no exclusion rule meets it):
# longstring 12 ≥ 0.8 × 12 and IRV 0 < 0.3, two flags → flagged. R02 answers like the honest ones in
# 90 s: 7.5 s an item, under half the median 25 s → speeder only, one flag → not flagged.
HONEST = [[4, 5, 4, 3, 5, 4, 4, 3, 5, 4, 3, 4], [3, 4, 4, 5, 3, 4, 5, 4, 4, 3, 4, 5], [5, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 3]]


def _folder(tmp_path):
    rows = [("R01", 300, [5] * 12, 5, 10), ("R02", 90, HONEST[0], 4, 8)]
    for i in range(34):
        rows.append((f"R{i + 3:02d}", 300, HONEST[i % 3], 4 if i % 4 else 2, 9 if i % 2 else 6))
    frame = pd.DataFrame([{"response_id": r, "submitted_at": f"2025-07-{1 + k % 28:02d} 10:00:00",
                           "duration_seconds": d, **dict(zip(ITEMS, answers)), "overall": o, "nps": n}
                          for k, (r, d, answers, o, n) in enumerate(rows)])
    d = tmp_path / "data"
    d.mkdir()
    frame.to_csv(d / "surveys.csv", index=False)
    (d / "questionnaire.yaml").write_text(default_questionnaire_text(), encoding="utf-8")
    return d, frame


@pytest.fixture
def run(tmp_path):
    folder, frame = _folder(tmp_path)
    return compute(data_dir=folder, period="2025Q3"), frame


@pytest.mark.metric("survey.quality.flags")
def test_flags_count_each_index(run):
    computed, frame = run
    qf = computed.figures.quality
    x = frame[ITEMS].to_numpy(float)
    dims = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]]  # the default questionnaire's six dimensions
    t = thresholds(computed.config)
    reference = quality.flags_from(quality.indices(x, x, dims, frame["duration_seconds"].to_numpy(float), t), 12, t)
    assert qf.flags == {k: int(v.sum()) for k, v in reference.items()}
    assert qf.checked == 36
    assert qf.flags["longstring"] == 1 and qf.flags["low_variability"] == 1  # R01 alone
    assert qf.flags["speeder"] == 1  # R02 alone: median 300 s / 12 = 25 s an item; 7.5 < 12.5
    assert qf.cut["speeder"] == 12.5 and qf.cut["longstring"] == pytest.approx(9.6)


@pytest.mark.metric("survey.quality.flagged")
def test_flagged_needs_two_indices_and_every_flag_is_listed(run, tmp_path):
    computed, _ = run
    qf = computed.figures.quality
    assert qf.min_flags == 2
    raised = {}
    for f in computed.flagged:
        raised.setdefault(f.response_id, set()).add(f.code)
    assert {"longstring", "low_variability"} <= raised["R01"] and raised["R02"] == {"speeder"}
    assert qf.flagged == sum(1 for codes in raised.values() if len(codes) >= 2)
    result = build(data_dir=tmp_path / "data", out_dir=tmp_path / "out", period="2025Q3", documents=False)
    listed = pd.read_csv(result.out_dir / "exclusions.csv", dtype=str)
    r01 = listed[listed["id"] == "R01"]
    assert set(r01["rule"]) == raised["R01"]
    assert "longstring 12 ≥ 9.6" in set(r01["detail"])


@pytest.mark.metric("survey.quality.without_flagged")
def test_headline_without_the_flagged_by_hand(run):
    computed, frame = run
    qf = computed.figures.quality
    flagged = {f.response_id for f in computed.flagged if sum(g.response_id == f.response_id for g in computed.flagged) >= 2}
    assert "R01" in flagged
    kept = frame[~frame["response_id"].isin(flagged)]
    top2 = int((kept["overall"] >= 4).sum())
    assert (qf.unflagged.csat_top2.count, qf.unflagged.csat_top2.n) == (top2, len(kept))
    promoters, detractors = int((kept["nps"] >= 9).sum()), int((kept["nps"] <= 6).sum())
    assert qf.unflagged.nps.score == pytest.approx(100 * (promoters - detractors) / len(kept))
    # responsiveness: q1, q2, (mean − 1) / 4 × 100 averaged over the kept responses
    expected = ((kept[["q1", "q2"]].mean(axis=1) - 1) / 4 * 100).mean()
    assert qf.unflagged.dimensions["responsiveness"] == pytest.approx(expected)
    # with everyone: exactly the report's figures
    sf = computed.figures.current.survey
    assert qf.all_valid.csat_top2 == sf.csat_top2 and qf.all_valid.nps.score == pytest.approx(sf.nps.score)
    assert qf.all_valid.dimensions["attitude"] == pytest.approx(sf.dimensions["attitude"].score100)


def test_configured_flags_exclude_after_the_five_rules(tmp_path):
    folder, frame = _folder(tmp_path)
    (folder / "reportgen.toml").write_text('[quality]\nexclude = ["speeder", "longstring"]\n', encoding="utf-8")
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    sf = result.figures.current.survey
    # R01 (longstring) and R02 (speeder) excluded; the flags were judged on all 36
    assert sf.excluded["longstring"] == 1 and sf.excluded["speeder"] == 1
    assert sf.responses_valid == 34 and result.figures.quality.checked == 36
    kept = frame[~frame["response_id"].isin(["R01", "R02"])]
    assert (sf.csat_top2.count, sf.csat_top2.n) == (int((kept["overall"] >= 4).sum()), 34)
    listed = pd.read_csv(result.out_dir / "exclusions.csv", dtype=str)
    excluded = listed[listed["detail"].str.contains("quality.exclude", na=False)]
    assert dict(zip(excluded["id"], excluded["rule"])) == {"R01": "longstring", "R02": "speeder"}
    import json
    doc = json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))
    assert doc["survey"]["excluded"]["speeder"] == 1 and doc["survey"]["responses_valid"] == 34


def test_queries_sql_replays_the_quality_exclusion(tmp_path):
    from conftest import COMPLAINTS, duckdb_results

    folder, _ = _folder(tmp_path)
    (folder / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8")  # the headline needs both tables
    (folder / "reportgen.toml").write_text('[quality]\nexclude = ["speeder"]\n', encoding="utf-8")
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    script = (result.out_dir / "queries.sql").read_text("utf-8")
    assert "quality_excluded" in script
    results = duckdb_results(script, tmp_path)
    headline = results[-1][0]
    assert int(headline["responses_valid"]) == 35 == result.figures.current.survey.responses_valid  # R02 out
    assert headline["csat_top2"] == pytest.approx(result.figures.current.survey.csat_top2.value, rel=1e-12)
