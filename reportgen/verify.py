"""`reportgen verify`: re-derive a built quarter from the inputs its manifest names.

Checks every input's SHA-256 against the manifest, recomputes the figures with the recorded
configuration, and compares them with `metrics.json` figure by figure.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

from reportgen.build import compute
from reportgen.errors import ReportgenError
from reportgen.metrics_json import metrics_dict

REL_TOL = 1e-9  # figures are recomputed by the same code; anything beyond float noise is a change
SHOWN = 40


@dataclass(frozen=True)
class Verification:
    period: str
    inputs: int
    figures: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportgenError(f"{path}: not found; name a folder that `reportgen build` wrote (e.g. output/2026Q3)")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReportgenError(f"{path}: not valid JSON ({exc})")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
    """Every figure whose recorded and recomputed values differ, as 'key: recorded → recomputed'."""
    old, new = dict(_leaves(recorded)), dict(_leaves(recomputed))
    out = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            out.append(f"metrics.json {key}: {old[key]!r} is no longer computed")
        elif key not in old:
            out.append(f"metrics.json {key}: missing (recomputed {new[key]!r})")
        elif not _same(old[key], new[key]):
            out.append(f"metrics.json {key}: recorded {old[key]!r}, recomputed {new[key]!r}")
    return out


def verify(period_dir: Path) -> Verification:
    """Check a built quarter against its inputs; the result lists every difference."""
    manifest = _read_json(period_dir / "manifest.json")
    recorded = _read_json(period_dir / "metrics.json")
    problems: list[str] = []
    inputs = manifest.get("inputs", {})
    for name, entry in sorted(inputs.items()):
        path = Path(entry["path"])
        if not path.is_file():
            problems.append(f"{path}: input named in the manifest is missing")
        elif (digest := _sha256(path)) != entry["sha256"]:
            problems.append(f"{path}: changed since the build (SHA-256 {entry['sha256'][:12]}… → {digest[:12]}…)")
    config = manifest.get("config", {})
    if config.get("path"):
        cpath = Path(config["path"])
        if not cpath.is_file():
            problems.append(f"{cpath}: config named in the manifest is missing")
        elif _sha256(cpath) != config["sha256"]:
            problems.append(f"{cpath}: config changed since the build")
    data_dir = Path(manifest["data_dir"])
    run = compute(data_dir=data_dir, period=manifest["period"],
                  config_path=Path(config["path"]) if config.get("path") else None,
                  encoding=manifest.get("encoding"))
    recomputed = json.loads(json.dumps(metrics_dict(run.figures, run.config)))
    problems.extend(compare_metrics(recorded, recomputed))
    return Verification(manifest["period"], len(inputs), sum(1 for _ in _leaves(recorded)), tuple(problems))


def summary(result: Verification) -> str:
    if result.ok:
        return (f"verified {result.period}: {result.inputs} inputs unchanged (SHA-256), "
                f"{result.figures:,} values in metrics.json recomputed and equal")
    lines = [f"verification of {result.period} failed: {len(result.problems)} difference(s)"]
    lines += [f"  {p}" for p in result.problems[:SHOWN]]
    if len(result.problems) > SHOWN:
        lines.append(f"  … and {len(result.problems) - SHOWN:,} more")
    return "\n".join(lines)
