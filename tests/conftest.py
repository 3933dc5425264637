"""Shared test helpers: a minimal valid data folder, a way to run the command line, a private cache."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from reportgen import cache
from reportgen.questionnaire import default_questionnaire_text

ITEMS = [f"q{i}" for i in range(1, 13)]
COMPLAINTS = """ticket_id,received_at,channel,category,first_response_at,resolved,handling_satisfaction
T1,2025-07-01 09:00:00,hotline,repair,2025-07-01 09:20:00,true,5
T2,2025-07-02 10:00:00,wechat,price,2025-07-02 11:00:00,false,3
T3,2025-08-03 10:00:00,online,price,,是,
"""
SURVEYS = ("response_id,submitted_at,duration_seconds," + ",".join(ITEMS) + ",overall,nps\n"
           "R1,2025-07-05 10:00:00,120," + ",".join(["4"] * 12) + ",4,9\n"
           "R2,2025-07-06 10:00:00,200," + ",".join(["5", "4"] * 6) + ",5,10\n"
           "R3,2025-08-06 10:00:00,150," + ",".join(["3", "2"] * 6) + ",2,5\n")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory) -> Path:
    """The chart cache in a temporary folder for the whole session, for every test and subprocess.

    No test reads what an earlier build left in the user's cache (a stale or hand-edited entry
    would pass for a fresh conversion) or fills it; within the session the folder is shared, so
    the Vega bundle and a chart drawn by several builds are converted once.
    """
    # One folder for the whole run, shared by parallel workers (pytest -n; entries are written
    # atomically), so that each chart is converted once per run and not once per worker.
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "chart-cache"
    folder.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.ENV, str(folder))
        yield folder


def duckdb_results(script: str, cwd: Path) -> list:
    """Run a SQL script with DuckDB's own command line (a test dependency) and return each result set."""
    import json
    import subprocess

    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    assert cli, "DuckDB's command line (PyPI duckdb-cli) is a test dependency"
    out = subprocess.run([cli, "-json"], input=script, capture_output=True, text=True, cwd=cwd, check=True)
    assert out.stderr == ""
    decoder, text, results = json.JSONDecoder(), out.stdout.strip(), []
    while text:
        value, end = decoder.raw_decode(text)
        results.append(value)
        text = text[end:].strip()
    return results


def recorder(dialect: str, rows=lambda statement: []):
    """A backend that keeps nothing and answers `rows(statement)`: the engine's statements in
    `dialect`, recorded without an engine of that kind."""
    from reportgen.engine.backends import Backend

    class Recorder(Backend):
        def materialise(self, name, statement):
            pass

        def rows(self, statement):
            return rows(statement)

    Recorder.dialect = dialect
    return Recorder()


def business_sample(tmp_path: Path) -> Path:
    """A copy of the sample data under the business clock (a lunch break; 华南's stores open every
    day) with the commitments tiered by severity: the case the other engines must agree on."""
    folder = tmp_path / "business_sample"
    shutil.copytree(Path(__file__).parent.parent / "sample_data", folder)
    text = (folder / "reportgen.toml").read_text("utf-8")
    (folder / "reportgen.toml").write_text(
        text.replace('clock = "calendar"', 'clock = "business"').replace(
            'preset = "30m-24h-7d"', 'preset = "30m-4h-24h-by-severity"')
        + '\n[sla.business_hours]\nhours = ["09:00-12:00", "13:30-18:00"]\n'
        + '[sla.business_hours.by_region."华南"]\ndays = "mon-sun"\n', "utf-8")
    return folder


