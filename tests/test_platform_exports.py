"""Exports in the layouts of real public exports (tests/fixtures/exports, PROVENANCE*.md): each
read with its preset and a mapping of a few lines gives the responses EXPECTED-*.md lists by hand."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from reportgen.config import load_config
from reportgen.dataset import load_dataset
from reportgen.errors import InputError

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
FIXTURE = Path(__file__).parent / "data" / "fixture"

QUESTIONNAIRE = """\
scale: {min: 1, max: 5}
dimensions:
  responsiveness: {zh-CN: 响应速度, en: Speed of response}
  resolution: {zh-CN: 问题解决, en: Resolution}
  attitude: {zh-CN: 服务态度, en: Courtesy}
  knowledge: {zh-CN: 专业水平, en: Knowledge}
  communication: {zh-CN: 沟通清晰, en: Communication}
items:
  q1: {dimension: responsiveness, zh-CN: 响应速度, en: Speed of response}
  q2: {dimension: resolution, zh-CN: 问题解决, en: Resolution of your issue}
  q3: {dimension: attitude, zh-CN: 服务态度, en: Staff courtesy}
  q4: {dimension: knowledge, zh-CN: 专业水平, en: Staff knowledge}
  q5: {dimension: communication, zh-CN: 沟通清晰, en: Clarity of communication}
