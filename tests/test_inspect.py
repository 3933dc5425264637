"""`reportgen inspect`: what it says about real export layouts, and drafts that build as they are."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.inspection import header_line, inspect_file
from reportgen.load import guess_encodings

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


@pytest.mark.parametrize("export, encoding, platform, header_rows", [
    ("qualtrics/choice_text.csv", "utf-8-sig", "qualtrics", 3),
    ("qualtrics/numeric.csv", "utf-8-sig", "qualtrics", 3),
    ("qualtrics/legacy.csv", "utf-8-sig", "qualtrics", 2),
    ("surveymonkey/export.csv", "cp1252", "surveymonkey", 2),  # Windows-1252, not taken for GB18030
    ("google_forms/responses.csv", "utf-8-sig", "google_forms", 1),
    ("wjx/choice_text.csv", "gb18030", "wjx", 1),
    ("wjx/choice_number.xls", None, "wjx", 1),
    ("tencent/export.csv", "utf-8-sig", "tencent", 1),
    ("cfpb/complaints.csv", "utf-8-sig", None, 1),
    ("nyc311/requests.csv", "utf-8-sig", None, 1),
    ("spss/qualtrics.sav", None, "qualtrics", 1),
    ("spss/wjx.sav", None, "wjx", 1),
])
def test_layout_is_recognised(export, encoding, platform, header_rows):
    facts = inspect_file(EXPORTS / export)
    assert (facts.encoding, facts.platform, facts.header_rows) == (encoding, platform, header_rows)


def test_column_kinds():
    facts = inspect_file(EXPORTS / "qualtrics/choice_text.csv")
    kinds = {c.name: c.kind for c in facts.columns}
    assert kinds["RecordedDate"] == "timestamp" and kinds["ResponseId"] == "ids"
    assert kinds["Q1_1"] == "labels" and kinds["Q3"] == "labels"  # "10 - Extremely likely" among numbers
    assert facts.column("Q1_1").question.endswith("Speed of response")  # from the second header row
    tencent = {c.name: c for c in inspect_file(EXPORTS / "tencent/export.csv").columns}
    assert tencent["结束答题时间"].date_rule == "day-first"  # 29-Mar-2024 22:16:03
    assert tencent["3.您对响应速度的满意度"].kind == "labels"  # "C.一般"


def test_samples_are_masked():
    facts = inspect_file(EXPORTS / "qualtrics/choice_text.csv")
    emails = facts.column("RecipientEmail").samples
    assert emails and not any("@" in s for s in emails)


def test_lines_above_the_header_are_found(tmp_path):
    body = (EXPORTS / "cfpb/complaints.csv").read_text("utf-8")
    path = tmp_path / "export.csv"
    path.write_text("Exported by the ticket system on 2019-07-01\nFilter: all\n" + body, "utf-8")
    facts = inspect_file(path)
    assert facts.skip_lines == 2 and facts.column("Complaint ID") is not None
    assert header_line([["title"], ["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]]) == 1


@pytest.mark.parametrize("data, first", [
    ("Café déjà vu, Montréal – “ok”\n".encode("cp1252"), "cp1252"),
    ("投诉渠道,门店\n热线,武汉江汉路店\n".encode("gb18030"), "gb18030"),
    (b"ticket_id,received_at\n\xff\xfe\xff,x\n", "gb18030"),  # stray bytes are not Western text
])
def test_encoding_is_guessed_from_what_the_text_looks_like(tmp_path, data, first):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    assert guess_encodings(path)[1] == first


DRAFTED = ["qualtrics/choice_text.csv", "surveymonkey/export.csv", "google_forms/responses.csv",
           "wjx/choice_text.xlsx", "tencent/export.csv", "cfpb/complaints.csv", "nyc311/requests.csv",
           "spss/qualtrics.sav"]


@pytest.mark.parametrize("export", DRAFTED)
def test_drafts_build_as_they_are(tmp_path, run_cli, export):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(EXPORTS / export, data / Path(export).name)
    code, out, err = run_cli("inspect", data / Path(export).name, "--write", data)
    assert code == 0, err
    assert "wrote" in out and (data / "reportgen.toml").is_file()
    survey = "cfpb" not in export and "nyc311" not in export
    assert (data / "questionnaire.yaml").is_file() == survey
    if not survey:  # a ticket export needs a questionnaire only for surveys: the default serves
        shutil.copy(Path(__file__).parent / "data" / "fixture" / "questionnaire.yaml", data)
    result = build(data_dir=data, out_dir=tmp_path / "out", documents=False)
    metrics = json.loads((result.out_dir / "metrics.json").read_text("utf-8"))
    assert metrics["inputs_absent"] == (["complaints"] if survey else ["surveys"])
    if survey:
        assert metrics["survey"]["responses_valid"] > 0
    else:
        assert metrics["complaints"]["total"] > 0
