"""Hostile and faulty input: each test keeps one defect of the hardening review fixed.

The numbers in the test names follow the review's list (docs/hardening.md maps each to its test).
Builds here skip the documents where the defect lies before them, to keep the suite fast.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest
import vl_convert as vlc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.assets import MAX_LOGO_BYTES, resolve_assets
from reportgen.build import build, compute
from reportgen.config import Config
from reportgen.errors import InputError, Problem, ReportgenError, format_problems
from reportgen.render.pdf import weasy_document
from reportgen.render.templates import environment, render
from reportgen.sanitise import DIGEST_CHARS, clean_text

FIXTURE = Path(__file__).parent / "data" / "fixture"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
XML_FORBIDDEN = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)]
EPOCH_2026_10_15 = "1792022400"


def _fixture(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    return data


def _set_store(data: Path, row: int, value: str) -> None:
    frame = pd.read_csv(data / "complaints.csv", dtype=str, keep_default_na=False)
    frame.loc[row - 2, "store"] = value
    frame.to_csv(data / "complaints.csv", index=False)


# 1. A control character must not reach a chart label (vl-convert aborts the process on it) ------

@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\u202e", "\ufffe"])
def test_1_control_characters_are_removed_and_counted(tmp_path, char):
    data = _fixture(tmp_path)
    _set_store(data, 2, f"店{char}名")
    run = compute(data_dir=data, period="2025Q3")
    assert run.dataset.complaints.loc[0, "store"] == "店名"
    found = [f for f in run.dataset.findings if f.rule == "control_characters"]
    assert [(f.file, f.row, f.column) for f in found] == [("complaints.csv", 2, "store")]
    assert f"U+{ord(char):04X}" in found[0].detail


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=300))
def test_1_sanitised_text_is_always_a_valid_chart_label(text):
    """Whatever a cell holds, the sanitised label renders as SVG (the renderer aborts otherwise)."""
    change = clean_text(text, max_chars=100, mask=True)
    value = change.value or ""
    assert not any(ch in value for ch in XML_FORBIDDEN) and len(value) <= 100
    assert clean_text(value, max_chars=100, mask=True).value in (value or None, None) if value else True
    spec = {"data": {"values": [{"x": value, "y": 1}]}, "mark": "bar",
            "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}}
    assert vlc.vegalite_to_svg(spec).startswith("<svg")


# 2. One long cell must not stall the build ------------------------------------------------------

def test_2_long_value_is_shortened_with_a_digest_and_a_finding(tmp_path):
    data = _fixture(tmp_path)
    long_a, long_b = "长" * 1_000_000, "长" * 999_999 + "短"
    _set_store(data, 2, long_a)
    _set_store(data, 3, long_b)
    run = compute(data_dir=data, period="2025Q3")
    a, b = run.dataset.complaints.loc[0, "store"], run.dataset.complaints.loc[1, "store"]
    assert len(a) == len(b) == 100 and a != b  # shortened, and still two different stores
    assert a.startswith("长" * 90) and a[-DIGEST_CHARS - 1] == "…"
    found = {(f.row, f.column): f.detail for f in run.dataset.findings if f.rule == "too_long"}
    assert set(found) == {(2, "store"), (3, "store")}
    assert "1,000,000 characters" in found[(2, "store")]


def test_2_personal_data_past_the_cut_is_still_masked():
    change = clean_text("店" * 95 + "13812345678" + "长" * 1000, max_chars=100, mask=True)
    assert "1381234" not in change.value and "138" not in change.value[90:]
    assert {rule for rule, _ in change.notes} == {"too_long", "personal_data"}


# 3. Organisation templates run in a sandbox; WeasyPrint loads nothing from outside ---------------

@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ report.__class__.__init__.__globals__ }}",
    "{% set x = report.sections.append(1) %}",
])
def test_3_templates_cannot_reach_python(tmp_path, payload):
    (tmp_path / "report.html").write_text(payload, encoding="utf-8")
    with pytest.raises(ReportgenError) as err:
        render(environment(tmp_path), "report.html", report=type("R", (), {"sections": []})())
    assert "report.html" in err.value.message and "pwned" not in err.value.message


def test_3_a_template_link_to_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "brand"
    folder.mkdir()
    (tmp_path / "secret.html").write_text("SECRET", encoding="utf-8")
    (folder / "report.html").symlink_to(tmp_path / "secret.html")
    with pytest.raises(ReportgenError, match="outside the template folder"):
        render(environment(folder), "report.html")


@pytest.fixture
def listener():
    """A loopback socket that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    sock.settimeout(0.2)
    yield sock
    sock.close()


