"""The structure the code promises: documents from figures alone, small modules, one way down."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "reportgen"
# The documents and their rendering: figures and settings in, text and files of bytes out.
DOCUMENTS = sorted([*(PACKAGE / "report").rglob("*.py"), PACKAGE / "notice.py", *(PACKAGE / "render").rglob("*.py"),
                    *(PACKAGE / "charts").rglob("*.py"), *PACKAGE.glob("charts.py")])
BUILDERS = [p for p in DOCUMENTS if "render" not in p.parts and "charts" not in p.stem and "charts" not in p.parts]
DATA_STAGE = ("pandas", "numpy", "pyarrow", "duckdb", "sqlalchemy", "reportgen.dataset", "reportgen.load",
              "reportgen.engine", "reportgen.source_plan", "reportgen.listings", "reportgen.mapping",
              "reportgen.sheets", "reportgen.validate")
FIGURE_TYPES = {"Figures", "PeriodFigures", "SurveyGroup", "ActionItem", "EventItem"}
FILE_ACCESS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "glob", "rglob"}
# Modules over ~400 lines, and why.
LONG: dict[str, str] = {}


def _imports(path: Path) -> list[tuple[str, set[str], int]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, set(), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, {a.name for a in node.names}, node.lineno))
    return out


def test_documents_import_nothing_of_the_data_stage():
    found = []
    for path in DOCUMENTS:
        for module, names, line in _imports(path):
            if any(module == m or module.startswith(m + ".") for m in DATA_STAGE):
                found.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
            if module == "reportgen.figures" and names - FIGURE_TYPES:
                found.append(f"{path.relative_to(PACKAGE)}:{line} takes {sorted(names - FIGURE_TYPES)} from figures")
    assert DOCUMENTS and not found, found


def test_document_builders_read_no_files():
    found = []
    for path in BUILDERS:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in FILE_ACCESS:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} calls {name}")
        for module, names, line in _imports(path):
            if module in ("os", "io", "shutil") or (module == "pathlib" and names - {"PurePath"}):
                found.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert len(BUILDERS) > 10 and not found, found


def test_modules_stay_small():
    long = {}
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text("utf-8").splitlines())
        key = path.relative_to(PACKAGE).as_posix()
        if lines > 400 and key not in LONG:
            long[key] = lines
    assert not long, long


def test_every_section_builds_from_a_context():
    import inspect

    from reportgen.report import SECTIONS
    from reportgen.report.appendix import PARTS
    from reportgen.report.context import Context

    for module in (*SECTIONS, *PARTS):
        params = list(inspect.signature(module.build).parameters.values())
        assert len(params) == 1 and params[0].annotation in ("Context", Context), module.__name__
