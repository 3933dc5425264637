"""`reportgen build`: inputs → figures → output files, written all at once or not at all."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from importlib import metadata
from pathlib import Path

from reportgen import __version__
from reportgen.config import Config, load_config
from reportgen.dataset import QUARTER, Dataset, load_dataset
from reportgen.errors import InputError, Problem, ReportgenError
from reportgen.figures import TREND_QUARTERS, Figures, Prepared, compute_figures, prepare
from collections.abc import Callable

from reportgen import listings
from reportgen.stages import Stages
from reportgen.model import build_report
from reportgen.render.charts_stage import render_charts
from reportgen.render.html import render_html
from reportgen.render.notice_render import render_notice
from reportgen.render.tables import appendix_tables, to_csv_files, to_xlsx
from reportgen.render.pdf import font_warnings, render_pdf
from reportgen.metrics_json import dumps, metrics_dict
from reportgen.periods import Quarter

CONFIG_NAME = "reportgen.toml"
LIBRARIES = ("pandas", "pyarrow", "numpy", "scipy", "pydantic", "click", "PyYAML", "python-calamine")


@dataclass(frozen=True)
class BuildResult:
    period: str
    out_dir: Path
    files: tuple[str, ...]
    seconds: float
    figures: Figures
    timings: dict[str, float]  # seconds per stage (see reportgen.stages)
    warnings: tuple[str, ...] = ()


def resolve_config(data_dir: Path, config_path: Path | None) -> tuple[Config, Path | None, bytes]:
    """The config in force: --config if given, else `<data>/reportgen.toml` if present, else defaults."""
    path = config_path if config_path is not None else (data_dir / CONFIG_NAME)
    if config_path is None and not path.is_file():
        return Config(), None, b""
    config, raw = load_config(path)
    return config, path, raw


def choose_period(dataset: Dataset, period: str | None) -> Quarter:
    """The requested quarter, or the latest with data; an error if it has no data at all."""
    present = dataset.quarters()
    if not present:
        raise InputError([Problem("complaints/surveys", None, None, "no rows with a timestamp: nothing to report")])
    span = f"the data covers {Quarter.from_index(present[0])} to {Quarter.from_index(present[-1])}"
    if period is None:
        return Quarter.from_index(present[-1])
    try:
        quarter = Quarter.parse(period)
    except ValueError as exc:
        raise ReportgenError(f"--period: {exc}")
    if quarter.index not in present:
        raise ReportgenError(f"--period {quarter}: no complaints or survey responses in that quarter; {span}")
    return quarter


def _versions() -> dict[str, str]:
    out = {"reportgen": __version__, "python": platform.python_version()}
    for lib in LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            out[lib] = None
    return out


def generated_at() -> str:
    """Generation time, pinned by SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def issue_date(quarter: Quarter, config: Config) -> date:
    """The report's issue date: today, or the day SOURCE_DATE_EPOCH names (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.astimezone(config.tz).date()


def manifest(dataset: Dataset, quarter: Quarter, config_path: Path | None, config_raw: bytes,
             config: Config, data_dir: Path, encoding: str | None) -> dict:
    """Provenance: every input with its digest and rows, the config as used, versions, time."""
    window = range(quarter.index - (TREND_QUARTERS - 1), quarter.index + 1)
    used = {"complaints": int(dataset.complaints[QUARTER].isin(window).sum()),
            "surveys": int(dataset.surveys[QUARTER].isin(window).sum())}
    inputs = {}
    for name, src in sorted(dataset.sources.items()):
        inputs[name] = {"path": str(src.path.resolve()), "size": src.size, "sha256": src.sha256,
                        "rows_read": src.rows, "rows_used": used.get(name, src.rows), "encoding": src.encoding}
    return {
        "period": str(quarter),
        "data_dir": str(data_dir.resolve()),
        "encoding": encoding,
        "inputs": inputs,
        "questionnaire_as_used": {
            "items": [{"id": i.id, "dimension": i.dimension, "reverse": i.reverse} for i in dataset.questionnaire.items],
            "dimensions": list(dataset.questionnaire.dimensions),
        },
        "config": {"path": None if config_path is None else str(config_path.resolve()),
                   "sha256": hashlib.sha256(config_raw).hexdigest() if config_path else None,
                   "as_used": json.loads(config.model_dump_json())},
        "versions": _versions(),
        "generated_at": generated_at(),
    }


def write_atomically(out_dir: Path, period: str, files: dict[str, bytes]) -> Path:
    """Write every file into a fresh folder, then swap it for `<out>/<period>` in one rename."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / period
    staging = Path(tempfile.mkdtemp(prefix=f".{period}.new-", dir=out_dir))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the report folder should not be
    try:
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{period}.old-", dir=out_dir))
            final.rename(old / period)
        staging.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _documents(run: Computed, data_dir: Path, stages: Stages, notice_size: str, provenance: dict) -> dict[str, bytes]:
    """Report model → charts → HTML → PDF, the one-page public notice, and the appendix tables."""
    config, quarter = run.config, run.quarter
    config_dir = run.config_path.parent if run.config_path is not None else data_dir
    template_dir = None if config.templates is None else config_dir / config.templates
    issued = issue_date(quarter, config)
    with stages("charts"):
        report = build_report(run.figures, run.prep, config, lang=config.locale, config_dir=config_dir,
                              issued=issued, provenance=provenance)
        rendered = render_charts(report.charts())
    with stages("html"):
        html = render_html(report, rendered, medium="screen", template_dir=template_dir)
        print_html = render_html(report, rendered, medium="print", template_dir=template_dir)
    with stages("pdf"):
        pdf = render_pdf(print_html, base_url=str(config_dir))
    with stages("notice"):
        notice = render_notice(run.figures, run.prep, config, lang=config.locale, size=notice_size, issued=issued,
                               template_dir=template_dir, base_url=str(config_dir))
    with stages("tables"):
        appendix = appendix_tables(report)
        tables = {"tables.xlsx": to_xlsx(appendix, issued), **to_csv_files(appendix)}
    return {"report.html": html.encode("utf-8"), "report.pdf": pdf,
            "notice.html": notice.html.encode("utf-8"), "notice.pdf": notice.pdf, **tables}


