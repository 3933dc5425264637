"""The package as installed: its file list, and a build from a wheel in a fresh environment.

The standard templates live in the top-level templates/ folder and are mapped into the package
by pyproject.toml, so nothing but a real wheel shows that they (and every other data file) ship.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1792022400"  # 2026-10-15: the data_dir fixture's quarter is built whatever today is


def _source_files() -> dict[str, Path]:
    """Every file the wheel must hold, by its path inside the wheel."""
    out = {}
    for folder, inside in ((ROOT / "reportgen", "reportgen"), (ROOT / "templates", "reportgen/templates")):
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                out[f"{inside}/{path.relative_to(folder).as_posix()}"] = path
    return out


def test_every_package_folder_is_listed():
    """A folder of reportgen/ missing from the list would be left out of the wheel, silently."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert tool["package-dir"] == {"reportgen.templates": "templates"}
    folders = {Path(name).parent.as_posix().replace("/", ".") for name in _source_files()}
    assert set(tool["packages"]) == folders


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


def _borrowed_paths() -> list[str]:
    """Where this interpreter finds its dependencies: the fresh environment imports them from there.

    Its `sys.path` rather than its site-packages, so that paths this environment itself borrows
    come along; the standard library (the fresh one has its own) and the sources are left out.
    """
    stdlib = {Path(sysconfig.get_path(k)).resolve() for k in ("stdlib", "platstdlib")}
    out = []
    for entry in [*site.getsitepackages(), *sys.path]:
        path = Path(entry).resolve() if entry else None
        # the sources stay out (the venv may live inside the checkout: `make` puts it in .venv/)
        if path is None or not path.is_dir() or path in stdlib or path == ROOT or any(
                path.is_relative_to(ROOT / part) for part in ("reportgen", "templates", "tests")):
            continue
        if any(path.is_relative_to(s) for s in stdlib) and "site-packages" not in path.parts:
            continue  # lib-dynload and the like
        out.append(str(path))
    return list(dict.fromkeys(out))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built offline from a copy of the sources (the work tree stays clean)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("reportgen", "templates"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "--quiet", "-w", tmp / "dist", src])
    (built,) = (tmp / "dist").glob("*.whl")
    return built


@pytest.mark.install
def test_wheel_holds_every_source_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(set(_source_files()) - names)
    assert not missing, missing
    assert wheel.name.startswith("service_quality_report-")


@pytest.mark.install
def test_installed_wheel_builds_from_any_folder(wheel, data_dir, tmp_path, run_cli, monkeypatch):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (purelib / "_borrowed.pth").write_text("\n".join(_borrowed_paths()) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel])

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, XDG_CACHE_HOME=str(tmp_path / "cache"))
    where = _run([python, "-c", "import reportgen, reportgen.render.templates as t; print(reportgen.__file__); "
                  "print(t.standard_dir()); print(t.environment().get_template('report.html').filename)"],
                 cwd=elsewhere, env=env).stdout.split("\n")[:3]
    for path in where:
        assert Path(path).resolve().is_relative_to(purelib.resolve()), where

    _run([venv / "bin" / "reportgen", "build", "--data", data_dir, "--out", "out", "--quiet"], cwd=elsewhere, env=env)
    folder = elsewhere / "out" / "2025Q3"
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF-")
    installed = (folder / "report.html").read_text(encoding="utf-8")

    # The same build from the sources under test: the installed package renders exactly what they do.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, _, err = run_cli("build", "--data", data_dir, "--out", tmp_path / "src-out", "--quiet")
    assert code == 0, err
    assert installed == (tmp_path / "src-out" / "2025Q3" / "report.html").read_text(encoding="utf-8")
    assert "--blue: #08519c;" in installed  # the standard stylesheet, inlined