@pytest.mark.parametrize("kind", ["http", "file", "css"])
def test_3_pdf_rendering_fetches_nothing_outside(tmp_path, listener, kind):
    port = listener.getsockname()[1]
    url = {"http": f"http://127.0.0.1:{port}/logo.png", "file": "file:///etc/passwd", "css": ""}[kind]
    html = (f'<img src="{url}">' if kind != "css"
            else f"<style>@import url(http://127.0.0.1:{port}/x.css);</style><p>x</p>")
    with pytest.raises(ReportgenError, match="may only load data: URIs"):
        weasy_document(f"<html><body>{html}</body></html>", template_dir=tmp_path)
    with pytest.raises(socket.timeout):
        listener.accept()  # nothing connected


def test_3_data_uris_and_files_inside_the_template_folder_still_load(tmp_path):
    (tmp_path / "mark.png").write_bytes(PNG)
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    doc = weasy_document(f'<img src="mark.png"><img src="{data_uri}">', template_dir=tmp_path)
    assert len(doc.pages) == 1


# 4. Configured paths stay inside the config's folder; a logo is an image by content -------------

@pytest.mark.parametrize("setup, message", [
    (lambda d: ((d.parent / "secret.png").write_bytes(PNG), "../secret.png")[1], "leads outside"),
    (lambda d: ((d / "logo.png").symlink_to("/etc/shadow"), "logo.png")[1], "leads outside"),
    (lambda d: ((d / "logo.png").write_text("not an image"), "logo.png")[1], "judged by its content"),
    (lambda d: ((d / "logo.png").write_bytes(PNG[:20]), "logo.png")[1], "judged by its content"),
    (lambda d: ((d / "logo.svg").write_text("<html/>"), "logo.svg")[1], "judged by its content"),
    (lambda d: ((d / "logo.png").write_bytes(PNG + b"\0" * MAX_LOGO_BYTES), "logo.png")[1], "at most"),
    (lambda d: ((d / "logo.png").mkdir(), "logo.png")[1], "not a file"),
])
def test_4_logo_must_be_an_image_inside_the_folder(tmp_path, setup, message):
    folder = tmp_path / "data"
    folder.mkdir()
    logo = setup(folder)
    with pytest.raises(InputError, match=message) as err:
        resolve_assets(Config.model_validate({"organisation": {"logo": logo}}), folder)
    assert "key organisation.logo" in err.value.message and "root:" not in err.value.message


def test_4_template_folder_must_stay_inside(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (folder / "brand").symlink_to(tmp_path / "elsewhere")
    for templates in ("../elsewhere", "brand", "/tmp"):
        with pytest.raises(InputError, match="key templates: .* leads outside"):
            resolve_assets(Config.model_validate({"templates": templates}), folder)


def test_4_a_real_logo_inside_is_embedded(tmp_path):
    folder = tmp_path / "data"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "logo.png").write_bytes(PNG)
    assets = resolve_assets(Config.model_validate({"organisation": {"logo": "img/logo.png"}}), folder)
    assert assets.logo == "data:image/png;base64," + base64.b64encode(PNG).decode()


# 7. A stray row must not pick the report -------------------------------------------------------

def _add_ticket(data: Path, ticket_id: str, received: str) -> None:
    with (data / "complaints.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{ticket_id},{received},hotline,repair,,,,,,,,,,,,,\n")


def test_7_a_row_in_2100_does_not_become_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_10_15)
    data = _fixture(tmp_path)
    _add_ticket(data, "C-FAR", "2100-07-01 09:00:00")
    run = compute(data_dir=data, period=None)
    assert str(run.quarter) == "2025Q4" and "latest quarter ended by 2026-10-15" in run.period_note
    future = [f for f in run.prep.findings if f.rule == "after_build_date"]
    assert [(f.column, f.record_id) for f in future] == [("received_at", "C-FAR")]
    assert run.figures.data_quality["complaints.received_at.after_build_date"] == 1  # reported in 2025Q4


def test_7_a_quarter_still_running_is_not_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_10_15)
    data = _fixture(tmp_path)
    for i in range(5):
        _add_ticket(data, f"C-OCT{i}", f"2026-10-0{i + 1} 09:00:00")
    assert str(compute(data_dir=data, period=None).quarter) == "2025Q4"
    asked = compute(data_dir=data, period="2026Q4")
    assert str(asked.quarter) == "2026Q4" and "has not ended" in asked.period_note


