"""Scales other than 1–5: every survey figure on the questionnaire's scale, computed by hand.

Seven points (1–7): the top box is {6, 7}, a reverse item is recoded 8 − answer, score100 is
(mean − 1) / 6 × 100, a contradiction is overall 7 with nps ≤ 2. A 0–100 slider: the top box is
80 and above, score100 the mean itself, and answers are not counted one by one.
"""

from __future__ import annotations

import json

import pytest

import hand

from reportgen.build import build
from reportgen.config import Config
from reportgen.dataset import load_dataset
from reportgen.errors import InputError
from reportgen.labels import scale_value


def _questionnaire(scale: str, reverse: bool = True) -> str:
    return f"""scale: {scale}
dimensions:
  a: {{zh-CN: 甲, en: A}}
  b: {{zh-CN: 乙, en: B}}
items:
  q1: {{dimension: a, zh-CN: 一, en: one}}
  q2: {{dimension: a, zh-CN: 二, en: two}}
  q3: {{dimension: b, zh-CN: 三, en: three}}
  q4: {{dimension: b, zh-CN: 四, en: four, reverse: {str(reverse).lower()}}}
overall: {{zh-CN: 总体, en: Overall}}
nps: {{zh-CN: 推荐, en: Recommend}}
"""


SEVEN = """response_id,submitted_at,duration_seconds,q1,q2,q3,q4,overall,nps
R1,2025-07-01 10:00:00,100,7,6,5,2,7,10
R2,2025-07-02 10:00:00,100,4,4,4,4,4,7
R3,2025-07-03 10:00:00,100,1,2,3,7,1,0
R4,2025-07-04 10:00:00,100,6,7,7,1,6,9
R5,2025-07-05 10:00:00,100,5,5,6,3,7,1
R6,2025-07-06 10:00:00,100,3,,5,5,2,4
R7,2025-07-07 10:00:00,100,8,4,4,4,4,5
"""


def _survey(tmp_path, scale: str, rows: str, reverse: bool = True, documents: bool = False) -> dict:
    data = tmp_path / "data"
    data.mkdir()
    (data / "questionnaire.yaml").write_text(_questionnaire(scale, reverse), "utf-8")
    (data / "surveys.csv").write_text(rows, "utf-8")
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=documents)
    return json.loads((result.out_dir / "metrics.json").read_text("utf-8"))["survey"]


def test_seven_point_scale(tmp_path):
    s = _survey(tmp_path, "{min: 1, max: 7}", SEVEN, documents=True)  # the report too: its tables for 7 points
    # R5: overall 7 with nps 1 is a contradiction; R7's q1 = 8 is outside 1–7 (missing, a finding)
    assert s["excluded"]["contradiction"] == 1 and s["responses_valid"] == 6
    # top box {6, 7}: R1, R4 of R1 R2 R3 R4 R6 R7
    assert (s["csat_top2_detail"]["count"], s["csat_top2_detail"]["n"]) == (2, 6)
    assert s["overall_counts"] == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 0, "6": 1, "7": 1}
    # dimension a: response means 6.5, 4, 1.5, 6.5, 3 (q1 only), 4 (q2 only) → 25.5 / 6 = 4.25
    assert s["dimensions"]["a"]["score100"] == pytest.approx((4.25 - 1) / 6 * 100)
    # dimension b, q4 recoded 8 − answer: 5.5, 4, 2, 7, 4, 4 → 26.5 / 6
    assert s["dimensions"]["b"]["score100"] == pytest.approx((26.5 / 6 - 1) / 6 * 100)
    q4 = s["items"]["q4"]
    assert q4["mean"] == pytest.approx((6 + 4 + 1 + 7 + 3 + 4) / 6)
    assert q4["counts"] == {"1": 1, "2": 0, "3": 1, "4": 2, "5": 0, "6": 1, "7": 1}


SLIDER = """response_id,submitted_at,duration_seconds,q1,q2,q3,q4,overall,nps
S1,2025-07-01 10:00:00,100,100,80,90,10,80,10
S2,2025-07-02 10:00:00,100,50,60,40,70,79,9
S3,2025-07-03 10:00:00,100,0,20,30,60,100,5
S4,2025-07-04 10:00:00,100,70,70,80,20,50,8
"""


