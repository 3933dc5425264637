"""The report typeset beside the rest of the build: the same PDF, the real error, stages that add up."""

from __future__ import annotations

import time

import pytest

from reportgen.errors import ReportgenError
from reportgen.render import pdf as pdf_module
from reportgen.render.pdf import TypesetAside, render_pdf, weasy_document
from reportgen.stages import Stages
from conftest import pdf_text

PAGES = "".join(f'<h1 style="break-before: page">第 {i} 页</h1><p>季度服务质量报告</p>' for i in range(3))


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / f"{len(pdf)}-{hash(pdf)}.pdf"
    path.write_bytes(pdf)
    return pdf_text(path)


def test_typeset_aside_gives_the_pdf_typeset_here(tmp_path):
    html = f"<html><body>{PAGES}</body></html>"
    with TypesetAside(html) as aside:
        forked = aside.child is not None
        pdf = aside.result()
    assert len(weasy_document(html).pages) == 3
    assert _text(pdf, tmp_path) == _text(render_pdf(html), tmp_path)
    assert _text(pdf, tmp_path).count("\f") == 3 and "第2页" in _text(pdf, tmp_path)
    assert forked == (pdf_module.sys.platform.startswith("linux") and pdf_module._usable_cores() >= 2)


def test_an_error_in_the_child_is_raised_here_as_itself(tmp_path):
    html = '<html><body><img src="file:///etc/passwd"></body></html>'
    with pytest.raises(ReportgenError, match="may only load data: URIs"):
        with TypesetAside(html, template_dir=tmp_path) as aside:
            aside.result()


def test_leaving_early_stops_the_child():
    with pytest.raises(RuntimeError):
        with TypesetAside(f"<html><body>{PAGES * 20}</body></html>") as aside:
            child = aside.child
            raise RuntimeError("another stage failed")
    assert aside.child is None
    if child is not None:
        with pytest.raises(ValueError):  # closed: the process object is released
            child.is_alive()


def test_without_a_second_core_it_typesets_in_process(monkeypatch):
    monkeypatch.setattr(pdf_module, "_usable_cores", lambda: 1)
    with TypesetAside("<p>一页</p>") as aside:
        assert aside.child is None
        assert aside.result().startswith(b"%PDF")


def test_a_stage_inside_another_counts_only_once():
    stages = Stages()
    with stages("pdf"):
        time.sleep(0.05)
        with stages("notice"):
            time.sleep(0.1)
    with stages("write"):
        time.sleep(0.02)
    assert stages.timings["notice"] == pytest.approx(0.1, abs=0.04)
    assert stages.timings["pdf"] == pytest.approx(0.05, abs=0.04)  # not 0.15: the notice is its own
    with stages("pdf"):  # a stage entered again adds up
        time.sleep(0.05)
    assert stages.timings["pdf"] == pytest.approx(0.1, abs=0.05)


def test_the_listener_hears_of_each_stage_once_in_the_order_they_first_start():
    heard = []
    stages = Stages(heard.append)
    with stages("html"):
        pass
    with stages("pdf"):
        with stages("html"):
            pass
        with stages("write"):
            pass
    with stages("write"):
        pass
    assert heard == ["html", "pdf", "write"]
