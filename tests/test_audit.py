"""What auditors check: definitions from the registry, evidence links, tables for re-use, review sample."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from reportgen.build import build
from reportgen.config import Config
from reportgen.metrics.registry import METRICS

FIXTURE = Path(__file__).parent / "data" / "fixture"


@pytest.fixture(scope="module")
def built(hostile_build):
    """The fixture quarter with spreadsheet formulas as segment values."""
    result = hostile_build()
    soup = BeautifulSoup((result.out_dir / "report.html").read_text(encoding="utf-8"), "html.parser")
    return result, soup


def test_definitions_appendix_lists_every_registered_metric(built):
    _, soup = built
    terms = [dt.text for dt in soup.select("#appendix-definitions dt")]
    assert terms == [m.zh for m in METRICS]
    metrics = json.loads((built[0].out_dir / "metrics.json").read_text(encoding="utf-8"))
    assert "2025Q3" == metrics["period"]


def test_evidence_numbers_link_both_ways(built):
    _, soup = built
    cites = soup.select("a.evidence")
    assert len(cites) >= 20
    for a in cites:
        row = soup.find(id=a["href"][1:])
        assert row is not None and row.name == "tr", a
        assert row.find("a", href=f"#{a['id']}") is not None, f"no link back to {a['id']}"
    summary_ids = [a.text for a in soup.select("#summary a.evidence")]
    assert summary_ids[:4] == ["[E-01]", "[E-02]", "[E-03]", "[E-04]"]
    first = soup.find(id="E-01")
    cells = [td.text.strip() for td in first.find_all("td")]
    assert cells[1] == "服务质量综合指数" and "Σ" in cells[2]


def test_tables_for_reuse_match_and_are_neutralised(built):
    result, _ = built
    wb = load_workbook(result.out_dir / "tables.xlsx")
    csvs = sorted(p.stem for p in (result.out_dir / "tables").glob("*.csv"))
    assert sorted(wb.sheetnames) == csvs
    assert {"A-questionnaire-1", "C-definitions-1", "F-evidence-1", "G-provenance-1"} <= set(csvs)
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert "'=HYPERLINK(\"http://x\")" in values and "'@cmd" in values
    assert all(ws.cell(1, 1).data_type == "s" for ws in wb)
    cells = pd.read_csv(result.out_dir / "tables" / "B-sampling-1.csv", encoding="utf-8-sig", dtype=str).iloc[:, 0]
    assert "'=HYPERLINK(\"http://x\")" in set(cells) and not cells.str.startswith(("=", "+", "-", "@")).any()


def test_review_sample_is_seeded_and_drawn_from_valid_responses(built, tmp_path):
    result, _ = built
    sample = pd.read_csv(result.out_dir / "review_sample.csv", encoding="utf-8-sig", dtype=str)
    exclusions = pd.read_csv(result.out_dir / "exclusions.csv", encoding="utf-8-sig", dtype=str)
    assert len(sample) == 1  # 10 % of 13 valid responses, rounded
    from reportgen.engine.counts import EXCLUSION_RULES

    excluded = exclusions.loc[exclusions["rule"].isin(EXCLUSION_RULES), "id"]
    assert len(excluded) == 11 and not set(sample["response_id"]) & set(excluded)
    from reportgen.build import compute
    from reportgen.listings import review_sample

    run = compute(data_dir=FIXTURE, period="2025Q3")
    half = Config.model_validate({"sampling": {"review_share": 0.5, "review_seed": 7}})
    a = review_sample(run.prep, run.quarter, half)
    b = review_sample(run.prep, run.quarter, half)
    other = review_sample(run.prep, run.quarter, Config.model_validate({"sampling": {"review_share": 0.5,
                                                                                      "review_seed": 8}}))
    assert len(a) == 6 and a.equals(b) and not a.equals(other)


def test_provenance_appendix_prints_the_manifest(built):
    result, soup = built
    manifest = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))
    text = soup.find(id="appendix-provenance").get_text(" ")
    for entry in manifest["inputs"].values():
        assert entry["sha256"] in text
    assert manifest["versions"]["pandas"] in text


def test_population_shares_must_add_up(data_dir, run_cli):
    (data_dir / "reportgen.toml").write_text("[sampling.population.segment]\nhigh = 0.5\nlow = 0.2\n",
                                             encoding="utf-8")
    code, _, err = run_cli("validate", "--data", data_dir)
    assert code == 2 and "population shares of segment add up to 0.700, not 1" in err
