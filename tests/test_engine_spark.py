"""The same queries on Spark SQL (local mode): equal figures to DuckDB's. `make test-engines` runs these.

Slow (a JVM starts and every query is a Spark job), so they are marked `engines` and left out
of `make test`. The large agreement test against the pandas reference is here for the same reason.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import business_sample
from reference import pandas_figures as ref
from reference.compare import differences
from reportgen.settings import settle
from reportgen.dataset import QUARTER, load_dataset
from reportgen.engine.backends import SparkBackend
from reportgen.figures import compute_figures, prepare
from reportgen.metrics_json import metrics_dict
from reportgen.periods import Quarter

pytestmark = pytest.mark.engines
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark.sql", reason="make test-engines installs pyspark")
    session = (pyspark.SparkSession.builder.master("local[2]").appName("reportgen-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.parametrize("folder, quarter", [(ROOT / "tests" / "data" / "fixture", "2025Q3"),
                                             (ROOT / "sample_data", "2025Q3")])
def test_spark_gives_the_figures_duckdb_gives(spark, folder, quarter):
    config = settle(folder).config
    dataset = load_dataset(folder, config)
    for name, frame in (("complaints", dataset.complaints), ("surveys", dataset.surveys)):
        spark.createDataFrame(frame.drop(columns=[QUARTER])).createOrReplaceTempView(name)
    q = Quarter.parse(quarter)
    on_spark = compute_figures(prepare(dataset, config, SparkBackend(spark, config.timezone)), q, config)
    on_duckdb = compute_figures(prepare(dataset, config), q, config)
    assert on_spark.current.complaints.total > 0
    assert differences(metrics_dict(on_spark, config), metrics_dict(on_duckdb, config)) == []


def test_engine_agrees_with_the_pandas_reference_on_a_large_data_set(tmp_path):
    """200,000 tickets and 50,000 responses a quarter, five quarters."""
    subprocess.run([sys.executable, "-m", "reportgen", "sample", "--out", str(tmp_path), "--complaints", "200000",
                    "--surveys", "50000", "--quarters", "5", "--format", "parquet", "--seed", "11"],
                   check=True, capture_output=True)
    config = settle(tmp_path).config
    dataset = load_dataset(tmp_path, config)
    q = Quarter(2026, 3)
    engine = compute_figures(prepare(dataset, config), q, config)
    pandas = ref.compute_figures(ref.prepare(dataset, config), q, config)
    assert engine.current.complaints.total > 150_000
    assert differences(metrics_dict(engine, config), metrics_dict(pandas, config)) == []
    assert engine.ticket_counts == pandas.ticket_counts


def test_spark_runs_the_business_clock_and_tiers(spark, tmp_path):
    """The calendar table, the joins on local dates and the tier limits, as Spark SQL."""
    folder = business_sample(tmp_path)
    config = settle(folder).config
    dataset = load_dataset(folder, config)
    for name, frame in (("complaints", dataset.complaints), ("surveys", dataset.surveys)):
        spark.createDataFrame(frame.drop(columns=[QUARTER])).createOrReplaceTempView(name)
    q = Quarter(2026, 1)
    on_spark = compute_figures(prepare(dataset, config, SparkBackend(spark, config.timezone)), q, config)
    on_duckdb = compute_figures(prepare(dataset, config), q, config)
    assert on_spark.breakdowns["severity"]
    assert differences(metrics_dict(on_spark, config), metrics_dict(on_duckdb, config)) == []
