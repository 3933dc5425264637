"""The chart stage and its cache: one entry per chart, written once, in the folder the settings name."""

from __future__ import annotations

from pathlib import Path

import sys

import pytest

from reportgen import cache
from reportgen.charts import convert
from reportgen.report.model import Chart, Table
from reportgen.render import charts_stage


def model_chart(id: str, kind: str, rows: list[dict], **options) -> Chart:
    table = Table(columns=("label",), rows=tuple((str(r.get("label", "")),) for r in rows), numeric=(False,))
    return Chart(id, kind, tuple(rows), options, title=id, caption="n", table=table)


COUNTS = [{"label": "热线", "count": 6, "share": 0.6}, {"label": "微信", "count": 4, "share": 0.4}]
MODEL_CHARTS = [
    model_chart("by_channel", "count_bars", COUNTS),
    model_chart("cleaning", "waterfall", [{"stage": "收到", "count": 10}, {"stage": "有效", "count": 8}]),
    model_chart("overall", "likert_diverging", [{"item": "总体", "level": k, "share": s}
                                                for k, s in enumerate((0.1, 0.1, 0.2, 0.3, 0.3), 1)],
                level_labels=["1 非常不满意", "2 不满意", "3 一般", "4 满意", "5 非常满意"]),
]


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """A cache folder of this test's own, with every cache write and SVG conversion counted."""
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    calls = {"write": 0, "to_svg": 0}

    def counting(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(cache, "write")
    counting(convert, "to_svg")
    return tmp_path, calls


def test_each_chart_is_converted_and_written_once(counted):
    folder, calls = counted
    first = charts_stage.render_charts(MODEL_CHARTS)
    entries = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert len(entries) == len(MODEL_CHARTS)  # one entry per chart: spec and SVG together
    assert all(e.startswith("charts/") and e.endswith(".json") for e in entries)
    assert calls == {"write": len(MODEL_CHARTS), "to_svg": len(MODEL_CHARTS)}

    second = charts_stage.render_charts(MODEL_CHARTS)
    assert second == first
    assert calls == {"write": len(MODEL_CHARTS), "to_svg": len(MODEL_CHARTS)}  # all read back, none redone
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == entries


def test_a_changed_chart_gets_its_own_entry_and_a_corrupt_one_is_redone(counted):
    folder, calls = counted
    charts_stage.render_charts(MODEL_CHARTS[:1])
    changed = model_chart("by_channel", "count_bars", COUNTS, value_title="件数")
    charts_stage.render_charts([changed])
    assert calls["write"] == 2 and len(list(folder.glob("charts/*.json"))) == 2
    for entry in folder.glob("charts/*.json"):
        entry.write_text('{"spec": {}', encoding="utf-8")  # cut short, as by a full disk
    again = charts_stage.render_charts([changed])
    assert calls["write"] == 3 and again["by_channel"].svg.lstrip().startswith("<svg")


def test_without_svg_nothing_is_cached(counted):
    folder, calls = counted
    rendered = charts_stage.render_charts(MODEL_CHARTS[:1], svg=False)
    assert rendered["by_channel"].svg == "" and '"mark"' in rendered["by_channel"].spec_json
    assert calls == {"write": 0, "to_svg": 0} and not any(folder.iterdir())


def test_tests_never_touch_the_users_cache(private_cache, tmp_path_factory):
    assert cache.cache_dir() == private_cache
    # the run's temporary folder (shared by parallel workers: the base of their own folders)
    assert tmp_path_factory.getbasetemp().is_relative_to(private_cache.parent)
    assert not private_cache.is_relative_to(Path.home() / ".cache")


def test_the_environment_names_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    cache.write("a/b.txt", "内容")
    assert (tmp_path / "mine" / "a" / "b.txt").read_text(encoding="utf-8") == "内容"
    assert cache.read("a/b.txt") == "内容" and cache.read("a/absent.txt") is None
    assert [p.name for p in (tmp_path / "mine" / "a").iterdir()] == ["b.txt"]  # no temporary file left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG locations are Linux's")
def test_by_default_the_users_cache_folder_as_xdg_says(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "reportgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "reportgen"


def test_an_unusable_cache_folder_only_costs_time(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker))
    cache.write("charts/x.json", "{}")  # no error
    assert cache.read("charts/x.json") is None
    rendered = charts_stage.render_charts(MODEL_CHARTS[:1])
    assert rendered["by_channel"].svg.lstrip().startswith("<svg")
