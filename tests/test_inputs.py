"""Bad input: exit code 2 and a message naming file, row and column; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reportgen.build import build

from reportgen.config import Config
from reportgen.dataset import load_dataset
from reportgen.errors import InputError


def _assert_user_error(result, *fragments: str) -> str:
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    return err


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_valid_folder_builds_and_validates(data_dir, tmp_path, run_cli):
    code, out, err = run_cli("validate", "--data", data_dir)
    assert code == 0, err
    assert "complaints.csv: 3 rows" in out and "quarters: 2025Q3" in out
    # the figures only: the documents of a command-line build are tested in test_cli and test_report
    result = build(data_dir=data_dir, out_dir=tmp_path / "out", documents=False)
    metrics = json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["period"] == "2025Q3" and metrics["complaints"]["total"] == 3


def test_missing_required_column(data_dir, run_cli):
    _replace(data_dir / "surveys.csv", ",q5,", ",q5x,")
    _assert_user_error(run_cli("validate", "--data", data_dir),
                       "surveys.csv, column q5: required column is missing")


def test_unparsable_date_names_file_row_and_column(data_dir, run_cli):
    _replace(data_dir / "complaints.csv", "2025-07-02 10:00:00", "2025-07-32 10:00:00")
    _assert_user_error(run_cli("build", "--data", data_dir),
                       "complaints.csv, row 3, column received_at", "ISO 8601", "'2025-07-32 10:00:00'")


def test_non_numeric_answer(data_dir, run_cli):
    _replace(data_dir / "surveys.csv", "200,5,4", "200,five,4")
    _assert_user_error(run_cli("validate", "--data", data_dir),
                       "surveys.csv, row 3, column q1: expected a whole number from 1 to 5, got 'five'")


def test_fractional_answer_is_an_error_but_out_of_scale_is_a_finding(data_dir):
    _replace(data_dir / "surveys.csv", "200,5,4", "200,7,4")  # out of scale: tolerated, logged
    dataset = load_dataset(data_dir, Config())
    assert [(f.row, f.column, f.rule, f.record_id) for f in dataset.findings] == [(3, "q1", "out_of_range", "R2")]
    assert pd.isna(dataset.surveys.loc[1, "q1"])
    _replace(data_dir / "surveys.csv", "200,7,4", "200,4.5,4")
    with pytest.raises(InputError, match="row 3, column q1: expected a whole number"):
        load_dataset(data_dir, Config())


def test_empty_file(data_dir, run_cli):
    (data_dir / "complaints.csv").write_bytes(b"")
    _assert_user_error(run_cli("validate", "--data", data_dir), "complaints.csv: file is empty")


def test_binary_file(data_dir, run_cli):
    (data_dir / "surveys.csv").write_bytes(bytes(range(256)) * 10)
    _assert_user_error(run_cli("validate", "--data", data_dir), "surveys.csv: binary data, not CSV text")


def test_workbook_saved_with_csv_name(data_dir, run_cli):
    (data_dir / "surveys.csv").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    _assert_user_error(run_cli("validate", "--data", data_dir), "XLSX file named .csv")


def test_undecodable_text(data_dir, run_cli):
    (data_dir / "complaints.csv").write_bytes(b"ticket_id,received_at\n\xff\xfe\xff,x\n")
    _assert_user_error(run_cli("validate", "--data", data_dir), "neither UTF-8 nor GB18030", "--encoding")


def test_duplicate_ticket_ids(data_dir, run_cli):
    _replace(data_dir / "complaints.csv", "T3,", "T1,")
    _assert_user_error(run_cli("validate", "--data", data_dir),
                       "complaints.csv, row 4, column ticket_id: duplicate id; ids must be unique, got 'T1 (first at row 2)'")


def test_missing_value_in_required_column(data_dir, run_cli):
    _replace(data_dir / "complaints.csv", "wechat,price", ",price")
    _assert_user_error(run_cli("validate", "--data", data_dir),
                       "complaints.csv, row 3, column channel: value is missing")


def test_every_problem_is_listed_not_only_the_first(data_dir, run_cli):
    _replace(data_dir / "complaints.csv", "true,5", "perhaps,5")
    _replace(data_dir / "surveys.csv", "2025-08-06 10:00:00", "yesterday")
    err = _assert_user_error(run_cli("validate", "--data", data_dir),
                             "2 problems found", "complaints.csv, row 2, column resolved",
                             "surveys.csv, row 4, column submitted_at")
    assert "'perhaps'" in err and "'yesterday'" in err


def test_many_bad_rows_are_summarised(tmp_path, data_dir, run_cli):
    rows = "".join(f"X{i},not-a-date,hotline,repair,,,\n" for i in range(500))
    (data_dir / "complaints.csv").write_text(
        "ticket_id,received_at,channel,category,first_response_at,resolved,handling_satisfaction\n" + rows,
        encoding="utf-8")
    err = _assert_user_error(run_cli("validate", "--data", data_dir),
                             "500 problems found", "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 490 more")
    assert len(err.splitlines()) < 10


def test_missing_questionnaire(data_dir, run_cli):
    (data_dir / "questionnaire.yaml").unlink()
    _assert_user_error(run_cli("validate", "--data", data_dir), "questionnaire.yaml", "not found")


def test_malformed_questionnaire_yaml(data_dir, run_cli):
    (data_dir / "questionnaire.yaml").write_text("dimensions: {a: [\nitems: x\n", encoding="utf-8")
    _assert_user_error(run_cli("validate", "--data", data_dir), "questionnaire.yaml", "not valid YAML")


def test_questionnaire_with_unknown_dimension(data_dir, run_cli):
    _replace(data_dir / "questionnaire.yaml", "dimension: follow_up\n    zh-CN: 承诺", "dimension: followup\n    zh-CN: 承诺")
    _assert_user_error(run_cli("validate", "--data", data_dir), "questionnaire.yaml", "item q12 names dimension 'followup'")


def test_questionnaire_missing_text(data_dir, run_cli):
    _replace(data_dir / "questionnaire.yaml", "    en: Staff were warm and courteous\n", "")
    _assert_user_error(run_cli("validate", "--data", data_dir), "questionnaire.yaml: key items.q5.en: Field required")


def test_missing_folder(tmp_path, run_cli):
    _assert_user_error(run_cli("build", "--data", tmp_path / "nowhere"), "nowhere: data folder not found")


def test_a_missing_table_is_said_not_an_error(data_dir, run_cli):
    (data_dir / "surveys.csv").unlink()
    code, out, err = run_cli("validate", "--data", data_dir)
    assert code == 0, err
    assert "surveys: none in the data" in out


def test_two_formats_of_one_table(data_dir, run_cli):
    pd.read_csv(data_dir / "surveys.csv").to_parquet(data_dir / "surveys.parquet")
    _assert_user_error(run_cli("validate", "--data", data_dir), "surveys.csv, surveys.parquet", "keep exactly one")


@pytest.mark.parametrize("period, message", [
    ("2025Q5", "'2025Q5' is not a quarter"),
    ("2025-3", "'2025-3' is not a quarter"),
    ("2031Q1", "no complaints or survey responses in that quarter; the data covers 2025Q3 to 2025Q3"),
])
def test_impossible_period(data_dir, run_cli, period, message):
    _assert_user_error(run_cli("build", "--data", data_dir, "--period", period), message)


def test_bad_config_names_the_key(data_dir, run_cli):
    (data_dir / "reportgen.toml").write_text('min_cell = -1\n[sla]\npreset = "fast"\n[sla.closure]\nlimt = "7d"\n',
                                             encoding="utf-8")
    _assert_user_error(run_cli("validate", "--data", data_dir), "reportgen.toml", "key min_cell",
                       "key sla.preset", "key sla.closure.limt: unknown key")


def test_config_that_is_not_toml(data_dir, tmp_path, run_cli):
    bad = tmp_path / "x.toml"
    bad.write_text("this is = = not toml", encoding="utf-8")
    _assert_user_error(run_cli("validate", "--data", data_dir, "--config", bad), "x.toml: not valid TOML")


def test_unknown_time_zone(data_dir, run_cli):
    (data_dir / "reportgen.toml").write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    _assert_user_error(run_cli("validate", "--data", data_dir), "key timezone: unknown time zone")


def test_bad_event_type(data_dir, run_cli):
    (data_dir / "events.csv").write_text("date,type,points,description\n2025-08-01,penalty,3,x\n", encoding="utf-8")
    _assert_user_error(run_cli("validate", "--data", data_dir),
                       "events.csv, row 2, column type: expected one of veto, bonus, got 'penalty'")


def test_failed_build_leaves_previous_output_untouched(data_dir, tmp_path, run_cli):
    out = tmp_path / "out"
    build(data_dir=data_dir, out_dir=out, documents=False)  # a good output (its documents change nothing here)
    before = {p: p.read_bytes() for p in (out / "2025Q3").rglob("*") if p.is_file()}
    _replace(data_dir / "complaints.csv", "2025-07-02 10:00:00", "garbage")
    _assert_user_error(run_cli("build", "--data", data_dir, "--out", out))
    assert {p: p.read_bytes() for p in (out / "2025Q3").rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == [".2025Q3.lock", "2025Q3"]  # no staging folders left behind


# Encodings and formats ------------------------------------------------------------------------

def test_gb18030_and_bom_csv_load_the_same(data_dir):
    chinese = (data_dir / "complaints.csv").read_text(encoding="utf-8").replace("repair", "维修")
    (data_dir / "complaints.csv").write_bytes(chinese.encode("gb18030"))
    gb = load_dataset(data_dir, Config())
    (data_dir / "complaints.csv").write_bytes(chinese.encode("utf-8-sig"))
    bom = load_dataset(data_dir, Config())
    assert gb.sources["complaints"].encoding == "gb18030"
    assert bom.sources["complaints"].encoding == "utf-8-sig"
    assert gb.complaints["category"].tolist() == bom.complaints["category"].tolist() == ["维修", "price", "price"]


def test_xlsx_and_parquet_load_like_csv(data_dir, tmp_path):
    csv_set = load_dataset(data_dir, Config())
    for fmt in ("xlsx", "parquet"):
        other = tmp_path / fmt
        other.mkdir()
        (other / "questionnaire.yaml").write_bytes((data_dir / "questionnaire.yaml").read_bytes())
        for name in ("complaints", "surveys"):
            frame = pd.read_csv(data_dir / f"{name}.csv", dtype=str)
            if fmt == "xlsx":
                frame.to_excel(other / f"{name}.xlsx", index=False)
            else:
                typed = frame.copy()
                for col in ("received_at", "first_response_at", "submitted_at"):
                    if col in typed:
                        typed[col] = pd.to_datetime(typed[col])  # naive: local time
                typed.to_parquet(other / f"{name}.parquet")
        loaded = load_dataset(other, Config())
        for name in ("complaints", "surveys"):
            left = getattr(csv_set, name).drop(columns="_row")
            right = getattr(loaded, name).drop(columns="_row")
            pd.testing.assert_frame_equal(left, right, check_dtype=False)
        assert loaded.complaints["_row"].tolist() == ([2, 3, 4] if fmt == "xlsx" else [1, 2, 3])


def test_timestamps_with_offsets_are_converted_to_local_time(data_dir):
    _replace(data_dir / "complaints.csv", "2025-07-01 09:00:00", "2025-07-01T01:00:00Z")
    _replace(data_dir / "complaints.csv", "2025-07-02 10:00:00", "2025-07-02T03:00:00+01:00")
    _replace(data_dir / "complaints.csv", "2025-08-03 10:00:00", "2025/8/3 10:00")
    received = load_dataset(data_dir, Config()).complaints["received_at"]
    assert [str(t) for t in received] == ["2025-07-01 09:00:00+08:00", "2025-07-02 10:00:00+08:00",
                                          "2025-08-03 10:00:00+08:00"]


def test_quarter_is_decided_in_local_time(data_dir):
    # 2025-09-30T16:30Z is 1 October 00:30 in Shanghai: the fourth quarter, not the third.
    _replace(data_dir / "complaints.csv", "2025-08-03 10:00:00", "2025-09-30T16:30:00Z")
    dataset = load_dataset(data_dir, Config())
    assert dataset.complaints["_quarter"].tolist() == [2025 * 4 + 2, 2025 * 4 + 2, 2025 * 4 + 3]


def test_boolean_spellings(data_dir):
    text = (data_dir / "complaints.csv").read_text(encoding="utf-8")
    text = text.replace(",true,", ",YES,").replace(",false,", ",否,").replace(",是,", ",1,")
    (data_dir / "complaints.csv").write_text(text, encoding="utf-8")
    assert load_dataset(data_dir, Config()).complaints["resolved"].tolist() == [True, False, True]


# Configuration --------------------------------------------------------------------------------

def test_sla_presets_and_overrides():
    from reportgen.config import format_duration

    c = Config.model_validate({"sla": {"preset": "30m-12h-24h", "closure": {"required": 0.95}}})
    assert [format_duration(getattr(c.sla, n).limit) for n in ("response", "solution", "closure")] == \
        ["30m", "12h", "24h"]
    assert [getattr(c.sla, n).required for n in ("response", "solution", "closure")] == [1.0, 1.0, 0.95]
    d = Config()
    assert [format_duration(getattr(d.sla, n).limit) for n in ("response", "solution", "closure")] == \
        ["30m", "24h", "7d"]
    assert Config.model_validate({"sla": {"response": {"limit": "1h"}}}).sla.response.required == 0.90


@pytest.mark.parametrize("text", ["30 minutes", "-5m", "", "7w"])
def test_bad_durations_are_rejected(text):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Config.model_validate({"sla": {"response": {"limit": text}}})


def test_required_share_must_be_a_fraction(data_dir, run_cli):
    (data_dir / "reportgen.toml").write_text("[sla.response]\nrequired = 90\n", encoding="utf-8")
    _assert_user_error(run_cli("validate", "--data", data_dir), "key sla.response.required",
                       "less than or equal to 1")


def _break_row(folder, row: int, change) -> None:
    path = folder / "complaints.csv"
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    lines[row - 1] = change(lines[row - 1])
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("change, message", [
    (lambda line: line + ",extra,联系人张三 13812345678", "this row has 9 fields, the header 7"),
    (lambda line: line.replace(",", ',"', 1), "a quotation mark opened in this row is never closed"),
    (lambda line: line.split(",", 1)[0] + ",13812345678", "this row has 2 fields, the header 7"),
])
def test_malformed_csv_row_is_located_and_not_echoed(data_dir, run_cli, change, message):
    """A ragged row or an open quote names its spreadsheet row; the row's text (which may hold
    personal data) is never printed."""
    _break_row(data_dir, 3, change)
    code, out, err = run_cli("validate", "--data", data_dir)
    assert code == 2
    assert f"complaints.csv, row 3: malformed CSV: {message}" in err
    assert "13812345678" not in err and "2025-07-02 10:00" not in err


def test_cr_only_line_endings_read_like_newlines(data_dir, tmp_path):
    """Old Mac exports end lines with CR alone; the header was taken for the whole first
    megabyte and the file misreported as neither UTF-8 nor GB18030."""
    from reportgen.settings import settle
    from reportgen.dataset import load_dataset

    cr = tmp_path / "cr"
    cr.mkdir()
    for p in data_dir.iterdir():
        text = p.read_text(encoding="utf-8")
        (cr / p.name).write_bytes((text.replace("\n", "\r") if p.suffix == ".csv" else text).encode("utf-8"))
    frames = []
    for folder in (data_dir, cr):
        config = settle(folder).config
        frames.append(load_dataset(folder, config).complaints)
    assert len(frames[1]) == 3
    pd.testing.assert_frame_equal(frames[0], frames[1])
