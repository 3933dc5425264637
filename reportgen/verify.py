"""`reportgen verify`: re-derive a built quarter from the inputs its manifest names.

Checks every input's and every output's SHA-256 against the manifest, recomputes the figures
with the recorded configuration, and compares them with `metrics.json` figure by figure. The
test of every change is also re-derived from the counts `metrics.json` records for both quarters,
which needs no input at all. Every problem found is listed; none stops the others from being
looked for.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportgen.build import compute
from reportgen.errors import InputError, ReportgenError
from reportgen.metrics.registry import SIGNIFICANCE
from reportgen.metrics.stats import holm, nps_change_test, two_proportion_test
from reportgen.metrics_json import metrics_dict

REL_TOL = 1e-9  # figures are recomputed by the same code; anything beyond float noise is a change
SHOWN = 40
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Verification:
    """What `verify` found: the counts the summary names and every problem, in the order checked."""

    period: str
    inputs: int
    outputs: int
    figures: int
    data_dir: Path  # where the inputs were looked for
    rederived: int  # changes whose test was re-derived from the counts in metrics.json
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportgenError(f"{path}: not found; name a folder that `reportgen build` wrote (e.g. output/2026Q3)")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReportgenError(f"{path}: not valid JSON ({exc})")


def _read_manifest(path: Path) -> dict:
    # Valid JSON of the wrong shape would otherwise surface as a KeyError (exit 1, no file named).
    doc = _read_json(path)
    fault = None
    if not isinstance(doc, dict) or not isinstance(doc.get("period"), str):
        fault = "no period"
    elif not isinstance(doc.get("data_dir"), str):
        fault = "no data_dir"
    elif not isinstance(doc.get("inputs"), dict) or not all(
            isinstance(e, dict) and (isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
                                     or isinstance(e.get("table"), str) and isinstance(e.get("rows_read"), int))
            for e in doc["inputs"].values()):
        fault = "inputs without path and sha256 (or table and rows)"
    elif not isinstance(doc.get("config", {}), dict) or not isinstance(doc.get("outputs", {}), dict):
        fault = "config or outputs not an object"
    if fault:
        raise ReportgenError(f"{path}: not a manifest written by `reportgen build` ({fault})")
    return doc


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _changed(recorded: str, actual: str) -> str:
    return f"changed since the build (SHA-256 {recorded[:12]}… → {actual[:12]}…)"


def _leaves(node, prefix=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, f"{prefix}[{i}]")
    else:
        yield prefix, node


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or isinstance(a, (str, bool)) or isinstance(b, (str, bool)):
            return a == b
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)
    return a == b


def compare_metrics(recorded: dict, recomputed: dict) -> list[str]:
    """Every figure whose recorded and recomputed values differ, as 'key: recorded → recomputed', in
    metrics.json's order: the headline figures come first, as the first lines of a long list show."""
    old, new = dict(_leaves(recorded)), dict(_leaves(recomputed))
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key not in new:
            out.append(f"metrics.json {key}: {old[key]!r} is no longer computed")
        elif key not in old:
            out.append(f"metrics.json {key}: missing (recomputed {new[key]!r})")
        elif not _same(old[key], new[key]):
            out.append(f"metrics.json {key}: recorded {old[key]!r}, recomputed {new[key]!r}")
    return out


def _counts_ok(counts, names: tuple[str, ...]) -> bool:
    return (isinstance(counts, dict) and set(counts) == set(names)
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in counts.values()))


def _rederive(where: str, ch: dict, adjusted: bool) -> tuple[list[str], bool]:
    """Re-derive one change's values, difference, z and p from its recorded counts.

    Returns the problems and whether there was a test to re-derive. `adjusted`: the change's
    significance is judged on a Holm-adjusted p-value (checked by the caller).
    """
    prev, cur = ch.get("previous_counts"), ch.get("current_counts")
    if prev is None or cur is None:
        return [], False
    try:
        if _counts_ok(prev, ("count", "n")) and _counts_ok(cur, ("count", "n")):
            values = [c["count"] / c["n"] if c["n"] else None for c in (prev, cur)]
            test = two_proportion_test(prev["count"], prev["n"], cur["count"], cur["n"])
            z, p = test if test is not None else (None, None)
            delta = None if None in values else values[1] - values[0]
        elif _counts_ok(prev, ("promoters", "detractors", "n")) and _counts_ok(cur, ("promoters", "detractors", "n")):
            values = [100.0 * (c["promoters"] - c["detractors"]) / c["n"] if c["n"] else None for c in (prev, cur)]
            test = nps_change_test(prev["promoters"], prev["detractors"], prev["n"], cur["promoters"],
                                   cur["detractors"], cur["n"])
            delta, z, p = test if test is not None else (
                None if None in values else values[1] - values[0], None, None)
        else:
            return [f"metrics.json {where}: counts {prev!r} and {cur!r} are not a rate's or an NPS's"], True
    except ValueError as exc:  # a count above its n
        return [f"metrics.json {where}: counts {prev!r} and {cur!r} are impossible ({exc})"], True
    derived = {"previous": values[0], "current": values[1], "delta": delta, "z": z, "p": p}
    if not adjusted:
        derived["significant"] = None if p is None else SIGNIFICANCE.met(p)
    return [f"metrics.json {where}.{k}: recorded {ch.get(k)!r}, re-derived from its counts {v!r}"
            for k, v in derived.items() if not _same(ch.get(k), v)], True


