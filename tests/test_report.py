"""The rendered report: HTML parsed, PDF text extracted, escaping, offline, both languages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from reportgen.build import build
from reportgen.i18n import texts

from conftest import EVIL, pdf_text

FIXTURE = Path(__file__).parent / "data" / "fixture"


@pytest.fixture(scope="module")
def built(hostile_build):
    """The fixture quarter built in both languages, with a hostile store name in the data."""
    return {lang: hostile_build(lang) for lang in ("zh-CN", "en")}


def _soup(result) -> BeautifulSoup:
    return BeautifulSoup((result.out_dir / "report.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_html_structure(built, lang):
    soup = _soup(built[lang])
    t = texts(lang)
    assert soup.html["lang"] == lang
    assert t.t("report_title") in soup.title.text
    assert soup.find(id="summary").find("h1").text == t.t("summary")
    assert [h.text for h in soup.select("main > section.level-1 > h1")] == [
        t.t("complaints_section"), t.t("survey_section"), t.t("comments_section"), t.t("comparison_section"),
        t.t("actions_section"), t.t("appendix")]
    # Every chart: a static SVG (readable without JavaScript), a source line and a data table.
    figures = soup.select("figure.chart")
    assert len(figures) >= 10
    for fig in figures:
        assert fig.select_one(".chart-view svg") is not None, fig["id"]
        assert fig.select_one("p.source").text.strip()
        assert fig.select_one("details.data table") is not None, fig["id"]
    # Every chart has its spec for the interactive view.
    specs = soup.select("script[type='application/json'][id^='spec-']")
    assert {s["id"][5:] for s in specs} == {f["id"][4:] for f in figures}


def test_html_is_self_contained(built):
    html = (built["zh-CN"].out_dir / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag
    for tag in soup.find_all("link"):
        pytest.fail(f"external link element {tag}")
    for tag in soup.find_all(href=True):
        assert tag["href"].startswith("#"), tag
    styles = " ".join(s.text for s in soup.find_all("style"))
    assert "@import" not in styles and "url(http" not in styles
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']https?:""", html)
    assert "$schema" not in " ".join(s.text for s in soup.select("script[type='application/json']"))


def test_input_text_is_escaped(built):
    html = (built["en"].out_dir / "report.html").read_text(encoding="utf-8")
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # in a table cell, escaped
    soup = BeautifulSoup(html, "html.parser")
    views = soup.find(id="filter-views").string

    def strings(x):
        if isinstance(x, dict):
            return {s for k, v in x.items() for s in {k} | strings(v)}
        return {s for v in x for s in strings(v)} if isinstance(x, list) else {x}

    assert EVIL in strings(json.loads(views))  # the store survives, encoded safely in JSON
    assert "</script" not in views


def test_interactive_filters_use_aggregates_only(built):
    soup = _soup(built["zh-CN"])
    spec = json.loads(soup.find(id="spec-segments").string)
    for dataset in spec.get("datasets", {}).values():
        for row in dataset:
            assert set(row) <= {"segment", "channel", "dimension", "n", "sum"}, row
    assert [s["data-filter"] for s in soup.select("form#filters select")] == ["store", "region", "channel",
                                                                             "segment", "product_line"]
    views = json.loads(soup.find(id="filter-views").string)
    for groups in views.values():
        for view in groups.values():
            for chart in view["charts"].values():
                for row in chart.get("rows", ()):
                    assert not {"ticket_id", "response_id", "customer_id", "comment"} & set(row), row
    html = str(soup)
    assert "V01" not in html and "C01" not in html  # no response or ticket ids reach the report


def _pdf_text(result) -> tuple[PdfReader, str]:
    reader = PdfReader(result.out_dir / "report.pdf")
    return reader, pdf_text(result.out_dir / "report.pdf")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_pdf_text_and_key_values(built, lang):
    result = built[lang]
    reader, text = _pdf_text(result)
    t = texts(lang)
    metrics = json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))
    assert 12 <= len(reader.pages) <= 40
    flat = re.sub(r"\s+", "", text)
    for needle in (t.t("report_title"), t.t("summary"), t.t("sqi"), t.t("appendix_reliability")):
        assert re.sub(r"\s+", "", needle) in flat, needle
    assert t.number(metrics["service_quality_index"]["score"]) in text
    assert t.percent(metrics["complaints"]["response_sla_rate"]) in text
    assert t.percent(metrics["survey"]["csat_top2"]) in text


def test_pdf_has_bookmarks_page_numbers_and_embedded_cjk_font(built):
    reader, text = _pdf_text(built["zh-CN"])
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "执行摘要" in titles and "附录" in titles
    n = len(reader.pages)
    assert f"3 / {n}" in reader.pages[2].extract_text()
    fonts = set()
    for page in reader.pages[:4]:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in f for f in fonts), fonts


