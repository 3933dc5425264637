"""Build stages: timed for the benchmarks, announced to an optional listener (the progress bar)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# In the order a build runs them; "documents" stages only when HTML and PDF are written.
DATA_STAGES = ("load", "validate", "clean", "figures", "comments")
DOCUMENT_STAGES = ("charts", "html", "pdf", "notice", "tables")
WRITE_STAGE = "write"


class Stages:
    """Seconds per stage, and a listener told when each stage first starts (a stage may be
    entered again: the screen HTML is made while the report is typeset).

    A stage may run inside another (the notice while the report is typeset in a second
    process): its seconds are its own and not the enclosing stage's, so the stages add up to
    the build's wall time, and the enclosing stage counts only what it adds.
    """

    def __init__(self, listener: Callable[[str], None] | None = None) -> None:
        self.timings: dict[str, float] = {}
        self.listener = listener
        self._inner: list[float] = []  # per open stage, the seconds of the stages inside it
        self._announced: set[str] = set()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        if self.listener is not None and name not in self._announced:
            self.listener(name)
        self._announced.add(name)
        started = time.perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            own = elapsed - self._inner.pop()
            if self._inner:
                self._inner[-1] += elapsed
            self.timings[name] = self.timings.get(name, 0.0) + own
