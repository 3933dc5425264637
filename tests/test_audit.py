"""What auditors check: definitions from the registry, evidence links, tables for re-use, review sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from reportgen.build import build
from reportgen.config import Config
from reportgen.metrics.registry import METRICS

FIXTURE = Path(__file__).parent / "data" / "fixture"
ROOT = Path(__file__).parent.parent


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
    from reportgen.rules import EXCLUSION_RULES

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


# --- the audit chain: every evidence number points where it says, every rule by its code ----------

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def edition(request, hostile_build):
    result = hostile_build(request.param)
    soup = BeautifulSoup((result.out_dir / "report.html").read_text(encoding="utf-8"), "html.parser")
    metrics = json.loads((result.out_dir / "metrics.json").read_text(encoding="utf-8"))
    return request.param, result, soup, metrics


def _evidence(soup, evidence_id: str) -> dict:
    cells = [td.get_text(" ", strip=True) for td in soup.find(id=evidence_id).find_all("td")]
    return dict(zip(("id", "figure", "definition", "population", "n", "value", "interval"), cells))


def _place(a):
    """What the reader sees where an evidence number stands: its key-figure tile, its table row
    or its sentence (the summary's significant changes)."""
    return a.find_parent(class_="kpi") or a.find_parent("tr") or a.find_parent("li")


def _label(place) -> str:
    """The place's own name: the tile's label or the row's first cell, without evidence marks."""
    first = place.find(class_="kpi-label") or place.find("td") or place
    return re.sub(r"\s*\[E-\d+\]", "", first.get_text(" ", strip=True)).strip()


def test_every_evidence_reference_shows_its_rows_figure_and_value(edition):
    lang, _, soup, _ = edition
    refs = soup.select("a.evidence")
    ids = [a["id"] for a in refs]
    assert len(ids) == len(set(ids)) and len(refs) > 40  # the changes, the cleaning steps and reliability cite too
    for a in refs:
        row, place = _evidence(soup, a["href"][1:]), _place(a)
        shown = (place.find(class_="kpi-value") or place).get_text(" ", strip=True)  # a tile: its value
        # the evidence row's value, number by number, is what the place shows (+29.3 shows 29.3)
        numbers = NUMBER.findall(row["value"]) or [row["value"]]  # — where the figure cannot be computed
        assert all(x in shown for x in numbers), (a["id"], row["value"], shown)
        label = _label(place)
        figure = re.split(r"：|: ", row["figure"])[-1]  # a change's sentence names the figure that changed
        named = (row["figure"] in place.get_text(" ", strip=True)  # the summary's tiles too
                 or (place.name == "li" and figure in place.get_text(" ", strip=True))
                 or label in row["figure"] or label in row["population"])
        assert named, (a["id"], row["figure"], label)


def test_the_index_population_points_to_the_table_that_adds_it_up(edition):
    lang, result, soup, metrics = edition
    row = _evidence(soup, "E-01")
    idx = metrics["service_quality_index"]
    caption = next(c for c in soup.select("#comparison caption") if c.get_text(strip=True) in row["population"])
    tbody = caption.find_parent("table").find("tbody")
    assert tbody.find("a", href="#E-01") is not None
    cells = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in tbody.find_all("tr")]
    number = lambda text: float(text.replace(",", "").replace("−", "-").replace("+", ""))  # noqa: E731
    base = next(r for r in cells if r[0].startswith(("基础得分", "Base score")))
    events = [r for r in cells if r[0].startswith(("加减分事项", "Index events"))]
    total = cells[-1]
    assert number(base[-1]) == pytest.approx(idx["base_score"], abs=0.05)
    assert number(total[-1]) == pytest.approx(idx["score"], abs=0.05)
    assert not idx["veto"]  # base + the bonus counted = total
    counted = sum(number(r[-1]) for r in events) if idx["bonus_applied"] == idx["bonus_points"] else \
        number(cells[-2][-1])
    assert number(base[-1]) + counted == pytest.approx(number(total[-1]), abs=0.051)


def test_every_rule_in_exclusions_csv_is_named_with_its_code(edition):
    lang, result, soup, _ = edition
    labels = yaml.safe_load((ROOT / "reportgen" / "locales" / f"{lang}.yaml").read_text("utf-8"))["values"]["rule"]
    coded = (lambda code: f"{labels[code]}（{code}）") if lang == "zh-CN" else (lambda code: f"{labels[code]} ({code})")
    codes = set(pd.read_csv(result.out_dir / "exclusions.csv", encoding="utf-8-sig", dtype=str)["rule"])
    assert {"too_fast", "out_of_range"} <= codes  # the fixture meets exclusion and data-quality rules
    appendix = soup.find(id="appendix-cleaning").get_text(" ", strip=True)
    csvs = " ".join(p.read_text(encoding="utf-8-sig") for p in (result.out_dir / "tables").glob("D-*.csv"))
    for code in codes:
        assert coded(code) in appendix, code
        assert coded(code) in csvs, code


