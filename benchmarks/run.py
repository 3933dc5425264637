"""Benchmarks of `reportgen build`: run with `make bench`; writes benchmarks/results.md.

Each case runs in a fresh Python process (so imports, start-up and peak memory count, as for a
user) and reports the wall time, the seconds per stage and the peak resident memory. Data are
generated with `reportgen sample` into benchmarks/data/ (ignored by git) on first use.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
PY = sys.executable
SAMPLE_RUNS = 5

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from reportgen.build import build
imported = time.perf_counter()
result = build(data_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]))
print(json.dumps({"import": imported - started, "timings": result.timings,
                  "rss_mb": max(resource.getrusage(who).ru_maxrss  # the report is typeset in a child
                                for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024}))
"""

# The floor a build cannot go below on this machine, measured in the same run: a fresh Python
# that imports what every build imports and typesets one small page with WeasyPrint.
FLOOR = r"""
import io
import pandas, pyarrow, weasyprint
weasyprint.HTML(string="<p>季度服务质量报告 floor</p>").write_pdf(io.BytesIO())
"""

READ_ALONE = r"""
import sys, time
import pyarrow.csv as pacsv, pyarrow.parquet as pq
from pathlib import Path
folder, fmt = Path(sys.argv[1]), sys.argv[2]
t = time.perf_counter()
for name in ("complaints", "surveys"):
    path = folder / f"{name}.{fmt}"
    table = pq.read_table(path) if fmt == "parquet" else pacsv.read_csv(path)
print(time.perf_counter() - t)
"""


def sample_data(name: str, complaints: int, surveys: int, fmt: str) -> Path:
    folder = DATA / name
    if not (folder / f"complaints.{fmt}").is_file():
        print(f"generating {name} ...", flush=True)
        subprocess.run([PY, "-m", "reportgen", "sample", "--out", str(folder), "--complaints", str(complaints),
                        "--surveys", str(surveys), "--format", fmt], check=True)
    return folder


BUSINESS = """
[sla.business_hours]
hours = ["09:00-12:00", "13:30-18:00"]
[sla.business_hours.by_region."华南"]
days = "mon-sun"
"""


def with_business_clock(folder: Path) -> Path:
    """The same data (linked, not copied) under the business clock: a lunch break, two schedules."""
    target = folder.with_name(folder.name + "-business")
    target.mkdir(exist_ok=True)
    for path in folder.iterdir():
        link = target / path.name
        if path.name != "reportgen.toml" and not link.exists():
            link.symlink_to(path.resolve())
    config = (folder / "reportgen.toml").read_text("utf-8")
    (target / "reportgen.toml").write_text(config.replace('clock = "calendar"', 'clock = "business"') + BUSINESS, "utf-8")
    return target


