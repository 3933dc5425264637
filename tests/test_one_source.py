"""Either table alone builds a report: the other's figures are null, its section says why, and
the notice prints no 0 % for what was not measured."""

from __future__ import annotations

import json

import pytest

from reportgen.build import build


@pytest.mark.parametrize("gone, kept", [("complaints", "surveys"), ("surveys", "complaints")])
def test_one_table_is_enough(data_dir, tmp_path, gone, kept):
    (data_dir / f"{gone}.csv").unlink()
    result = build(data_dir=data_dir, out_dir=tmp_path / "out", period="2025Q3", documents=gone == "complaints")
    metrics = json.loads((result.out_dir / "metrics.json").read_text("utf-8"))
    assert metrics["inputs_absent"] == [gone]
    if gone == "complaints":
        assert metrics["complaints"]["total"] == 0
        assert all(metrics["complaints"]["sla"][n]["value"] is None for n in ("response", "solution", "closure"))
        assert metrics["survey"]["responses_valid"] == 3  # R1, R2, R3: all in 2025Q3 (conftest)
    else:
        assert metrics["survey"]["responses_valid"] == 0 and metrics["survey"]["nps"] is None
        assert metrics["complaints"]["total"] == 3
    if gone == "surveys":  # the documents are checked once, with the tickets absent
        return
    html = (result.out_dir / "report.html").read_text("utf-8")
    assert "本报告不含投诉工单" in html
    notice = (result.out_dir / "notice.html").read_text("utf-8")
    assert "本季度未提供投诉工单数据" in notice
    assert "0.0%" not in notice and "0.0 %" not in notice


def test_neither_table_is_a_problem(data_dir, tmp_path, run_cli):
    (data_dir / "complaints.csv").unlink()
    (data_dir / "surveys.csv").unlink()
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "found neither complaints nor surveys" in err