def rederive_changes(doc: dict) -> tuple[list[str], int]:
    """Re-derive every change's test (and the stores' Holm adjustment) from the counts in metrics.json.

    Returns the problems found and the number of changes whose test was re-derived.
    """
    comparisons = doc.get("comparisons") if isinstance(doc, dict) else None
    if not isinstance(comparisons, dict):
        return [], 0
    problems, tested = [], 0
    for scope in ("qoq", "yoy"):
        for name, ch in (comparisons.get(scope) or {}).items():
            found, done = _rederive(f"comparisons.{scope}.{name}", ch, adjusted=False)
            problems += found
            tested += done
    for family, groups in (comparisons.get("stores_qoq") or {}).items():
        for group, g in groups.items():
            if g.get("change") is not None:
                found, done = _rederive(f"comparisons.stores_qoq.{family}.{group}.change", g["change"], adjusted=True)
                problems += found
                tested += done
        # Holm over the stores compared at once, in the recorded (sorted) order
        pvalues = [None if g.get("change") is None else g["change"].get("p") for g in groups.values()]
        for (group, g), p_holm in zip(groups.items(), holm(pvalues)):
            where = f"metrics.json comparisons.stores_qoq.{family}.{group}"
            if not _same(g.get("p_holm"), p_holm):
                problems.append(f"{where}.p_holm: recorded {g.get('p_holm')!r}, re-derived by Holm {p_holm!r}")
            elif g.get("change") is not None and p_holm is not None and \
                    g["change"].get("significant") != SIGNIFICANCE.met(p_holm):
                problems.append(f"{where}.change.significant: recorded {g['change'].get('significant')!r}, "
                                f"but the Holm-adjusted p is {p_holm!r}")
    return problems, tested


def _check_inputs(inputs: dict, data_dir: Path | None) -> list[str]:
    """List every input that is missing or changed, looked up by file name in `data_dir` if given."""
    problems = []
    entries = [(n, e) for n, entry in inputs.items() for e in (entry.get("files") or [entry])]
    for _, entry in sorted(entries, key=lambda x: (x[0], x[1].get("path", ""))):
        if "table" in entry:  # a database table has no digest: its rows are counted after recomputing
            continue
        recorded = Path(entry["path"])
        path = recorded if data_dir is None else data_dir / recorded.name
        if not path.is_file():
            problems.append(f"{path}: input named in the manifest is missing")
        elif (digest := _sha256(path)) != entry["sha256"]:
            problems.append(f"{path}: {_changed(entry['sha256'], digest)}")
    return problems


def _locate_config(config: dict, data_dir: Path | None) -> Path | None:
    """Find the config to re-check: by file name in `data_dir` if it is there, else at the manifest's path."""
    if not config.get("path"):
        return None
    recorded = Path(config["path"])
    if data_dir is not None and (data_dir / recorded.name).is_file():
        return data_dir / recorded.name
    return recorded


def _check_outputs(period_dir: Path, outputs: dict[str, str] | None) -> list[str]:
    """List every output that is missing or changed, and every file in the folder the manifest does not name."""
    if outputs is None:
        return [f"{MANIFEST} records no output digests (built by an older reportgen); rebuild"]
    problems = []
    for name, sha in sorted(outputs.items()):
        path = period_dir / name
        if not path.is_file():
            problems.append(f"{name}: written by the build but missing")
        elif (digest := _sha256(path)) != sha:
            problems.append(f"{name}: {_changed(sha, digest)}")
    present = sorted(p.relative_to(period_dir).as_posix() for p in period_dir.rglob("*") if p.is_file())
    problems += [f"{name}: not written by the build (not named in {MANIFEST})"
                 for name in present if name != MANIFEST and name not in outputs]
    return problems