def run_build(data: Path, *, cold: bool = False) -> dict:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        if cold:
            env["XDG_CACHE_HOME"] = cache  # no cached Vega bundle or chart SVGs
        started = time.perf_counter()
        proc = subprocess.run([PY, "-c", CHILD, str(data), out], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build of {data} failed:\n{proc.stderr}")
    return {"wall": wall, **json.loads(proc.stdout.strip().splitlines()[-1])}


def floor() -> float:
    """Median of 5 runs of FLOOR, whole processes."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([PY, "-c", FLOOR], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return sorted(times)[2]


def read_alone(data: Path, fmt: str) -> float:
    proc = subprocess.run([PY, "-c", READ_ALONE, str(data), fmt], capture_output=True, text=True, check=True)
    return float(proc.stdout.strip())


def data_stage(r: dict) -> float:
    return sum(r["timings"].get(k, 0.0) for k in ("load", "validate", "clean", "figures"))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    from importlib.metadata import version

    libs = ", ".join(f"{p} {version(p)}" for p in ("pandas", "pyarrow", "weasyprint", "vl-convert-python"))
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB memory, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; {libs}")


def stage_row(name: str, r: dict) -> str:
    t = r["timings"]
    cells = [f"{t.get(k, 0):.2f}" for k in ("load", "validate", "clean", "figures", "charts", "html", "pdf",
                                              "notice", "tables", "write")]
    return f"| {name} | {r['import']:.2f} | " + " | ".join(cells) + f" | {r['wall']:.1f} | {r['rss_mb']:,.0f} |"


def main() -> None:
    sample = ROOT / "sample_data"
    print("floor ...", flush=True)
    base = floor()
    print("sample builds ...", flush=True)
    cold = run_build(sample, cold=True)
    warm = [run_build(sample) for _ in range(SAMPLE_RUNS)]
    warm_median = sorted(warm, key=lambda r: r["wall"])[SAMPLE_RUNS // 2]
    small = sample_data("small-csv", 100_000, 25_000, "csv")
    big_csv = sample_data("large-csv", 1_000_000, 250_000, "csv")
    big_pq = sample_data("large-parquet", 1_000_000, 250_000, "parquet")
    print("large builds ...", flush=True)
    r_small, r_csv, r_pq = run_build(small), run_build(big_csv), run_build(big_pq)
    r_business = run_build(with_business_clock(big_pq))
    read_csv, read_pq = read_alone(big_csv, "csv"), read_alone(big_pq, "parquet")
    read_small = read_alone(small, "csv")
    growth = data_stage(r_csv) / data_stage(r_small)
    huge = None
    if os.environ.get("BENCH_HUGE"):  # 10 M tickets a quarter: about 3 GB of Parquet, generated once
        big = sample_data("huge-parquet", 10_000_000, 2_500_000, "parquet")
        huge = (run_build(big), read_alone(big, "parquet"))
    rows = [
        ("sample data, full build (HTML + PDF + notice), median of 5", f"≤ 4.5 s and ≤ 8 × the floor ({8 * base:.1f} s)",
         f"{warm_median['wall']:.1f} s, {warm_median['wall'] / base:.1f} × the floor (first build, empty cache: "
         f"{cold['wall']:.1f} s)", warm_median["wall"] <= 4.5 and warm_median["wall"] <= 8 * base),
        ("data stage (load → figures), 1M tickets/quarter × 5, CSV", f"≤ 2 × pyarrow read ({2 * read_csv:.1f} s)",
         f"{data_stage(r_csv):.1f} s ({data_stage(r_csv) / read_csv:.1f} ×)", data_stage(r_csv) <= 2 * read_csv),
        ("data stage, the same as Parquet", f"≤ 2 × pyarrow read ({2 * read_pq:.1f} s)",
         f"{data_stage(r_pq):.1f} s ({data_stage(r_pq) / read_pq:.1f} ×)", data_stage(r_pq) <= 2 * read_pq),
        ("business clock (sla.clock = \"business\"), 1M Parquet", f"data stage ≤ 1.5 × the calendar clock's "
         f"({1.5 * data_stage(r_pq):.1f} s)", f"{data_stage(r_business):.1f} s "
         f"({data_stage(r_business) / data_stage(r_pq):.2f} ×; clean stage {r_pq['timings']['clean']:.2f} → "
         f"{r_business['timings']['clean']:.2f} s)", data_stage(r_business) <= 1.5 * data_stage(r_pq)),
        ("whole build, 1M CSV", f"≤ 3 × pyarrow read ({3 * read_csv:.1f} s), peak RSS ≤ 2 GB",
         f"{r_csv['wall']:.1f} s ({r_csv['wall'] / read_csv:.1f} ×), {r_csv['rss_mb'] / 1024:.1f} GB",
         r_csv["wall"] <= 3 * read_csv and r_csv["rss_mb"] <= 2048),
        ("whole build, 1M Parquet", f"≤ 3 × pyarrow read ({3 * read_pq:.1f} s), peak RSS ≤ 2 GB",
         f"{r_pq['wall']:.1f} s ({r_pq['wall'] / read_pq:.1f} ×), {r_pq['rss_mb'] / 1024:.1f} GB",
         r_pq["wall"] <= 3 * read_pq and r_pq["rss_mb"] <= 2048),
        ("10M tickets/quarter × 5, Parquet", "builds, peak RSS ≤ 6 GB",
         "not run (set BENCH_HUGE=1)" if huge is None else
         f"{huge[0]['wall']:.1f} s, {huge[0]['rss_mb'] / 1024:.1f} GB", None if huge is None else huge[0]["rss_mb"] <= 6144),
        ("growth: 10 × the rows (100k → 1M tickets a quarter, CSV)", "data stage ≤ 10 ×",
         f"{growth:.1f} ×", growth <= 10),
        ("PDF time independent of row count", "flat",
         f"sample {warm_median['timings']['pdf']:.1f} s, 100k {r_small['timings']['pdf']:.1f} s, "
         f"1M {r_csv['timings']['pdf']:.1f} s", True),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `make bench` (benchmarks/run.py) on {time.strftime('%Y-%m-%d')}.",
        f"Machine: {machine()}.",
        "",
        "| case | target | measured | met |",
        "|---|---|---|---|",
        *(f"| {c} | {t} | {m} | {'—' if ok is None else 'yes' if ok else '**no**'} |" for c, t, m, ok in rows),
        "",
        "Seconds per stage (one fresh process each; `import` is Python start-up and imports):",
        "",
        "| case | import | load | validate | clean | figures | charts | html | pdf | notice | tables | write | wall | peak RSS MB |",
        "|---|" + "---|" * 13,
        stage_row("sample, first build (empty cache)", cold),
        stage_row("sample, median of 5", warm_median),
        stage_row("100k tickets/quarter, CSV", r_small),
        stage_row("1M tickets/quarter, CSV", r_csv),
        stage_row("1M tickets/quarter, Parquet", r_pq),
        stage_row("1M tickets/quarter, Parquet, business clock", r_business),
        *([stage_row("10M tickets/quarter, Parquet", huge[0])] if huge else []),
        "",
        f"pyarrow alone reads the 1M CSV files in {read_csv:.1f} s and the Parquet files in {read_pq:.1f} s; "
        f"the floor (Python, the imports, one small page typeset) takes {base:.2f} s.",
        "",
        "Growth (tickets a quarter, five quarters; data stage = load → figures):",
        "",
        "| tickets a quarter | format | pyarrow read | data stage | × read | whole build | peak RSS |",
        "|---|---|---|---|---|---|---|",
        f"| 100,000 | CSV | {read_small:.1f} s | {data_stage(r_small):.1f} s | {data_stage(r_small) / read_small:.1f} | "
        f"{r_small['wall']:.1f} s | {r_small['rss_mb'] / 1024:.1f} GB |",
        f"| 1,000,000 | CSV | {read_csv:.1f} s | {data_stage(r_csv):.1f} s | {data_stage(r_csv) / read_csv:.1f} | "
        f"{r_csv['wall']:.1f} s | {r_csv['rss_mb'] / 1024:.1f} GB |",
        f"| 1,000,000 | Parquet | {read_pq:.1f} s | {data_stage(r_pq):.1f} s | {data_stage(r_pq) / read_pq:.1f} | "
        f"{r_pq['wall']:.1f} s | {r_pq['rss_mb'] / 1024:.1f} GB |",
        (f"| 10,000,000 | Parquet | {huge[1]:.1f} s | {data_stage(huge[0]):.1f} s | {data_stage(huge[0]) / huge[1]:.1f} | "
         f"{huge[0]['wall']:.1f} s | {huge[0]['rss_mb'] / 1024:.1f} GB |") if huge else
        "| 10,000,000 | Parquet | not run (BENCH_HUGE=1) | | | | |",
        "",
    ]
    notes = HERE / "notes.md"
    if notes.is_file():
        lines += [notes.read_text(encoding="utf-8")]
    for part in ("results-sentiment.md", "results-comments.md"):  # make bench writes them first
        if (HERE / part).is_file():
            lines += ["", (HERE / part).read_text(encoding="utf-8")]
    (HERE / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    if not shutil.which("pdftoppm"):
        print("note: poppler-utils missing; not needed for the benchmark itself", file=sys.stderr)
    main()
