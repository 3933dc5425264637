"""The metric registry is the single list of figures: every one is tested and is in the output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.config import Config
from reportgen.metrics.registry import BY_KEY, DETAIL_OF, METRICS, NOT_FIGURES, describe

TESTS = Path(__file__).parent
MARKER = re.compile(r"""@pytest\.mark\.metric\(\s*["']([^"']+)["']""")


def _marked_keys() -> set[str]:
    keys = set()
    for path in TESTS.glob("test_*.py"):
        keys.update(MARKER.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_metric_has_a_hand_computed_test():
    missing = sorted(set(BY_KEY) - _marked_keys())
    assert not missing, f"metrics without a @pytest.mark.metric test: {missing}"


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
    result = build(data_dir=fixture, out_dir=out, period="2025Q3")
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
    assert "within 24h" in text["complaints.closure_sla_rate"]["definition"]
    assert "Required share 100%" in text["complaints.response_sla_rate"]["definition"]
    assert "fewer than 50 tickets" in text["complaints.breakdowns"]["definition"]
    assert "response 40," in text["service_quality_index.score"]["definition"]
    assert all("{" not in (d["definition"] or "") for d in text.values())