def _recorded_moment(manifest: dict) -> datetime | None:
    """The build's moment: rows dated after it were findings then, and must be judged so again."""
    try:
        return datetime.fromisoformat(manifest["generated_at"])
    except (KeyError, TypeError, ValueError):
        return None


def _reason(exc: ReportgenError) -> str:
    if isinstance(exc, InputError) and exc.problems:
        first, more = exc.problems[0], len(exc.problems) - 1
        return f"{first.where()}: {first.message}" + (f" (and {more:,} more problem(s))" if more else "")
    return exc.message.splitlines()[0]


def verify(period_dir: Path, data_dir: Path | None = None) -> Verification:
    """Check a built quarter against its inputs (in `data_dir` if given) and outputs, listing every problem."""
    if data_dir is not None and not data_dir.is_dir():
        raise ReportgenError(f"--data {data_dir}: not a folder")
    manifest = _read_manifest(period_dir / MANIFEST)
    recorded = _read_json(period_dir / "metrics.json")
    inputs, config, outputs = manifest["inputs"], manifest.get("config", {}), manifest.get("outputs")
    source_dir = data_dir if data_dir is not None else Path(manifest["data_dir"])

    problems = _check_inputs(inputs, data_dir)
    config_path = _locate_config(config, data_dir)
    if config_path is not None:
        if not config_path.is_file():
            where = "" if config_path == Path(config["path"]) else f" (nor at {config['path']})"
            problems.append(f"{config_path}: config named in the manifest is missing{where}")
        elif (digest := _sha256(config_path)) != config.get("sha256"):
            problems.append(f"{config_path}: config {_changed(config.get('sha256') or '', digest)}")
    problems += _check_outputs(period_dir, outputs)
    rederived_problems, rederived = rederive_changes(recorded)
    problems += rederived_problems

    if not source_dir.is_dir():
        # Checked here because compute would otherwise first trip over the (equally missing) config.
        reason = f"{source_dir}: data folder not found"
        if data_dir is None:
            reason += " (if it has moved, name it with --data DIR)"
    else:
        try:
            run = compute(data_dir=source_dir, period=manifest["period"], config_path=config_path,
                          encoding=manifest.get("encoding"), moment=_recorded_moment(manifest))
            reason = None
        except ReportgenError as exc:
            reason = _reason(exc)
    if reason is not None:
        problems.append(f"figures not recomputed: {reason}")
    else:
        # A file the build did not read changes what the recomputation means, even if no figure moves.
        if run.settings.path is not None and config_path is None:
            problems.append(f"{run.settings.path}: config read by the recomputation, but the build used none")
        problems += [f"{src.path}: input read by the recomputation, but not by the build"
                     for name, src in sorted(run.dataset.sources.items()) if name not in inputs]
        problems += [f"{entry['table']}: {run.dataset.sources[name].rows:,} rows now, {entry['rows_read']:,} when built"
                     for name, entry in sorted(inputs.items())
                     if "table" in entry and name in run.dataset.sources
                     and run.dataset.sources[name].rows != entry["rows_read"]]
        recomputed = json.loads(json.dumps(metrics_dict(run.figures, run.config)))
        problems += compare_metrics(recorded, recomputed)

    return Verification(period=manifest["period"], inputs=len(inputs), outputs=len(outputs or {}),
                        figures=sum(1 for _ in _leaves(recorded)), data_dir=source_dir, rederived=rederived,
                        problems=tuple(problems))


def summary(result: Verification) -> str:
    """Say what was verified, or list the first SHOWN problems found."""
    if result.ok:
        return (f"verified {result.period}: {result.inputs} inputs unchanged (SHA-256), "
                f"{result.outputs} outputs unchanged (SHA-256), "
                f"the tests of {result.rederived} changes re-derived from their counts, "
                f"{result.figures:,} values in metrics.json recomputed and equal (inputs from {result.data_dir})")
    lines = [f"verification of {result.period} failed: {len(result.problems)} problem(s)"]
    lines += [f"  {p}" for p in result.problems[:SHOWN]]
    if len(result.problems) > SHOWN:
        lines.append(f"  … and {len(result.problems) - SHOWN:,} more")
    return "\n".join(lines)