def test_7_the_quarter_chosen_is_said(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_10_15)
    code, out, _ = run_cli("validate", "--data", _fixture(tmp_path))
    assert code == 0
    result = build(data_dir=_fixture(tmp_path / "b"), out_dir=tmp_path / "out", documents=False)
    assert result.period == "2025Q4" and "--period chooses another" in result.period_note


# 8. Environment errors are exit 2 with what to do ------------------------------------------------

def test_8_bad_source_date_epoch_is_a_user_error(data_dir, tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    code, _, err = run_cli("build", "--data", data_dir, "--out", tmp_path / "out")
    assert code == 2 and "SOURCE_DATE_EPOCH" in err and "bug" not in err and not (tmp_path / "out" / "2025Q3").exists()


# 9. Garbage is refused or counted, never accepted silently ---------------------------------------

def test_9_duplicate_item_id_in_questionnaire(data_dir, run_cli):
    q = (data_dir / "questionnaire.yaml").read_text(encoding="utf-8")
    q = q.replace("items:\n", "items:\n  q3:\n    dimension: attitude\n    zh-CN: 重复\n    en: Twice\n", 1)
    (data_dir / "questionnaire.yaml").write_text(q, encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "questionnaire.yaml" in err and "'q3' appears twice" in err


def test_9_action_due_before_it_starts(data_dir, run_cli):
    (data_dir / "actions.csv").write_text("action,start,due\n回访,2025-08-01,2025-07-01\n", encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "actions.csv, row 2, column due: is before start, got '2025-07-01 < 2025-08-01'" in err


@pytest.mark.parametrize("toml, key", [
    ('[sla.response]\nlimit = "0m"\n', "sla.response.limit"),
    ('[sla.closure]\nlimit = "400d"\n', "sla.closure.limit"),
    ("[severity_weights]\nurgent = -1\n", "severity_weights.urgent"),
    ("[severity_weights]\nurgent = inf\n", "severity_weights.urgent"),
    ("[severity_weights]\nurgent = 0\nroutine = 0\n", "severity_weights"),
    ("[index.weights]\nresponse = nan\n", "index.weights.response"),
    ("repeat_window_days = inf\n", "repeat_window_days"),
    ('[organisation]\nname = "集团\\u0000"\n', "organisation.name"),
    (f'[organisation]\nname = "{"长" * 201}"\n', "organisation.name"),
])
def test_9_bad_config_values(data_dir, run_cli, toml, key):
    (data_dir / "reportgen.toml").write_text(toml, encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and f"key {key}" in err, err


@pytest.mark.parametrize("amount", ["1e400", "inf", "-inf", "1e16"])  # "nan" reads as missing, as exports mean it
def test_9_non_finite_or_absurd_amount(data_dir, run_cli, amount):
    text = (data_dir / "complaints.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",compensation_amount"
    text[1] += f",{amount}"
    (data_dir / "complaints.csv").write_text("\n".join(text[:2]) + "\n", encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "row 2, column compensation_amount: expected a finite number" in err, err


def test_9_questionnaire_text_with_control_character(data_dir, run_cli):
    q = (data_dir / "questionnaire.yaml").read_text(encoding="utf-8")
    (data_dir / "questionnaire.yaml").write_text(q.replace("响应速度", '"响应\\x01速度"'), encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "questionnaire.yaml" in err and "control character" in err, err


# 11. One bad column with many distinct values reads as one line ----------------------------------

def test_11_many_distinct_bad_values_are_summarised(data_dir, run_cli):
    rows = "".join(f"X{i},not-a-date-{i},hotline,repair,,,\n" for i in range(5000))
    (data_dir / "complaints.csv").write_text(
        "ticket_id,received_at,channel,category,first_response_at,resolved,handling_satisfaction\n" + rows,
        encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and len(err.splitlines()) <= 3, err
    assert ("rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 4,990 more, column received_at: expected an ISO 8601 "
            "timestamp" in err)
    assert "got 'not-a-date-0', 'not-a-date-1', 'not-a-date-2' and 4,997 other values" in err


def test_11_many_kinds_of_problem_are_capped():
    problems = [Problem("a.csv", 2, f"col{i}", f"problem {i}", "x") for i in range(500)]
    text = format_problems(problems)
    assert len(text.splitlines()) == 42 and "and 460 more kinds of problem in columns" in text


def test_11_names_in_messages_are_printable_and_short():
    text = format_problems([Problem("a.csv", 2, "c\x00" + "x" * 5000, "bad", "v" * 5000)])
    assert "\x00" not in text and len(text) < 400


# Loaders: no input makes anything but a located exit-2 error -------------------------------------

@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_loaders_never_crash_on_any_bytes(tmp_path_factory, blob):
    from reportgen.load import read_table

    folder = tmp_path_factory.mktemp("blob")
    for name in ("complaints.csv", "complaints.xlsx", "complaints.parquet"):
        path = folder / name
        path.write_bytes(blob)
        try:
            read_table(path)
        except InputError as exc:
            assert exc.problems and all(p.file == name for p in exc.problems)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=30), min_size=4, max_size=4))
def test_any_cell_text_is_a_located_error_or_a_dataset(data_dir, cells):
    from reportgen.dataset import load_dataset

    header = "ticket_id,received_at,channel,category,first_response_at,resolved,handling_satisfaction"
    row = ",".join('"' + c.replace('"', '""') + '"' for c in (cells[0], "2025-07-01 09:00:00", cells[1], cells[2]))
    (data_dir / "complaints.csv").write_text(f"{header}\n{row},,{cells[3][:1]},\n", encoding="utf-8")
    try:
        dataset = load_dataset(data_dir, Config())
    except InputError as exc:
        assert all(p.file in ("complaints.csv", "surveys.csv") for p in exc.problems)
        return
    for value in dataset.complaints[["channel", "category"]].iloc[0]:
        assert not any(ch in value for ch in XML_FORBIDDEN)


def test_no_outside_process_ran(tmp_path):
    """The sandbox test's payload would have written here had it run (guard against a no-op test)."""
    assert not os.path.exists(tmp_path / "pwned")


@pytest.fixture
def small_disk(tmp_path):
    """A real 256 KiB file system (tmpfs), where the machine lets the tests mount one (root)."""
    import subprocess

    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_8_a_really_full_disk_is_exit_2_and_keeps_the_old_output(small_disk):
    from reportgen.errors import EnvironmentProblem
    from reportgen.output import write_atomically

    old = {"report.html": b"old" * 1000, "tables/a.csv": b"a,b\n"}
    write_atomically(small_disk, "2026Q3", old)
    with pytest.raises(EnvironmentProblem, match="no space left on device") as err:
        write_atomically(small_disk, "2026Q3", {"report.html": b"new", "report.pdf": os.urandom(400_000)})
    assert "2026Q3" in err.value.message
    assert {p.relative_to(small_disk / "2026Q3").as_posix(): p.read_bytes()
            for p in (small_disk / "2026Q3").rglob("*") if p.is_file()} == old
    assert sorted(p.name for p in small_disk.iterdir()) == [".2026Q3.lock", "2026Q3"]


def test_8_a_really_read_only_disk_fails_before_the_build(small_disk, data_dir, run_cli):
    import subprocess

    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, _, err = run_cli("build", "--data", data_dir, "--out", small_disk / "out")
    assert code == 2 and "read-only file system" in err and str(small_disk) in err and "bug" not in err


# Located errors, not crashes, for files nobody here wrote -----------------------------------------

def _complaints_as(data: Path, fmt: str, frame: pd.DataFrame) -> None:
    (data / "complaints.csv").unlink()
    path = data / f"complaints.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "xlsx":
        frame.to_excel(path, index=False)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_arrays([pa.array(frame.iloc[:, i]) for i in range(frame.shape[1])],
                                            names=list(frame.columns)), path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_a_repeated_column_is_named_not_a_crash(data_dir, run_cli, fmt):
    frame = pd.read_csv(data_dir / "complaints.csv", dtype=str)
    frame.insert(3, "channel_again", frame["channel"])
    frame.columns = [c if c != "channel_again" else "channel" for c in frame.columns]
    _complaints_as(data_dir, fmt, frame)
    code, _, err = run_cli("validate", "--data", data_dir)
    where = "" if fmt == "parquet" else "row 1, "  # a Parquet file has no header row
    assert code == 2 and f"complaints.{fmt}, {where}column channel: the header names this column 2 times" in err, err


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("year", [1600, 2300, 9999])
def test_a_timestamp_outside_the_calendar_pandas_holds_is_a_located_error(data_dir, run_cli, fmt, year):
    frame = pd.read_csv(data_dir / "complaints.csv", dtype=str)
    frame.loc[1, "received_at"] = f"{year}-07-02 10:00:00"
    if fmt == "parquet":
        from datetime import datetime

        frame["received_at"] = [datetime.fromisoformat(v) for v in frame["received_at"]]
    _complaints_as(data_dir, fmt, frame)
    code, _, err = run_cli("validate", "--data", data_dir)
    row = 3 if fmt == "csv" else 2  # a Parquet file has no header row
    assert code == 2 and f"complaints.{fmt}, row {row}, column received_at: expected" in err and "1678–2261" in err, err