@dataclass(frozen=True)
class Computed:
    """Everything from the inputs to the figures: what `build` renders and `verify` re-checks."""

    config: Config
    config_path: Path | None
    config_raw: bytes
    dataset: Dataset
    quarter: Quarter
    prep: Prepared
    figures: Figures


def compute(*, data_dir: Path, period: str | None, config_path: Path | None = None, lang: str | None = None,
            encoding: str | None = None, stages: Stages | None = None) -> Computed:
    """Load, validate, clean and compute one quarter's figures."""
    stages = stages or Stages()
    config, used_config_path, raw_config = resolve_config(data_dir, config_path)
    if lang is not None:
        config = config.model_copy(update={"locale": lang})
    dataset = load_dataset(data_dir, config, encoding, stages)
    quarter = choose_period(dataset, period)
    with stages("clean"):
        prep = prepare(dataset, config)
    with stages("figures"):
        figures = compute_figures(prep, quarter, config)
    return Computed(config, used_config_path, raw_config, dataset, quarter, prep, figures)


def build(*, data_dir: Path, out_dir: Path, period: str | None = None, config_path: Path | None = None,
          lang: str | None = None, encoding: str | None = None, documents: bool = True,
          notice_size: str = "A4", listener: Callable[[str], None] | None = None) -> BuildResult:
    """Build one quarter's outputs; nothing in `out_dir` changes unless every step succeeds.

    With `documents` False only the machine-readable files are written (no HTML or PDF).
    `listener` is told the name of each stage as it starts (the command line's progress bar).
    """
    started = time.perf_counter()
    stages = Stages(listener)
    run = compute(data_dir=data_dir, period=period, config_path=config_path, lang=lang, encoding=encoding,
                  stages=stages)
    provenance = manifest(run.dataset, run.quarter, run.config_path, run.config_raw, run.config, data_dir, encoding)
    files: dict[str, bytes] = {}
    if documents:
        files.update(_documents(run, data_dir, stages, notice_size, provenance))
    with stages("write"):
        files.update({
            "metrics.json": dumps(metrics_dict(run.figures, run.config)).encode("utf-8"),
            "exclusions.csv": listings.to_csv(listings.exclusions(run.prep, run.quarter, run.config)),
            "review_sample.csv": listings.to_csv(listings.review_sample(run.prep, run.quarter, run.config)),
        })
        # The manifest names every other output's digest, so verify can tell an edited document.
        provenance["outputs"] = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
        files["manifest.json"] = (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        final = write_atomically(out_dir, str(run.quarter), files)
    return BuildResult(str(run.quarter), final, tuple(files), time.perf_counter() - started, run.figures,
                       stages.timings, font_warnings() if documents else ())
