"""The FAQ assistant: find the FAQ entry a customer's question is about, answer with it, or hand over to a person.

Two ways of matching, one model of the lab's contract (`fit(faq)`, `answer(question)`, `rank(questions)`,
`save`/`load`):
- "semantic": the question and every FAQ entry are embedded with offline MiniLM; an entry is scored by the best
  cosine similarity of the question to the entry's question alone and to its question with its answer.
- "tfidf": word and word-pair TF-IDF cosine (the classic search baseline, and the fallback when the embedding
  model is missing).
- "bm25": Okapi BM25 over jieba words and character pairs (engines/faq/chinese.py), for a Chinese FAQ
  (``language="zh"``): the packaged MiniLM reads English only.
Confidence is a softmax of the similarities over all entries (a share of belief, 0..1): when the best entry gets
less than `handover_threshold`, the assistant says it will hand the question to a colleague and lists its best
guesses. Empty questions, questions in another language and very long questions are answered gracefully.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from engines.core.model import BaseModel, register_model
from engines.core.validation import check_choice, check_fraction, check_positive_int
from engines.errors import EngineError, InvalidDataError
from engines.faq.answer import ANSWERED, EMPTY, HANDOVER, METHODS, OTHER_LANGUAGE, FaqAnswer
from engines.faq.embedding import SentenceEmbedder
from engines.faq.language import guess_language

# scikit-learn is imported where used.
# BM25 scores are normalised to about 0..1 but less peaked than cosines: a softer softmax hands over more of the
# questions it is unsure of (on the held-out Chinese set 0.05 handed over 6% of questions, too few for a top-1 of 0.41).
TEMPERATURES = {"semantic": 0.05, "tfidf": 0.05, "bm25": 0.1}
LANGUAGES = ("en", "zh")


@register_model
class FaqAssistant(BaseModel):
    """Retrieval FAQ assistant (see the module docstring). Learned attributes end with `_`.

    `embedder` is the sentence-embedding model to use (a new `SentenceEmbedder` on the CPU when None); it is
    not saved with the assistant (the MiniLM weights stay in their package), so `load` takes it as a keyword.
    """

    kind = "faq_assistant"
    label = "FAQ assistant"
    description = "Finds the FAQ entry a question is about (MiniLM embeddings or TF-IDF), or hands over."

    def __init__(
        self,
        method: str = "semantic",
        handover_threshold: float = 0.4,
        max_question_chars: int = 500,
        fallback: bool = True,
        embedder: SentenceEmbedder | None = None,
        language: str = "en",
    ) -> None:
        self.method = method
        self.language = language
        self.handover_threshold = handover_threshold
        self.max_question_chars = max_question_chars
        self.fallback = fallback
        self.embedder = embedder

    # ------------------------------------------------------------------------------------------------ fit
    def fit(self, faq: pd.DataFrame, on_progress: Callable | None = None, cancel: Any = None) -> FaqAssistant:
        """Index the FAQ table (columns faq_id, question, answer; topic optional); returns self.

        With method "semantic" and `fallback`, a missing or broken embedding model switches to TF-IDF and says so
        in `fallback_reason_`. Indexing is one pass: progress is reported as (1, 1) when done, and `cancel`
        cannot stop it half-way.
        """
        return super().fit(faq, on_progress=on_progress, cancel=cancel)

    def _fit(self, faq: pd.DataFrame, *, on_progress: Callable | None, cancel: Any) -> None:
        self._check_params()
        self.faq_ = _check_faq(faq)
        self.method_used_, self.fallback_reason_ = self.method, None
        self._fit_tfidf()
        if self.method == "bm25":
            self._fit_bm25()
        if self.method == "semantic":
            try:
                self.embedder_ = (self.embedder or SentenceEmbedder()).load()
                documents = list(self.faq_["question"]) + list(self.faq_["question"] + " " + self.faq_["answer"])
                self.document_vectors_ = self.embedder_.encode(documents)
            except EngineError as error:
                if not self.fallback:
                    raise
                self.method_used_, self.fallback_reason_ = "tfidf", str(error)

    def _check_params(self) -> None:
        check_choice("method", self.method, METHODS)
        check_fraction("handover_threshold", self.handover_threshold, inclusive=True)
        check_positive_int("max_question_chars", self.max_question_chars, minimum=20)
        check_choice("language", self.language, LANGUAGES)

    def _fit_bm25(self) -> None:
        from engines.faq.chinese import BM25Index  # noqa: PLC0415 - jieba loads only for a Chinese FAQ

        self.bm25_ = BM25Index(list(self.faq_["question"] + " " + self.faq_["question"] + " " + self.faq_["answer"]))

    def _fit_tfidf(self) -> None:
        if self.language != "en":
            return  # English word TF-IDF says nothing about Chinese text
        from sklearn.feature_extraction.text import TfidfVectorizer

        documents = list(self.faq_["question"] + " " + self.faq_["question"] + " " + self.faq_["answer"])
        self.vectorizer_ = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit(documents)
        self.tfidf_documents_ = self.vectorizer_.transform(documents)

    # ------------------------------------------------------------------------------------------- scoring
    def similarities(self, questions: list[str]) -> np.ndarray:
        """Similarity of each question to each FAQ entry (questions x entries), by the method in use."""
        self._check_fitted()
        if self.method_used_ == "semantic":
            vectors = self.embedder_.encode(questions)
            n = len(self.faq_)
            raw = vectors @ self.document_vectors_.T
            return np.maximum(raw[:, :n], raw[:, n:])
        if self.method_used_ == "bm25":
            return self.bm25_.scores(questions)
        return (self.vectorizer_.transform(questions) @ self.tfidf_documents_.T).toarray()

    def rank(self, questions: list[str], k: int = 3) -> tuple[np.ndarray, np.ndarray]:
        """The `k` best FAQ ids per question and their confidences (each row sorted, best first)."""
        scores = self.similarities(questions)
        confidence = _softmax(scores / TEMPERATURES[self.method_used_])
        order = np.argsort(-confidence, axis=1, kind="stable")[:, :k]
        ids = self.faq_["faq_id"].to_numpy()[order]
        return ids, np.take_along_axis(confidence, order, axis=1)

    def answer(self, question: object) -> FaqAnswer:
        """Answer one question (any input: non-text and empty questions get a polite message, never an error)."""
        self._check_fitted()
        started = time.perf_counter()
        text = "" if question is None else str(question)
        text = " ".join(text.split())
        method = METHODS[self.method_used_]
        if not text or not any(ch.isalnum() for ch in text):
            return FaqAnswer(text, EMPTY, "Please type a question, for example: \"How do I reset my PIN?\"",
                             method=method, message_key="faq.empty")
        notes = []
        if len(text) > self.max_question_chars:
            notes.append(f"Your question is long; only its first {self.max_question_chars} characters were read.")
            text = text[: self.max_question_chars]
        language = guess_language(text) if self.language == "en" else "unknown"
        if language not in ("English", "unknown"):
            shown = "a non-Latin script" if language == "another script" else language
            return FaqAnswer(
                text, OTHER_LANGUAGE,
                f"Your question seems to be written in {shown}. This assistant answers in English only, so I am "
                "passing it to a colleague who will reply to you. You can also ask again in English.",
                method=method, latency_ms=(time.perf_counter() - started) * 1000, notes=notes,
                message_key="faq.other_language", message_values={"language": shown},
            )
        ids, confidences = self.rank([text], k=3)
        entries = self.faq_.set_index("faq_id")
        alternatives = [{"faq_id": int(i), "question": str(entries.loc[i, "question"]), "confidence": float(c)}
                        for i, c in zip(ids[0], confidences[0])]
        best_id, best_confidence = int(ids[0, 0]), float(confidences[0, 0])
        latency_ms = (time.perf_counter() - started) * 1000
        if best_confidence < self.handover_threshold:
            return FaqAnswer(
                text, HANDOVER,
                f"I am not sure I understood (confidence {best_confidence:.0%}, below "
                f"{self.handover_threshold:.0%}). I will hand your question to a colleague; meanwhile, did you mean "
                "one of these?",
                confidence=best_confidence, alternatives=alternatives, method=method, latency_ms=latency_ms,
                notes=notes, message_key="faq.handover",
                message_values={"confidence_percent": round(100 * best_confidence),
                                "threshold_percent": round(100 * self.handover_threshold)},
            )
        entry = entries.loc[best_id]
        return FaqAnswer(
            text, ANSWERED, str(entry["answer"]), faq_id=best_id, matched_question=str(entry["question"]),
            answer=str(entry["answer"]), topic=str(entry.get("topic", "")) or None, confidence=best_confidence,
            alternatives=alternatives[1:], method=method, latency_ms=latency_ms, notes=notes,
        )

    # ----------------------------------------------------------------------------------------- save/load
    @classmethod
    def load(cls, path: str | Path, device: str = "auto",
             embedder: SentenceEmbedder | None = None) -> FaqAssistant:
        """Load a saved assistant (the FAQ and its embeddings); the embedding model itself loads on the first
        question (or `embedder.load()`). Pass an `embedder` that is already loaded to share it; otherwise a
        new `SentenceEmbedder` on the CPU is used, whatever `device` says (one short question is too little
        work for a GPU)."""
        model = super().load(path, device=device)
        if embedder is not None:
            model.embedder = embedder
            if model.method_used_ == "semantic":
                model.embedder_ = embedder
        return model

    def _saved_params(self) -> dict[str, Any]:
        # The embedding model is not a setting that JSON can hold; `load` takes it as a keyword.
        return {name: value for name, value in self.get_params().items() if name != "embedder"}

    def _get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """The FAQ and its embeddings; the MiniLM weights are not copied: they stay in their package."""
        state = {"faq": self.faq_.to_dict("list"), "method_used": self.method_used_,
                 "fallback_reason": self.fallback_reason_}
        arrays = {"document_vectors": self.document_vectors_} if self.method_used_ == "semantic" else {}
        return state, arrays

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        self.faq_ = _check_faq(pd.DataFrame(state["faq"]))
        self.method_used_, self.fallback_reason_ = state["method_used"], state["fallback_reason"]
        self._fit_tfidf()
        if self.method_used_ == "bm25":
            self._fit_bm25()
        if self.method_used_ == "semantic":
            self.embedder_ = self.embedder or SentenceEmbedder()
            self.document_vectors_ = tensors["document_vectors"].numpy()

    def as_tfidf(self) -> FaqAssistant:
        """A TF-IDF assistant over the same FAQ (no model to load): the fallback while MiniLM warms up."""
        self._check_fitted()
        twin = FaqAssistant("tfidf", self.handover_threshold, self.max_question_chars, fallback=False)
        return twin.fit(self.faq_)


def _check_faq(faq: pd.DataFrame) -> pd.DataFrame:
    needed = ["faq_id", "question", "answer"]
    if not isinstance(faq, pd.DataFrame) or any(c not in faq.columns for c in needed):
        raise InvalidDataError(f"The FAQ table needs the columns {needed}.",
                               key="engine.faq.missing_columns", needed=needed)
    faq = faq[[c for c in ["faq_id", "topic", "question", "answer"] if c in faq.columns]].dropna(subset=needed)
    if faq.empty:
        raise InvalidDataError("The FAQ table has no complete entries (question and answer).",
                               key="engine.faq.no_entries")
    if faq["faq_id"].duplicated().any():
        raise InvalidDataError("faq_id must be unique in the FAQ table.", key="engine.faq.duplicate_ids")
    faq = faq.reset_index(drop=True).copy()
    faq["faq_id"] = faq["faq_id"].astype(int)
    return faq


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = np.exp(values - values.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def evaluate_assistant(assistant: FaqAssistant, questions: list[str], faq_ids: list[int] | np.ndarray) -> dict[str, float]:
    """Top-1 and top-3 accuracy, and the share handed over with the accuracy of the rest, on labelled questions."""
    ids, confidences = assistant.rank(list(questions), k=3)
    truth = np.asarray(faq_ids)
    top1 = ids[:, 0] == truth
    answered = confidences[:, 0] >= assistant.handover_threshold
    return {
        "top1_accuracy": float(top1.mean()),
        "top3_accuracy": float((ids == truth[:, None]).any(axis=1).mean()),
        "handover_share": float(1 - answered.mean()),
        "answered_accuracy": float(top1[answered].mean()) if answered.any() else float("nan"),
        "questions": int(len(truth)),
    }
