"""The cleaning rules are defined once (reportgen/rules.py); everything that names them agrees."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from reportgen import rules
from reportgen.config import Config
from reportgen.questionnaire import Item, Questionnaire

ROOT = Path(__file__).parent.parent
CODES = (*rules.EXCLUSION_RULES, *rules.QUALITY_RULES, *rules.QUALITY_FLAGS)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_every_rule_has_a_label(lang):
    labels = yaml.safe_load((ROOT / "reportgen" / "locales" / f"{lang}.yaml").read_text("utf-8"))["values"]["rule"]
    assert set(labels) == set(CODES)


def test_the_method_documents_every_rule():
    text = (ROOT / "docs" / "methodology.md").read_text("utf-8")
    for i, code in enumerate(rules.EXCLUSION_RULES, 1):
        assert f"{i}. **{code}**" in text, code  # in the order they are applied
    for code, meaning in rules.QUALITY_RULES.items():
        assert f"- `{code}`: {meaning}." in text, code


def test_findings_take_their_code_from_the_rules():
    """No `Finding(...)` is made with a rule spelled out: a new rule is added to reportgen/rules.py."""
    spelled = []
    for path in (ROOT / "reportgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding" and len(node.args) > 3:
                if isinstance(node.args[3], ast.Constant):
                    spelled.append(f"{path.name}:{node.lineno}")
    assert not spelled


def test_the_engine_applies_the_rules_in_their_order(data_dir):
    from reportgen.dataset import load_dataset
    from reportgen.figures import prepare

    from reportgen.engine import sql

    config = Config()
    prep = prepare(load_dataset(data_dir, config), config, clean=False)
    script = sql.render("responses", prep.engine.base).sql
    order = re.findall(r"THEN '([a-z_]+)'", script)
    assert order == list(rules.EXCLUSION_RULES)


def _questionnaire(lo: int, hi: int) -> Questionnaire:
    items = tuple(Item(f"q{i}", "d", {"en": "x"}, False, (lo, hi)) for i in range(1, 7))
    return Questionnaire(items, {"d": {"en": "d"}}, {"en": "o"}, {"en": "n"}, (lo, hi))


def test_thresholds_quote_the_config_and_the_scale():
    config = Config.model_validate({"cleaning": {"min_duration_s": 45, "straight_line_max_s": 90,
                                                 "straight_line_min_items": 8}})
    text = {r.code: r.threshold(config, _questionnaire(0, 10)) for r in rules.EXCLUSIONS}
    assert text == {"duplicate": "—", "too_fast": "< 45 s", "contradiction": "overall 10 & nps ≤ 2; overall 0 & nps ≥ 9",
                    "straight_lining": "≥ 8 items, < 90 s", "incomplete": "< 3 items"}


def test_details_say_why():
    config = Config()
    row = {"_first_row": 7, "duration_seconds": 12.5, "overall": 5, "nps": 1, "_answered": 4, "_given_max": 3}
    assert rules.BY_CODE["duplicate"].detail(row, config, 12) == "response_id submitted earlier (row 7)"
    assert rules.BY_CODE["too_fast"].detail(row, config, 12) == "duration 12.5 s < 30 s"
    assert rules.BY_CODE["incomplete"].detail(row, config, 12) == "4 of 12 items answered (fewer than half)"
    assert rules.BY_CODE["too_fast"].detail({**row, "duration_seconds": None}, config, 12) == "duration missing s < 30 s"
