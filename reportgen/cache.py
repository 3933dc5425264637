"""The one folder where builds keep results that are slow to make and never change for their key.

The Vega bundle and each chart's spec and SVG are kept here under names that hash everything they
depend on, so an entry is either right or absent and deleting the folder is always safe. It is the
user's cache folder (platformdirs: `$XDG_CACHE_HOME/reportgen` or `~/.cache/reportgen` on Linux,
`~/Library/Caches/reportgen` on macOS, the local app data folder on Windows), or
`$REPORTGEN_CACHE_DIR` when set, which the tests point at a temporary folder.

A cache that cannot be read or written only costs time: reading gives None and writing is skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV = "REPORTGEN_CACHE_DIR"


def cache_dir() -> Path:
    """The cache folder, looked up on every call so that the environment can change it."""
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("reportgen", appauthor=False))


def read(name: str) -> str | None:
    """The entry `name` (a path relative to the cache folder), or None if absent or unreadable."""
    try:
        return (cache_dir() / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(name: str, text: str) -> None:
    """Store `text` as entry `name`, atomically: a concurrent build never reads half an entry."""
    path = cache_dir() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the time
