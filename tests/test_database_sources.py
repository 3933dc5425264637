"""Tables in a database mapped as files are: SQLite here (a file in the data folder), PostgreSQL
in test_engine_postgres.py. The CFPB rows (tests/fixtures/exports) give EXPECTED-zh.md's counts."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from reportgen.build import build

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
FIXTURE = Path(__file__).parent / "data" / "fixture"
MAPPING = """columns = { ticket_id = "Complaint ID", received_at = "Date received", channel = "Submitted via", category = "Product", response_sla_met = "Timely response?", resolved = "Company response to consumer" }
[sources.complaints.values]
resolved = { "Closed with explanation" = true, "Closed with non-monetary relief" = true, "In progress" = false, "Untimely response" = false }
"""


def cfpb_frame() -> pd.DataFrame:
    return pd.read_csv(EXPORTS / "cfpb" / "complaints.csv", dtype=str, keep_default_na=False)


def _folder(tmp_path: Path, where: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("surveys.csv", "questionnaire.yaml"):
        shutil.copy(FIXTURE / name, data / name)
    with sqlite3.connect(data / "crm.db") as con:
        cfpb_frame().to_sql("cfpb", con, index=False)
    (data / "reportgen.toml").write_text(f'[sources.complaints]\nurl = "sqlite:///crm.db"\n{where}\n{MAPPING}', "utf-8")
    return data


def _complaints(data: Path, tmp_path: Path) -> tuple[dict, dict]:
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2019Q2", documents=False)
    return (json.loads((result.out_dir / "metrics.json").read_text("utf-8"))["complaints"],
            json.loads((result.out_dir / "manifest.json").read_text("utf-8"))["inputs"]["complaints"])


def check_cfpb_quarter(c: dict) -> None:
    assert c["total"] == 15
    assert (c["sla"]["response"]["count"], c["sla"]["response"]["n"]) == (14, 15)
    assert (c["rates"]["resolution_rate"]["count"], c["rates"]["resolution_rate"]["n"]) == (14, 15)
    assert {k: v["count"] for k, v in c["breakdowns"]["channel"].items()} == {
        "Web": 11, "Phone": 2, "Postal mail": 1, "Referral": 1}


def test_sqlite_table(tmp_path):
    c, entry = _complaints(_folder(tmp_path, 'table = "cfpb"'), tmp_path)
    check_cfpb_quarter(c)
    assert entry["url"] == "sqlite:///crm.db" and "mapping" in entry
    # the quarter's window is in the query: 2019Q2's figures read tickets from 2018Q2 (less the
    # repeat window) to the quarter's end, so 3296862 (2019Q3) and 3721791 (2020) are not read
    assert entry["rows_read"] == 16


def test_sqlite_query(tmp_path):
    query = 'query = "SELECT * FROM cfpb WHERE \\"Date received\\" >= \'2019-04-01\'"'
    c, entry = _complaints(_folder(tmp_path, query), tmp_path)
    check_cfpb_quarter(c)
    assert entry["rows_read"] == 15  # and 3191715 (2019-03-26) is left out by the query


@pytest.mark.parametrize("url, message", [
    ("sqlite:///../outside.db", "inside the data folder"), ("sqlite:///missing.db", "no such file"),
    ("mysql://user@db.example/crm", "cannot read"),
])
def test_a_database_that_cannot_be_read_is_a_problem(tmp_path, run_cli, url, message):
    data = _folder(tmp_path, "")
    (data / "reportgen.toml").write_text(f'[sources.complaints]\nurl = "{url}"\ntable = "cfpb"\n{MAPPING}', "utf-8")
    code, _, err = run_cli("validate", "--data", data)
    assert code == 2 and message in err and "Traceback" not in err


def test_a_missing_table_is_a_problem(tmp_path, run_cli):
    data = _folder(tmp_path, 'table = "tickets"')
    code, _, err = run_cli("validate", "--data", data)
    assert code == 2 and "cannot read tickets" in err


def test_table_or_query_not_both(tmp_path, run_cli):
    data = _folder(tmp_path, 'table = "cfpb"\nquery = "SELECT 1"')
    code, _, err = run_cli("validate", "--data", data)
    assert code == 2 and "give either table or query" in err

