"""A commitment is measured from the follow-up times when the export has them, else from the
ticket system's own verdicts, else not at all (null, never 0 %). Counts by hand on conftest's
three tickets: T1 answered in 20 min, T2 in 60 min, T3 not answered."""

from __future__ import annotations

import json

import pytest

from reportgen.build import build


def _sla(data_dir, tmp_path) -> dict:
    build(data_dir=data_dir, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    metrics = json.loads((tmp_path / "out" / "2025Q3" / "metrics.json").read_text("utf-8"))
    return metrics["complaints"]["sla"]


def test_times_present_a_missing_time_is_not_met(data_dir, tmp_path):
    sla = _sla(data_dir, tmp_path)
    assert (sla["response"]["count"], sla["response"]["n"]) == (1, 3)  # T1 within 30 min; T2 late; T3 none


@pytest.mark.parametrize("name", ["solution", "closure"])
def test_a_time_the_export_does_not_have_is_not_measured(data_dir, tmp_path, name):
    sla = _sla(data_dir, tmp_path)
    assert sla[name]["value"] is None and sla[name]["met"] is None and sla[name]["n"] == 0


def test_an_all_empty_time_column_is_not_measured(data_dir, tmp_path):
    path = data_dir / "complaints.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",closed_at", *(line + "," for line in lines[1:])]) + "\n", "utf-8")
    sla = _sla(data_dir, tmp_path)
    assert sla["closure"]["value"] is None and sla["closure"]["n"] == 0


def test_the_systems_own_verdicts_are_used_where_there_are_no_times(data_dir, tmp_path):
    path = data_dir / "complaints.csv"
    lines = path.read_text("utf-8").splitlines()
    verdicts = ["是", "否", ""]  # T3 has no verdict: it is not counted
    path.write_text("\n".join([lines[0] + ",closure_sla_met,response_sla_met",
                               *(f"{line},{v},false" for line, v in zip(lines[1:], verdicts))]) + "\n", "utf-8")
    sla = _sla(data_dir, tmp_path)
    assert (sla["closure"]["count"], sla["closure"]["n"], sla["closure"]["value"]) == (1, 2, 0.5)
    # the times win over verdicts where both are there: response stays 1 of 3, not 0 of 3
    assert (sla["response"]["count"], sla["response"]["n"]) == (1, 3)
