"""`reportgen build`: inputs → figures → output files, written all at once or not at all."""

from __future__ import annotations

import hashlib
import re
import json
import platform
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

from reportgen import __version__
from reportgen.assets import Assets
from reportgen.config import Config
from reportgen.choose_period import build_moment, choose_period, future_findings
from reportgen.dataset import Dataset, load_dataset
from reportgen.engine.database import mask_url
from reportgen.engine.script import queries_sql
from reportgen.figures import TREND_QUARTERS, Figures, Prepared, compute_figures, prepare
from reportgen.measurement import key_drivers, measurement
from reportgen.response_quality import response_quality
from reportgen.text.stage import comment_figures
from collections.abc import Callable

from reportgen import listings
from reportgen.stages import Stages
from reportgen.report import build_report
from reportgen.render.charts_stage import render_charts
from reportgen.render.html import render_html
from reportgen.render.notice_render import render_notice
from reportgen.render.tables import appendix_tables, to_csv_files, to_xlsx
from reportgen.render.pdf import TypesetAside, font_warnings, warm_up
from reportgen.metrics_json import dumps, metrics_dict
from reportgen.output import check_writable, write_atomically
from reportgen.periods import Quarter
from reportgen.redact import MASK
from reportgen.settings import Settings, settle

LIBRARIES = ("pandas", "pyarrow", "duckdb", "numpy", "pydantic", "click", "PyYAML", "python-calamine", "holidays")


@dataclass(frozen=True)
class BuildResult:
    period: str
    out_dir: Path
    files: tuple[str, ...]
    seconds: float
    figures: Figures
    timings: dict[str, float]  # seconds per stage (see reportgen.stages)
    warnings: tuple[str, ...] = ()
    period_note: str = ""  # which quarter was built and why


def _versions() -> dict[str, str]:
    out = {"reportgen": __version__, "python": platform.python_version()}
    for lib in LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            out[lib] = None
    return out


def issue_date(moment: datetime, config: Config) -> date:
    """The report's issue date: the build moment's day in the configured time zone."""
    return moment.astimezone(config.tz).date()


def _config_as_recorded(config: Config) -> dict:
    """The config as used, but for the names to mask: a list of people must not be an output."""
    used = json.loads(config.model_dump_json())
    used["redact_names"] = [MASK] * len(config.redact_names)
    for source in used.get("sources", {}).values():
        if source and "url" in source:
            source["url"] = mask_url(source["url"])
    return used


def manifest(dataset: Dataset, quarter: Quarter, settings: Settings, data_dir: Path, moment: datetime) -> dict:
    """Provenance: every input with its digest and rows, the config as used, versions, time."""
    config, config_path, config_raw = settings.config, settings.path, settings.raw
    window = range(quarter.index - (TREND_QUARTERS - 1), quarter.index + 1)
    used = {name: sum(n for q, n in dataset.quarter_rows.get(name, {}).items() if q in window)
            for name in ("complaints", "surveys")}
    inputs = {}
    for name, src in sorted(dataset.sources.items()):
        if src.url is not None:
            inputs[name] = {"url": src.url, "table": str(src.path), "rows_read": src.rows,
                            "rows_used": used.get(name, src.rows)}
            if src.mapping is not None:
                inputs[name]["mapping"] = src.mapping
            continue
        inputs[name] = {"path": str(src.path.resolve()), "size": src.size, "sha256": src.sha256,
                        "rows_read": src.rows, "rows_used": used.get(name, src.rows), "encoding": src.encoding}
        if src.mapping is not None:
            inputs[name]["mapping"] = src.mapping
        if src.parts:  # several files read as one table: every one of them, for verify
            inputs[name]["files"] = [{"path": str(p.path.resolve()), "size": p.size, "sha256": p.sha256,
                                      "rows_read": p.rows} for p in src.parts]
    return {
        "period": str(quarter),
        "data_dir": str(data_dir.resolve()),
        "encoding": config.encoding,
        "inputs": inputs,
        "questionnaire_as_used": {
            "items": [{"id": i.id, "dimension": i.dimension, "reverse": i.reverse} for i in dataset.questionnaire.items],
            "dimensions": list(dataset.questionnaire.dimensions),
        },
        "config": {"path": None if config_path is None else str(config_path.resolve()),
                   "sha256": hashlib.sha256(config_raw).hexdigest() if config_path else None,
                   "as_used": _config_as_recorded(config)},
        # the topic dictionary, user dictionary and stop words the config names (the defaults: none)
        "dictionaries": dict(settings.texts.files) if settings.texts is not None else {},
        "versions": _versions(),
        "generated_at": moment.isoformat(),
    }


