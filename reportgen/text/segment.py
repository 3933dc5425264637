"""Word segmentation of the open texts: jieba for Chinese, plain words for English.

The topic keywords and a user dictionary are added to jieba's dictionary, so that a keyword such
as 退换货 stays one word and the topic rules can match it. `digest` names the dictionary, for the
cache keys of reportgen.text.batch, which segments each distinct text once.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterable

import jieba

from reportgen import cache

jieba.setLogLevel(logging.WARNING)  # it announces each dictionary load on stderr

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# English: words (with inner apostrophes and hyphens), numbers, and the punctuation that ends a clause
_EN = re.compile(r"[^\W_](?:[^\W_]|['’-](?=[^\W_]))*|[.,!?;:]")
SEP = "\x1f"  # between tokens in the cache: intake removes control characters from every text


def language(text: str) -> str:
    """"zh" for a text with Chinese characters in it, else "en"."""
    return "zh" if CJK.search(text) else "en"


class Segmenter:
    """jieba with the topic keywords and an optional user dictionary (jieba's format: word [freq] [tag])."""

    def __init__(self, words: Iterable[str] = (), user_dictionary: str = "") -> None:
        self.words = tuple(sorted({w.strip() for w in words if w.strip() and CJK.search(w)}))
        self.user_dictionary = user_dictionary
        self.digest = hashlib.sha256("\n".join((jieba.__version__, "no-hmm", *self.words, "", user_dictionary))
                                     .encode("utf-8")).hexdigest()[:16]
        self._tokenizer: jieba.Tokenizer | None = None

    def _jieba(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            tok = jieba.Tokenizer()
            folder = cache.cache_dir() / "jieba"
            try:  # jieba keeps its prefix dictionary there (else in the system's temporary folder)
                folder.mkdir(parents=True, exist_ok=True)
                tok.tmp_dir = str(folder)
            except OSError:
                pass
            tok.initialize()
            for word in self.words:
                tok.add_word(word, freq=None)
            if self.user_dictionary:
                tok.load_userdict(io.BytesIO(self.user_dictionary.encode("utf-8")))
            self._tokenizer = tok
        return self._tokenizer

    def tokens(self, text: str) -> list[str]:
        """The words of one text, lower-cased, with its punctuation (sentiment reads clauses); no spaces."""
        if CJK.search(text):
            # no HMM: as accurate for sentiment on the tuning half of the benchmark corpus, a quarter faster
            return [w.lower() for w in self._jieba().lcut(text, HMM=False) if w.strip()]
        return [w.lower() for w in _EN.findall(text)]
