"""Print-table column widths: the fixed layout must reproduce what WeasyPrint's automatic one did."""

from __future__ import annotations

import pytest

from reportgen.report.model import Cite, Table
from reportgen.render import columns
from reportgen.render.columns import FONT_PX, PADDING_PX, Run, distribute, table_widths

CJK_TABLE = Table(
    columns=("分层（客户分层 | 产品线）", "有效问卷", "结论"),
    rows=(("高价值客户 | 家电", "1,234", "first_contact_resolution 不为空的投诉工单"),
          ("一般客户 | 生鲜", "56", "p < 0.001: 显著，题项间相关足以构成量表"),
          ("中价值客户 | 服装", "789", "受理后 30m 内完成首次响应的投诉工单占全部投诉工单的比例（0–10 分）")),
    numeric=(False, True, False), cites=(Cite("E-01", "ref-E-01"), None, None))


def _pieces(text: str, **style) -> tuple[float, float]:
    return columns._pieces([Run(text, **style)])


def test_ideographs_break_anywhere_but_not_before_closing_punctuation():
    lo, hi = _pieces("服务质量")
    assert lo == pytest.approx(FONT_PX) and hi == pytest.approx(4 * FONT_PX)
    assert _pieces("满意（前两档）")[0] == pytest.approx(2 * FONT_PX)  # （前 and 档） stay together
    assert _pieces("（CSAT，")[0] == pytest.approx(_pieces("（CSAT，", nowrap=True)[0])


def test_latin_words_break_at_spaces_dashes_and_hyphens_not_in_numbers():
    assert _pieces("first_contact_resolution 不为空")[0] == pytest.approx(_pieces("first_contact_resolution")[1])
    assert _pieces("77.1%–82.2%")[0] == pytest.approx(_pieces("77.1%–")[1])
    assert _pieces("python-calamine")[0] == pytest.approx(_pieces("calamine")[1])
    assert _pieces("SHA-256")[0] == pytest.approx(_pieces("SHA-256")[1])


def test_nowrap_text_is_one_piece():
    lo, hi = _pieces("2026 年第 3 季度", nowrap=True)
    assert lo == hi == pytest.approx(_pieces("2026 年第 3 季度")[1])


def test_distribution_follows_the_automatic_layout():
    narrow = [[[Run("ab")], [Run("abcd")]]]
    widths = [float(w[:-1]) for w in distribute(narrow, width=600)]
    assert sum(widths) == pytest.approx(100, abs=0.001)
    # both fit: the spare width goes in proportion to the max-content widths
    lo_a, hi_a = columns._pieces([Run("ab")])
    lo_b, hi_b = columns._pieces([Run("abcd")])
    assert widths[0] / widths[1] == pytest.approx((hi_a + PADDING_PX) / (hi_b + PADDING_PX), rel=1e-3)
    # too wide: a nowrap column keeps its width, the wrapping one takes what is left
    tight = [[[Run("1,234,567", nowrap=True)], [Run("很长的说明文字" * 20)]]]
    first, second = distribute(tight, width=300)
    assert float(first[:-1]) / 100 * 300 == pytest.approx(_pieces("1,234,567", nowrap=True)[0] + PADDING_PX, abs=0.001)
    # longest words wider than the line: px, so the table overflows as it did
    assert all(w.endswith("px") for w in distribute([[[Run("x" * 80)], [Run("y" * 80)]]], width=300))


def test_table_widths_cover_every_column_and_sum_to_the_line():
    widths = table_widths(CJK_TABLE)
    assert len(widths) == 3 and all(w.endswith("%") for w in widths)
    assert sum(float(w[:-1]) for w in widths) == pytest.approx(100, abs=0.001)
    empty = Table(columns=("指标", "数值"), rows=(), numeric=(False, True))
    assert len(table_widths(empty)) == 2


def test_widths_match_weasyprints_automatic_layout():
    """Lay the table out with the automatic layout and compare its columns with ours."""
    weasyprint = pytest.importorskip("weasyprint")
    from reportgen.render.templates import environment

    env = environment()
    template = env.from_string('{% include "_table.html" %}')
    html = template.render(block=CJK_TABLE, medium="screen", report={"ui": {"no_data": "—"}})
    css = env.get_template("_style.css").render() + env.get_template("_print.css").render()
    doc = weasyprint.HTML(string=f'<html lang="zh-CN"><style>{css}</style><body>{html}</body></html>').render()

    def tables(box):
        if hasattr(box, "column_widths") and getattr(box, "column_widths", None):
            yield box
        for child in getattr(box, "children", ()):
            yield from tables(child)

    found = list(tables(getattr(doc.pages[0], "_page_box", None)))
    if not found:
        pytest.skip("WeasyPrint no longer exposes column widths")
    measured = found[0].column_widths
    ours = [float(w[:-1]) / 100 * sum(measured) for w in table_widths(CJK_TABLE)]
    assert ours == pytest.approx(measured, abs=0.5)


def test_a_code_breaks_between_any_two_characters():
    digest = "8914ecc716289a297241347cf9181d4de965f162c2233dc3ce0162fd937e5564"
    whole, _ = columns._pieces([columns.Run(digest)])
    broken, total = columns._pieces([columns.Run(digest, anywhere=True)])
    assert whole == total  # one unbreakable word: its min-content is the whole line
    assert broken == max(columns._width(ch, False) * columns.FONT_PX for ch in digest)  # one character
