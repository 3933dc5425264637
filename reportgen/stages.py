"""Build stages: timed for the benchmarks, announced to an optional listener (the progress bar)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# In the order a build runs them; "documents" stages only when HTML and PDF are written.
DATA_STAGES = ("load", "validate", "clean", "figures")
DOCUMENT_STAGES = ("charts", "html", "pdf", "notice", "tables")
WRITE_STAGE = "write"


class Stages:
    """Seconds per stage, and a listener told when each stage starts."""

    def __init__(self, listener: Callable[[str], None] | None = None) -> None:
        self.timings: dict[str, float] = {}
        self.listener = listener

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        if self.listener is not None:
            self.listener(name)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started
