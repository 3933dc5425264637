"""The Jinja2 environment: an organisation's template folder first, then the standard ones.

An organisation's `report.html` can extend the standard one with
`{% extends "default:report.html" %}` and override its blocks.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, StrictUndefined

STANDARD = PackageLoader("reportgen", "templates")


def environment(custom_dir: Path | None = None) -> Environment:
    loaders = [PrefixLoader({"default": STANDARD}, delimiter=":")]
    if custom_dir is not None:
        loaders.append(FileSystemLoader(str(custom_dir)))
    loaders.append(STANDARD)
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
