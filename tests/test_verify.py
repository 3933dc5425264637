"""`reportgen verify`: passes on a fresh build, fails (exit 2, naming what changed) afterwards."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen.build import build

import hand

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
    # 8 rates and NPS on the previous quarter and on a year ago; no store is tested at min_cell 30
    assert "the tests of 18 changes re-derived from their counts" in stdout


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


def test_a_p_value_that_does_not_follow_from_its_counts_is_named_without_the_inputs(built, run_cli):
    data, out = built
    doc = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    doc["comparisons"]["qoq"]["response_sla_rate"]["current_counts"]["count"] = 7  # §13: 6 of 12 recorded
    (out / "metrics.json").write_text(json.dumps(doc), encoding="utf-8")
    shutil.rmtree(data)  # nothing to recompute from: the counts alone tell
    err = _fails(run_cli, out)
    assert "figures not recomputed" in err
    recorded = doc["comparisons"]["qoq"]["response_sla_rate"]["p"]
    found = re.search(rf"metrics.json comparisons.qoq.response_sla_rate.p: recorded {recorded!r}, "
                      r"re-derived from its counts ([0-9.e-]+)", err)
    assert found and float(found[1]) == pytest.approx(hand.two_sided(hand.pooled_z(9, 9, 7, 12)), rel=1e-9)


def test_every_change_is_re_derived_from_its_counts_by_hand():
    """§13: response 9/9 → 6/12, NPS P 2 D 2 of 4 → P 6 D 3 of 12; stores S1 5/5 → 3/6, S2 3/4 → 4/6."""
    from reportgen.verify import rederive_changes

    z, zn = hand.pooled_z(9, 9, 6, 12), hand.nps_z(2, 2, 4, 6, 3, 12)
    z1, z2 = hand.pooled_z(5, 5, 3, 6), hand.pooled_z(3, 4, 4, 6)
    holm = hand.holm(hand.two_sided(z1), hand.two_sided(z2))
    rate = lambda x1, n1, x2, n2, z, sig: {  # noqa: E731
        "previous": x1 / n1, "current": x2 / n2, "delta": x2 / n2 - x1 / n1, "z": z, "p": hand.two_sided(z),
        "significant": sig, "previous_counts": {"count": x1, "n": n1}, "current_counts": {"count": x2, "n": n2}}
    doc = {"comparisons": {
        "qoq": {"response_sla_rate": rate(9, 9, 6, 12, z, True),
                "nps": {"previous": 0.0, "current": 25.0, "delta": 25.0, "z": zn, "p": hand.two_sided(zn),
                        "significant": False, "previous_counts": {"promoters": 2, "detractors": 2, "n": 4},
                        "current_counts": {"promoters": 6, "detractors": 3, "n": 12}},
                "complaints_total": {"previous": 9, "current": 12, "delta": 3, "z": None, "p": None,
                                     "significant": None, "previous_counts": None, "current_counts": None}},
        "yoy": {},
        "stores_qoq": {"closure_sla_rate": {
            "S1": {"change": rate(5, 5, 3, 6, z1, False), "p_holm": holm[0]},
            "S2": {"change": rate(3, 4, 4, 6, z2, False), "p_holm": holm[1]},
            "S3": {"change": None, "p_holm": None}}}}}
    assert rederive_changes(doc) == ([], 4)  # the count has no test
    doc["comparisons"]["qoq"]["nps"]["current_counts"]["promoters"] = 7
    doc["comparisons"]["stores_qoq"]["closure_sla_rate"]["S2"]["p_holm"] = holm[1] / 2
    doc["comparisons"]["qoq"]["response_sla_rate"]["current_counts"] = {"count": 13, "n": 12}
    problems, _ = rederive_changes(doc)
    assert [p.split(":")[0] for p in problems] == [
        "metrics.json comparisons.qoq.response_sla_rate",
        *(f"metrics.json comparisons.qoq.nps.{k}" for k in ("current", "delta", "z", "p")),
        "metrics.json comparisons.stores_qoq.closure_sla_rate.S2.p_holm"]
    assert "impossible" in problems[0]


def test_verify_needs_a_built_folder(tmp_path, run_cli):
    code, _, err = run_cli("verify", tmp_path)
    assert code == 2 and "manifest.json: not found" in err


# --- outputs: one full build (HTML and PDF take seconds), copied for each test that tampers with it


@pytest.fixture(scope="module")
def documents_build(hostile_build):
    return hostile_build().out_dir


@pytest.fixture
def documents(documents_build, tmp_path):
    """A private copy of the full build's folder (its manifest still names the shared inputs)."""
    return Path(shutil.copytree(documents_build, tmp_path / "2025Q3"))


def _outputs(out: Path) -> dict[str, str]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def _fails(run_cli, *args) -> str:
    """Run `reportgen verify ARGS`, check it fails as a user error, and return what it printed."""
    code, _, err = run_cli("verify", *args)
    assert code == 2 and "Traceback" not in err, err
    return err


def test_a_corrupt_or_foreign_manifest_is_an_error_naming_it(documents, run_cli):
    (documents / "manifest.json").write_text("{", encoding="utf-8")
    assert "manifest.json: not valid JSON" in _fails(run_cli, documents)
    (documents / "manifest.json").write_text("[]", encoding="utf-8")
    assert "manifest.json: not a manifest written by `reportgen build`" in _fails(run_cli, documents)


def test_a_missing_metrics_file_is_an_error_naming_it(documents, run_cli):
    (documents / "metrics.json").unlink()
    assert "metrics.json: not found" in _fails(run_cli, documents)


