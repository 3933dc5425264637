"""The Jinja2 environment: an organisation's template folder first, then the standard ones.

An organisation's `report.html` can extend the standard one with
`{% extends "default:report.html" %}` and override its blocks. Templates come from a data
folder that may be anyone's, so every template renders in Jinja2's immutable sandbox: no
attribute starting with an underscore, no Python internals, no changing the model.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader, StrictUndefined
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.errors import ReportgenError
from reportgen.render import columns

# The standard templates: the top-level templates/ folder, installed as this package (pyproject.toml).
PACKAGE = "reportgen.templates"
STANDARD = PackageLoader(PACKAGE, ".")


def standard_dir() -> Path:
    """The folder of the standard templates, wherever the package is installed."""
    return Path(str(resources.files(PACKAGE)))


class ContainedLoader(FileSystemLoader):
    """A folder's templates, refusing any whose real path (links followed) lies outside it."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        root = os.path.realpath(self.searchpath[0])
        if os.path.commonpath([root, os.path.realpath(filename)]) != root:
            raise ReportgenError(f"template {template}: {filename} leads outside the template folder {root}")
        return source, filename, uptodate


def environment(custom_dir: Path | None = None) -> ImmutableSandboxedEnvironment:
    loaders = [PrefixLoader({"default": STANDARD}, delimiter=":")]
    if custom_dir is not None:
        loaders.append(ContainedLoader(str(custom_dir)))
    loaders.append(STANDARD)
    env = ImmutableSandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                                        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # The print tables' column widths (fixed table layout, see reportgen.render.columns).
    env.globals.update(table_widths=columns.table_widths, evidence_widths=columns.evidence_widths)
    return env


def render(env, name: str, **context) -> str:
    """Render template `name`; a template that breaks the sandbox or the model is exit 2, naming it."""
    try:
        return env.get_template(name).render(**context)
    except SecurityError as exc:
        raise ReportgenError(f"template {name}: not allowed ({exc}); templates may only show the report model")
    except TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or name}" + (f", line {exc.lineno}" if getattr(exc, "lineno", None) else "")
        raise ReportgenError(f"template {where}: {exc.message or exc}")
