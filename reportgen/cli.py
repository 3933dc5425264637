"""Command line: thin wrappers that parse options and call one library function each.

Options default to None and then override the config file, which overrides the defaults.
"""

from __future__ import annotations

import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import click

from reportgen import __version__
from reportgen.errors import ReportgenError

DATA_DIR = Path("sample_data")
OUT_DIR = Path("output")

_data_option = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
                            help="Data folder (default: sample_data/).")
_encoding_option = click.option("--encoding", default=None,
                                help="Encoding of CSV inputs (default: detect UTF-8, then GB18030).")


@click.group()
@click.version_option(__version__, prog_name="reportgen")
def cli() -> None:
    """Quarterly service-quality report from complaint tickets and satisfaction surveys."""


@cli.command()
@_data_option
@click.option("--period", default=None,
              help="Quarter such as 2025Q3 (default: the latest quarter ended by today that has data).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Output folder (default: output/).")
@click.option("--lang", type=click.Choice(["zh-CN", "en"]), default=None, help="Report language (default: zh-CN).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Config file (default: reportgen.toml in the data folder, if present).")
@click.option("--notice-size", type=click.Choice(["A4", "A3"]), default=None,
              help="Paper size of the public notice (default: notice_size in the config, A4; A3 for large boards).")
@_encoding_option
@click.option("--quiet", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
def build(data_dir, period, out_dir, lang, config_path, notice_size, encoding, quiet) -> None:
    """Build one quarter's report and public notice into OUT/PERIOD/."""
    from reportgen.build import build as run_build

    with progress(enabled=not quiet and sys.stderr.isatty()) as listener:
        result = run_build(data_dir=data_dir or DATA_DIR, out_dir=out_dir or OUT_DIR, period=period,
                           config_path=config_path, lang=lang, encoding=encoding, notice_size=notice_size,
                           listener=listener)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    top = dict.fromkeys(name.split("/")[0] + ("/" if "/" in name else "") for name in result.files)
    click.echo(f"Built {result.period_note or result.period}")
    click.echo(f"  in {result.seconds:.1f} s: {result.out_dir}/ ({', '.join(top)})")


@cli.command()
@_data_option
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Config file (default: reportgen.toml in the data folder, if present).")
@_encoding_option
def validate(data_dir, config_path, encoding) -> None:
    """Check the inputs against the data contract and print every problem found."""
    from reportgen.check import validate_inputs

    click.echo(validate_inputs(data_dir or DATA_DIR, config_path, encoding))


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--write", "write_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Write a draft DIR/reportgen.toml [sources] block (and DIR/questionnaire.yaml for a survey).")
@_encoding_option
def inspect(file, write_dir, encoding) -> None:
    """Describe an export (encoding, header rows, platform, columns) and draft its mapping."""
    from reportgen.drafts import write_drafts
    from reportgen.inspection import describe, inspect_file

    facts = inspect_file(file, encoding)
    click.echo(describe(facts))
    if write_dir is not None:
        for path in write_drafts(facts, write_dir):
            click.echo(f"wrote {path}")


@cli.command()
@click.argument("period_dir", type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Look the inputs up by file name in DIR, and the config too if DIR has it "
                   "(default: the paths recorded in manifest.json).")
def verify(period_dir, data_dir) -> None:
    """Check a built quarter (e.g. output/2026Q3): its inputs, its files and every figure, recomputed."""
    from reportgen.verify import summary, verify as run_verify

    result = run_verify(period_dir, data_dir)
    if not result.ok:
        raise ReportgenError(summary(result))
    click.echo(summary(result))


@cli.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder to write.")
@click.option("--seed", type=int, default=None, help="Random seed (same seed, same files).")
@click.option("--complaints", type=click.IntRange(min=1), default=None, help="Tickets per quarter.")
@click.option("--surveys", type=click.IntRange(min=1), default=None, help="Survey responses per quarter.")
@click.option("--quarters", type=click.IntRange(1, 40), default=None, help="Number of quarters.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx"]), default=None,
              help="File format of the tables (default: csv).")
@click.option("--last-quarter", default=None, help="The last quarter written (default: 2026Q3).")
def sample(out_dir, seed, complaints, surveys, quarters, fmt, last_quarter) -> None:
    """Write a realistic synthetic data folder, deterministic for a seed."""
    from reportgen.periods import Quarter
    from reportgen.sample import write_sample

    options = {k: v for k, v in dict(seed=seed, complaints=complaints, surveys=surveys, quarters=quarters,
                                      fmt=fmt).items() if v is not None}
    if last_quarter is not None:
        try:
            options["last_quarter"] = Quarter.parse(last_quarter)
        except ValueError as exc:
            raise ReportgenError(f"--last-quarter: {exc}")
    try:
        written = write_sample(out_dir, **options)
    except ValueError as exc:  # arguments the generator refuses (too many tickets, rows for xlsx)
        raise ReportgenError(str(exc))
    click.echo(f"Wrote {len(written)} files to {out_dir}/")


@contextmanager
def progress(*, enabled: bool):
    """A progress bar over the build's stages on stderr; a no-op listener when disabled."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    from reportgen.stages import DATA_STAGES, DOCUMENT_STAGES, WRITE_STAGE

    names = (*DATA_STAGES, *DOCUMENT_STAGES, WRITE_STAGE)
    bar = tqdm(total=len(names), unit="stage", leave=False, file=sys.stderr,
               bar_format="{desc:<10} {bar} {n_fmt}/{total_fmt} stages, {elapsed}")

    def listener(name: str) -> None:
        bar.update(names.index(name) - bar.n if name in names else 0)
        bar.set_description_str(name)

    try:
        yield listener
    finally:
        bar.close()


def main() -> None:
    """Entry point: user errors exit 2 with a message; anything else is an internal error (1)."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:  # includes ReportgenError (exit 2) and usage errors (2)
        exc.show()
        sys.exit(exc.exit_code)
    except OSError as exc:  # the machine, not the program: a file that vanished, a disk that failed
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"Error: cannot access{where}: {exc.strerror or exc}; check the path and its permissions",
                   err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into exit code 1
        if os.environ.get("REPORTGEN_DEBUG"):
            traceback.print_exc()
        click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in reportgen; run again with REPORTGEN_DEBUG=1 for the traceback.", err=True)
        sys.exit(1)
