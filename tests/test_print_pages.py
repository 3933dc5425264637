"""The page grid of the printed report, read from the sample quarter's PDF as a reader sees it:
no page under half full but a chapter's last, at most two charts a page, nothing past the margins,
nothing under 8 pt, no oblique face."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from reportgen.build import build

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
MM = 72 / 25.4  # PDF points per millimetre
TOP, BOTTOM, SIDE = 20 * MM, 18 * MM, 16 * MM  # the page margins of _print.css


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def sample_pdf(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"sample-{request.param}")
    return build(data_dir=SAMPLE, out_dir=out, period="2026Q3", lang=request.param).out_dir / "report.pdf"


@pytest.fixture(scope="module")
def pages(sample_pdf):
    """Per page: its running head (the chapter), its words with their boxes, its size."""
    text = subprocess.run(["pdftotext", "-bbox", str(sample_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    found = []
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S):
        words = [(float(x0), float(y0), float(x1), float(y1), w) for x0, y0, x1, y1, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
        head = " ".join(w for _, y0, _, _, w in words if y0 < TOP - 2)
        found.append({"width": float(width), "height": float(height), "head": head, "words": words})
    return found


def _body(page):
    return [w for w in page["words"] if w[1] > TOP - 2 and w[3] < page["height"] - BOTTOM + 2]


def test_no_page_is_under_half_full_but_a_chapters_last(pages):
    short = []
    for i, page in enumerate(pages[2:], 3):  # after the cover and the contents
        last_of_chapter = i == len(pages) or pages[i]["head"] != page["head"]
        low = max((w[3] for w in _body(page)), default=TOP)
        filled = (low - TOP) / (page["height"] - TOP - BOTTOM)
        if filled < 0.5 and not last_of_chapter:
            short.append((i, page["head"], round(filled, 2)))
    assert not short


def test_the_summary_is_one_page(pages):
    heads = [p["head"] for p in pages]
    summary = [h for h in heads if h.endswith(("执行摘要", "Executive summary"))]
    assert len(summary) == 1, heads[:5]


def test_at_most_two_charts_a_page(pages):
    # every chart has a source line under it, and nothing else starts with these words
    per_page = [sum(w[4].startswith(("数据来源", "Source:")) for w in _body(p)) for p in pages]
    assert max(per_page) <= 2, per_page
    assert sum(per_page) >= 12  # the charts are there


def test_nothing_runs_past_the_margins(pages):
    outside = [(i, w[4]) for i, p in enumerate(pages, 1) for w in p["words"]
               if w[0] < SIDE - 1 or w[2] > p["width"] - SIDE + 1]
    assert not outside, outside[:10]


# A word's box in pdftotext is the font's ascent + descent: 1.448 em in Noto Sans CJK SC, 1.164 em
# in DejaVu Sans (the arrows and subscripts the CJK font lacks).
EM = {"noto": 1.448, "dejavu": 1.164}
DEJAVU = set("↩₁₂")


def test_nothing_is_printed_under_8_pt(pages):
    sizes = [((w[3] - w[1]) / EM["dejavu" if set(w[4]) <= DEJAVU else "noto"], i, w[4])
             for i, p in enumerate(pages, 1) for w in p["words"]]
    assert min(sizes)[0] >= 7.95, sorted(sizes)[:5]


def test_no_synthetic_oblique_face_is_embedded(sample_pdf):
    fonts = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    faces = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert faces and not [f for f in faces if re.search("oblique|italic", f, re.I)], faces