def _documents(run: Computed, stages: Stages, provenance: dict,
               meanwhile: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    """Report model → charts → HTML → PDF, the one-page public notice, and the appendix tables.

    The report is typeset in a second process (render.pdf.TypesetAside) while the notice, the
    tables and `meanwhile` (the machine-readable files) are made here.
    """
    config = run.config
    assets = run.settings.assets or Assets(None, None)
    template_dir = assets.template_dir
    issued = issue_date(run.moment, config)
    with stages("charts"):
        report = build_report(run.figures, config, logo=assets.logo, issued=issued, provenance=provenance)
        rendered = render_charts(report.charts())
    with stages("html"):
        print_html = render_html(report, rendered, medium="print", template_dir=template_dir)
    with stages("pdf"), TypesetAside(print_html, template_dir=template_dir) as typesetting:
        with stages("html"):
            html = render_html(report, rendered, medium="screen", template_dir=template_dir)
        with stages("notice"):
            notice = render_notice(run.figures, config, size=config.notice_size, issued=issued,
                                   template_dir=template_dir)
        with stages("tables"):
            appendix = appendix_tables(report)
            tables = {"tables.xlsx": to_xlsx(appendix, issued), **to_csv_files(appendix)}
        machine = meanwhile()
        pdf = typesetting.result()
    return {"report.html": html.encode("utf-8"), "report.pdf": pdf,
            "notice.html": notice.html.encode("utf-8"), "notice.pdf": notice.pdf, **tables, **machine}


def _machine_files(run: Computed, stages: Stages) -> dict[str, bytes]:
    """metrics.json, the listings and the queries: what verify and an auditor read."""
    with stages("write"):
        files = {
            "metrics.json": dumps(metrics_dict(run.figures, run.config)).encode("utf-8"),
            "exclusions.csv": listings.to_csv(listings.exclusions(run.prep, run.quarter, run.config, run.flagged)),
            "review_sample.csv": listings.to_csv(listings.review_sample(run.prep, run.quarter, run.config)),
            "overdue.csv": listings.to_csv(listings.overdue(run.prep, run.quarter, run.config)),
        }
        if run.settings.comments is not None:
            files["comments.csv"] = listings.to_csv(listings.comments(run.scored))
        # After the listings: the script holds every statement the build ran, theirs included.
        files["queries.sql"] = queries_sql(run.prep.engine, run.dataset, run.quarter, run.config).encode("utf-8")
    return files


@dataclass(frozen=True)
class Computed:
    """Everything from the inputs to the figures: what `build` renders and `verify` re-checks."""

    settings: Settings
    dataset: Dataset
    quarter: Quarter
    prep: Prepared
    figures: Figures
    moment: datetime  # when the build ran (pinned by SOURCE_DATE_EPOCH): decides the default period
    period_note: str  # which quarter was chosen and why
    scored: object = None  # the quarter's texts with topics and sentiment, an Arrow table (comments.csv)
    flagged: tuple = ()  # the quarter's valid responses a response-quality index flags (exclusions.csv)

    @property
    def config(self) -> Config:
        return self.settings.config


def _row_figures(prep: Prepared, quarter: Quarter, figures: Figures, config: Config) -> tuple[Figures, list]:
    """The figures that need the valid responses one by one: response quality, ω, key drivers."""
    rows = prep.engine.quality_rows(quarter)
    q, scale = prep.dataset.questionnaire, prep.engine.scale
    checked, flagged = response_quality(rows, q, scale, config)
    return replace(figures, quality=checked, measurement=measurement(rows, q, config),
                   key_drivers=key_drivers(rows, q, config, q.unit * scale)), flagged


def compute(*, data_dir: Path, period: str | None, config_path: Path | None = None, lang: str | None = None,
            encoding: str | None = None, notice_size: str | None = None, stages: Stages | None = None,
            assets: bool = False, moment: datetime | None = None) -> Computed:
    """Load, validate, clean and compute one quarter's figures (and check the config's files first).

    `lang`, `encoding` and `notice_size` are the command-line options (see reportgen.settings). `moment` is
    the build's time (default: now, or SOURCE_DATE_EPOCH); verify passes the recorded one, so
    that rows dated after the build are judged as they were.
    """
    stages = stages or Stages()
    moment = moment or build_moment()
    settings = settle(data_dir, config_path, assets=assets, lang=lang, encoding=encoding, notice_size=notice_size)
    config = settings.config
    # --period also places the rows of an export without a submission time (a [sources] file)
    placed = period if period is not None and re.fullmatch(r"\d{4}Q[1-4]", period) else None
    dataset = load_dataset(data_dir, config, stages, period=placed)
    dataset = replace(dataset, findings=dataset.findings + tuple(future_findings(dataset, moment)))
    quarter, note = choose_period(dataset, period, moment, config.tz)
    with stages("clean"):
        prep = prepare(dataset, config, quarter=quarter, categories=settings.categories)
    with stages("figures"):
        figures = compute_figures(prep, quarter, config)
        figures, flagged = _row_figures(prep, quarter, figures, config)
    scored = None
    if settings.comments is not None:
        with stages("comments"):
            comments, scored = comment_figures(prep, quarter, figures, settings.comments, config)
            figures = replace(figures, comments=comments)
    return Computed(settings, dataset, quarter, prep, figures, moment, note, scored, tuple(flagged))


def build(*, data_dir: Path, out_dir: Path, period: str | None = None, config_path: Path | None = None,
          lang: str | None = None, encoding: str | None = None, documents: bool = True,
          notice_size: str | None = None, listener: Callable[[str], None] | None = None) -> BuildResult:
    """Build one quarter's outputs; nothing in `out_dir` changes unless every step succeeds.

    With `documents` False only the machine-readable files are written (no HTML or PDF).
    `listener` is told the name of each stage as it starts (the command line's progress bar).
    """
    started = time.perf_counter()
    check_writable(out_dir)
    stages = Stages(listener)
    warming = warm_up() if documents else None
    run = compute(data_dir=data_dir, period=period, config_path=config_path, lang=lang, encoding=encoding,
                  stages=stages, assets=documents, notice_size=notice_size)
    provenance = manifest(run.dataset, run.quarter, run.settings, data_dir, run.moment)
    provenance["period_choice"] = run.period_note
    if documents:
        warming.join()
        files = _documents(run, stages, provenance, meanwhile=lambda: _machine_files(run, stages))
    else:
        files = _machine_files(run, stages)
    with stages("write"):
        # The manifest names every other output's digest, so verify can tell an edited document.
        provenance["outputs"] = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
        files["manifest.json"] = (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        final = write_atomically(out_dir, str(run.quarter), files)
    return BuildResult(str(run.quarter), final, tuple(files), time.perf_counter() - started, run.figures,
                       stages.timings, font_warnings() if documents else (), run.period_note)
