"""The public notice: redaction, no personal data in either file, exactly one page, accessible HTML."""

from __future__ import annotations

import dataclasses

import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from reportgen.build import build
from reportgen.settings import settle
from reportgen.dataset import load_dataset
from reportgen.figures import ActionItem, compute_figures, prepare
from reportgen.periods import Quarter
from reportgen.redact import MASK, redact
from reportgen.render.notice_render import render_notice

FIXTURE = Path(__file__).parent / "data" / "fixture"
SAMPLE = Path(__file__).parent.parent / "sample_data"


@pytest.mark.parametrize("text, expected", [
    ("请回电13812345678谢谢", f"请回电{MASK}谢谢"),
    ("手机 138-1234-5678", f"手机 {MASK}"),
    ("手机 139 1234 5678", f"手机 {MASK}"),
    ("+86 13912345678", MASK),
    ("座机021-62345678", f"座机{MASK}"),
    ("座机 021-6234 5678", f"座机 {MASK}"),
    ("(0755)83456789", MASK),
    ("身份证110101199003071234", f"身份证{MASK}"),
    ("身份证号 44030519851224531X", f"身份证号 {MASK}"),
    ("邮箱 zhang.san+vip@example.com.cn 联系", f"邮箱 {MASK} 联系"),
    ("订单号 DD2026070312345", f"订单号 DD{MASK}"),
    ("张先生和欧阳女士", f"{MASK}和{MASK}"),
])
def test_redaction_patterns(text, expected):
    assert redact(text) == expected


def test_redaction_of_configured_names_and_what_it_leaves():
    assert redact("王建国反映送货延误", ["王建国"]) == f"{MASK}反映送货延误"
    assert redact("王建国华反映", ["王建国", "王建国华"]) == f"{MASK}反映"  # longest name first
    for harmless in ("2026-07-03 送达", "价格 1,299 元", "服务热线 400-820-5678", "第3个工作日", "q12 得分 4.5"):
        assert redact(harmless) == harmless


PERSONAL = ["13812345678", "139-8765-4321", "021-62345678", "110101199003071234", "lisi@example.com",
            "DD2026070312345", "王建国", "赵女士"]


def _seed_personal_data(data: Path) -> None:
    """Put personal data into every column of every input that the notice could read."""
    pii = " ".join(PERSONAL)
    c = pd.read_csv(data / "complaints.csv", dtype=str)
    for i, col in enumerate(["store", "region", "department", "customer_id", "description", "severity"]):
        c[col] = f"{col} {pii}"
    c.loc[c.index[::3], "category"] = f"类别 {PERSONAL[0]} {PERSONAL[6]}"
    c.loc[c.index[1::3], "channel"] = f"渠道 {PERSONAL[3]} {PERSONAL[4]}"
    c["ticket_id"] = [f"T{PERSONAL[0]}-{i}" for i in range(len(c))]
    c.to_csv(data / "complaints.csv", index=False)
    s = pd.read_csv(data / "surveys.csv", dtype=str)
    for col in ("store", "channel", "segment", "product_line", "comment"):
        s[col] = f"{col} {pii}"
    s["response_id"] = [f"R{PERSONAL[3]}-{i}" if rid != "S-DUP" and rid != "S-TIE" else rid
                        for i, rid in enumerate(s["response_id"])]
    s.to_csv(data / "surveys.csv", index=False)
    pd.DataFrame({
        "action": [f"回访客户 {PERSONAL[6]} {PERSONAL[0]}", f"联系 {PERSONAL[4]} 处理订单 {PERSONAL[5]}"],
        "owner": [PERSONAL[6], PERSONAL[7]], "start": ["2025-07-01", "2025-08-01"],
        "due": ["2025-09-30", "2025-09-30"], "status": [f"已完成 {PERSONAL[1]}", "进行中"],
        "related_category": [f"{PERSONAL[2]}", "repair"],
    }).to_csv(data / "actions.csv", index=False)
    (data / "events.csv").write_text(f"date,type,points,description\n2025-08-01,bonus,2,表彰 {pii}\n",
                                     encoding="utf-8")
    (data / "reportgen.toml").write_text('min_cell = 1\nredact_names = ["王建国"]\n'
                                         '[organisation]\nhotline = "400-820-5678"\n', encoding="utf-8")


