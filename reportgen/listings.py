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
from reportgen.figures import Prepared, period_findings
from reportgen.periods import Quarter
from reportgen.redact import ID_KINDS, redact
from reportgen.validate import ROW

COLUMNS = ("file", "row", "id", "rule", "column", "detail")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def public_id(value: str) -> str:
    """An id as a listing prints it: digit runs kept (auditors look them up), but a phone or ID
    number, an e-mail address or a name used as an id masked, like every other output text."""
    return redact(value, kinds=ID_KINDS)


def neutralise(text: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (a leading quote shows as text)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _g(values: pd.Series) -> pd.Series:
    """Numbers as %g text ('missing' where absent), for the few rows a listing shows."""
    return values.map(lambda v: "missing" if pd.isna(v) else f"{float(v):g}").astype(object)


def _exclusion_details(period: pd.DataFrame, raw: pd.DataFrame, first_row: pd.Series, items: list[str],
                       config: Config) -> pd.Series:
    """Why each excluded response was excluded, with the values and thresholds that decided it."""
    c = config.cleaning
    rule = period[EXCLUDED]
    detail = pd.Series("", index=period.index, dtype=object)
    duration = _g(period["duration_seconds"])
    for name in ("duplicate", "too_fast", "contradiction", "straight_lining", "incomplete"):
        hit = (rule == name).to_numpy()
        if not hit.any():
            continue
        rows = period[hit]
        if name == "duplicate":
            text = "response_id submitted earlier (row " + rows["response_id"].map(first_row).astype(str) + ")"
        elif name == "too_fast":
            text = "duration " + duration[hit] + f" s < {c.min_duration_s:g} s"
        elif name == "contradiction":
            text = "overall " + _g(rows["overall"]) + " with nps " + _g(rows["nps"])
        elif name == "straight_lining":
            answers = raw.loc[rows.index, items]  # as given: straight-lining is judged before recoding
            text = (answers.notna().sum(axis=1).astype(str) + " items all " + _g(answers.max(axis=1))
                    + ", duration " + duration[hit] + f" s < {c.straight_line_max_s:g} s")
        else:
            text = (rows[items].notna().sum(axis=1).astype(str) + f" of {len(items)} items answered"
                    " (fewer than half)")
        detail[hit] = text.to_numpy()
    return detail


def exclusions(prep: Prepared, quarter: Quarter, config: Config) -> pd.DataFrame:
    """The period's excluded responses and data-quality findings, in file and row order."""
    items = prep.dataset.questionnaire.item_ids
    surveys = prep.surveys
    period = surveys[(surveys[QUARTER] == quarter.index).to_numpy() & surveys[EXCLUDED].notna().to_numpy()]
    duplicates = period.loc[period[EXCLUDED] == "duplicate", "response_id"]
    kept = surveys[surveys["response_id"].isin(duplicates)].sort_values(["submitted_at", ROW], kind="stable")
    first_row = kept.drop_duplicates("response_id").set_index("response_id")[ROW]  # the copy a duplicate defers to
    excluded = pd.DataFrame({
        "file": prep.dataset.sources["surveys"].path.name, "row": period[ROW].to_numpy(),
        "id": [public_id(v) for v in period["response_id"].astype(str)], "rule": period[EXCLUDED].astype(str).to_numpy(),
        "column": "", "detail": _exclusion_details(period, prep.dataset.surveys, first_row, items, config).to_numpy()})
    findings = pd.DataFrame([(f.file, f.row, public_id(f.record_id or ""), f.rule, f.column, f.detail)
                             for f in period_findings(prep, quarter)], columns=list(COLUMNS))
    table = pd.concat([excluded, findings], ignore_index=True) if len(findings) else excluded
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
                         "response_id": [public_id(v) for v in picked["response_id"].astype(str)],
                         "submitted_at": [f"{t:%Y-%m-%d %H:%M:%S}" for t in picked["submitted_at"]]})
