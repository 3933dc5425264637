"""The engine's queries against the pandas reference, DuckDB's own command line, and other engines' SQL."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlglot

from conftest import duckdb_results, recorder
from reference import pandas_figures as ref
from reference.compare import differences
from reportgen.build import build
from reportgen.settings import settle
from reportgen.dataset import load_dataset
from reportgen.engine import sql
from reportgen.engine.counts import Engine
from reportgen.figures import compute_figures, prepare
from reportgen.metrics.moments import pearson_of, reliability_of_moments
from reportgen.metrics.reliability import reliability
from reportgen.metrics.stats import pearson
from reportgen.metrics_json import metrics_dict
from reportgen.periods import Quarter

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "data" / "fixture"
SAMPLE = ROOT / "sample_data"


def _both(folder: Path, quarter: Quarter):
    config = settle(folder).config
    dataset = load_dataset(folder, config)
    engine = compute_figures(prepare(dataset, config), quarter, config)
    pandas = ref.compute_figures(ref.prepare(dataset, config), quarter, config)
    return engine, pandas, config


def _agree(engine, pandas, config) -> None:
    assert differences(metrics_dict(engine, config), metrics_dict(pandas, config)) == []
    assert engine.ticket_counts == pandas.ticket_counts
    dash = lambda v: None if v == "—" else v  # the reference labels a missing segment or channel itself
    assert differences(list(engine.segment_dimensions),
                       [dict(r, segment=dash(r["segment"]), channel=dash(r["channel"])) for r in pandas.segment_dimensions]) == []


@pytest.mark.parametrize("folder, quarter", [(FIXTURE, "2025Q3"), (FIXTURE, "2025Q2"), (SAMPLE, "2025Q3"),
                                             (SAMPLE, "2026Q3")])
def test_engine_agrees_with_the_pandas_reference(folder, quarter):
    _agree(*_both(folder, Quarter.parse(quarter)))


def test_engine_agrees_on_a_generated_data_set(tmp_path):
    """20,000 tickets and 5,000 responses a quarter, with the generator's messy rows."""
    subprocess.run([sys.executable, "-m", "reportgen", "sample", "--out", str(tmp_path), "--complaints", "20000",
                    "--surveys", "5000", "--quarters", "5", "--seed", "7"], check=True, capture_output=True)
    engine, pandas, config = _both(tmp_path, Quarter(2026, 3))
    assert engine.current.complaints.total > 15_000
    _agree(engine, pandas, config)


