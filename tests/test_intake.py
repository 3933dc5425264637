"""Typing and checking in the engine against the pandas reference (tests/reference/pandas_validate.py).

Both read the same cells; the engine streams them in batches. They must agree on every typed
value, every problem (file, row, column, message, value) and every finding.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from reference.pandas_validate import RawTable as RefTable
from reference.pandas_validate import typed_table as ref_typed_table
from reportgen import load, schema
from reportgen.config import Config
from reportgen.dataset import frame_of, load_dataset
from reportgen.engine import intake
from reportgen.engine.backends import DuckDBBackend
from reportgen.errors import InputError
from reportgen.validate import check, load_table

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "data" / "fixture"
TZ = ZoneInfo("Asia/Shanghai")


def _reference(path: Path, columns, id_column):
    """The reference's typing of a CSV read whole, as the loader before the engine read it."""
    wanted = {c.name for c in columns if c.read}
    header = [c.strip() for c in path.read_text("utf-8-sig").splitlines()[0].split(",")]
    table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
                           convert_options=pacsv.ConvertOptions(
                               include_columns=[c for c in header if c in wanted],
                               column_types={c: pa.string() for c in header}, strings_can_be_null=True,
                               quoted_strings_can_be_null=True, null_values=[""]))
    problems, findings = [], []
    frame = ref_typed_table(RefTable(path.name, table.to_pandas(), 2), columns, TZ, problems, findings, id_column)
    return frame, sorted(set(problems)), sorted(findings, key=lambda f: (f.row, f.column, f.rule))


def _engine(path: Path, columns, id_column):
    backend = DuckDBBackend("Asia/Shanghai")
    problems = []
    raw = load.read_table(path, None, {c.name for c in columns if c.read},
                          {c.name for c in columns if c.read and c.kind == "text" and c.mask})
    loaded = load_table(backend.con, "t", raw, columns, TZ, problems, id_column)
    check(backend.con, loaded, path.name, problems, id_column)
    frame = frame_of(backend.con, loaded)
    return frame, sorted(set(problems)), sorted(loaded.findings, key=lambda f: (f.row, f.column, f.rule))


def _agree(path: Path, columns, id_column):
    ours, ref = _engine(path, columns, id_column), _reference(path, columns, id_column)
    pd.testing.assert_frame_equal(ours[0], ref[0][ours[0].columns.tolist()], check_dtype=False)
    # The one intended difference: the contract reads `nan` as missing. The reference did so only
    # in a column whose every cell Arrow could cast; beside another bad cell it called `nan` an error.
    assert ours[1] == [p for p in ref[1] if (p.value or "").lower() != "nan"]
    assert ours[2] == ref[2]
    return ours


QUESTIONS = schema.survey_columns(["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12"])


@pytest.mark.parametrize("folder", [FIXTURE, ROOT / "sample_data"], ids=["fixture", "sample"])
def test_engine_types_the_data_as_the_reference(folder):
    _agree(folder / "complaints.csv", schema.COMPLAINTS, "ticket_id")
    q = load_dataset(folder, Config()).questionnaire
    _agree(folder / "surveys.csv", schema.survey_columns(q.item_ids), "response_id")


HOSTILE = {
    "received_at": ["2025-07-01 09:30:00", "2025-07-01T09:30:00", "2025-07-01T01:30:00Z", "2025-07-01T09:30:00+08:00",
                    "2025-07-01 09:30:00.250", "2025/7/1 9:30", "2025/07/01", "2025-07-01", " 2025-07-01 09:30:00 ",
                    "2025-13-01 00:00:00", "1600-01-01 00:00:00", "9999-12-31 00:00:00", "yesterday", "2025-07-01 25:00:00",
                    "2025-07-01 09:30:00", "2025-07-01 09:30:00", "2025-07-01 09:30:00", "2025-07-01 09:30:00"],
    "handling_satisfaction": ["5", " 4 ", "5.0", "4.5", "6", "0", "-1", "1_000", "nan", "inf", "1e400", "abc", "",
                              "３", "1e0", "+2", "２", "NaN"],
    "compensation_amount": ["1.5", "-3", "1e15", "1e16", "inf", "-inf", "nan", "", "12,5", "0x10", ".5", "5.",
                            "1_0", "1e-3", "00012", "1 000", "٣", "0"],
    "resolved": ["true", "FALSE", "Yes", "n", "是", "否", "1", "0", "1.0", "0.0", "maybe", "", "T", "f", "真", "假",
                 "2", "TRUE "],
}


def test_hostile_cells_type_and_fail_as_the_reference(tmp_path):
    n = len(HOSTILE["received_at"])
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(n)], "channel": "store", "category": "repair", **HOSTILE})
    frame.loc[3, "ticket_id"] = "T1"  # a duplicate id
    frame.loc[5, "channel"] = None  # a missing value
    frame.loc[6, "category"] = "x\u202e\u0007" + "y" * 200  # control characters, too long
    path = tmp_path / "complaints.csv"
    frame.to_csv(path, index=False)
    _, problems, findings = _agree(path, schema.COMPLAINTS, "ticket_id")
    assert len(problems) > 20 and {f.rule for f in findings} >= {"out_of_range", "control_characters", "too_long"}


