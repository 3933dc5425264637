"""Appendix: the evidence index, every figure the report cites with its definition, n and interval."""

from __future__ import annotations

from reportgen.report.context import Context
from reportgen.report.model import EvidenceIndex, EvidenceRow, Section


def build(c: Context) -> Section:
    """A definition is written out at its first row; a later row of the same definition (each
    dimension, each rule, each change) points to that row, so that the index is read, not leafed
    through: three fifths of its text were repeats."""
    first: dict[str, str] = {}
    rows = []
    for r in c.ledger.rows.values():
        seen = first.setdefault(r["definition"], r["id"]) if r["definition"] else r["id"]
        definition = r["definition"] if seen == r["id"] else c.t.say("definition_as", id=seen)
        rows.append(EvidenceRow(r["id"], r["figure"], definition, r["population"], r["n"], r["value"],
                                r["interval"], tuple(r["refs"]), r.get("test", "")))
    rows = tuple(rows)
    return Section("appendix-evidence", c.t.t("appendix_evidence"), paragraphs=(c.t.t("evidence_note"),),
                   blocks=(EvidenceIndex(rows),))