def _texts_of_every_output(folder: Path) -> dict[str, str]:
    """Every output file as text: PDFs extracted, workbooks unzipped, the rest decoded."""
    import zipfile

    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.suffix == ".pdf":
            text = "".join(p.extract_text() for p in PdfReader(path).pages)
            out[name + " (squeezed)"] = re.sub(r"\s+", "", text)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        else:
            text = path.read_text(encoding="utf-8-sig")
        out[name] = text
    return out


def test_no_personal_data_reaches_any_output(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    _seed_personal_data(data)
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3")
    texts = _texts_of_every_output(result.out_dir)
    assert {"report.html", "report.pdf", "notice.html", "notice.pdf", "tables.xlsx", "metrics.json",
            "manifest.json", "exclusions.csv", "review_sample.csv"} <= set(texts)
    for name, text in texts.items():
        for item in PERSONAL:
            assert item not in text and item.replace("-", "") not in text, (name, item)
    html = texts["notice.html"]
    assert MASK in html and MASK in texts["report.html"]  # the seeded texts were shown, masked
    assert "400-820-5678" in html  # the organisation's own hotline is published on purpose


@pytest.fixture(scope="module")
def sample_figures():
    config = settle(SAMPLE).config
    prep = prepare(load_dataset(SAMPLE, config), config)
    quarter = Quarter.from_index(prep.dataset.quarters()[-1])
    return compute_figures(prep, quarter, config), prep, config


def _long_actions(fig, n=30):
    text = "建立覆盖全部门店的送货安装预约确认、超时预警、客户回访与责任追究闭环管理机制并纳入季度考核"
    actions = tuple(ActionItem(f"第{i + 1}项：{text}", "物流部", "2026-07-01", "2026-09-30",
                               ("进行中", "已完成")[i % 2], "delivery_installation") for i in range(n))
    return dataclasses.replace(fig, actions=actions)


@pytest.mark.parametrize("size, width_mm", [("A4", 210), ("A3", 297)])
@pytest.mark.parametrize("long_list", [False, True])
def test_notice_is_exactly_one_page(sample_figures, size, width_mm, long_list):
    fig, prep, config = sample_figures
    if long_list:
        fig = _long_actions(fig)
    rendered = render_notice(fig, config, size=size, issued=date(2026, 10, 15))
    reader = PdfReader(__import__("io").BytesIO(rendered.pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width_mm / 25.4 * 72, abs=1)
    if long_list:
        shown = len(rendered.notice.actions)
        assert 0 < shown < 30 and rendered.notice.actions_note == f"另有 {30 - shown} 项整改措施，详见各门店服务台。"
    else:
        assert rendered.notice.actions_note is None and len(rendered.notice.actions) == len(fig.actions) > 0


def test_notice_content_and_accessibility(sample_figures):
    fig, prep, config = sample_figures
    rendered = render_notice(fig, config.model_copy(update={"locale": "en"}), size="A4", issued=date(2026, 10, 15))
    soup = BeautifulSoup(rendered.html, "html.parser")
    assert soup.html["lang"] == "en"
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    text = soup.get_text(" ")
    cf = fig.current.complaints
    for needle in ("Response within 30 minutes", "Closure within 7 days", f"{cf.total:,}", f"{cf.closed:,}",
                   "Customer satisfaction", "400-820-5678", "How to complain"):
        assert needle in text, needle
    assert not soup.find_all(src=True) and not soup.find_all("link") and not soup.find_all("script")
    for bar in soup.select(".bar-cell"):
        assert bar.get("aria-hidden") == "true" or bar.name == "th"


def test_notice_colours_are_black_and_white():
    """WCAG AA with room to spare: black text on white, white on black headings (21:1)."""
    css = (Path(__file__).parent.parent / "templates" / "_notice.css").read_text(encoding="utf-8")
    colours = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{3,6}\b", css)}
    assert colours <= {"#000", "#fff", "#000000", "#ffffff"}, colours


def test_small_groups_are_suppressed(sample_figures):
    fig, prep, config = sample_figures
    strict = config.model_copy(update={"min_cell": 5000})
    notice = render_notice(fig, strict, size="A4", issued=date(2026, 10, 15)).notice
    assert notice.categories == ()
    values = [h.value for h in (*notice.headlines, *notice.commitments)]
    assert values[2:] == ["样本不足"] * 3  # resolution and both commitments: fewer tickets than min_cell
    assert "样本不足" in notice.satisfaction[0]
