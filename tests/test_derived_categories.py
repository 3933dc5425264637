"""Categories from descriptions (comments.derive_categories): the rule by hand on the fixture,
the engine against the Python reference (tests/reference/derived_categories.py) on the sample,
queries.sql replayed, the other engines' SQL, and what a missing column says."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlglot

from conftest import FIXTURE, duckdb_results, recorder
from reference.derived_categories import categories as reference_categories, derived_category
from reportgen.build import build
from reportgen.dataset import load_dataset
from reportgen.engine.counts import Engine
from reportgen.periods import Quarter
from reportgen.report import build_report
from reportgen.settings import settle
from reportgen.text.topics import default_topics, parse_topics

SAMPLE = Path(__file__).parent.parent / "sample_data"
SWITCH = "\n[comments]\nderive_categories = true\n"
Q3 = 2025 * 4 + 2

# Fixture tickets of 2025Q3 given a description, and a blank category where the second is None.
HAND = {
    "C02": ("安装师傅态度很差", None),              # 安装 and 服务态度: the earlier topic, 安装
    "C03": ("退款一直没到账", None),                # 退款与赔偿
    "C04": ("", None),                              # no description: 其他
    "C05": ("The COURIER left it outside", None),  # lower-cased: courier, 配送
    "C06": ("安装", "return_exchange"),              # a given category is kept
    "C07": ("好" * 992 + "安装", None),              # the keyword is characters 993–994: 其他
    "C08": ("配送慢，维修也慢", None),                # 配送 comes before 维修 in the dictionary
    "C09": ("好" * 991 + "安装", None),              # the keyword ends at character 993: 安装
}
# By hand: the five kept (C01 and C11 product_quality, C06 return_exchange, C10 repair,
# C12 service_attitude) and the seven derived.
HAND_CATEGORIES = {"product_quality": 2, "return_exchange": 1, "repair": 1, "service_attitude": 1,
                   "安装": 2, "配送": 2, "其他": 2, "退款与赔偿": 1}


def _folder(tmp_path: Path, source: Path = FIXTURE, switch: bool = True) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(source, folder)
    if switch:
        config = folder / "reportgen.toml"
        config.write_text((config.read_text("utf-8") if config.exists() else "") + SWITCH, "utf-8")
    return folder


def _edit(folder: Path, change) -> None:
    path = folder / "complaints.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    changed = change(frame)
    (frame if changed is None else changed).to_csv(path, index=False)


def _hand(frame: pd.DataFrame) -> None:
    for ticket, (description, category) in HAND.items():
        row = frame["ticket_id"] == ticket
        frame.loc[row, "description"] = description
        frame.loc[row, "category"] = category or ""


def _metrics(result) -> dict:
    return json.loads((result.out_dir / "metrics.json").read_text("utf-8"))


def test_the_reference_rule_by_hand():
    topics = default_topics()
    for ticket, (description, _) in HAND.items():
        expected = {"C02": "安装", "C03": "退款与赔偿", "C04": "其他", "C05": "配送", "C06": "安装", "C07": "其他",
                    "C08": "配送", "C09": "安装"}[ticket]
        assert derived_category(description, topics, "zh-CN") == expected, ticket
    assert derived_category(None, topics, "en") == "Other"
    assert derived_category("Courier never came", topics, "en") == "Delivery"


@pytest.mark.metric("complaints.categories_derived")
def test_blank_categories_take_the_first_topic_of_their_description(tmp_path):
    folder = _folder(tmp_path)
    _edit(folder, _hand)
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    c = _metrics(result)["complaints"]
    assert c["total"] == 12
    assert c["categories_derived"] == {"tickets": 7, "no_topic": 2}
    assert c["by_category"] == HAND_CATEGORIES
    # the report says so, in the complaints chapter and the cleaning appendix
    note = "12 件工单中有 7 件无投诉类别，按描述所含关键词归入主题词典中排序最前的主题；其中 2 件不含任何主题关键词，计作“其他”。"
    report = build_report(result.figures, settle(folder).config, logo=None, issued=date(2025, 10, 15))
    sections = [s for top in report.sections for s in (top, *top.children)]
    assert [s.id for s in sections if note in s.paragraphs] == ["complaints", "appendix-cleaning"]
    manifest = json.loads((result.out_dir / "manifest.json").read_text("utf-8"))
    assert manifest["dictionaries"] == {}  # the default dictionary: no file


def test_without_the_switch_nothing_is_derived(fixture_figures):
    assert fixture_figures.current.complaints.categories_derived is None
    report = build_report(fixture_figures, settle(FIXTURE).config, logo=None, issued=date(2025, 10, 15))
    assert not any("无投诉类别" in p for top in report.sections for s in (top, *top.children) for p in s.paragraphs)


def test_a_custom_dictionary_in_english_with_a_quote_in_a_keyword(tmp_path):
    folder = _folder(tmp_path)
    (folder / "topics.yaml").write_text(
        "topics:\n"
        "  late:\n    zh: 迟到\n    en: Late\n    keywords: [\"didn't\", 迟迟]\n"
        "  noise:\n    zh: 噪音\n    en: It's loud\n    keywords: [NOISE, 噪音]\n", "utf-8")
    config = folder / "reportgen.toml"
    config.write_text('locale = "en"\n' + config.read_text("utf-8").replace(
        "derive_categories = true", 'derive_categories = true\ntopics = "topics.yaml"'), "utf-8")

    def change(frame):
        frame["category"] = ""
        frame["description"] = "nothing here"
        for ticket, text in (("C02", "He DIDN'T come"), ("C03", "a noisy fridge"), ("C04", "Noise, and it didn't stop")):
            frame.loc[frame["ticket_id"] == ticket, "description"] = text
    _edit(folder, change)
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    c = _metrics(result)["complaints"]
    assert c["by_category"] == {"Other": 10, "Late": 2}  # "noisy" does not contain "noise"
    assert c["categories_derived"] == {"tickets": 12, "no_topic": 10}
    manifest = json.loads((result.out_dir / "manifest.json").read_text("utf-8"))
    assert list(manifest["dictionaries"]) == ["comments.topics"]


@pytest.mark.parametrize("blank", ["column", "every_other_cell"])
def test_the_engine_agrees_with_the_reference_on_the_sample(tmp_path, blank):
    folder = _folder(tmp_path, SAMPLE)

    def change(frame):
        if blank == "column":
            del frame["category"]
        else:
            frame.loc[frame.index % 2 == 0, "category"] = ""
    _edit(folder, change)
    result = build(data_dir=folder, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    config = settle(folder).config
    tickets = load_dataset(folder, config).complaints
    counts, derived, none = reference_categories(tickets[tickets["_quarter"] == Q3], default_topics(), "zh-CN")
    c = _metrics(result)["complaints"]
    assert c["by_category"] == dict(counts)
    assert c["categories_derived"] == {"tickets": derived, "no_topic": none}
    assert derived == (1500 if blank == "column" else 750) and 0 < none < derived / 10

    # queries.sql, re-run by DuckDB's command line from the file's text, derives the same
    script = (result.out_dir / "queries.sql").read_text("utf-8") + (
        f"\nSELECT category, COUNT(*) AS n FROM tickets WHERE _quarter = {Q3} GROUP BY category;\n"
        f"SELECT categories_derived, categories_none FROM complaint_groups WHERE _quarter = {Q3} AND _by = 'all';\n")
    results = duckdb_results(script, tmp_path)
    assert {r["category"]: r["n"] for r in results[-2]} == dict(counts)
    assert [{k: int(v) for k, v in r.items()} for r in results[-1]] == [{"categories_derived": derived, "categories_none": none}]


@pytest.mark.parametrize("dialect, function, quoted", [
    ("postgres", "POSITION(", "'it''s'"), ("spark", "LOCATE(", "'it\\'s'"), ("trino", "STRPOS(", "'it''s'"),
    ("clickhouse", "positionUTF8(", "'it''s'")])
def test_other_engines_derive_by_characters(dialect, function, quoted):
    config = settle(SAMPLE).config

    topics = parse_topics("topics:\n  a:\n    zh: 甲\n    en: A\n    keywords: [\"it's\", 送货]\n", "t.yaml")
    engine = Engine(recorder(dialect), config, load_dataset(SAMPLE, config).questionnaire, topics)
    engine.counts(Quarter(2025, 3))
    tickets = next(s.sql for s in engine.statements if s.name == "tickets")
    assert function in tickets and quoted in tickets and "'甲'" in tickets and "'其他'" in tickets
    if dialect == "clickhouse":  # its lower, left and position count bytes
        assert "lowerUTF8(leftUTF8(description, 993))" in tickets
    assert sqlglot.parse_one(tickets, read=dialect).sql(dialect=dialect, pretty=True) == tickets


def test_the_description_column_is_required_when_there_is_no_category(tmp_path, run_cli):
    folder = _folder(tmp_path)
    _edit(folder, lambda frame: frame.drop(columns=["category", "description"]))
    code, _, err = run_cli("build", "--data", folder, "--out", tmp_path / "out", "--period", "2025Q3")
    assert code == 2
    assert ("complaints.csv, column description: required column is missing (comments.derive_categories takes "
            "the category from it, and there is no category column)") in err
    assert "Traceback" not in err


def test_without_the_switch_a_missing_category_says_how_to_derive_it(tmp_path, run_cli):
    folder = _folder(tmp_path, switch=False)
    _edit(folder, lambda frame: frame.drop(columns=["category"]))
    code, _, err = run_cli("build", "--data", folder, "--out", tmp_path / "out", "--period", "2025Q3")
    assert code == 2
    assert ("complaints.csv, column category: required column is missing (or set comments.derive_categories = "
            "true to take it from the description)") in err
