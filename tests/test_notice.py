"""The public notice: redaction, no personal data in either file, exactly one page, accessible HTML."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import pdf_text
from reportgen.build import build
from reportgen.config import validate_config
from reportgen.errors import InputError
from reportgen.notice import build_notice
from reportgen.settings import settle
from reportgen.dataset import load_dataset
from reportgen.figures import ActionItem, compute_figures, prepare
from reportgen.periods import Quarter
from reportgen.redact import MASK, redact
from reportgen.render.notice_render import qr_svg, render_notice
from reportgen.render.templates import environment, render

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
            text = pdf_text(path)
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


def _short_actions(fig, n=6):
    """A short plan, which the notice shows whole at either size."""
    return dataclasses.replace(fig, actions=fig.actions[:n])


@pytest.fixture(scope="module")
def rendered(sample_figures):
    """The sample's notice at each size, with its own action list or a long one (rendered once)."""
    fig, prep, config = sample_figures
    done = {}

    def get(size: str, long_list: bool = False):
        if (size, long_list) not in done:
            done[size, long_list] = render_notice(_long_actions(fig) if long_list else _short_actions(fig), config,
                                                  size=size, issued=date(2026, 10, 15))
        return done[size, long_list]

    return get


@pytest.mark.parametrize("size, width_mm", [("A4", 210), ("A3", 297)])
@pytest.mark.parametrize("long_list", [False, True])
def test_notice_is_exactly_one_page(sample_figures, rendered, size, width_mm, long_list):
    fig, prep, config = sample_figures
    if long_list:
        fig = _long_actions(fig)
    result = rendered(size, long_list)
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width_mm / 25.4 * 72, abs=1)
    if long_list:
        shown = len(result.notice.actions)
        assert 0 < shown < 30 and result.notice.actions_note == f"另有 {30 - shown} 项整改措施，详见各门店服务台。"
    else:
        assert result.notice.actions_note is None and len(result.notice.actions) == len(_short_actions(fig).actions) > 0


def test_the_fit_agrees_with_the_search_it_replaced_in_fewer_layouts(sample_figures, monkeypatch):
    """The same layout, actions and categories as trying each level and bisecting (the reference),
    for a list that overflows by far, in at most five layouts where the search took nine. English,
    whose uneven rows make the first estimate one too low."""
    import reportgen.render.notice_render as fitting
    from reference import notice_search

    fig, prep, config = sample_figures
    fig, config = _long_actions(fig), config.model_copy(update={"locale": "en"})
    layouts = []
    for module in (fitting, notice_search):
        monkeypatch.setattr(module, "_document", lambda html, folder, count=layouts: count.append(1)
                            or fitting.weasy_document(html, template_dir=folder))
    new = render_notice(fig, config, size="A4", issued=date(2026, 10, 15))
    new_layouts = len(layouts)
    old = notice_search.render_notice_by_search(fig, config, size="A4", issued=date(2026, 10, 15))
    assert (new.notice.compact, len(new.notice.actions), new.notice.categories) == \
        (old.notice.compact, len(old.notice.actions), old.notice.categories)
    assert new.html == old.html
    assert new_layouts <= 5 < len(layouts) - new_layouts


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


# --- type sizes, read from the PDF -------------------------------------------------------------

# The rule, per paper (README, "The public notice"): headline numbers at least FIGURE pt, every
# other text at least BODY pt, except the footer's small print, which is at least SMALL pt.
MINIMUM = {"A4": {"figure": 36, "body": 14, "small": 11}, "A3": {"figure": 54, "body": 20, "small": 16}}


