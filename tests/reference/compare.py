"""Compare two metrics.json documents figure by figure: integers and texts exactly, floats to 1e-12."""

from __future__ import annotations

import math


def differences(a, b, path: str = "", rel: float = 1e-12) -> list[tuple]:
    """Every place where `a` and `b` differ (empty: they agree on every figure)."""
    out: list[tuple] = []
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            out.append((path, "keys", sorted(set(a) ^ set(b))[:8] or "order"))
        for k in a:
            if k in b:
                out += differences(a[k], b[k], f"{path}.{k}", rel)
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            out.append((path, "length", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{path}[{i}]", rel)
    elif isinstance(a, float) and isinstance(b, float):
        if not math.isclose(a, b, rel_tol=rel, abs_tol=1e-12):
            out.append((path, a, b))
    elif a != b or type(a) is not type(b):
        out.append((path, a, b))
    return out