def pdf_text(path: Path) -> str:
    """A PDF's text through poppler's pdftotext, pages apart by form feeds: a tenth of the time
    pypdf takes over a 30-page report with embedded chart SVGs."""
    import subprocess

    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True, encoding="utf-8").stdout


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A small valid data folder (CSV, UTF-8) that tests then break in one way each."""
    d = tmp_path / "data"
    d.mkdir()
    (d / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8")
    (d / "surveys.csv").write_text(SURVEYS, encoding="utf-8")
    (d / "questionnaire.yaml").write_text(default_questionnaire_text(), encoding="utf-8")
    return d


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run `reportgen ARGS...` in-process; return (exit code, stdout, stderr)."""
    from reportgen.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["reportgen", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run


FIXTURE = Path(__file__).parent / "data" / "fixture"


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "fixture"
    shutil.copytree(FIXTURE, target)
    return target


EVIL = '<script>alert("x")</script>&"'
FORMULAS = ["=HYPERLINK(\"http://x\")", "+1", "mid", "@cmd"]
# Personal data planted in the hostile build's comments and descriptions: (text, what must never be output).
PLANTED = [("送货太慢，电话 13812345678 联系我", "13812345678"),
           ("安装师傅态度差，结果发邮箱 zhang.san@example.com", "zhang.san@example.com"),
           ("退款一直未到账，身份证 11010519491231002X", "11010519491231002X"),
           ("陈静：维修一拖再拖，非常失望", "陈静"),
           ("客服态度很差，找王经理也没用", "王经理"),
           ("请回电座机 010-6982 3571，等了三天", "69823571"),
           ("Delivery was late, call me on +86 139 1234 5678", "13912345678")]


def _shared_folder(tmp_path_factory) -> Path:
    """The session's temporary folder that every parallel worker sees (pytest -n)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """The fixture quarter with a hostile store name and spreadsheet formulas as segments, built
    with every document once per language for the whole run, whichever worker asks first (a full
    build costs seconds of PDF layout; the report, audit, verify and browser tests only read
    what it wrote: copy before changing). Returns an object with `out_dir`."""
    import re
    from types import SimpleNamespace

    import pandas as pd
    from filelock import FileLock

    from reportgen.build import build

    shared = _shared_folder(tmp_path_factory)

    def data_folder() -> Path:
        data = shared / "hostile-data"
        with FileLock(str(data) + ".lock"):
            ready = shared / "hostile-data.ready"
            if not ready.exists():
                shutil.copytree(FIXTURE, data, dirs_exist_ok=True)
                c = pd.read_csv(data / "complaints.csv", dtype=str, keep_default_na=False)
                c["description"] = [PLANTED[i % len(PLANTED)][0] for i in range(len(c))]
                c.to_csv(data / "complaints.csv", index=False)
                text = (data / "complaints.csv").read_text(encoding="utf-8")
                first_store = re.search(r"^C\d+,[^,]*,[^,]*,[^,]*,[^,]*,([^,]+),", text, re.M).group(1)
                (data / "complaints.csv").write_text(
                    text.replace(first_store, '"' + EVIL.replace('"', '""') + '"'), encoding="utf-8")
                s = pd.read_csv(data / "surveys.csv", dtype=str)
                s["segment"] = FORMULAS * (len(s) // 4) + ["mid"] * (len(s) % 4)
                s["comment"] = [PLANTED[(i + 3) % len(PLANTED)][0] for i in range(len(s))]
                s.to_csv(data / "surveys.csv", index=False)
                ready.write_text("", encoding="utf-8")
        return data

    def get(lang: str = "zh-CN"):
        root = shared / f"hostile-{lang}"
        with FileLock(str(root) + ".lock"):
            done = root / "built"
            if not done.exists():
                result = build(data_dir=data_folder(), out_dir=root / "out", period="2025Q3", lang=lang)
                done.write_text(str(result.out_dir), encoding="utf-8")
        return SimpleNamespace(out_dir=Path(done.read_text(encoding="utf-8")))

    return get


@pytest.fixture(scope="session")
def fixture_figures(tmp_path_factory):
    """The fixture quarter's figures (no documents), for the tests that build sections from them."""
    from reportgen.build import build

    return build(data_dir=FIXTURE, out_dir=tmp_path_factory.mktemp("figures"), period="2025Q3",
                 documents=False).figures