def _text_runs(pdf: bytes) -> list[tuple[str, float, float]]:
    """Every piece of text on the page with its size in points (font size × text and page
    matrices) and its baseline's height on the page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            # the matrix that takes text space to the page: tm × cm
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            pt = round(size * abs(a * d - b * c) ** 0.5, 2)  # PDF numbers carry 1e-4 of rounding
            runs.append((text.strip(), pt, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("size", ["A4", "A3"])
@pytest.mark.parametrize("long_list", [False, True])
def test_type_is_large_enough_for_a_notice_board(rendered, size, long_list):
    notice_pdf = rendered(size, long_list)
    notice, low = notice_pdf.notice, MINIMUM[size]
    runs = _text_runs(notice_pdf.pdf)
    figures = {h.value for h in (*notice.headlines, *notice.commitments)}
    issued = notice.ui["notice_issued"]
    footer_top = max(y for text, _, y in runs if text.startswith(issued))
    seen = set()
    for text, pt, y in runs:
        if text in figures:
            seen.add(text)
            assert pt >= low["figure"], (text, pt)
        elif y <= footer_top + 0.5:
            assert pt >= low["small"], (text, pt)
        else:
            assert pt >= low["body"], (text, pt)
    assert seen == figures  # every headline number was found and measured
    small = [text for text, pt, y in runs if pt < low["body"]]
    assert small and all(notice.footer.startswith(t) or t in f"{issued} {notice.issued} · {notice.footer}"
                         for t in small), small  # only the footer is small print
    assert len(runs) > 30


# --- what the notice says ----------------------------------------------------------------------

def _with_change(fig, name, **change):
    """`fig` with the quarter-on-quarter change of `name` replaced by one with `change`."""
    qoq = dict(fig.changes["qoq"])
    qoq[name] = dataclasses.replace(qoq[name], **change)
    return dataclasses.replace(fig, changes={**fig.changes, "qoq": qoq})


def _notice(fig, config, lang="zh-CN", **org):
    config = config.model_copy(update={"locale": lang, "organisation":
                                       config.organisation.model_copy(update=org)})
    return build_notice(fig, config, size="A4", issued=date(2026, 10, 15))


def test_a_change_is_up_or_down_only_when_significant(sample_figures):
    fig, prep, config = sample_figures
    qoq = fig.changes["qoq"]
    # the sample's last quarter: both figures moved, neither significantly
    assert qoq["csat_top2"].delta > 0 and qoq["nps"].delta > 0
    assert qoq["csat_top2"].significant is False and qoq["nps"].significant is False
    csat, nps = _notice(fig, config).satisfaction
    for line in (csat, nps):
        assert "与上季度基本持平" in line and "上升" not in line and "下降" not in line, line
    assert "about the same as last quarter" in _notice(fig, config, "en").satisfaction[0]

    up = _with_change(fig, "csat_top2", significant=True)
    assert f"较上季度上升 {abs(qoq['csat_top2'].delta) * 100:.1f} 个百分点" in _notice(up, config).satisfaction[0]
    down = _with_change(fig, "nps", delta=-6.25, significant=True)
    assert _notice(down, config).satisfaction[1].endswith("较上季度下降 6.2 个百分点。")  # half to even
    assert "down 6.2 percentage points on last quarter" in _notice(down, config, "en").satisfaction[1]
    untested = _with_change(fig, "csat_top2", p=None, significant=None)
    assert "基本持平" in _notice(untested, config).satisfaction[0]
    first = _with_change(fig, "nps", previous=None, delta=None, p=None, significant=None)
    assert "暂无上季度数据可比" in _notice(first, config).satisfaction[1]


def test_satisfaction_is_in_plain_words(sample_figures):
    fig, prep, config = sample_figures
    nps = fig.current.survey.nps
    csat, recommend = _notice(fig, config).satisfaction
    assert csat.startswith(f"{fig.current.survey.csat_top2.value * 100:.1f}% 的受访顾客表示满意")
    assert recommend.startswith(f"愿意向亲友推荐我们的顾客占 {100 * nps.promoters / nps.n:.1f}%，"
                                f"不愿推荐的占 {100 * nps.detractors / nps.n:.1f}%，两者相差 {nps.score:.1f} 个百分点")
    assert "净推荐值" not in csat + recommend and "NPS" not in csat + recommend


def _soup(rendered_notice):
    return BeautifulSoup(rendered_notice.html, "html.parser")


def _pdf_text(rendered_notice) -> str:
    return re.sub(r"\s+", "", PdfReader(io.BytesIO(rendered_notice.pdf)).pages[0].extract_text())


def test_each_channel_once_and_the_issue_date(sample_figures, rendered):
    fig, prep, config = sample_figures
    org = config.organisation
    assert any(org.hotline in c for c in org.complaint_channels)  # the sample lists the hotline twice
    result = rendered("A4")
    text = _soup(result).get_text(" ")
    assert text.count(org.hotline) == 1 and _pdf_text(result).count(org.hotline) == 1
    items = [li.get_text(strip=True) for li in _soup(result).select(".channels li")]
    assert items == [c for c in org.complaint_channels if org.hotline not in c]
    assert "发布日期 2026年10月15日" in text and "生成日期" not in text
    assert "发布日期2026年10月15日" in _pdf_text(result) and "生成日期" not in _pdf_text(result)

    twice = _notice(fig, config, hotline="400 820 5678",
                    complaint_channels=["热线 400-820-5678", "微信公众号", " 微信公众号", "官网 service.example.com/c",
                                        "短信 10694008205678"], complaint_url="https://service.example.com/c")
    assert twice.channels == ("微信公众号", "短信 10694008205678")  # another number that contains it stays


def test_qr_code_to_the_complaint_form_iff_configured(sample_figures, rendered, tmp_path):
    fig, prep, config = sample_figures
    url = config.organisation.complaint_url
    assert url and url.startswith("https://")
    result = rendered("A4")
    soup = _soup(result)
    qr = soup.select("figure.qr")
    assert len(qr) == 1 and qr[0].find("svg") is not None and qr[0].find("path") is not None
    assert url in qr[0]["aria-label"] and soup.select_one("a.url")["href"] == url
    page = PdfReader(io.BytesIO(result.pdf)).pages[0]
    assert not page["/Resources"].get("/XObject")  # drawn as vector paths, not an image
    # scanned from the printed page: the code leads to the configured address
    import zxingcpp
    from PIL import Image

    (tmp_path / "notice.pdf").write_bytes(result.pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(tmp_path / "notice.pdf"),
                    str(tmp_path / "page")], check=True)
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [(str(c.format), c.text) for c in found] == [("QR Code", url)]

    plain = config.model_copy(update={"organisation": config.organisation.model_copy(update={"complaint_url": None})})
    notice = build_notice(fig, plain, size="A4", issued=date(2026, 10, 15))
    html = render(environment(), "notice.html", notice=notice, medium="screen", qr=qr_svg(None))
    assert "<svg" not in html and 'class="online"' not in html and notice.complaint_url is None


@pytest.mark.parametrize("bad", ["ftp://example.com/complaints", "javascript:alert(1)", "example.com/complaints",
                                 "https://", "https://trusted.example@elsewhere.example/", "https://a b.example/"])
def test_the_complaint_address_must_be_a_web_page(bad):
    with pytest.raises(InputError) as err:
        validate_config({"organisation": {"complaint_url": bad}}, "reportgen.toml")
    assert err.value.problems[0].message.startswith("key organisation.complaint_url: must be a web address")
    assert validate_config({"organisation": {"complaint_url": "http://example.com:8080/a?b=1"}}, "x")


def test_a_bad_complaint_address_stops_the_build_naming_the_key(data_dir, run_cli, tmp_path):
    (data_dir / "reportgen.toml").write_text('[organisation]\ncomplaint_url = "ftp://example.com/x"\n',
                                             encoding="utf-8")
    code, out, err = run_cli("build", "--data", data_dir, "--out", tmp_path / "out", "--quiet")
    assert code == 2 and "key organisation.complaint_url: must be a web address" in err
    assert not list((tmp_path / "out").rglob("notice.*"))


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_the_english_edition_has_no_chinese_fixed_words(sample_figures):
    fig, prep, config = sample_figures
    statuses = ("已完成", "进行中", "未开始", " Done ", "in progress")
    actions = tuple(dataclasses.replace(a, action=f"Action {i}", status=statuses[i % len(statuses)])
                    for i, a in enumerate(fig.actions))
    fig = dataclasses.replace(fig, actions=actions)
    english = config.model_copy(update={"locale": "en", "organisation": config.organisation.model_copy(
        update={"complaint_channels": ["WeChat account", "Any store's service desk"]})})
    result = render_notice(fig, english, size="A4", issued=date(2026, 10, 15))
    text = _soup(result).get_text(" ")
    assert not CJK.findall(text), CJK.findall(text)
    assert not CJK.findall(_pdf_text(result))
    shown = [a.status for a in result.notice.actions]
    assert shown == ["Done", "In progress", "Not started", "Done", "In progress"][:len(shown)] and shown
    assert [a.done for a in result.notice.actions] == [s == "Done" for s in shown]
    zh = build_notice(fig, config, size="A4", issued=date(2026, 10, 15))
    assert len(zh.actions) >= 5
    assert [a.status for a in zh.actions] == ["已完成", "进行中", "未开始", "已完成", "进行中", "已完成", "进行中",
                                              "未开始"][:len(zh.actions)]


def test_an_unknown_status_is_printed_as_written_and_masked(sample_figures):
    fig, prep, config = sample_figures
    fig = dataclasses.replace(fig, actions=(dataclasses.replace(fig.actions[0], status="待验收 13812345678"),))
    notice = _notice(fig, config, "en")
    assert notice.actions[0].status == f"待验收 {MASK}" and not notice.actions[0].done
