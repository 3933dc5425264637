"""`reportgen validate`: check inputs only, and summarise what was found."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reportgen.dataset import load_dataset
from reportgen.figures import prepare
from reportgen.periods import Quarter
from reportgen.settings import settle


def validate_inputs(data_dir: Path, config_path: Path | None, encoding: str | None) -> str:
    """Return a summary of valid inputs; raise InputError (exit 2) listing every problem."""
    settings = settle(data_dir, config_path, encoding=encoding)
    config, used = settings.config, settings.path
    dataset = load_dataset(data_dir, config)
    findings_all = prepare(dataset, config, clean=False, categories=settings.categories).findings  # validation's and the follow-up times'
    lines = [f"{data_dir}: inputs are valid" + (f" (config {used})" if used else " (default config)")]
    for name, src in sorted(dataset.sources.items()):
        enc = f", {src.encoding}" if src.encoding else ""
        mapped = ""
        if src.mapping is not None:
            dropped = sum(src.mapping["rows_dropped"].values())
            mapped = (f" (mapped by [sources.{name}]" + (f", preset {src.mapping['preset']}" if src.mapping["preset"] else "")
                      + (f"; {dropped:,} of {src.mapping['rows_read']:,} rows left out: "
                         + "; ".join(f"{k} × {v:,}" for k, v in src.mapping["rows_dropped"].items()) if dropped else "")
                      + ")")
        lines.append(f"  {src.path.name}: {src.rows:,} rows{enc}{mapped}")
    for name in dataset.absent:
        lines.append(f"  {name}: none in the data (its figures will be empty; the report says so)")
    quarters = dataset.quarters()
    if quarters:
        lines.append(f"  quarters: {', '.join(str(Quarter.from_index(q)) for q in quarters)}")
    findings = Counter((f.file, f.column, f.rule) for f in findings_all)
    if findings:
        lines.append(f"  data-quality findings (tolerated, counted in the report): {sum(findings.values()):,}")
        for (file, column, rule), n in sorted(findings.items()):
            lines.append(f"    {file}, column {column}: {rule} × {n:,}")
    return "\n".join(lines)
