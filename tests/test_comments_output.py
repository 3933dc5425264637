"""Comment analytics in the outputs: comments.csv, metrics.json and the report, and no personal
data planted in comments and descriptions (tests/conftest.py PLANTED) reaching any output file."""

from __future__ import annotations

import json
import re
import zipfile

import pandas as pd

from conftest import PLANTED, pdf_text
from reportgen.listings import COMMENT_COLUMNS


def _squeezed(text: str) -> str:
    """Without spaces and separators, so a number split across a line or by a space still matches."""
    return re.sub(r"[\s\-‐‑–—]+", "", text)


def _outputs(out_dir) -> dict[str, str]:
    texts = {}
    for path in sorted(out_dir.rglob("*")):
        if path.suffix == ".pdf":
            texts[path.name] = pdf_text(path)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        elif path.is_file():
            texts[path.relative_to(out_dir).as_posix()] = path.read_text(encoding="utf-8-sig")
    return texts


def test_no_planted_personal_data_reaches_any_output(hostile_build):
    for lang in ("zh-CN", "en"):
        outputs = _outputs(hostile_build(lang).out_dir)
        assert {"comments.csv", "report.pdf", "report.html", "notice.pdf", "metrics.json"} <= set(outputs)
        leaks = [(name, secret) for name, text in outputs.items() for _, secret in PLANTED
                 if _squeezed(secret) in _squeezed(text)]
        assert not leaks, leaks


def test_comments_csv_lists_the_quarters_texts_masked(hostile_build):
    out = hostile_build().out_dir
    listed = pd.read_csv(out / "comments.csv", dtype=str, keep_default_na=False)
    assert tuple(listed.columns) == COMMENT_COLUMNS
    assert set(listed["source"]) == {"survey", "complaint"}
    assert set(listed["label"]) <= {"positive", "neutral", "negative"}
    assert listed["score"].astype(float).between(-1, 1).all()
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    texts = metrics["comments"]["texts"]
    assert len(listed[listed["source"] == "survey"]) == texts["survey"]["texts"]
    assert len(listed[listed["source"] == "complaint"]) == texts["complaint"]["texts"]
    signed = listed[listed["text"].str.contains("维修一拖再拖")]
    assert len(signed) and signed["text"].str.startswith("＊＊＊：").all()  # the signature masked, the colon kept
    assert "repair" in ";".join(signed["topics"])  # 维修 → repair, 一拖再拖 → waiting
    assert "waiting" in ";".join(signed["topics"])


def test_the_public_notice_shows_no_comment(hostile_build):
    notice = pdf_text(hostile_build().out_dir / "notice.pdf")
    for text, _ in PLANTED:
        assert _squeezed(text[4:12]) not in _squeezed(notice)


def test_the_report_has_the_comments_chapter(hostile_build):
    text = pdf_text(hostile_build().out_dir / "report.pdf")
    assert "顾客原声" in text and "代表性负面意见" in text
    en = pdf_text(hostile_build("en").out_dir / "report.pdf")
    assert "Customers' words" in en or "Customers’ words" in en
