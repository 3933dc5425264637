"""The same figures from the tables in PostgreSQL as from the files: the queries run in the server."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reference.compare import differences
from reportgen.build import build, compute
from reportgen.config import Config
from reportgen.dataset import QUARTER, load_dataset
from reportgen.engine import sql
from reportgen.errors import InputError
from reportgen.metrics_json import metrics_dict

import pg
from conftest import business_sample

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "data" / "fixture"

if pg.binaries() is None:
    if os.environ.get("CI"):
        raise RuntimeError("PostgreSQL is not installed: `make test` installs it when run as root")
    pytest.skip("PostgreSQL is not installed (Debian package postgresql)", allow_module_level=True)


@pytest.fixture(scope="module")
def server():
    s = pg.Server()
    yield s
    s.stop()


def _in_database(folder: Path, server, tmp_path: Path, prefix: str) -> Path:
    """A copy of `folder` whose tickets and responses are tables in the server."""
    config_text = (folder / "reportgen.toml").read_text("utf-8") if (folder / "reportgen.toml").exists() else ""
    dataset = load_dataset(folder, Config())
    for name, frame in (("complaints", dataset.complaints), ("surveys", dataset.surveys)):
        pg.load_frame(server.url, f"{prefix}_{name}", frame.drop(columns=["_row", QUARTER]))
    out = tmp_path / prefix
    shutil.copytree(folder, out, ignore=shutil.ignore_patterns("complaints.*", "surveys.*"))
    (out / "reportgen.toml").write_text(
        config_text + f'\n[sources.complaints]\nurl = "{server.url}"\ntable = "{prefix}_complaints"\n'
        f'[sources.surveys]\nurl = "{server.url}"\ntable = "{prefix}_surveys"\n', encoding="utf-8")
    return out


@pytest.mark.parametrize("folder, period", [(FIXTURE, "2025Q3"), (ROOT / "sample_data", "2025Q3")])
def test_same_figures_from_postgresql_as_from_files(server, tmp_path, folder, period):
    from_files = compute(data_dir=folder, period=period)
    from_db = compute(data_dir=_in_database(folder, server, tmp_path, folder.name.lower()), period=period)
    assert from_db.prep.engine.backend.dialect == "postgres"
    a, b = metrics_dict(from_files.figures, from_files.config), metrics_dict(from_db.figures, from_db.config)
    assert b["complaints"]["total"] > 0
    a.pop("settings"), b.pop("settings")
    # Findings are counted per file; the database has no file rows, so only before_received remains.
    a.pop("data_quality"), b.pop("data_quality")
    # The sources are named as they are: a file, or a table of the database.
    assert (a.pop("source_files"), b.pop("source_files")["complaints"]) == (
        {"complaints": "complaints.csv", "surveys": "surveys.csv"}, f"{folder.name.lower()}_complaints")
    assert differences(a, b) == []


def test_build_from_postgresql_writes_every_output(server, tmp_path):
    data = _in_database(FIXTURE, server, tmp_path, "built")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    files = set(result.files)
    assert {"metrics.json", "exclusions.csv", "review_sample.csv", "comments.csv", "queries.sql", "manifest.json"} <= files
    manifest = (result.out_dir / "manifest.json").read_text("utf-8")
    assert '"table": "built_complaints"' in manifest and "sha256" not in manifest.split('"inputs"')[1][:200]
    queries = (result.out_dir / "queries.sql").read_text("utf-8")
    assert "PERCENTILE_CONT(0.5) WITHIN GROUP" in queries  # the PostgreSQL dialect was run


def test_missing_column_and_bad_url_are_input_errors(server, tmp_path):
    data = _in_database(FIXTURE, server, tmp_path, "broken")
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as con:
        con.execute("ALTER TABLE broken_complaints DROP COLUMN received_at")
    with pytest.raises(InputError) as err:
        compute(data_dir=data, period="2025Q3")
    assert [(p.file, p.column, p.message) for p in err.value.problems] == [
        ("broken_complaints", "received_at", "required column is missing")]
    text = (data / "reportgen.toml").read_text("utf-8").replace(server.url, "postgresql://nobody:secret@127.0.0.1:1/x")
    (data / "reportgen.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        compute(data_dir=data, period="2025Q3")
    problem = err.value.problems[0]
    assert "cannot connect" in problem.message and "secret" not in str(problem.file) + problem.message


def test_verify_recomputes_a_build_from_postgresql_and_sees_a_changed_table(server, tmp_path):
    import psycopg

    from reportgen.verify import verify

    data = _in_database(FIXTURE, server, tmp_path, "verified")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    assert verify(result.out_dir).problems == ()
    with psycopg.connect(server.url, autocommit=True) as con:
        con.execute("UPDATE verified_complaints SET resolved = NOT resolved WHERE ticket_id = 'C01'")
        con.execute("DELETE FROM verified_complaints WHERE ticket_id = 'C02'")
    problems = verify(result.out_dir).problems
    assert problems[0] == "verified_complaints: 27 rows now, 28 when built"  # the fixture's 28 tickets
    assert any("complaints.resolution_rate" in p for p in problems)


def test_only_the_rows_the_quarter_reads_enter_the_session(server, tmp_path):
    data = _in_database(ROOT / "sample_data", server, tmp_path, "window")  # 2025Q3–2026Q3
    run = compute(data_dir=data, period="2025Q3")
    backend = run.prep.engine.backend
    got = backend.rows(sql.Statement("n", "SELECT MIN(received_at) AS first, COUNT(*) AS n FROM complaints"))[0]
    every = backend.rows(sql.Statement("n", "SELECT MIN(received_at) AS first, COUNT(*) AS n FROM window_complaints"))[0]
    # Trend quarters 2024Q3–2025Q3, less the 30-day repeat window: from 2024-06-01 local time.
    assert got["first"] >= datetime(2024, 6, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert 0 < got["n"] < every["n"]
    ended = backend.rows(sql.Statement("n", "SELECT COUNT(*) AS n FROM surveys WHERE submitted_at >= "
                                            "TIMESTAMPTZ '2025-10-01 00:00:00+08:00'"))[0]["n"]
    assert ended == 0
    assert run.figures.current.complaints.total == compute(data_dir=ROOT / "sample_data", period="2025Q3").figures.current.complaints.total


def test_a_postgresql_table_in_an_export_s_shape_is_read_through_its_mapping(server, tmp_path):
    """A table that needs a mapping is read (only the columns mapped) and mapped as a file is."""
    from test_database_sources import MAPPING, cfpb_frame, check_cfpb_quarter

    pg.load_frame(server.url, "cfpb_raw", cfpb_frame())
    data = tmp_path / "data"
    data.mkdir()
    for name in ("surveys.csv", "questionnaire.yaml"):
        shutil.copy(FIXTURE / name, data / name)
    (data / "reportgen.toml").write_text(f'[sources.complaints]\nurl = "{server.url}"\ntable = "cfpb_raw"\n{MAPPING}',
                                         "utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2019Q2", documents=False)
    import json
    check_cfpb_quarter(json.loads((result.out_dir / "metrics.json").read_text("utf-8"))["complaints"])


def test_the_business_clock_and_tiers_in_postgresql(server, tmp_path):
    """The calendar table, the joins on local dates and the tier limits, run in the server."""
    folder = business_sample(tmp_path)
    from_files = compute(data_dir=folder, period="2026Q1")
    from_db = compute(data_dir=_in_database(folder, server, tmp_path, "business"), period="2026Q1")
    assert from_db.prep.engine.backend.dialect == "postgres"
    a, b = metrics_dict(from_files.figures, from_files.config), metrics_dict(from_db.figures, from_db.config)
    for key in ("settings", "data_quality", "source_files"):  # as in the test above: these differ by source
        a.pop(key), b.pop(key)
    assert b["complaints"]["sla_by_severity"]["urgent"]["response"]["n"] > 0
    assert differences(a, b) == []
    assert from_db.figures.overdue_count == from_files.figures.overdue_count
