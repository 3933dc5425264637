"""The spec modules are pure: they import nothing that converts, reads files or starts processes."""

from __future__ import annotations

import ast
from pathlib import Path

from reportgen import charts

CONVERTERS = {"convert", "bundle"}  # the modules that call vl-convert; every other one builds specs
# What a spec module may import: the standard library's pure parts, Altair and the other spec modules.
PURE_IMPORTS = {"__future__", "collections.abc", "typing", "math", "json", "re", "unicodedata", "altair"}
IMPURE_CALLS = {"open", "exec", "eval", "compile", "__import__"}


def impurities(source: str, package: str = "reportgen.charts") -> list[str]:
    """Imports outside PURE_IMPORTS (or of a converter) and calls that reach files or code at run time."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package if node.level else ""  # `from . import x` is a sibling module
            names = [f"{base}.{node.module}" if node.level and node.module else (node.module or base)]
            if names[0] == package:
                names = [f"{package}.{alias.name}" for alias in node.names]
        else:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IMPURE_CALLS:
                found.append(f"calls {node.func.id}")
            continue
        for name in names:
            sibling = name.startswith(f"{package}.") and name.split(".")[2] not in CONVERTERS
            if name not in PURE_IMPORTS and not sibling:
                found.append(f"imports {name}")
    return found


def spec_modules() -> dict[str, Path]:
    folder = Path(charts.__file__).parent
    return {f"reportgen.charts.{p.stem}" if p.stem != "__init__" else "reportgen.charts": p
            for p in sorted(folder.glob("*.py")) if p.stem not in CONVERTERS}


def test_the_purity_check_catches_conversion_files_and_processes():
    source = ("import vl_convert\nfrom pathlib import Path\nimport subprocess\nimport os.path\n"
              "from reportgen.charts import convert\nfrom .bundle import vega_bundle\nfrom reportgen import cache\n"
              "def f():\n    import altair\n    return open('x')\n")
    assert impurities(source) == ["imports vl_convert", "imports pathlib", "imports subprocess", "imports os.path",
                                  "imports reportgen.charts.convert", "imports reportgen.charts.bundle",
                                  "imports reportgen", "calls open"]
    assert impurities("from reportgen.charts.style import alt\nfrom . import marks\n") == []


def test_spec_modules_import_nothing_that_converts_or_reads_files():
    modules = spec_modules()
    # Every builder and the palette live in a checked module, so the check covers what builds specs.
    assert {builder.__module__ for builder in charts.KINDS.values()} | {"reportgen.charts.style"} <= set(modules)
    problems = {name: impurities(path.read_text(encoding="utf-8")) for name, path in modules.items()}
    assert {name: found for name, found in problems.items() if found} == {}
