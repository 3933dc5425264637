"""The cost of reading a platform export through its mapping: `reportgen validate` on 1.25 M
survey responses in the contract's shape, and the same responses as a Qualtrics choice-text
export (three header rows, answer labels, previews to leave out) read with `preset = "qualtrics"`.
Each run is a fresh process; the ratio mapped / contract is what the mapping adds. Writes
benchmarks/results-exports.md. Run by `make bench` after benchmarks/run.py (whose large data it uses).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SOURCE = DATA / "large-csv"
RUNS = 3
LABELS = {"5": "Extremely satisfied", "4": "Somewhat satisfied", "3": "Neither satisfied nor dissatisfied",
          "2": "Somewhat dissatisfied", "1": "Extremely dissatisfied"}


def folders() -> tuple[Path, Path]:
    contract, mapped = DATA / "large-surveys", DATA / "large-qualtrics"
    if (mapped / "export.csv").is_file():
        return contract, mapped
    s = pd.read_csv(SOURCE / "surveys.csv", dtype=str, keep_default_na=False)
    items = [c for c in s.columns if c.startswith("q") and c[1:].isdigit()]
    for folder in (contract, mapped):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "questionnaire.yaml").write_bytes((SOURCE / "questionnaire.yaml").read_bytes())
    s.to_csv(contract / "surveys.csv", index=False)
    out = pd.DataFrame({"StartDate": s["submitted_at"], "EndDate": s["submitted_at"], "Status": "IP Address",
                        "IPAddress": "203.0.113.7", "Progress": "100", "Duration (in seconds)": s["duration_seconds"],
                        "Finished": "True", "RecordedDate": s["submitted_at"], "ResponseId": s["response_id"],
                        "DistributionChannel": "anonymous"})
    for q in items + ["overall"]:
        out[q.upper()] = s[q].map(lambda v: LABELS.get(v, v))
    for c in ("nps", "channel", "segment", "product_line", "store", "comment"):
        out[c.upper()] = s[c]
    out.loc[out.index % 1000 == 0, "Status"] = "Survey Preview"  # one in a thousand: previews left out
    header = pd.DataFrame([{c: c for c in out.columns}, {c: json.dumps({"ImportId": c}) for c in out.columns}])
    pd.concat([header, out]).to_csv(mapped / "export.csv", index=False)
    columns = ", ".join(f'{c} = "{c.upper()}"' for c in items + ["overall", "nps", "channel", "segment",
                                                                  "product_line", "store", "comment"])
    (mapped / "reportgen.toml").write_text(f'[sources.surveys]\nfile = "export.csv"\npreset = "qualtrics"\n'
                                          f'columns = {{ {columns} }}\n', "utf-8")
    return contract, mapped


def timed(folder: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen", "validate", "--data", str(folder)], check=True,
                   capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    contract, mapped = folders()
    rows = sum(1 for _ in (contract / "surveys.csv").open("rb")) - 1
    times = {name: [timed(f) for _ in range(RUNS)] for name, f in (("contract", contract), ("mapped", mapped))}
    med = {k: statistics.median(v) for k, v in times.items()}
    lines = ["# Reading an export through its mapping", "",
             f"`reportgen validate` on {rows:,} survey responses, {RUNS} runs each, fresh processes (median).", "",
             "| input | median s | runs |", "|---|---|---|",
             *(f"| {k} | {med[k]:.1f} | {', '.join(f'{x:.1f}' for x in v)} |" for k, v in times.items()), "",
             f"Mapped / contract: **{med['mapped'] / med['contract']:.2f} ×** (the Qualtrics layout: three header "
             "rows, labels for 13 answers, a preview in a thousand left out)."]
    (HERE / "results-exports.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