def test_a_0_to_100_slider(tmp_path):
    s = _survey(tmp_path, "{min: 0, max: 100}", SLIDER, reverse=False)
    assert s["responses_valid"] == 4
    assert (s["csat_top2_detail"]["count"], s["csat_top2_detail"]["n"]) == (2, 4)  # 80 and 100: 80 % and above
    assert s["overall_counts"] == {}
    # dimension a: (90 + 55 + 10 + 70) / 4 = 56.25, already on 0–100
    assert s["dimensions"]["a"]["score100"] == pytest.approx(56.25)
    assert s["items"]["q1"]["mean"] == pytest.approx(55.0)
    assert s["items"]["q1"]["sd"] == pytest.approx(hand.sd([100, 50, 0, 70]))  # sample sd


def test_a_value_outside_the_declared_scale_is_a_finding_not_dropped(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "questionnaire.yaml").write_text(_questionnaire("{min: 1, max: 7}"), "utf-8")
    (data / "surveys.csv").write_text(SEVEN, "utf-8")
    dataset = load_dataset(data, Config())
    findings = [(f.row, f.column, f.rule) for f in dataset.findings]
    assert findings == [(8, "q1", "out_of_range")]  # R7's 8; the 7s of a 7-point scale are answers
    assert dataset.surveys["q1"].tolist()[:6] == [7, 4, 1, 6, 5, 3]


@pytest.mark.parametrize("scale, message", [("{min: 1, max: 2}", "at least three points"),
                                            ("{min: 2, max: 7}", "min"), ("{min: 0, max: 1000}", "max")])
def test_a_scale_that_cannot_be_is_refused(tmp_path, scale, message):
    data = tmp_path / "data"
    data.mkdir()
    (data / "questionnaire.yaml").write_text(_questionnaire(scale), "utf-8")
    (data / "surveys.csv").write_text(SEVEN, "utf-8")
    with pytest.raises(InputError) as err:
        load_dataset(data, Config())
    assert any(message in p.message and "scale" in p.message for p in err.value.problems)


def test_five_point_labels_are_not_read_on_another_scale():
    assert scale_value("满意", (1, 5)) == "4"
    assert scale_value("满意", (1, 7)) is None and scale_value("满意", (0, 10)) is None
    assert scale_value("6 - Very satisfied", (1, 7)) == "6"


MIXED_QUESTIONNAIRE = """scale: {min: 1, max: 5}
dimensions:
  a: {zh-CN: 甲, en: A}
  b: {zh-CN: 乙, en: B}
items:
  q1: {dimension: a, zh-CN: 一, en: one}
  q2: {dimension: a, zh-CN: 二, en: two}
  q3: {dimension: b, zh-CN: 三, en: three, scale: {min: 1, max: 7}}
  q4: {dimension: b, zh-CN: 四, en: four, reverse: true, scale: {min: 0, max: 10}}
overall: {zh-CN: 总体, en: Overall}
nps: {zh-CN: 推荐, en: Recommend}
"""
MIXED = """response_id,submitted_at,duration_seconds,q1,q2,q3,q4,overall,nps
P1,2025-07-01 10:00:00,100,5,3,7,2,5,9
P2,2025-07-02 10:00:00,100,1,1,1,10,1,5
P3,2025-07-03 10:00:00,100,3,,4,5,3,7
"""


def test_items_on_their_own_scales(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "questionnaire.yaml").write_text(MIXED_QUESTIONNAIRE, "utf-8")
    (data / "surveys.csv").write_text(MIXED, "utf-8")
    assert load_dataset(data, Config()).findings == ()  # q3 = 7 and q4 = 10 are on their items' scales
    result = build(data_dir=data, out_dir=tmp_path / "out", period="2025Q3", documents=False)
    s = json.loads((result.out_dir / "metrics.json").read_text("utf-8"))["survey"]
    # a (1–5): places on the range 0.75, 0, 0.5 → 1.25 / 3; mean on 1–5 = 1 + 4 × that
    assert s["dimensions"]["a"]["score100"] == pytest.approx(125 / 3)
    assert s["dimensions"]["a"]["mean"] == pytest.approx((4 + 1 + 3) / 3)
    # b: q3 on 1–7 (place (v − 1) / 6), q4 reversed on 0–10 (10 − v, place / 10): P1 (1 + 0.8) / 2,
    # P2 (0 + 0) / 2, P3 (0.5 + 0.5) / 2 → 1.4 / 3
    assert s["dimensions"]["b"]["score100"] == pytest.approx(140 / 3)
    assert s["items"]["q3"]["counts"] == {str(v): int(v in (1, 4, 7)) for v in range(1, 8)}
    assert s["items"]["q4"]["counts"] == {str(v): int(v in (0, 5, 8)) for v in range(0, 11)}
    assert s["items"]["q4"]["mean"] == pytest.approx(13 / 3)