def test_many_batches_give_the_rows_of_one(tmp_path, monkeypatch):
    """Small CSV blocks and groups: every batch boundary must keep rows, findings and problems."""
    rows = 3_000
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(rows)], "received_at": "2025-07-01 09:30:00",
                          "channel": "store", "category": "repair",
                          "handling_satisfaction": [str(i % 8) for i in range(rows)],
                          "closed_at": ["2025-07-02T09:30:00Z" if i % 7 else "soon" for i in range(rows)],
                          "store": ["S\u0007" if i % 500 == 0 else "S" for i in range(rows)]})
    path = tmp_path / "complaints.csv"
    frame.to_csv(path, index=False)
    whole = _engine(path, schema.COMPLAINTS, "ticket_id")
    monkeypatch.setattr(load, "CSV_BLOCK", 4_096)
    monkeypatch.setattr(intake, "GROUP_ROWS", 300)
    raw = load.read_table(path, None, None)
    assert sum(1 for _ in raw.batches()) > 20
    parts = _agree(path, schema.COMPLAINTS, "ticket_id")
    pd.testing.assert_frame_equal(parts[0], whole[0])
    assert parts[1] == whole[1] and parts[2] == whole[2]


def test_gb18030_past_the_first_megabyte_is_read_again(tmp_path, data_dir):
    """A GBK export whose Chinese starts after the first megabyte: UTF-8 fails mid-stream, and the
    file is read again as GB18030 (the header alone decides nothing)."""
    frame = pd.read_csv(data_dir / "complaints.csv", dtype=str)
    filler = pd.concat([frame] * (1_200_000 // len(frame.to_csv(index=False)) + 1), ignore_index=True)
    filler["ticket_id"] = [f"T{i}" for i in range(len(filler))]
    filler["store"] = "store"
    filler.loc[len(filler) - 1, "store"] = "武汉江汉路店"
    with (tmp_path / "complaints.csv").open("w", encoding="gb18030") as fh:
        filler.to_csv(fh, index=False)
    for name in ("surveys.csv", "questionnaire.yaml"):
        (tmp_path / name).write_bytes((data_dir / name).read_bytes())
    dataset = load_dataset(tmp_path, Config())
    assert dataset.sources["complaints"].encoding == "gb18030"
    assert dataset.complaints["store"].iloc[-1] == "武汉江汉路店"


def test_neither_utf8_nor_gb18030_past_the_first_megabyte(tmp_path, data_dir):
    text = (data_dir / "complaints.csv").read_bytes()
    body = text + text.split(b"\n", 1)[1] * (1_200_000 // len(text) + 1)
    (tmp_path / "complaints.csv").write_bytes(body + b"T9,2025-07-01 09:00:00,store,\xff\xff\xff\n")
    for name in ("surveys.csv", "questionnaire.yaml"):
        (tmp_path / name).write_bytes((data_dir / name).read_bytes())
    with pytest.raises(InputError, match="neither UTF-8 nor GB18030"):
        load_dataset(tmp_path, Config())


def test_a_table_over_the_memory_budget_is_stored_and_gives_the_same_figures(monkeypatch):
    """Past HELD_BYTES the typed groups go into the temporary database file, group by group."""
    from reference.compare import differences
    from reportgen.settings import settle
    from reportgen.figures import compute_figures, prepare
    from reportgen.metrics_json import metrics_dict
    from reportgen.periods import Quarter

    folder = ROOT / "sample_data"
    config = settle(folder).config

    def figures():
        dataset = load_dataset(folder, config)
        stored = {name: dataset.backend.con.execute(
            "SELECT COUNT(*) FROM duckdb_tables() WHERE database_name = 'work' AND table_name = ?",
            [got.table]).fetchall()[0][0] for name, got in dataset.typed.items()}
        quarter = Quarter.from_index(max(dataset.quarters()))
        return stored, dataset, metrics_dict(compute_figures(prepare(dataset, config), quarter, config), config)

    in_memory, held, expected = figures()
    monkeypatch.setattr(intake, "HELD_BYTES", 0)
    monkeypatch.setattr(intake, "GROUP_ROWS", 500)
    stored, kept, got = figures()
    assert in_memory == {"complaints": 0, "surveys": 0} and stored == {"complaints": 1, "surveys": 1}
    pd.testing.assert_frame_equal(kept.complaints, held.complaints)
    assert differences(got, expected) == []


def test_a_full_temporary_disk_is_an_environment_problem(monkeypatch):
    import duckdb

    from reportgen.errors import EnvironmentProblem

    class Full:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if sql.startswith(("CREATE OR REPLACE TABLE work.", "INSERT INTO work.")):
                raise duckdb.IOException("IO Error: No space left on device")
            return self.con.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.con, name)

    monkeypatch.setattr(intake, "HELD_BYTES", 0)
    original = intake.load
    monkeypatch.setattr(intake, "load", lambda con, *a, **k: original(Full(con), *a, **k))
    with pytest.raises(EnvironmentProblem, match="No space left on device"):
        load_dataset(FIXTURE, Config())


def test_the_reader_thread_ends_when_typing_stops_early(tmp_path, monkeypatch):
    import threading

    from reportgen.errors import EnvironmentProblem

    rows = 3_000
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(rows)], "received_at": "2025-07-01 09:30:00",
                          "channel": "store", "category": "repair"})
    path = tmp_path / "complaints.csv"
    frame.to_csv(path, index=False)
    monkeypatch.setattr(load, "CSV_BLOCK", 4_096)
    monkeypatch.setattr(intake, "GROUP_ROWS", 50)

    def full(*args, **kwargs):
        raise EnvironmentProblem("no space")

    monkeypatch.setattr(intake, "HELD_BYTES", 0)
    monkeypatch.setattr(intake, "_append", full)
    before = threading.active_count()
    backend = DuckDBBackend("Asia/Shanghai")
    raw = load.read_table(path, None, {c.name for c in schema.COMPLAINTS if c.read})
    with pytest.raises(EnvironmentProblem):
        intake.load(backend.con, "t", raw, schema.COMPLAINTS, TZ, "ticket_id", store=backend.work)
    assert threading.active_count() == before
