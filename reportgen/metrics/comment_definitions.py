"""The comment analytics' figures (reportgen.text), defined like every other (reportgen.metrics.definitions)."""

from __future__ import annotations

from reportgen.metrics.definitions import MetricDef, _m

COMMENT_METRICS: tuple[MetricDef, ...] = (
    # each figure per source: "survey" comments, "complaint" descriptions
    _m("comments.texts", "意见文本数", "Texts analysed", "count",
       "Per source, the period's non-empty texts: comments of valid survey responses, descriptions of "
       "complaint tickets; coverage is texts / valid responses (tickets).", higher_is_better=None,
       definition_zh="按来源统计报告期内非空文本数：有效问卷的意见、投诉工单的描述；覆盖率 = 文本数 / 有效问卷数（工单数）。"),
    _m("comments.sentiment", "意见情感分布", "Sentiment of texts", "share",
       "Per source, the share of texts labelled positive, neutral or negative by the lexicon method "
       "(pysenti's Chinese lexicon, VADER's English one; negation, degree and contrast words; after-sales "
       "words re-valued in reportgen/defaults/sentiment_zh.txt): the score is in [−1, 1] and |score| < "
       "{neutral_band} is neutral. Accuracy 0.724 and macro-F1 0.732 on the held-out half of a labelled "
       "Chinese review corpus, against 0.522 for the majority class (benchmarks/results-sentiment.md).",
       higher_is_better=None,
       definition_zh="按来源统计经词典法判定为正面、中性、负面的文本占比（中文用 pysenti 情感词典，英文用 VADER 词典；"
                     "处理否定词、程度词和转折词）：得分在 [−1, 1] 之间，|得分| < {neutral_band} 为中性。在标注中文评论"
                     "语料的留出一半上准确率 0.724、宏平均 F1 0.732（多数类基线 0.522）（见 benchmarks/results-sentiment.md）。"),
    _m("comments.topics", "意见主题", "Topics of texts", "table",
       "Per source and topic of the topic dictionary, the texts with at least one of the topic's keywords "
       "among their words (jieba segmentation; a text may have several topics), their share of the source's "
       "texts, their sentiment counts and negative share, and for survey comments the mean overall answer "
       "of those responses; topics with fewer than {min_cell} texts show no shares.", config=("min_cell",),
       higher_is_better=None,
       definition_zh="按来源和主题词典中的主题，统计词语（jieba 分词）中含该主题任一关键词的文本数（一条文本可属多个主题）、"
                     "占该来源文本的比例、情感分布与负面占比；问卷意见另计这些答卷的总体满意度均值；文本少于 {min_cell} "
                     "条的主题不显示占比。"),
    _m("comments.unassigned_share", "未归类文本占比", "Unassigned texts", "share",
       "Per source, texts with no topic of the dictionary / texts.", higher_is_better=False,
       definition_zh="按来源统计不属于主题词典中任何主题的文本数 / 文本数。"),
    _m("comments.topic_trend", "主题占比趋势", "Topics over five quarters", "table",
       "Per source and topic, texts on the topic / texts, for each of up to five quarters ending with the "
       "period, with the same dictionary.", higher_is_better=None,
       definition_zh="按来源和主题，截至报告期最多五个季度中每季度该主题的文本数 / 文本数，使用同一主题词典。"),
    _m("comments.keywords", "关键词", "Keywords", "table",
       "Per source, the words with the highest TF-IDF, each quarter's texts one document: tf = share of the "
       "period's texts containing the word, idf = ln((1 + N) / (1 + m)) + 1 over the N quarters compared "
       "(the period and up to four before) and the m containing it; stop words, single Chinese "
       "characters, words with digits and words in fewer than 3 texts left out.", higher_is_better=None,
       definition_zh="按来源列出 TF-IDF 最高的词，每个季度的全部文本作为一篇文档：tf = 报告期含该词的文本占比，"
                     "idf = ln((1 + N) / (1 + m)) + 1，N 为参与比较的季度数（报告期及之前最多四个季度），m 为含该词的季度数；"
                     "不计停用词、单个汉字、含数字的词和少于 3 条文本出现的词。"),
    _m("comments.overall_by_sentiment", "各情感意见的总体满意度", "Overall satisfaction by sentiment", "mean",
       "Survey comments: the mean overall answer of the valid responses whose comment is positive, neutral or "
       "negative, with n.", higher_is_better=None,
       definition_zh="问卷意见：意见为正面、中性、负面的有效问卷各自的总体满意度（overall）均值及样本量。"),
)
