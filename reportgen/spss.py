"""SPSS `.sav` exports (Qualtrics and 问卷星 both offer them), read with their labels.

A `.sav` stores each answer as a code with the option's text as its value label, and each
question's text as its variable label. The codes come to the mapping as text ("5", not "5.0"),
the value labels beside them (`RawTable.value_labels`): a label the mapping can read as an
answer (非常满意, "Extremely satisfied", "3分") is used instead of its code, which is only the
option's position in some exports; the variable labels are the questions' texts.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pandas as pd

from reportgen.errors import InputError, Problem
from reportgen.load import Layout, RawTable, refuse_duplicates


def _code(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def names_and_labels(path: Path) -> tuple[list[str], list[str]]:
    """The variables' names and labels (the questions' texts), without reading the data."""
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise InputError([Problem(path.name, None, None, f"cannot read the SPSS file: {exc}")])
    labels = meta.column_names_to_labels or {}
    return list(meta.column_names), [labels.get(n) or "" for n in meta.column_names]


def read_sav(path: Path, columns: Collection[str] | None) -> RawTable:
    import pyreadstat

    names, texts = names_and_labels(path)
    refuse_duplicates(path, names, columns)
    wanted = [n for n in names if columns is None or n in columns]
    try:
        frame, meta = pyreadstat.read_sav(str(path), usecols=wanted or None, apply_value_formats=False)
    except Exception as exc:
        raise InputError([Problem(path.name, None, None, f"cannot read the SPSS file: {exc}")])
    frame = frame[wanted] if wanted else frame.iloc[:, :0]
    for name in frame.columns:
        if pd.api.types.is_float_dtype(frame[name].dtype):
            frame[name] = frame[name].map(lambda v: None if pd.isna(v) else _code(v)).astype("object")
    value_labels = {name: {_code(code): str(label) for code, label in labels.items()}
                    for name, labels in (meta.variable_value_labels or {}).items() if name in wanted}
    return RawTable(path, first_row=2, encoding=None, frame=frame.reset_index(drop=True), columns=tuple(frame.columns),
                    layout=Layout(), head=(tuple(names), tuple(texts)), value_labels=value_labels)