def test_organisation_template_extends_the_standard_one_and_the_logo_is_embedded(tmp_path):
    """One branded build (a full build costs seconds): its own template over the standard one, and
    the configured logo inlined on the cover."""
    import base64

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "brand").mkdir()
    (data / "brand" / "report.html").write_text(
        '{% extends "default:report.html" %}{% block title %}品牌报告 {{ report.period }}{% endblock %}',
        encoding="utf-8")
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    (data / "logo.png").write_bytes(png)
    (data / "reportgen.toml").write_text('templates = "brand"\n[organisation]\nname = "测试集团"\nlogo = "logo.png"\n',
                                         encoding="utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3")
    soup = _soup(result)
    assert soup.title.text == "品牌报告 2025Q3"
    assert soup.find(id="summary") is not None
    img = soup.select_one("header.cover img.logo")
    assert img["src"].startswith("data:image/png;base64,") and img["alt"] == "测试集团"


def test_missing_logo_is_a_config_error(tmp_path, run_cli):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "reportgen.toml").write_text('[organisation]\nlogo = "nowhere.png"\n', encoding="utf-8")
    code, _, err = run_cli("build", "--data", data, "--out", tmp_path / "out", "--period", "2025Q3")
    assert code == 2 and "key organisation.logo" in err and "Traceback" not in err


def _font_cmaps() -> list[set[int]]:
    """Character sets of the fonts the PDF may use: the CJK font and its fallback."""
    import subprocess

    from fontTools.ttLib import TTCollection, TTFont

    maps = []
    for family in ("Noto Sans CJK SC", "DejaVu Sans"):
        path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
        if path.endswith(".ttc"):
            fonts = TTCollection(path).fonts[:1]
        else:
            fonts = [TTFont(path)]
        for font in fonts:
            maps.append(set(font.getBestCmap()))
    return maps


def test_every_printed_character_has_a_glyph(built):
    """No tofu: each character of the print HTML (text and chart labels) is in an installed font."""
    maps = _font_cmaps()
    for lang in ("zh-CN", "en"):
        html = (built[lang].out_dir / "report.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        chars = {ch for ch in soup.get_text() if not ch.isspace()}
        missing = sorted(ch for ch in chars if not any(ord(ch) in m for m in maps))
        assert not missing, f"{lang}: no glyph for {missing}"


def test_font_problems_are_reported(monkeypatch):
    import ctypes.util
    import subprocess

    from reportgen.render import pdf

    pdf.font_warnings.cache_clear()
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: real_run(["true"], **kw))
    try:
        warnings = pdf.font_warnings()
    finally:
        pdf.font_warnings.cache_clear()
    assert any("no CJK font" in w and "fonts-noto-cjk" in w for w in warnings)
    assert any("libharfbuzz-subset0" in w for w in warnings)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_no_table_shows_a_rate_for_a_group_under_min_cell(built, lang):
    """The small-sample rule on every table of the report: in a row whose n (or count, or valid
    responses) is under min_cell, no rate, mean, score or value is shown, only "insufficient
    sample". The fixture's groups are all small (12 tickets, 33 responses; min_cell 30)."""
    t = texts(lang)
    n_columns = {t.t("n"), t.t("valid_responses"), t.t("count")}
    rate_words = {t.t("value"), t.t("mean"), t.t("score100"), t.t("csat"), t.t("nps"),
                  *(c.label(k) for k in ("complaints.response_sla_rate", "complaints.closure_sla_rate",
                                         "complaints.resolution_rate", "complaints.handling_satisfaction_rate")
                    for c in [_context(lang)])}
    soup = _soup(built[lang])
    checked = 0
    for table in soup.select("table.data-table"):
        if table.find_parent(class_="evidence-index") or "evidence-index" in table.get("class", []):
            continue  # the audit trail: every figure with its n, as computed, for re-deriving it
        head = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        ns = [i for i, h in enumerate(head) if h in n_columns]
        rates = [i for i, h in enumerate(head) if h in rate_words and i > 0]  # the first column names the row
        if not ns or not rates:
            continue
        for row in table.select("tbody tr"):
            cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
            if len(cells) != len(head) or not NUMBER_ONLY.fullmatch(cells[ns[0]]):
                continue
            if int(cells[ns[0]].replace(",", "")) < 30:
                checked += 1
                for i in rates:
                    assert cells[i] in (t.t("insufficient"), "", "—"), (head, cells)
    assert checked >= 10  # the store, channel, segment, closure-commitment and segment × channel rows


NUMBER_ONLY = re.compile(r"\d[\d,]*")


def _context(lang):
    from reportgen.config import Config
    from reportgen.report.context import Context

    return Context(None, Config(locale=lang), texts(lang), None, "")


def test_chinese_text_uses_chinese_units_and_full_width_punctuation(built):
    """No 30m / 24h / 7d, and no half-width , ; : ( ) touching a Chinese character outside the
    formulas (the definitions quote formulas such as (推荐者人数 + 0.75)/n', which stay as written)."""
    soup = _soup(built["zh-CN"])
    for node in soup.select("script, style, #appendix-definitions, .evidence-index"):
        node.decompose()
    text = soup.get_text("\n")
    assert not re.findall(r"\b\d+\s?[mhd]\b", text)
    han = r"[\u4e00-\u9fff]"
    bad = re.findall(rf"{han}[,;:()]|[,;:()]{han}", text)
    assert not bad, [text[max(0, text.find(b) - 12):text.find(b) + 12] for b in bad[:8]]