overall: {zh-CN: 总体满意度, en: Overall satisfaction}
nps: {zh-CN: 推荐意愿, en: Likelihood to recommend}
"""

# EXPECTED-en.md: the ten valid responses, by their local submission minute (America/Denver).
EXPECTED_EN = {
    "2024-01-08 09:14": ((5, 5, 4, 5, 5), 5, 10, "Phone"),
    "2024-01-15 13:02": ((4, 4, 4, 3, 4), 4, 8, "Email"),
    "2024-01-29 18:45": ((2, 1, 3, 2, 2), 2, 3, "Live chat"),
    "2024-02-05 10:21": ((3, 3, 4, 4, 3), 3, 7, "Phone"),
    "2024-02-14 15:33": ((5, 4, 5, 5, 4), 5, 9, "In store"),
    "2024-02-26 08:07": ((1, 2, 2, 1, 1), 1, 0, "Email"),
    "2024-03-05 14:22": ((4, 5, 5, 4, 4), 4, 9, "Live chat"),
    "2024-03-11 11:48": ((3, 2, 3, 3, 2), 3, 6, "Phone"),
    "2024-03-20 16:05": ((4, 4, 5, 4, 5), 5, 10, "In store"),
    "2024-03-31 22:40": ((2, 3, 2, 3, 3), 2, 7, "Email"),
}

_QUALTRICS_ITEMS = 'q1 = "Q1_1", q2 = "Q1_2", q3 = "Q1_3", q4 = "Q1_4", q5 = "Q1_5", overall = "Q2", nps = "Q3"'
_CHANNEL_CODES = '[sources.surveys.values]\nchannel = { 1 = "Phone", 2 = "Email", 3 = "Live chat", 4 = "In store" }\n'
_MATRIX = "How satisfied were you with each of the following?"
_OVERALL = "Overall, how satisfied are you with our customer service?"
_NPS = "How likely are you to recommend Acme Home to a friend or colleague?"
_CHANNEL = "How did you contact us about this issue?"

_ASPECTS = ["speed of response", "resolution of your issue", "staff courtesy", "staff knowledge",
            "clarity of communication"]


def _denver(preset: str, question: str, case) -> str:
    """A preset, the zone the export does not state, and its five items named by `question`."""
    items = ", ".join(f'q{i} = "{question.format(case(a))}"' for i, a in enumerate(_ASPECTS, 1))
    return (f'preset = "{preset}"\ntimezone = "America/Denver"\ncolumns = {{ {items}, overall = "{_OVERALL}", '
            f'nps = "{_NPS}", channel = "{_CHANNEL}" }}\n')


# The whole mapping a user writes for each export: the file, the preset, the questions.
MAPPINGS = {
    "qualtrics/choice_text.csv": f'preset = "qualtrics"\ncolumns = {{ {_QUALTRICS_ITEMS}, channel = "Q4", comment = "Q5" }}\n',
    "qualtrics/numeric.csv": f'preset = "qualtrics"\ncolumns = {{ {_QUALTRICS_ITEMS}, channel = "Q4" }}\n{_CHANNEL_CODES}',
    "qualtrics/legacy.csv": (f'preset = "qualtrics"\ntimezone = "America/Denver"\n'
                             f'columns = {{ {_QUALTRICS_ITEMS}, channel = "Q4" }}\n{_CHANNEL_CODES}'),
    "surveymonkey/export.csv": _denver("surveymonkey", f"{_MATRIX} | {{}}", str.capitalize),
    "google_forms/responses.csv": _denver("google_forms", "How satisfied were you with: {}?", str.lower),
}


def _data(tmp_path: Path, export: str, mapping: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(EXPORTS / export, data / Path(export).name)
    shutil.copy(FIXTURE / "complaints.csv", data / "complaints.csv")
    (data / "questionnaire.yaml").write_text(QUESTIONNAIRE, "utf-8")
    (data / "reportgen.toml").write_text(f'[sources.surveys]\nfile = "{Path(export).name}"\n{mapping}', "utf-8")
    return data


def _load(data: Path):
    config, _ = load_config(data / "reportgen.toml")
    return load_dataset(data, config)


@pytest.mark.parametrize("export", sorted(MAPPINGS))
def test_export_gives_the_responses_computed_by_hand(tmp_path, export):
    dataset = _load(_data(tmp_path, export, MAPPINGS[export]))
    frame = dataset.surveys
    local = frame["submitted_at"].dt.tz_convert("America/Denver").dt.strftime("%Y-%m-%d %H:%M")
    got = {t: (tuple(int(r[f"q{i}"]) for i in range(1, 6)), int(r["overall"]), int(r["nps"]), r["channel"])
           for t, (_, r) in zip(local, frame.iterrows())}
    assert got == EXPECTED_EN
    # EXPECTED-en.md's aggregates: overall mean 3.4, NPS +10
    assert frame["overall"].mean() == pytest.approx(3.4)
    promoters, detractors = (frame["nps"] >= 9).sum(), (frame["nps"] <= 6).sum()
    assert (promoters, detractors) == (4, 3)
    mapping = dataset.sources["surveys"].mapping
    assert mapping["rows_read"] == (13 if export.startswith("qualtrics") else 10)


def test_qualtrics_zone_comes_from_the_import_id_row(tmp_path):
    dataset = _load(_data(tmp_path, "qualtrics/choice_text.csv", MAPPINGS["qualtrics/choice_text.csv"]))
    assert dataset.sources["surveys"].mapping["timezone"] == "America/Denver"
    # 22:40 on 31 March in Denver is 04:40 on 1 April in UTC and 12:40 in Shanghai: quarter 2024Q2
    last = dataset.surveys["submitted_at"].max()
    assert last.tz_convert("UTC").strftime("%Y-%m-%d %H:%M") == "2024-04-01 04:40"


def test_qualtrics_durations_are_read(tmp_path):
    dataset = _load(_data(tmp_path, "qualtrics/choice_text.csv", MAPPINGS["qualtrics/choice_text.csv"]))
    assert dataset.surveys["duration_seconds"].notna().all()


def test_surveymonkey_duration_is_end_less_start(tmp_path):
    frame = _load(_data(tmp_path, "surveymonkey/export.csv", MAPPINGS["surveymonkey/export.csv"])).surveys
    row = frame[frame["response_id"] == "118240080190"].iloc[0]
    assert row["duration_seconds"] == 4 * 60 + 24  # 10:35:39 PM to 10:40:03 PM


def test_a_mapping_that_names_a_missing_column_says_which_key(tmp_path):
    mapping = MAPPINGS["qualtrics/choice_text.csv"].replace('q5 = "Q1_5"', 'q5 = "Q1_6"')
    with pytest.raises(InputError) as err:
        _load(_data(tmp_path, "qualtrics/choice_text.csv", mapping))
    (problem,) = err.value.problems
    assert problem.file == "choice_text.csv" and problem.row == 1 and problem.column == "Q1_6"
    assert "sources.surveys.columns.q5" in problem.message and "'Q1_5'" in problem.message


def test_an_unmapped_required_column_names_the_key_to_write(tmp_path):
    mapping = MAPPINGS["qualtrics/choice_text.csv"].replace('q5 = "Q1_5", ', "")
    with pytest.raises(InputError) as err:
        _load(_data(tmp_path, "qualtrics/choice_text.csv", mapping))
    (problem,) = err.value.problems
    assert problem.column == "q5" and 'sources.surveys.columns.q5 = "<a column of choice_text.csv>"' in problem.message


# EXPECTED-zh.md: the ten responses in every 问卷星 and 腾讯问卷 file, by id; items in the order
# 响应速度, 专业能力, 服务态度, 问题解决, 沟通及时性 (5 = most satisfied); #5 skipped every question.
EXPECTED_ZH = {
    "1": ((4, 4, 5, 4, 4), 4, 9, "电话热线", 96), "2": ((5, 5, 5, 5, 4), 5, 10, "在线客服", 143),
    "3": ((3, 3, 4, 2, 3), 3, 6, "微信公众号", 78), "4": ((2, 3, 2, 1, 2), 2, 3, "电话热线", 210),
    "5": ((None,) * 5, None, None, "本季度未联系过售后", 35), "6": ((4, 5, 4, 4, 5), 4, 8, "门店", 125),
    "7": ((5, 5, 5, 5, 5), 5, 10, "在线客服", 4), "8": ((1, 1, 2, 1, 1), 1, 0, "在线客服", 88),
    "9": ((4, 4, 4, 3, 4), 4, 7, "微信公众号", 167), "10": ((3, 4, 3, 3, 3), 3, 5, "电话热线", 102),
}
_WJX_ITEMS = ('q1 = "3、请对以下方面进行评价—响应速度", q2 = "专业能力", q3 = "服务态度", q4 = "问题解决", '
              'q5 = "沟通及时性", overall = "2、您对本次服务的总体满意度", '
              'nps = "4、您有多大可能向朋友或同事推荐我们的服务？(0-10分)", channel = "1、您本次通过哪个渠道联系了我们的售后服务？"')
# 按序号下载: option positions. 总体满意度 lists 非常满意 first (score = 6 − number), the 0–10
# question's options are 0分…10分 (score = number − 1); the channel codes are its options.
_WJX_NUMBERS = ('[sources.surveys.values]\noverall = { 1 = 5, 2 = 4, 3 = 3, 4 = 2, 5 = 1 }\n'
                'nps = { ' + ", ".join(f"{n} = {n - 1}" for n in range(1, 12)) + ' }\n'
                'channel = { 1 = "电话热线", 2 = "在线客服", 3 = "微信公众号", 4 = "门店", 5 = "本季度未联系过售后" }\n')
_TENCENT_ITEMS = ('q1 = "3.您对响应速度的满意度", q2 = "4.您对专业能力的满意度", q3 = "5.您对服务态度的满意度", '
                  'q4 = "6.您对问题解决的满意度", q5 = "7.您对沟通及时性的满意度", overall = "2.您对本次服务的总体满意度", '
                  'nps = "8.您有多大可能向朋友或同事推荐我们的服务？", channel = "1.您本次通过哪个渠道联系了我们的售后服务？"')
MAPPINGS_ZH = {
    "wjx/choice_text.xlsx": f'preset = "wjx"\ncolumns = {{ {_WJX_ITEMS} }}\n',
    "wjx/choice_text.csv": f'preset = "wjx"\ncolumns = {{ {_WJX_ITEMS} }}\n',
    "wjx/choice_number.xlsx": f'preset = "wjx"\ncolumns = {{ {_WJX_ITEMS} }}\n{_WJX_NUMBERS}',
    "wjx/choice_number.xls": f'preset = "wjx"\ncolumns = {{ {_WJX_ITEMS} }}\n{_WJX_NUMBERS}',
    "tencent/export.csv": f'preset = "tencent"\ncolumns = {{ {_TENCENT_ITEMS} }}\n',
    "tencent/export.xlsx": f'preset = "tencent"\ncolumns = {{ {_TENCENT_ITEMS} }}\n',
    "tencent/export_newer_layout.csv": f'preset = "tencent"\ncolumns = {{ {_TENCENT_ITEMS} }}\n',
}


def _optional(v):
    return None if pd.isna(v) else int(v)


@pytest.mark.parametrize("export", sorted(MAPPINGS_ZH))
def test_chinese_export_gives_the_responses_computed_by_hand(tmp_path, export):
    dataset = _load(_data(tmp_path, export, MAPPINGS_ZH[export]))
    frame = dataset.surveys
    got = {r["response_id"]: (tuple(_optional(r[f"q{i}"]) for i in range(1, 6)), _optional(r["overall"]),
                              _optional(r["nps"]), r["channel"], r["duration_seconds"])
           for _, r in frame.iterrows()}
    assert got == EXPECTED_ZH
    # EXPECTED-zh.md: 9 answered, overall mean 31/9, NPS 3 promoters and 4 detractors
    assert frame["overall"].count() == 9 and frame["overall"].mean() == pytest.approx(31 / 9)
    assert ((frame["nps"] >= 9).sum(), (frame["nps"] <= 6).sum()) == (3, 4)
    # submitted in 2024Q1, Shanghai time: #10 at 22:16:03 on 29 March
    last = frame.loc[frame["response_id"] == "10", "submitted_at"].iloc[0]
    assert last.tz_convert("Asia/Shanghai").strftime("%Y-%m-%d %H:%M:%S") == "2024-03-29 22:16:03"
    if export.startswith("wjx"):  # the skipped answers, (跳过) or −3, counted
        assert sum(dataset.sources["surveys"].mapping["not_applicable"].values()) >= 7


def test_qualtrics_spss_export(tmp_path):
    mapping = (f'preset = "qualtrics"\ntimezone = "America/Denver"\n'
               f'columns = {{ {_QUALTRICS_ITEMS}, channel = "Q4" }}\n')  # channel from its value labels
    dataset = _load(_data(tmp_path, "spss/qualtrics.sav", mapping))
    frame = dataset.surveys
    local = frame["submitted_at"].dt.tz_convert("America/Denver").dt.strftime("%Y-%m-%d %H:%M")
    got = {t: (tuple(int(r[f"q{i}"]) for i in range(1, 6)), int(r["overall"]), int(r["nps"]), r["channel"])
           for t, (_, r) in zip(local, frame.iterrows())}
    assert got == EXPECTED_EN
    assert frame["duration_seconds"].notna().all()  # Duration__in_seconds_
    assert sum(dataset.sources["surveys"].mapping["rows_dropped"].values()) == 3


def test_wjx_spss_export_reads_answers_by_their_labels(tmp_path):
    # The codes are option positions (总体满意度: 1 = 非常满意; 0–10: 1 = 0分); the value labels
    # say what each is, so no value map is needed. The download has no submission time: `period`.
    mapping = ('preset = "wjx"\nperiod = "2024Q1"\ncolumns = { q1 = "Q3_Row1", q2 = "Q3_Row2", q3 = "Q3_Row3", '
               'q4 = "Q3_Row4", q5 = "Q3_Row5", overall = "Q2", nps = "Q4", channel = "Q1" }\n')
    dataset = _load(_data(tmp_path, "spss/wjx.sav", mapping))
    frame = dataset.surveys
    got = {r["response_id"]: (tuple(_optional(r[f"q{i}"]) for i in range(1, 6)), _optional(r["overall"]),
                              _optional(r["nps"]), r["channel"], r["duration_seconds"])
           for _, r in frame.iterrows()}
    assert got == EXPECTED_ZH
    assert frame["submitted_at"].dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m-%d").unique().tolist() == ["2024-01-01"]


def test_qualtrics_tsv_export(tmp_path):
    """Qualtrics' TSV download: the same three header rows, tab-separated, UTF-16 with its mark."""
    text = (EXPORTS / "qualtrics/choice_text.csv").read_text("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, header=None)
    data = tmp_path / "data"
    data.mkdir()
    frame.to_csv(data / "choice_text.tsv", sep="\t", index=False, header=False, encoding="utf-16")
    shutil.copy(FIXTURE / "complaints.csv", data / "complaints.csv")
    (data / "questionnaire.yaml").write_text(QUESTIONNAIRE, "utf-8")
    (data / "reportgen.toml").write_text('[sources.surveys]\nfile = "choice_text.tsv"\n'
                                         + MAPPINGS["qualtrics/choice_text.csv"], "utf-8")
    dataset = _load(data)
    local = dataset.surveys["submitted_at"].dt.tz_convert("America/Denver").dt.strftime("%Y-%m-%d %H:%M")
    got = {t: (tuple(int(r[f"q{i}"]) for i in range(1, 6)), int(r["overall"]), int(r["nps"]), r["channel"])
           for t, (_, r) in zip(local, dataset.surveys.iterrows())}
    assert got == EXPECTED_EN
    assert dataset.sources["surveys"].mapping["timezone"] == "America/Denver"
