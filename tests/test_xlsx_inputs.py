"""XLSX cells that calamine reads as empty: formulas saved without a value, and merged cells."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reportgen import schema
from reportgen.config import Config
from reportgen.dataset import load_dataset
from reportgen.errors import InputError
from reportgen.load import read_table

READ = {c.name for c in schema.COMPLAINTS if c.read}
HEADER = ["ticket_id", "received_at", "channel", "category", "handling_satisfaction", "store", "region",
          "remarks"]  # store is column F, region G, remarks H (a column outside the contract: never read)
ROWS = [["T1", "2025-07-01 09:00:00", "hotline", "repair", 5, "S1", "east", "x"],
        ["T2", "2025-07-02 10:00:00", "wechat", "price", 3, "S2", "west", "y"],
        ["T3", "2025-08-03 10:00:00", "online", "price", 4, "S3", "north", "z"]]
UNCALCULATED = ("has no computed value (the workbook was saved without calculating it); "
                "open it in a spreadsheet program and save it again, or export CSV")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook(path: Path, header=HEADER, rows=ROWS, merges=(), edit=None) -> Path:
    """Write a workbook with openpyxl, which stores formulas without a computed value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [header, *rows]:
        ws.append(row)
    if edit:
        edit(ws)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def _rewrite(path: Path, part: str, change) -> None:
    """Change one part of the zip (as another program would have written it)."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    path.write_bytes(buf.getvalue())


def _patch(path: Path, part: str, old: bytes, new: bytes) -> None:
    def change(data: bytes) -> bytes:
        assert old in data, data[:400]
        return data.replace(old, new)
    _rewrite(path, part, change)


def _hand_written(path: Path, sheet: str, strings: list[str], part="xl/worksheets/data.xml") -> Path:
    """A workbook as other writers make it: prefixed elements, shared strings, a sheet part not named sheet1."""
    sst = "".join(f"<x:si><x:t>{s}</x:t></x:si>" for s in strings)
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}"><x:sheets>'
                           '<x:sheet name="Data" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}">'
                                      f'<Relationship Id="rId8" Type="{REL}/sharedStrings" '
                                      'Target="sharedStrings.xml"/>'
                                      f'<Relationship Id="rId7" Type="{REL}/worksheet" Target="{part[3:]}"/>'
                                      '</Relationships>',
        part: f'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="{MAIN}">{sheet}</x:worksheet>',
        "xl/sharedStrings.xml": f'<x:sst xmlns:x="{MAIN}">{sst}</x:sst>',
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def _problems(path: Path, columns=READ) -> list[tuple]:
    with pytest.raises(InputError) as exc:
        read_table(path, columns=columns)
    return sorted(((p.file, p.row, p.column, p.message) for p in exc.value.problems), key=lambda p: p[1] or 0)


def test_formula_without_value_in_a_read_column_is_a_problem(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx", edit=lambda ws: ws.__setitem__("E3", "=SUM(B2:B9)"))
    assert _problems(path) == [("complaints.xlsx", 3, "handling_satisfaction",
                                f"formula =SUM(B2:B9) {UNCALCULATED}")]


def test_long_formulas_are_shortened_and_a_filled_down_column_reads_as_one_line(tmp_path):
    def edit(ws):
        ws["F2"] = '=IF(ISBLANK(A2),"unknown store",VLOOKUP(A2,Stores!A:B,2,FALSE))'
        for r in range(2, 40):
            ws.append([f"T{r + 10}", "2025-07-01 09:00:00", "hotline", "repair", f"=C{r}*2", "S", "e", ""])
    path = _workbook(tmp_path / "complaints.xlsx", edit=edit)
    problems = _problems(path)
    assert ("complaints.xlsx", 2, "store", f'formula =IF(ISBLANK(A2),"unknown store",VLOOKUP… {UNCALCULATED}') \
        in problems
    messages = {m for _, _, column, m in problems if column == "handling_satisfaction"}
    assert messages == {f"formulas such as =C2*2 {UNCALCULATED.replace('has', 'have', 1)}"}
    with pytest.raises(InputError) as exc:
        read_table(path, columns=READ)
    assert "rows 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 and 28 more, column handling_satisfaction: formulas such as" \
        in str(exc.value)


def test_formula_in_a_column_that_is_not_read_is_no_problem(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx", edit=lambda ws: ws.__setitem__("H2", "=UPPER(C2)"))
    raw = read_table(path, columns=READ)
    assert "remarks" not in raw.frame.columns and raw.findings == ()
    assert raw.frame["ticket_id"].tolist() == ["T1", "T2", "T3"]


def test_formula_in_the_header_is_a_problem_whatever_the_column(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx", edit=lambda ws: ws.__setitem__("H1", '="desc"&"ription"'))
    assert _problems(path) == [("complaints.xlsx", 1, None,
                                f'header cell H1: formula ="desc"&"ription" {UNCALCULATED}')]


def test_formula_with_a_stored_value_is_read_as_that_value(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx", edit=lambda ws: ws.__setitem__("E3", "=SUM(B2:B9)"))
    # As a spreadsheet program saves it: the formula and its result.
    _patch(path, "xl/worksheets/sheet1.xml", b"<f>SUM(B2:B9)</f><v />", b"<f>SUM(B2:B9)</f><v>4</v>")
    raw = read_table(path, columns=READ)
    assert raw.frame["handling_satisfaction"].tolist() == [5, 4, 4] and raw.findings == ()


def test_merged_store_cells_are_filled_with_a_finding_for_each_filled_cell(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx", merges=["F2:F4"])
    raw = read_table(path, columns=READ)
    assert raw.frame["store"].tolist() == ["S1", "S1", "S1"]
    assert [(f.file, f.row, f.column, f.rule, f.detail) for f in raw.findings] == [
        ("complaints.xlsx", 3, "store", "merged_cell", "merged range F2:F4: value of row 2 used"),
        ("complaints.xlsx", 4, "store", "merged_cell", "merged range F2:F4: value of row 2 used")]


def test_range_over_several_columns_fills_each_from_its_one_top_left_cell(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx", merges=["F3:G4"])
    raw = read_table(path, columns=READ)
    assert raw.frame["store"].tolist() == ["S1", "S2", "S2"]
    assert raw.frame["region"].tolist() == ["east", "S2", "S2"]
    assert [(f.row, f.column, f.detail) for f in raw.findings] == [
        (4, "store", "merged range F3:G4: value of row 3 used"),
        (3, "region", "merged range F3:G4: value of F3 used"),
        (4, "region", "merged range F3:G4: value of F3 used")]


def test_merged_value_held_in_a_column_that_is_not_read(tmp_path):
    header = ["remarks", "store", *HEADER[:5]]
    rows = [[r[7], r[5], *r[:5]] for r in ROWS]
    path = _workbook(tmp_path / "complaints.xlsx", header, rows, merges=["A2:B3"])
    raw = read_table(path, columns=READ)
    assert "remarks" not in raw.frame.columns
    assert raw.frame["store"].tolist() == ["x", "x", "S3"]
    assert [(f.row, f.column) for f in raw.findings] == [(2, "store"), (3, "store")]


def test_merges_that_fill_no_read_cell_change_nothing(tmp_path):
    # Over a column not read; below the last row with data (no record there to fill).
    path = _workbook(tmp_path / "complaints.xlsx", merges=["H2:H3", "F4:F8"])
    raw = read_table(path, columns=READ)
    assert raw.findings == () and "description" not in raw.frame.columns
    assert raw.frame["store"].tolist() == ["S1", "S2", "S3"]
    path = _workbook(tmp_path / "complaints.xlsx", edit=lambda ws: ws.__setitem__("F9", "S9"), merges=["F5:F7"])
    raw = read_table(path, columns=READ)  # an empty top-left cell fills nothing
    assert raw.findings == ()


@pytest.mark.parametrize("ref, message", [
    ("F1:G1", "merged header cells F1:G1; give every column its own name"),
    ("A1:A2", "merged cells A1:A2 join the header to the data below it; "
              "keep the header in row 1 and give every column its own name"),
])
def test_merged_header_cells_are_a_problem(tmp_path, ref, message):
    path = _workbook(tmp_path / "complaints.xlsx", merges=[ref])
    assert _problems(path) == [("complaints.xlsx", 1, None, message)]


def test_first_sheet_found_through_the_workbook_relations(tmp_path):
    # Prefixed elements, a shared-string header, a shared formula, and rows and cells without
    # references (all allowed by the format): the problem is placed as a person sees it.
    sheet = ('<x:sheetData>'
             '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>'
             '<x:row r="2"><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="C2"><x:f t="shared" ref="C2:C3" si="0">B2*2'
             '</x:f></x:c></x:row>'
             '<x:row><x:c t="s"><x:v>4</x:v></x:c><x:c/><x:c><x:f t="shared" si="0"/><x:v></x:v></x:c></x:row>'
             '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A5:A6"/></x:mergeCells>')
    path = _hand_written(tmp_path / "complaints.xlsx", sheet, ["ticket_id", "received_at", "handling_satisfaction",
                                                                 "T1", "T2"])
    assert _problems(path) == [
        ("complaints.xlsx", 2, "handling_satisfaction", f"formula =B2*2 {UNCALCULATED}"),
        ("complaints.xlsx", 3, "handling_satisfaction", f"formula =B2*2 (as in C2) {UNCALCULATED}")]


@pytest.mark.parametrize("part, old, new, message", [
    ("xl/workbook.xml", b"<sheets>", b"<sheets", "xl/workbook.xml is not well-formed XML (not well-formed"),
    ("xl/worksheets/sheet1.xml", b'<mergeCell ref="F2:F3" />', b'<mergeCell ref="F2:F3">',
     "xl/worksheets/sheet1.xml is not well-formed XML (mismatched tag)"),
    ("xl/worksheets/sheet1.xml", b'ref="F2:F3"', b'ref="F2:F-3"', "cell reference 'F-3' is not valid"),
    ("xl/_rels/workbook.xml.rels", b"/xl/worksheets/sheet1.xml", b"/xl/worksheets/gone.xml",
     "part xl/worksheets/gone.xml is missing"),
    (None, None, None, "the zip archive is damaged"),
])
def test_damaged_workbook_is_a_problem_not_a_traceback(tmp_path, data_dir, run_cli, part, old, new, message):
    path = _workbook(tmp_path / "complaints.xlsx", merges=["F2:F3"])
    if part is None:
        path.write_bytes(path.read_bytes()[:600])
    else:
        _patch(path, part, old, new)
    [(file, row, column, text)] = _problems(path)
    assert (file, row, column) == ("complaints.xlsx", None, None)
    assert text.startswith("cannot read the workbook: ") and message in text, text
    (data_dir / "complaints.csv").unlink()
    (data_dir / "complaints.xlsx").write_bytes(path.read_bytes())
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "Traceback" not in err and "complaints.xlsx: cannot read the workbook" in err


def test_utf16_sheet_is_refused_not_read_as_empty(tmp_path):
    path = _workbook(tmp_path / "complaints.xlsx")
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda data: data.decode("utf-8").encode("utf-16"))
    [(_, _, _, text)] = _problems(path)
    assert text == ("cannot read the workbook: xl/worksheets/sheet1.xml is UTF-16 text, which is not read; "
                    "save the workbook again in a spreadsheet program")


def _complaints_xlsx(data_dir: Path, merges=(), edit=None) -> Path:
    """The fixture's complaints.csv as complaints.xlsx, with a store column (H) to merge."""
    frame = pd.read_csv(data_dir / "complaints.csv", dtype=str, keep_default_na=False)
    (data_dir / "complaints.csv").unlink()
    rows = [[v or None for v in row] + [f"S{i}"] for i, row in enumerate(frame.values.tolist(), start=1)]
    return _workbook(data_dir / "complaints.xlsx", [*frame.columns, "store"], rows, merges, edit)


def test_merged_cells_reach_the_dataset_findings(data_dir, run_cli):
    _complaints_xlsx(data_dir, merges=["H2:H4"])
    dataset = load_dataset(data_dir, Config())
    assert dataset.complaints["store"].tolist() == ["S1", "S1", "S1"]
    merged = [(f.file, f.row, f.column, f.detail) for f in dataset.findings if f.rule == "merged_cell"]
    assert merged == [("complaints.xlsx", 3, "store", "merged range H2:H4: value of row 2 used"),
                      ("complaints.xlsx", 4, "store", "merged range H2:H4: value of row 2 used")]
    code, out, err = run_cli("validate", "--data", data_dir)
    assert code == 0, err
    assert "complaints.xlsx, column store: merged_cell × 2" in out


def test_formula_without_value_fails_validation_naming_file_row_and_column(data_dir, run_cli):
    _complaints_xlsx(data_dir, edit=lambda ws: ws.__setitem__("G3", "=2+1"))
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "Traceback" not in err
    assert f"complaints.xlsx, row 3, column handling_satisfaction: formula =2+1 {UNCALCULATED}" in err