def test_the_cleaning_waterfall_lists_every_rule(edition):
    lang, _, soup, metrics = edition
    from reportgen.rules import EXCLUSIONS

    sf = metrics["survey"]
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in soup.select("#fig-cleaning table tbody tr")]
    codes = [re.search(r"[（(](\w+)[）)]$", re.sub(r"\s*\[E-\d+\]", "", r[0]))[1] for r in rows[1:-1]]
    assert codes == [r.code for r in EXCLUSIONS]  # every rule, in order, even one that removed nothing
    integer = lambda text: int(text.replace(",", ""))  # noqa: E731
    remaining = sf["responses_total"]
    assert integer(rows[0][-1]) == remaining
    for (code, row) in zip(codes, rows[1:-1]):
        remaining -= sf["excluded"][code]
        assert (integer(row[2]), integer(row[3])) == (sf["excluded"][code], remaining), code
    assert integer(rows[-1][-1]) == remaining == sf["responses_valid"]
    spec = next(json.loads(s.string) for s in soup.select('script[type="application/json"]')
                if "stage" in (s.string or ""))
    stages = json.dumps(spec, ensure_ascii=False)
    assert all(code in stages for code in codes)


def test_medians_and_percentiles_carry_their_n(edition):
    _, _, soup, metrics = edition
    n = metrics["complaints"]["durations_n"]
    times = {"response": ("响应时长", "response time"), "solution": ("方案时长", "solution time"),
             "closure": ("结案时长", "closure time")}
    rows = [r for r in soup.select("#appendix-evidence tbody tr")
            if any(w in r.find_all("td")[1].get_text() for w in ("中位数", "P90", "Median", "percentile"))]
    assert len(rows) == 6
    for r in rows:
        cells = [td.get_text(" ", strip=True) for td in r.find_all("td")]
        which = next(k for k, words in times.items() if any(w in cells[1] for w in words))
        assert cells[4] == f"{n[which]:,}", cells[1]


def test_each_change_cites_both_quarters_counts(edition):
    """Each change's evidence number stands by it; its row lists both quarters' counts, and the p
    re-derived from those counts is the one shown."""
    _, _, soup, metrics = edition
    from reportgen.metrics.registry import COMPARISONS
    from reportgen.metrics.stats import nps_change_test, two_proportion_test

    titles = ("主要指标环比与同比", "Headline figures against the previous quarter and a year ago")
    table = next(c for c in soup.select("#comparison caption") if c.get_text(strip=True) in titles).parent
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == len(COMPARISONS)
    tested = 0
    for compared, tr in zip(COMPARISONS, rows):
        cells = tr.find_all("td")
        for scope, column in (("qoq", 3), ("yoy", 6)):
            ch = metrics["comparisons"][scope][compared.name]
            link = cells[column].find("a", class_="evidence")
            assert (link is None) == (ch["delta"] is None), (scope, compared.name)
            if link is None or ch["current_counts"] is None:
                continue
            row = _evidence(soup, link["href"][1:])
            cur, prev = ch["current_counts"], ch["previous_counts"]
            assert row["n"] == f"{cur['n']:,}"  # this quarter's; the population lists both
            assert all(f"{v:,}" in row["population"] for counts in (cur, prev) for v in counts.values()), row
            if "promoters" in cur:
                test = nps_change_test(prev["promoters"], prev["detractors"], prev["n"], cur["promoters"],
                                       cur["detractors"], cur["n"])
            else:
                test = two_proportion_test(prev["count"], prev["n"], cur["count"], cur["n"])
            if test is not None:
                p = test[-1]
                shown = "< 0.001" if p < 0.001 else f"{p:.3f}"
                assert shown in row["value"] and shown in cells[column + 1].get_text(), (scope, compared.name)
                tested += 1
    assert tested >= 9  # the fixture has a previous quarter and a year ago


def test_the_reliability_n_says_what_it_counts(edition):
    lang, _, soup, metrics = edition
    r, sf = metrics["survey"]["reliability"], metrics["survey"]
    text = soup.find(id="appendix-reliability").find("p").get_text()
    assert f"n = {r['n']:,}" in text and f"{sf['responses_valid']:,}" in text
    assert ("全部" in text and "均已作答" in text) if lang == "zh-CN" else "answered all" in text
