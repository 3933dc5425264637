"""Row-level listings for auditors: which responses were excluded and which values were not used.

`exclusions.csv` lists, for the period, every survey response excluded by a cleaning rule and
every data-quality finding (a value tolerated but treated as missing), with the file row.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from reportgen.clean import EXCLUDED
from reportgen.config import Config
from reportgen.dataset import QUARTER
from reportgen.figures import Prepared
from reportgen.periods import Quarter
from reportgen.validate import ROW

COLUMNS = ("file", "row", "id", "rule", "column", "detail")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (a leading quote shows as text)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _num(v) -> str:
    return "missing" if pd.isna(v) else f"{float(v):g}"


def _exclusion_detail(rule: str, r: pd.Series, items: list[str], config: Config, first_row: dict) -> str:
    c = config.cleaning
    if rule == "duplicate":
        return f"response_id submitted earlier (row {first_row[r['response_id']]})"
    if rule == "too_fast":
        return f"duration {_num(r['duration_seconds'])} s < {c.min_duration_s:g} s"
    if rule == "contradiction":
        return f"overall {_num(r['overall'])} with nps {_num(r['nps'])}"
    if rule == "straight_lining":
        answered = r[items].dropna()
        return (f"{len(answered)} items all {_num(answered.iloc[0])}, duration {_num(r['duration_seconds'])} s "
                f"< {c.straight_line_max_s:g} s")
    answered = int(r[items].notna().sum())
    return f"{answered} of {len(items)} items answered (fewer than half)"


def exclusions(prep: Prepared, quarter: Quarter, config: Config) -> pd.DataFrame:
    """The period's excluded responses and data-quality findings, in file and row order."""
    items = prep.dataset.questionnaire.item_ids
    surveys_file = prep.dataset.sources["surveys"].path.name
    surveys = prep.surveys
    first = surveys.sort_values(["submitted_at", ROW], kind="stable").drop_duplicates("response_id")
    first_row = dict(zip(first["response_id"], first[ROW]))  # the copy a duplicate defers to
    raw = prep.dataset.surveys  # answers as given, for straight-lining details
    period = surveys[(surveys[QUARTER] == quarter.index) & surveys[EXCLUDED].notna()]
    rows = [(surveys_file, int(r[ROW]), r["response_id"], r[EXCLUDED], "",
             _exclusion_detail(r[EXCLUDED], raw.loc[i] if r[EXCLUDED] == "straight_lining" else r, items,
                               config, first_row))
            for i, r in period.iterrows()]
    in_period = {
        prep.dataset.sources[name].path.name: set(frame.loc[frame[QUARTER] == quarter.index, ROW].tolist())
        for name, frame in (("complaints", prep.complaints), ("surveys", prep.surveys))
    }
    rows += [(f.file, f.row, f.record_id or "", f.rule, f.column, f.detail)
             for f in prep.findings if f.row in in_period.get(f.file, ())]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.sort_values(["file", "row", "column"], kind="stable").reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV with a BOM (spreadsheet software then reads the Chinese correctly), formulas neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    for record in table.itertuples(index=False):
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in record])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def review_sample(prep: Prepared, quarter: Quarter, config: Config) -> pd.DataFrame:
    """A seeded random share of the period's valid responses, for manual re-checking.

    The draw depends only on the seed and the valid responses in file order, so the same inputs
    and seed always give the same sample.
    """
    s = prep.surveys
    valid = s[(s[QUARTER] == quarter.index) & s[EXCLUDED].isna()].sort_values(ROW)
    size = int(round(config.sampling.review_share * len(valid)))
    rng = np.random.default_rng(config.sampling.review_seed)
    chosen = np.sort(rng.choice(len(valid), size=size, replace=False)) if size else np.array([], dtype=int)
    picked = valid.iloc[chosen]
    return pd.DataFrame({"file": prep.dataset.sources["surveys"].path.name, "row": picked[ROW].to_numpy(),
                         "response_id": picked["response_id"].astype(str).to_numpy(),
                         "submitted_at": [f"{t:%Y-%m-%d %H:%M:%S}" for t in picked["submitted_at"]]})
