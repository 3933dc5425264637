"""Faults found on real and hostile files: each named by file, row and column, exit code 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import COMPLAINTS

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def _user_error(result, *parts):
    code, _, err = result
    assert code == 2, err
    assert "Traceback" not in err
    for part in parts:
        assert part in err, err
    return err


def test_mixed_encodings_name_the_line(data_dir, run_cli):
    utf8 = COMPLAINTS.replace("hotline", "热线").encode("utf-8")
    (data_dir / "complaints.csv").write_bytes(utf8 + "T4,2025-07-04 10:00:00,门店,price,,true,4\n".encode("gb18030"))
    _user_error(run_cli("validate", "--data", data_dir), "complaints.csv, row 5", "mixes encodings")


def test_mixed_encodings_past_the_first_megabyte(data_dir, run_cli):
    lines = COMPLAINTS.replace("hotline", "热线").splitlines()
    body = [lines[0]] + [f"X{i},2025-07-01 09:00:00,热线,repair,,true,5" for i in range(40_000)]
    tail = "Y1,2025-07-02 09:00:00,门店,repair,,true,5\n".encode("gb18030")
    data = ("\n".join(body) + "\n").encode("utf-8")
    assert len(data) > 1 << 20
    (data_dir / "complaints.csv").write_bytes(data + tail)
    _user_error(run_cli("validate", "--data", data_dir), f"complaints.csv, row {len(body) + 1}", "mixes encodings")


def test_validate_lists_every_problem_past_a_missing_column(data_dir, run_cli):
    text = (data_dir / "complaints.csv").read_text("utf-8")
    text = text.replace("ticket_id,received_at,channel,", "ticket_id,received_at,channel_name,")
    (data_dir / "complaints.csv").write_text(text.replace("true,5", "perhaps,5"), "utf-8")
    _user_error(run_cli("validate", "--data", data_dir), "2 problems found",
                "complaints.csv, column channel: required column is missing",
                "complaints.csv, row 2, column resolved")


def test_lines_above_the_header_are_named(data_dir, run_cli):
    path = data_dir / "complaints.csv"
    path.write_text("Exported 2025-10-01 by the ticket system\nAll tickets\n" + path.read_text("utf-8"), "utf-8")
    _user_error(run_cli("validate", "--data", data_dir), "the header seems to be line 3", "skip_lines = 2")


def test_a_legacy_xls_in_the_data_folder_is_read(data_dir, tmp_path):
    from reportgen.config import Config
    from reportgen.dataset import load_dataset

    (data_dir / "surveys.csv").unlink()
    shutil.copy(EXPORTS / "wjx" / "choice_number.xls", data_dir / "surveys.xls")
    (data_dir / "reportgen.toml").write_text("", "utf-8")
    from reportgen.errors import InputError
    with pytest.raises(InputError) as err:  # read, and its columns are not the contract's
        load_dataset(data_dir, Config())
    assert all(p.file == "surveys.xls" for p in err.value.problems)
    assert not any("not found" in p.message for p in err.value.problems)


def test_utf16_tsv_from_a_sources_block(data_dir, tmp_path):
    from reportgen.config import load_config
    from reportgen.dataset import load_dataset

    frame = pd.read_csv(data_dir / "complaints.csv", dtype=str, keep_default_na=False)
    (data_dir / "complaints.csv").unlink()
    frame.to_csv(data_dir / "tickets.tsv", sep="\t", index=False, encoding="utf-16")
    (data_dir / "reportgen.toml").write_text('[sources.complaints]\nfile = "tickets.tsv"\n', "utf-8")
    dataset = load_dataset(data_dir, load_config(data_dir / "reportgen.toml")[0])
    assert list(dataset.complaints["ticket_id"]) == ["T1", "T2", "T3"]
    assert dataset.sources["complaints"].encoding == "utf-16"


@pytest.mark.parametrize("pattern, message", [
    ("../elsewhere.csv", "inside the data folder"), ("/etc/passwd", "inside the data folder"),
    ("nothing-*.csv", "no file matches"),
])
def test_a_sources_file_stays_inside_the_data_folder(data_dir, run_cli, pattern, message):
    (data_dir / "reportgen.toml").write_text(f'[sources.complaints]\nfile = "{pattern}"\n', "utf-8")
    _user_error(run_cli("validate", "--data", data_dir), message)


def test_a_link_out_of_the_data_folder_is_refused(data_dir, tmp_path, run_cli):
    outside = tmp_path / "outside.csv"
    outside.write_text(COMPLAINTS, "utf-8")
    (data_dir / "linked.csv").symlink_to(outside)
    (data_dir / "reportgen.toml").write_text('[sources.complaints]\nfile = "linked.csv"\n', "utf-8")
    _user_error(run_cli("validate", "--data", data_dir), "lies outside the data folder")


def test_a_date_in_another_form_than_declared_names_row_and_key(data_dir, run_cli):
    path = data_dir / "complaints.csv"
    path.write_text(path.read_text("utf-8").replace("2025-07-02 10:00:00", "02/07/2025 10:00"), "utf-8")
    (data_dir / "reportgen.toml").write_text(
        '[sources.complaints]\nfile = "complaints.csv"\ndates = { received_at = "%Y-%m-%d %H:%M:%S" }\n', "utf-8")
    _user_error(run_cli("validate", "--data", data_dir), "complaints.csv, row 3, column received_at",
                "sources.complaints.dates.received_at", "02/07/2025 10:00")


@pytest.mark.parametrize("key", ['period = "2025Q3"\n', ""])  # the source's own period, or the build's
def test_period_places_an_export_without_a_submission_time(data_dir, tmp_path, key):
    import json

    from reportgen.build import build

    frame = pd.read_csv(data_dir / "surveys.csv", dtype=str, keep_default_na=False).drop(columns=["submitted_at"])
    frame.to_csv(data_dir / "sheet.csv", index=False)
    (data_dir / "surveys.csv").unlink()
    (data_dir / "reportgen.toml").write_text(f'[sources.surveys]\nfile = "sheet.csv"\n{key}', "utf-8")
    result = build(data_dir=data_dir, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    assert json.loads((result.out_dir / "metrics.json").read_text("utf-8"))["survey"]["responses_valid"] == 3
    mapping = json.loads((result.out_dir / "manifest.json").read_text("utf-8"))["inputs"]["surveys"]["mapping"]
    assert mapping["period"] == "2025Q3"
    assert mapping["constants"]["submitted_at"].startswith("2025-07-01T00:00:00")


def test_a_ticket_repeated_in_a_later_monthly_file_names_both_places(data_dir, run_cli):
    lines = (data_dir / "complaints.csv").read_text("utf-8").splitlines()
    (data_dir / "complaints.csv").unlink()
    (data_dir / "tickets-2025-07.csv").write_text("\n".join(lines[:3]) + "\n", "utf-8")
    (data_dir / "tickets-2025-08.csv").write_text("\n".join([lines[0], lines[3], lines[1]]) + "\n", "utf-8")
    (data_dir / "reportgen.toml").write_text('[sources.complaints]\nfile = "tickets-*.csv"\n', "utf-8")
    _user_error(run_cli("validate", "--data", data_dir),
                "tickets-2025-08.csv, row 3, column ticket_id: duplicate id", "first at tickets-2025-07.csv row 2")

