"""`reportgen verify`: passes on a fresh build, fails (exit 2, naming what changed) afterwards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.build import build

FIXTURE = Path(__file__).parent / "data" / "fixture"


@pytest.fixture
def built(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    return data, result.out_dir


def test_verify_passes_on_a_fresh_build(built, run_cli):
    _, out = built
    code, stdout, err = run_cli("verify", out)
    assert code == 0, err
    assert stdout.startswith("verified 2025Q3: 4 inputs unchanged (SHA-256),")
    assert "recomputed and equal" in stdout


def test_one_changed_byte_fails_naming_the_file_and_the_figures(built, run_cli):
    data, out = built
    path = data / "surveys.csv"
    raw = path.read_bytes()
    row = raw.index(b"\nV02,")  # V02 answers overall 4: make it 2 (one byte)
    line_end = raw.index(b"\n", row + 1)
    line = raw[row:line_end]
    cut = line.rindex(b",4,9")
    changed = line[:cut] + b",2,9" + line[cut + 4:]
    path.write_bytes(raw[:row] + changed + raw[line_end:])
    assert len(path.read_bytes()) == len(raw)
    code, _, err = run_cli("verify", out)
    assert code == 2 and "Traceback" not in err
    assert f"{path}: changed since the build (SHA-256" in err
    assert "metrics.json survey.csat_top2: recorded 0.6666666666666666, recomputed 0.5833333333333334" in err


def test_a_change_that_moves_no_figure_still_fails_on_the_digest(built, run_cli):
    data, out = built
    path = data / "questionnaire.yaml"
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    code, _, err = run_cli("verify", out)
    assert code == 2 and "questionnaire.yaml: changed since the build" in err
    assert "metrics.json" not in err


def test_an_edited_metrics_file_is_caught(built, run_cli):
    _, out = built
    doc = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    doc["complaints"]["total"] = 13
    (out / "metrics.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run_cli("verify", out)
    assert code == 2 and "metrics.json complaints.total: recorded 13, recomputed 12" in err


def test_verify_needs_a_built_folder(tmp_path, run_cli):
    code, _, err = run_cli("verify", tmp_path)
    assert code == 2 and "manifest.json: not found" in err
