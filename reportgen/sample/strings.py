"""Arrow string columns built element-wise, so that a million ids or texts cost no Python loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def zero_padded(values, width: int) -> pa.Array:
    """Zero-padded decimal strings of non-negative ints."""
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string()), width, "0")


def decimal(values) -> pa.Array:
    """Decimal strings of ints."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def concat(*parts) -> pa.Array:
    """Element-wise string concatenation of arrow arrays and str scalars."""
    return pc.binary_join_element_wise(*parts, "")


def pick(options, idx, mask=None) -> pa.Array:
    """options[idx] as an arrow string array (null where `mask`)."""
    return pa.array(list(options), pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64), mask=mask))


def text_series(values) -> pd.Series:
    return pd.Series(values, dtype="str")
