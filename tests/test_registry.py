"""The metric registry is the single list of figures: every one is tested and is in the output."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.config import Config
from reportgen.metrics.registry import BY_KEY, DETAIL_OF, METRICS, NOT_FIGURES, describe, placeholders

TESTS = Path(__file__).parent
MARKER = re.compile(r"""@pytest\.mark\.metric\(\s*["']([^"']+)["']""")


def _marked_keys() -> set[str]:
    keys = set()
    for path in TESTS.glob("test_*.py"):
        keys.update(MARKER.findall(path.read_text(encoding="utf-8")))
    return keys


def _collected_marks(session) -> dict[str, list[str]]:
    """metric key -> the collected tests that carry its marker (what pytest runs, not text)."""
    items = session.items
    whole = not session.config.option.keyword and all(Path(a).resolve() == TESTS for a in session.config.args)
    if not whole:  # a partial run: collect the whole suite
        import subprocess
        import sys

        code = ("import sys, pytest\n"
                "class P:\n"
                "    def pytest_collection_finish(self, session):\n"
                "        for i in session.items:\n"
                "            for m in i.iter_markers('metric'):\n"
                "                print('MARK', m.args[0], i.nodeid)\n"
                "sys.exit(pytest.main(['--collect-only', '-q', '-p', 'no:cacheprovider', sys.argv[1]], plugins=[P()]))")
        out = subprocess.run([sys.executable, "-c", code, str(TESTS)], capture_output=True, text=True, check=True).stdout
        pairs = [line.split()[1:3] for line in out.splitlines() if line.startswith("MARK ")]
    else:
        pairs = [(m.args[0], i.nodeid) for i in items for m in i.iter_markers("metric")]
    marks: dict[str, list[str]] = {}
    for key, test in pairs:
        marks.setdefault(key, []).append(test)
    return marks


def test_every_metric_has_a_hand_computed_test(request):
    """Every registered figure is the subject of a collected test (a marker in a comment or a
    skipped module would not count)."""
    marks = _collected_marks(request.session)
    missing = sorted(set(BY_KEY) - set(marks))
    assert not missing, f"metrics without a @pytest.mark.metric test: {missing}"
    assert set(marks) == _marked_keys()  # every marker in the files is on a collected test


def test_markers_name_registered_metrics():
    # Marker keys are registry keys or finer parts of one (survey.reliability.msa is part of kmo).
    unknown = sorted(k for k in _marked_keys() if not any(k == m or k.startswith(m.rsplit(".", 1)[0] + ".")
                                                         for m in BY_KEY))
    assert not unknown, unknown


def _get(doc: dict, key: str):
    node = doc
    for part in key.split("."):
        assert isinstance(node, dict) and part in node, f"{key} missing from metrics.json"
        node = node[part]
    return node


@pytest.fixture(scope="module")
def metrics(tmp_path_factory) -> dict:
    fixture = TESTS / "data" / "fixture"
    out = tmp_path_factory.mktemp("out")
    result = build(data_dir=fixture, out_dir=out, period="2025Q3", documents=False)
    return json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))


def test_every_registered_metric_is_in_metrics_json(metrics):
    for m in METRICS:
        _get(metrics, m.key)


def test_every_metrics_json_figure_is_registered(metrics):
    """No figure reaches metrics.json without a definition (and so an appendix entry)."""
    unregistered = []
    for top, value in metrics.items():
        if top in NOT_FIGURES or top in BY_KEY:
            continue
        assert isinstance(value, dict), top
        for key in value:
            full = f"{top}.{key}"
            if full in BY_KEY or full in DETAIL_OF or any(m.startswith(full + ".") for m in BY_KEY):
                continue
            if any(full.startswith(m + ".") for m in BY_KEY):
                continue
            unregistered.append(full)
    assert not unregistered, f"metrics.json keys without a registry entry: {unregistered}"


def test_definitions_quote_the_configured_values():
    config = Config.model_validate({"sla": {"preset": "30m-12h-24h"}, "min_cell": 50,
                                    "index": {"weights": {"response": 40}}})
    text = {m.key: describe(m, config) for m in METRICS}
    assert "within 24 hours" in text["complaints.closure_sla_rate"]["definition"]  # the limit in words, not 24h
    assert "Required share 100%" in text["complaints.response_sla_rate"]["definition"]
    assert "fewer than 50 tickets" in text["complaints.breakdowns"]["definition"]
    assert "response 40," in text["service_quality_index.score"]["definition"]
    assert all("{" not in (d["definition"] or "") for d in text.values())


# Chinese definitions (definitions appendix of the zh-CN report)

def _fields(text: str | None) -> set[str]:
    """The {placeholders} of a str.format text ({{ and }} are literal braces, not fields)."""
    return {name for _, name, _, _ in string.Formatter().parse(text or "") if name is not None}


@pytest.mark.parametrize("m", METRICS, ids=lambda m: m.key)
def test_every_metric_has_a_chinese_definition(m):
    assert m.definition_zh.strip(), m.key
    assert re.search(r"[\u4e00-\u9fff]", m.definition_zh), f"{m.key}: definition_zh has no Chinese"
    # A numerator or denominator in English has its Chinese counterpart, and only then.
    assert (m.numerator_zh is None) == (m.numerator is None), m.key
    assert (m.denominator_zh is None) == (m.denominator is None), m.key


@pytest.mark.parametrize("m", METRICS, ids=lambda m: m.key)
def test_chinese_texts_use_the_english_placeholders(m):
    for field in ("definition", "numerator", "denominator"):
        en, zh = getattr(m, field), getattr(m, f"{field}_zh")
        assert _fields(zh) == _fields(en), f"{m.key}.{field}: {_fields(zh)} != {_fields(en)}"


def test_describe_in_chinese_fills_every_placeholder():
    config = Config()
    for m in METRICS:
        d = describe(m, config, "zh-CN")
        assert set(d) == {"key", "zh", "en", "unit", "definition", "numerator", "denominator"}
        assert d["definition"] == m.definition_zh.format(**placeholders(config, lang="zh-CN"))
        for field in ("definition", "numerator", "denominator"):
            # The only literal braces are the set {4, 5} of the CSAT numerator.
            left = (d[field] or "").replace("{4, 5}", "")
            assert "{" not in left and "}" not in left, (m.key, field, d[field])


def test_describe_defaults_to_english():
    m = BY_KEY["complaints.closure_sla_rate"]
    assert describe(m, Config()) == describe(m, Config(), "en")
    assert describe(m, Config())["definition"].startswith("Share of all tickets")


def test_chinese_definitions_quote_the_configured_values():
    config = Config.model_validate({"sla": {"preset": "30m-12h-24h"}, "min_cell": 50,
                                    "index": {"weights": {"response": 40}}})
    text = {m.key: describe(m, config, "zh-CN") for m in METRICS}
    closure = text["complaints.closure_sla_rate"]
    assert closure["definition"].startswith("受理后 24 小时内结案")  # Chinese units, not 24h
    assert closure["numerator"] == "closed_at − received_at ≤ 24 小时的投诉工单"
    assert "要求达标率 100%" in text["complaints.response_sla_rate"]["definition"]
    assert "少于 50 件" in text["complaints.breakdowns"]["definition"]
    assert "响应及时率 40，" in text["service_quality_index.score"]["definition"]
    assert text["survey.csat_top2"]["numerator"] == "overall ∈ {4, 5} 的有效问卷"


def test_chinese_definitions_keep_the_formulas():
    zh = {m.key: m.definition_zh for m in METRICS}
    assert "100 × (d ± 1.96 × √((pP' + pD' − d²)/n'))" in zh["survey.nps_ci95"]
    assert "χ² = −(n − 1 − (2p + 5)/6) × ln|R|" in zh["survey.reliability.bartlett_chi2"]
    assert "z = Δ / √(var₁/n₁ + var₂/n₂)" in zh["comparisons.qoq"]
    assert "var = pP + pD − (pP − pD)²" in zh["comparisons.qoq"]


def test_chinese_falls_back_to_english_when_untranslated():
    import dataclasses

    m = dataclasses.replace(BY_KEY["complaints.resolution_rate"], definition_zh="", numerator_zh=None,
                            denominator_zh=None)
    assert describe(m, Config(), "zh-CN") == describe(m, Config(), "en")


def test_every_figure_names_the_queries_it_is_computed_from():
    from importlib import resources

    from reportgen.metrics.registry import METRICS, queries_of

    files = {p.name.removesuffix(".sql") for p in resources.files("reportgen.engine").joinpath("queries").iterdir()}
    for m in METRICS:
        names = queries_of(m.key)
        assert names and set(names) <= files, m.key
    assert queries_of("survey.reliability.kmo") == ("item_moments",)
    assert queries_of("complaints.p90_closure_hours") == ("complaint_durations",)
    assert queries_of("complaints.closure_sla_rate") == ("complaint_groups",)


def test_every_metric_is_found_in_the_figures_as_metrics_json_writes_it(tmp_path):
    """The registry says where each figure is in `Figures`; metrics.json holds the same value."""
    from reportgen.metrics.values import RESHAPED, VALUES
    from reportgen.metrics_json import _clean

    assert set(VALUES) == set(BY_KEY)
    fixture = TESTS / "data" / "fixture"
    result = build(data_dir=fixture, out_dir=tmp_path, period="2025Q3", documents=False)
    doc = json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))
    for key, read in VALUES.items():
        value = json.loads(json.dumps(_clean(read(result.figures))))
        if key in RESHAPED:
            assert value and _get(doc, key), key  # present in both, in different shapes
        else:
            assert value == _get(doc, key), key


@pytest.mark.parametrize("folder, period", [(TESTS / "data" / "fixture", "2025Q3"), (TESTS / "data" / "fixture", "2025Q2"),
                                            (TESTS.parent / "sample_data", "2026Q2")])
def test_metrics_json_from_the_registry_equals_the_hand_mapped_one(folder, period):
    """The registry-driven writer gives, byte for byte, what the writer mapping each field by hand gave."""
    from reference import metrics_json_by_hand as by_hand

    from reportgen.build import compute
    from reportgen.metrics_json import dumps, metrics_dict

    run = compute(data_dir=folder, period=period)
    assert dumps(metrics_dict(run.figures, run.config)) == by_hand.dumps(by_hand.metrics_dict(run.figures, run.config))
