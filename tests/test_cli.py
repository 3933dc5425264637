"""The command line end to end: sample → validate → build, and how failures are reported."""

from __future__ import annotations

import json

from reportgen import __version__


def test_sample_validate_build_twice_byte_identical(tmp_path, run_cli, monkeypatch):
    """The whole path a new user takes; building the same inputs twice gives the same bytes; each
    build reports every stage in order to the command line's progress listener, and with the
    stage timings (two full builds, shared by these checks: each costs seconds)."""
    import reportgen.build
    from reportgen.stages import DATA_STAGES, DOCUMENT_STAGES, WRITE_STAGE

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1792022400")
    real_build, seen, results = reportgen.build.build, [], []

    def watched(**kwargs):
        told = kwargs["listener"]
        kwargs["listener"] = lambda stage: (seen[-1].append(stage), told(stage) if told else None)
        seen.append([])
        results.append(real_build(**kwargs))
        return results[-1]

    monkeypatch.setattr(reportgen.build, "build", watched)
    data = tmp_path / "data"
    code, out, err = run_cli("sample", "--out", data, "--complaints", "300", "--surveys", "200", "--quarters", "3",
                             "--seed", "5", "--last-quarter", "2025Q2")
    assert code == 0, err
    code, out, err = run_cli("validate", "--data", data)
    assert code == 0, err
    assert "quarters: 2024Q4, 2025Q1, 2025Q2" in out and "data-quality findings" in out
    outputs = []
    for name, quiet in (("a", ()), ("b", ("--quiet",))):
        code, out, err = run_cli("build", "--data", data, "--out", tmp_path / name, *quiet)
        assert code == 0 and "Built 2025Q2" in out, err
        if quiet:  # and no progress bar without a terminal
            assert err == "" and out.startswith("Built 2025Q2")
        folder = tmp_path / name / "2025Q2"
        outputs.append({p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert seen == [[*DATA_STAGES, *DOCUMENT_STAGES, WRITE_STAGE]] * 2
    assert all(set(r.timings) == set(seen[0]) and all(v >= 0 for v in r.timings.values()) for r in results)
    folder = tmp_path / "a" / "2025Q2"
    assert sorted(p.name for p in folder.iterdir()) == [
        "comments.csv", "exclusions.csv", "manifest.json", "metrics.json", "notice.html", "notice.pdf", "overdue.csv", "queries.sql", "report.html",
        "report.pdf", "review_sample.csv", "tables", "tables.xlsx"]
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["complaints"]["total"] == 300 and metrics["survey"]["responses_total"] == 200
    assert [t["period"] for t in metrics["trend"]] == ["2024Q4", "2025Q1", "2025Q2"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["inputs"]) == {"complaints", "surveys", "questionnaire", "events", "actions"}
    assert manifest["inputs"]["complaints"]["rows_read"] == 900
    assert len(manifest["inputs"]["surveys"]["sha256"]) == 64
    assert manifest["config"]["path"].endswith("reportgen.toml") and manifest["config"]["sha256"]


def test_sample_arguments_the_generator_refuses_exit_2(tmp_path, run_cli):
    code, out, err = run_cli("sample", "--out", tmp_path, "--complaints", "30000000")
    assert code == 2 and "at most 20,000,000" in err and "internal error" not in err
    code, out, err = run_cli("sample", "--out", tmp_path, "--complaints", "300000", "--format", "xlsx")
    assert code == 2 and "use csv or parquet" in err
    assert not any(tmp_path.iterdir())  # nothing written


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and __version__ in out


def test_unknown_option_is_a_usage_error(run_cli):
    code, _, err = run_cli("build", "--colour", "red")
    assert code == 2 and "No such option" in err


def test_internal_error_exits_1_without_traceback(data_dir, tmp_path, run_cli, monkeypatch):
    import reportgen.build

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(reportgen.build, "compute_figures", broken)
    code, out, err = run_cli("build", "--data", data_dir, "--out", tmp_path / "out")
    assert code == 1
    assert "internal error: ZeroDivisionError: boom" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "2025Q3").exists()


def test_validate_finds_everything_without_cleaning(monkeypatch):
    """`reportgen validate` reports the follow-up times before receipt without the cleaning
    queries (at 10 M tickets a quarter they take about two minutes), and the same findings."""
    from pathlib import Path

    import reportgen.check as check
    from reportgen.engine.counts import Engine
    from reportgen.figures import prepare

    sample = Path(__file__).resolve().parents[1] / "sample_data"
    with monkeypatch.context() as m:
        m.setattr(check, "prepare", lambda dataset, config, **_: prepare(dataset, config))  # cleaning first
        cleaned_first = check.validate_inputs(sample, None, None)

    def refuse(self):
        raise AssertionError("validate ran the cleaning queries")

    monkeypatch.setattr(Engine, "prepare", refuse)
    assert check.validate_inputs(sample, None, None) == cleaned_first
    assert "first_response_at: before_received" in cleaned_first