def test_a_full_build_verifies_every_output(documents, run_cli):
    names = _outputs(documents)
    assert {"report.html", "report.pdf", "notice.html", "notice.pdf", "tables.xlsx", "metrics.json"} <= names.keys()
    assert any(name.startswith("tables/") for name in names) and "manifest.json" not in names
    code, stdout, err = run_cli("verify", documents)
    assert code == 0, err
    assert f"4 inputs unchanged (SHA-256), {len(names)} outputs unchanged (SHA-256)," in stdout
    data_dir = json.loads((documents / "manifest.json").read_text(encoding="utf-8"))["data_dir"]
    assert stdout.rstrip().endswith(f"recomputed and equal (inputs from {data_dir})")
    (documents / "notice.html").write_bytes(b"<p>edited</p>")
    code, stdout, err = run_cli("verify", documents)
    assert (code, stdout) == (2, "") and "notice.html: changed since the build" in err


def test_one_edited_figure_in_the_report_fails_naming_it(documents, run_cli):
    path = documents / "report.html"
    raw = path.read_bytes()
    at = raw.index(b'<td class="num">') + len(b'<td class="num">')
    assert raw[at:at + 1].isdigit()
    path.write_bytes(raw[:at] + (b"1" if raw[at:at + 1] != b"1" else b"2") + raw[at + 1:])
    err = _fails(run_cli, documents)
    assert "report.html: changed since the build (SHA-256" in err
    assert "1 problem(s)" in err  # metrics.json and the inputs are untouched: only the digest can tell


def test_a_replaced_notice_pdf_fails_naming_it(documents, run_cli):
    (documents / "notice.pdf").write_bytes(b"%PDF-1.7\n% another document\n%%EOF\n")
    assert "notice.pdf: changed since the build (SHA-256" in _fails(run_cli, documents)


def test_a_deleted_output_fails(documents, run_cli):
    (documents / "tables.xlsx").unlink()
    assert "tables.xlsx: written by the build but missing" in _fails(run_cli, documents)


def test_an_extra_file_fails(documents, run_cli):
    (documents / "tables" / "Z-extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    err = _fails(run_cli, documents)
    assert "tables/Z-extra.csv: not written by the build (not named in manifest.json)" in err


def test_a_manifest_without_output_digests_asks_for_a_rebuild_and_checks_the_rest(documents, run_cli):
    doc = json.loads((documents / "manifest.json").read_text(encoding="utf-8"))
    del doc["outputs"]
    (documents / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    doc = json.loads((documents / "metrics.json").read_text(encoding="utf-8"))
    doc["complaints"]["total"] = 13
    (documents / "metrics.json").write_text(json.dumps(doc), encoding="utf-8")
    err = _fails(run_cli, documents)
    assert "manifest.json records no output digests (built by an older reportgen); rebuild" in err
    assert "metrics.json complaints.total: recorded 13, recomputed 12" in err


def test_a_data_folder_that_does_not_exist_is_an_error(documents, run_cli):
    assert "no-such-folder: not a folder" in _fails(run_cli, documents, "--data", documents / "no-such-folder")


# --- inputs on another machine: the data folder moved, then named with --data


@pytest.fixture
def moved(tmp_path):
    """A build with a config, whose data folder is then moved; returns (output folder, new data folder)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    out = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False).out_dir
    return out, data.rename(tmp_path / "elsewhere")


def test_a_moved_data_folder_lists_every_missing_file(moved, run_cli):
    out, new = moved
    (out / "exclusions.csv").write_text("edited\n", encoding="utf-8")
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    inputs, old = recorded["inputs"], Path(recorded["data_dir"])
    assert len(inputs) == 4
    err = _fails(run_cli, out)
    for entry in inputs.values():
        assert f"{entry['path']}: input named in the manifest is missing" in err
    assert f"{old / 'reportgen.toml'}: config named in the manifest is missing" in err
    assert "exclusions.csv: changed since the build" in err
    assert f"figures not recomputed: {old}: data folder not found (if it has moved, name it with --data DIR)" in err
    assert "7 problem(s)" in err


def test_a_moved_data_folder_verifies_with_data(moved, run_cli):
    out, new = moved
    code, stdout, err = run_cli("verify", out, "--data", new)
    assert code == 0, err
    # the machine files: metrics.json, exclusions.csv, review_sample.csv, comments.csv, queries.sql
    assert stdout.startswith("verified 2025Q3: 4 inputs unchanged (SHA-256), 6 outputs unchanged (SHA-256),")
    assert stdout.rstrip().endswith(f"recomputed and equal (inputs from {new})")


def test_with_data_a_changed_input_is_named_where_it_was_looked_up(moved, run_cli):
    out, new = moved
    (new / "events.csv").write_bytes((new / "events.csv").read_bytes() + b"\n")
    (new / "reportgen.toml").write_text('timezone = "Asia/Shanghai"  # edited\n', encoding="utf-8")
    err = _fails(run_cli, out, "--data", new)
    assert f"{new / 'events.csv'}: changed since the build" in err
    assert f"{new / 'reportgen.toml'}: config changed since the build" in err


def test_a_config_the_build_did_not_use_is_named(built, run_cli):
    data, out = built
    (data / "reportgen.toml").write_text("min_cell = 1\n", encoding="utf-8")
    err = _fails(run_cli, out)
    assert f"{data / 'reportgen.toml'}: config read by the recomputation, but the build used none" in err
