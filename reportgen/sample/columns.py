"""The sample's columns are the data contract's (`reportgen.schema`), in its order: a column
added to the contract must be made by the generator or listed below as one it leaves out."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from reportgen import schema

# The ticket system's own verdicts on its commitments, read only where an export has no times;
# the sample has every time, so it leaves them out.
COMPLAINTS_LEFT_OUT = ("response_sla_met", "solution_sla_met", "closure_sla_met")

COMPLAINT_COLUMNS = tuple(c.name for c in schema.COMPLAINTS if c.name not in COMPLAINTS_LEFT_OUT)
EVENT_COLUMNS = tuple(c.name for c in schema.EVENTS)
ACTION_COLUMNS = tuple(c.name for c in schema.ACTIONS)


def survey_column_names(item_ids: list[str]) -> tuple[str, ...]:
    return tuple(c.name for c in schema.survey_columns(item_ids))


def in_order(columns: Mapping, names: tuple[str, ...]) -> pd.DataFrame:
    """A frame of the generated `columns` in the contract's order; a column made but not in the
    contract, or in it but not made, is an error rather than a silent gap."""
    made = list(columns)
    if sorted(made) != sorted(names):
        raise ValueError(f"generated columns {made} are not the contract's {list(names)}")
    return pd.DataFrame({name: columns[name] for name in names})
