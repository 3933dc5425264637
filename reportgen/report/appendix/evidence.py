"""Appendix: the evidence index, every figure the report cites with its definition, n and interval."""

from __future__ import annotations

from reportgen.report.context import Context
from reportgen.report.model import EvidenceIndex, EvidenceRow, Section


def build(c: Context) -> Section:
    rows = tuple(EvidenceRow(r["id"], r["figure"], r["definition"], r["population"], r["n"], r["value"],
                             r["interval"], tuple(r["refs"]), r.get("test", "")) for r in c.ledger.rows.values())
    return Section("appendix-evidence", c.t.t("appendix_evidence"), paragraphs=(c.t.t("evidence_note"),),
                   blocks=(EvidenceIndex(rows),))