def test_queries_sql_rerun_with_duckdb_cli_gives_the_headline_figures(tmp_path):
    result = build(data_dir=SAMPLE, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    results = duckdb_results((result.out_dir / "queries.sql").read_text("utf-8"), tmp_path)
    headline = results[-1][0]
    metrics = json.loads((result.out_dir / "metrics.json").read_text("utf-8"))
    c, s = metrics["complaints"], metrics["survey"]
    assert headline["complaints_total"] == c["total"] == 1500
    for name in ("response_sla_rate", "solution_sla_rate", "closure_sla_rate", "resolution_rate",
                 "first_contact_resolution_rate", "repeat_rate", "handling_satisfaction_rate"):
        assert headline[name] == pytest.approx(c[name], rel=1e-12), name
    assert int(headline["responses_valid"]) == s["responses_valid"]
    assert headline["csat_top2"] == pytest.approx(s["csat_top2"], rel=1e-12)
    assert headline["nps"] == pytest.approx(s["nps"], rel=1e-12)


def _statements(dialect: str) -> list[sql.Statement]:
    config = settle(SAMPLE).config
    dataset = load_dataset(SAMPLE, config)

    engine = Engine(recorder(dialect), config, dataset.questionnaire)
    engine.counts(Quarter(2025, 3))
    engine.excluded(Quarter(2025, 3))
    engine.valid(Quarter(2025, 3))
    engine.early_timestamps()
    return engine.statements


@pytest.mark.parametrize("dialect, must, must_not", [
    ("postgres", ("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY", "EXTRACT(EPOCH FROM", "GROUPING SETS"),
     ("QUANTILE_CONT", "EPOCH_US")),
    ("spark", ("PERCENTILE(", "UNIX_MICROS(", "GROUPING SETS", " DIV "), ("QUANTILE_CONT", "EPOCH_US")),
    ("trino", ("APPROX_PERCENTILE(", "TO_UNIXTIME(", "GROUPING SETS"), ("QUANTILE_CONT", "EPOCH_US")),
    ("clickhouse", ("quantileExactInclusive(0.5)(", "toUnixTimestamp64Micro(", "GROUPING SETS"),
     ("QUANTILE_CONT", "EPOCH_US")),
])
def test_generated_sql_for_other_engines(dialect, must, must_not):
    statements = _statements(dialect)
    assert [s.name for s in statements] == ["repeats", "tickets", "copies", "responses", "sla_sources", "complaint_groups",
                                            *["complaint_durations"] * 7, "survey_groups", "item_moments", "driver_moments", "excluded_responses",
                                            "valid_responses", "early_timestamps"]
    text = "\n".join(s.sql for s in statements)
    for piece in must:
        assert piece in text, piece
    for piece in must_not:
        assert piece not in text, piece
    for s in statements:  # each statement parses back in its own dialect, to the same statement
        tree = sqlglot.parse_one(s.sql, read=dialect)
        assert tree.sql(dialect=dialect, pretty=True) == s.sql


def test_quoted_names_refuse_anything_but_a_column_name():
    assert sql.quote("q1") == '"q1"'
    for bad in ('q1"; DROP TABLE x; --', "a b", "", "1a"):
        with pytest.raises(ValueError):
            sql.quote(bad)


def _moments(frame: pd.DataFrame) -> dict:
    complete = frame.dropna()
    out = {"n": len(complete)}
    items = list(frame.columns)
    for i, a in enumerate(items):
        out[f"s_{a}"] = int(complete[a].sum())
        for b in items[i:]:
            out[f"x_{a}_{b}"] = int((complete[a] * complete[b]).sum())
    return out


@pytest.mark.parametrize("seed", range(5))
def test_reliability_from_sums_equals_the_reference_on_answers(seed):
    rng = np.random.default_rng(seed)
    n, k = 200, 6
    base = rng.integers(1, 6, size=(n, 1))
    answers = np.clip(base + rng.integers(-1, 2, size=(n, k)), 1, 5).astype(float)
    answers[rng.random((n, k)) < 0.05] = np.nan  # some not answered: listwise
    frame = pd.DataFrame(answers, columns=[f"q{i}" for i in range(1, k + 1)])
    dims = {"a": ["q1", "q2", "q3"], "b": ["q4", "q5", "q6"]}
    expected = reliability(frame, dims)
    got = reliability_of_moments(_moments(frame), list(frame.columns), dims)
    assert got.n == expected.n
    assert differences(got.__dict__, expected.__dict__, rel=1e-10) == []


def test_pearson_from_sums_equals_the_reference():
    rng = np.random.default_rng(3)
    x = rng.integers(2, 11, 500)  # a dimension score × 2, as the engine scales it
    y = np.clip((x // 2) + rng.integers(-1, 2, 500), 1, 5)
    m = {"n": 500, "sd": int(x.sum()), "sdd": int((x * x).sum()), "so": int(y.sum()), "soo": int((y * y).sum()),
         "sdo": int((x * y).sum()), "dmin": int(x.min()), "dmax": int(x.max()), "omin": int(y.min()), "omax": int(y.max())}
    assert pearson_of(m) == pytest.approx(pearson(x / 2, y), rel=1e-12)
    assert pearson_of(dict(m, dmin=3, dmax=3)) is None and pearson_of(dict(m, n=2)) is None
    assert not math.isnan(pearson_of(m))


def test_cleaned_relations_are_stored_in_a_temporary_database_removed_on_close():
    from reportgen.engine.backends import DuckDBBackend

    backend = DuckDBBackend("Asia/Shanghai")
    folder = Path(backend.con.execute("SELECT path FROM duckdb_databases() WHERE database_name = 'work'")
                  .fetchall()[0][0]).parent
    backend.materialise("numbers", sql.Statement("numbers", "SELECT range AS n FROM range(5)"))
    assert backend.rows(sql.Statement("sum", "SELECT SUM(n) AS s FROM numbers")) == [{"s": 10}]
    assert (folder / "work.duckdb").is_file()
    backend.close()
    assert not folder.exists()


def test_without_a_temporary_folder_the_cleaned_relations_stay_in_memory(monkeypatch):
    import tempfile

    from reportgen.engine.backends import DuckDBBackend

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    config = settle(FIXTURE).config
    dataset = load_dataset(FIXTURE, config)
    assert dataset.backend.work is None and isinstance(dataset.backend, DuckDBBackend)
    figures = compute_figures(prepare(dataset, config), Quarter(2025, 3), config)
    assert figures.current.complaints.total > 0


def test_duckdb_buffers_are_capped_below_its_own_default(monkeypatch):
    from reportgen.engine import backends

    backend = backends.DuckDBBackend("Asia/Shanghai")
    setting = backend.con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]
    backend.close()
    assert setting.replace(" ", "") in ("3.0GiB", "3GiB")
    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": 2 * (1 << 30) // 4096}  # a 2 GiB machine
    monkeypatch.setattr(backends.os, "sysconf", lambda name: sizes[name])
    assert backends.memory_limit() == int(0.8 * (2 << 30))
