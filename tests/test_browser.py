"""The HTML report and notice as a phone and a desktop show them, in Debian's Chromium: nothing
wider than the screen (tables scroll in their own box), chart text readable once the charts
have been redrawn for the screen."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make system-deps)")

MEASURE = """() => {
  const W = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.table-box') || (e.closest('svg') && e.tagName.toLowerCase() !== 'svg')) continue;
    const r = e.getBoundingClientRect();
    if (r.width && r.right > W + 1) wide.push(e.tagName.toLowerCase() + '.' + (e.className.baseVal ?? e.className));
  }
  const small = [];
  for (const t of document.querySelectorAll('.chart-view svg text')) {
    if (!t.textContent.trim()) continue;
    const svg = t.ownerSVGElement, r = svg.getBoundingClientRect();
    const scale = svg.width.baseVal.value ? r.width / svg.width.baseVal.value : 1;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < 11) small.push((t.closest('figure') || {}).id + ': ' + t.textContent.slice(0, 20) + ' ' + px.toFixed(1));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: W, wide: wide.slice(0, 10),
          small: small.slice(0, 10), charts: document.querySelectorAll('.chart-view.vega-embed').length};
}"""


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _load(browser, path, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    _settle(page)
    return page


def _settle(page):
    """Until every chart is interactive and none is being drawn (resizing waits 200 ms first)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('script[id^=spec-]') || "
                           "(document.querySelectorAll('.vega-embed').length === "
                           "document.querySelectorAll('script[id^=spec-]').length && window.chartsDrawing === 0)",
                           timeout=20000)


def test_the_report_fits_every_screen_and_its_chart_text_is_readable(browser, hostile_build):
    """One page turned from a desktop's width to a phone's: the charts are drawn again for each."""
    page = _load(browser, hostile_build().out_dir / "report.html", 1400)
    try:
        for width in (1400, 400, 360):
            page.set_viewport_size({"width": width, "height": 900})
            _settle(page)
            m = page.evaluate(MEASURE)
            assert m["charts"] > 5  # the interactive charts replaced the static ones
            assert m["scrollWidth"] <= m["width"] and not m["wide"], (width, m)
            assert not m["small"], (width, m["small"])
    finally:
        page.close()


@pytest.mark.parametrize("width", [360, 400])
def test_the_notice_fits_a_phone(browser, hostile_build, width):
    page = _load(browser, hostile_build().out_dir / "notice.html", width)
    try:
        m = page.evaluate(MEASURE)
    finally:
        page.close()
    assert m["scrollWidth"] <= m["width"] and not m["wide"], m


SNAPSHOT = """() => ({
  tiles: [...document.querySelectorAll('[data-tile]')].map(t => t.querySelector('[data-part=value]').textContent),
  charts: [...document.querySelectorAll('.chart-view')].map(v => v.textContent),
  n: [...document.querySelectorAll('figure.chart .source')].map(s => s.textContent),
  titles: [...document.querySelectorAll('figure.chart .chart-title')].map(s => s.textContent),
  wholeTables: document.querySelectorAll('.table-whole:not([hidden])').length,
  scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth})"""


def test_each_global_filter_changes_the_tiles_and_the_charts(browser, hostile_build):
    """At 400 px: every <select data-filter> recomputes some tiles, redraws some charts and their
    n, leaves no horizontal scroll, and "all" brings the whole quarter back."""
    page = browser.new_page(viewport={"width": 400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((hostile_build().out_dir / "report.html").as_uri())
        _settle(page)
        assert page.locator("form#filters").is_visible()
        whole = page.evaluate(SNAPSHOT)
        fields = page.eval_on_selector_all("select[data-filter]", "s => s.map(e => e.dataset.filter)")
        assert fields == ["store", "region", "channel", "segment", "product_line"]
        for field in fields:
            select = page.locator(f"select[data-filter={field}]")
            select.select_option(index=1)
            _settle(page)
            seen = page.evaluate(SNAPSHOT)
            assert seen["tiles"] != whole["tiles"], field
            assert seen["charts"] != whole["charts"] and seen["n"] != whole["n"], field
            assert seen["wholeTables"] > 0 and whole["wholeTables"] == 0  # a redrawn chart's table says it is the quarter's
            assert seen["scrollWidth"] <= seen["width"], (field, seen["scrollWidth"])
            if field in ("store", "channel"):  # their categories are counted: the title states the group's finding
                assert seen["titles"] != whole["titles"], field
            others = page.eval_on_selector_all("select[data-filter]", "s => s.map(e => e.value)")
            assert sum(bool(v) for v in others) == 1  # one field at a time
        page.locator(f"select[data-filter={fields[-1]}]").select_option("")
        _settle(page)
        assert page.evaluate(SNAPSHOT) == whole
        assert not errors, errors
    finally:
        page.close()
