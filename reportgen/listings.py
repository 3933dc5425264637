"""Row-level listings for auditors: which responses were excluded and which values were not used.

`exclusions.csv` lists, for the period, every survey response excluded by a cleaning rule and
every data-quality finding (a value tolerated but treated as missing), with the file row;
`overdue.csv` the tickets open at the quarter's end past their closure limit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from reportgen import rules
from reportgen.config import Config
from reportgen.csv_text import csv_bytes
from reportgen.figures import Prepared, overdue_ticket, period_findings
from reportgen.periods import Quarter
from reportgen.redact import ID_KINDS, redact

COLUMNS = ("file", "row", "id", "rule", "column", "detail")


def public_id(value: str) -> str:
    """An id as a listing prints it: digit runs kept (auditors look them up), but a phone or ID
    number, an e-mail address or a name used as an id masked, like every other output text."""
    return redact(value, kinds=ID_KINDS)


def _detail(r: dict, items: int, config: Config) -> str:
    """Why an excluded response was excluded, with the values and thresholds that decided it."""
    if r["_excluded"] not in rules.BY_CODE:  # a response-quality flag of quality.exclude
        return f"response-quality flag {r['_excluded']} (quality.exclude); its index is on the flag's row"
    return rules.BY_CODE[r["_excluded"]].detail(r, config, items)


def exclusions(prep: Prepared, quarter: Quarter, config: Config, flagged=()) -> pd.DataFrame:
    """The period's excluded responses, flagged responses (response-quality indices, which keep them)
    and data-quality findings, in file and row order."""
    items = len(prep.dataset.questionnaire.item_ids)
    where = prep.dataset.locate
    excluded = pd.DataFrame([(*where("surveys", int(r["_row"])), public_id(str(r["response_id"])), r["_excluded"], "",
                              _detail(r, items, config)) for r in prep.engine.excluded(quarter)], columns=list(COLUMNS))
    findings = pd.DataFrame([(f.file, f.row, public_id(f.record_id or ""), f.rule, f.column, f.detail)
                             for f in period_findings(prep, quarter)], columns=list(COLUMNS))
    marked = pd.DataFrame([(*where("surveys", f.row), public_id(f.response_id), f.code, "", f.detail)
                           for f in flagged], columns=list(COLUMNS))
    parts = [t for t in (excluded, marked, findings) if len(t)]
    table = pd.concat(parts, ignore_index=True) if parts else excluded
    return table.sort_values(["file", "row", "column"], kind="stable").reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV with a BOM (spreadsheet software then reads the Chinese correctly), formulas neutralised."""
    return csv_bytes(list(table.columns), table.itertuples(index=False))


def review_sample(prep: Prepared, quarter: Quarter, config: Config) -> pd.DataFrame:
    """A seeded random share of the period's valid responses, for manual re-checking.

    The draw depends only on the seed and the valid responses in file order, so the same inputs
    and seed always give the same sample.
    """
    valid = prep.engine.valid(quarter)
    if valid.num_rows == 0:
        return pd.DataFrame(columns=["file", "row", "response_id", "submitted_at"])
    size = int(round(config.sampling.review_share * valid.num_rows))
    rng = np.random.default_rng(config.sampling.review_seed)
    chosen = np.sort(rng.choice(valid.num_rows, size=size, replace=False)) if size else np.array([], dtype=int)
    picked = valid.take(pa.array(chosen, pa.int64()))
    places = [prep.dataset.locate("surveys", int(r)) for r in picked.column("_row").to_pylist()]
    return pd.DataFrame({"file": [f for f, _ in places],
                         "row": np.asarray([r for _, r in places], dtype=np.int64),
                         "response_id": [public_id(str(v)) for v in picked.column("response_id").to_pylist()],
                         "submitted_at": [f"{v:%Y-%m-%d %H:%M:%S}" for v in picked.column("submitted_at").to_pylist()]})


OVERDUE_COLUMNS = ("file", "row", "id", "severity", "store", "received_at", "age_hours", "limit_hours")


def overdue(prep: Prepared, quarter: Quarter, config: Config) -> pd.DataFrame:
    """Every ticket open at the quarter's end past its closure limit, oldest first: ids masked, no
    text (hours are business hours under the business clock)."""
    rows = []
    for r in prep.engine.overdue(quarter):
        o = overdue_ticket(r, config)
        rows.append((*prep.dataset.locate("complaints", int(r["_row"])), o.id, o.severity or "", o.store or "",
                     o.received, round(o.age_minutes / 60, 2), round(o.limit_minutes / 60, 2)))
    return pd.DataFrame(rows, columns=list(OVERDUE_COLUMNS))


COMMENT_COLUMNS = ("id", "source", "topics", "label", "score", "text")


def comments(listed) -> pd.DataFrame:
    """comments.csv: the quarter's texts with topics and sentiment (an Arrow table from the analysis).

    Texts were masked at intake; they are masked again as they are written (once per distinct text),
    which guards a text that reached here another way. Ids are masked as every listing's are.
    """
    frame = listed.to_pandas()
    if not len(frame):
        return pd.DataFrame(columns=list(COMMENT_COLUMNS))
    frame = frame.sort_values(["source", "_row"], ascending=[False, True], kind="stable")
    masked = {t: redact(t) for t in frame["text"].unique()}
    frame["text"] = frame["text"].map(masked)
    frame["id"] = frame["id"].map({i: public_id(i) for i in frame["id"].unique()})
    return frame[list(COMMENT_COLUMNS)].reset_index(drop=True)
