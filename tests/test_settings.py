"""One settings object: defaults < config file < command-line options, validated once, documented."""

from __future__ import annotations

import dataclasses
import re
import typing
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from reportgen.config import Config
from reportgen.errors import InputError
from reportgen.settings import OPTIONS, settle
from reportgen.sources import DatabaseSource, FileSource

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end > 0 else None]


def test_options_override_the_file_which_overrides_the_defaults(data_dir):
    assert settle(data_dir).config == Config() and settle(data_dir).path is None
    (data_dir / "reportgen.toml").write_text('locale = "en"\nnotice_size = "A3"\nmin_cell = 5\n', encoding="utf-8")
    from_file = settle(data_dir).config
    assert (from_file.locale, from_file.notice_size, from_file.min_cell, from_file.encoding) == ("en", "A3", 5, None)
    both = settle(data_dir, lang="zh-CN", encoding="gb18030").config
    assert (both.locale, both.notice_size, both.min_cell, both.encoding) == ("zh-CN", "A3", 5, "gb18030")
    assert settle(data_dir, lang=None).config.locale == "en"  # an option not given leaves the file's value


def test_a_bad_option_is_named_as_the_option(data_dir):
    with pytest.raises(InputError) as err:
        settle(data_dir, encoding="no-such-codec")
    assert str(err.value.problems[0].where()) == "command line"
    assert err.value.problems[0].message.startswith("--encoding: unknown encoding 'no-such-codec'")
    with pytest.raises(TypeError):
        settle(data_dir, period="2025Q3")  # not a setting


def test_the_logo_is_checked_before_any_data_is_read(data_dir):
    (data_dir / "complaints.csv").write_bytes(b"\x00\x01 not a table")
    (data_dir / "reportgen.toml").write_text('[organisation]\nlogo = "../outside.png"\n', encoding="utf-8")
    from reportgen.build import compute

    with pytest.raises(InputError) as err:
        compute(data_dir=data_dir, period="2025Q3", assets=True)
    assert [p.message.split(":")[0] for p in err.value.problems] == ["key organisation.logo"]


def _keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        key = prefix + name
        inner = [a for a in typing.get_args(field.annotation) or (field.annotation,) if isinstance(a, type)]
        nested = [a for a in inner if issubclass(a, BaseModel)]
        out.append(key)
        if nested and name != "sources":
            for sub in nested:
                out += _keys(sub, key + ".")
    return out


def _documented(key: str, text: str) -> bool:
    parent, _, last = key.rpartition(".")
    return (f"`{key}" in text or f"{key}`" in text or f"{key}," in text
            or bool(parent and re.search(re.escape(parent) + r"\.\{[^}]*\b" + last + r"\b", text))
            or bool(parent and parent in text and f".{last}" in text))


def test_every_config_key_is_in_the_readme():
    reference = _section(README, "## Configuration reference")
    missing = [k for k in _keys(Config) if not _documented(k, reference)]
    assert not missing, missing
    assert set(OPTIONS.values()) <= {k for k in _keys(Config)}
    for option in OPTIONS:
        assert f"--{option.replace('_', '-')}" in reference, option


def test_every_source_key_is_in_the_readme():
    keys = _section(README, "### Keys of a `[sources.X]` block")
    fields = (set(FileSource.model_fields) | set(DatabaseSource.model_fields)) - {"kind_", "_kind"}
    missing = sorted(f for f in fields if not f.startswith("_") and f"`{f}`" not in keys)
    assert not missing, missing


def _first_column(markdown: str) -> set[str]:
    """The names in backticks in the first column of a markdown table (`f(x)` gives f)."""
    cells = [line.split("|")[1] for line in markdown.splitlines() if line.startswith("| `")]
    return set(re.findall(r"`(\w+)", "\n".join(cells)))


def test_the_template_context_is_what_the_docs_say(monkeypatch, tmp_path):
    from reportgen.build import build
    from reportgen.render import html, templates
    from reportgen.report import Report, build_report

    result = build(data_dir=ROOT / "tests" / "data" / "fixture", out_dir=tmp_path, period="2025Q3", documents=False)
    report = build_report(result.figures, Config(), logo=None, issued=date(2025, 10, 15))
    seen = {}

    def capture(env, name, **context):
        seen.update(context, **{k: v for k, v in env.globals.items() if k in ("table_widths", "evidence_widths")})
        return ""

    monkeypatch.setattr(html, "render", capture)
    html.render_html(report, {}, medium="print")
    docs = (ROOT / "docs" / "templates.md").read_text("utf-8")
    names = _first_column(_section(docs, "# Templates").split("\n## ")[0])
    assert set(seen) == names
    fields = _first_column(_section(docs, "## `Report`"))
    assert fields == {f.name for f in dataclasses.fields(Report)} | {"charts"}
    assert isinstance(templates.standard_dir(), Path)
