"""The FAQ assistant: find the FAQ entry a customer's question is about, answer with it, or hand over to a person.

Two ways of matching, one protocol (`fit(faq)`, `answer(question)`, `rank(questions)`, `save`/`load`):
- "semantic": the question and every FAQ entry are embedded with offline MiniLM; an entry is scored by the best
  cosine similarity of the question to the entry's question alone and to its question with its answer.
- "tfidf": word and word-pair TF-IDF cosine (the classic search baseline, and the fallback when the embedding
  model is missing).
Confidence is a softmax of the similarities over all entries (a share of belief, 0..1): when the best entry gets
less than `handover_threshold`, the assistant says it will hand the question to a colleague and lists its best
guesses. Empty questions, questions in another language and very long questions are answered gracefully.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from engines.errors import EngineError, InvalidDataError, InvalidParameterError, NotFittedError
from engines.faq.embedding import SentenceEmbedder
from engines.faq.language import guess_language

# scikit-learn and torch are imported where used, so `FaqAnswer` and the module load instantly.
METHODS = {"semantic": "Semantic (MiniLM embeddings)", "tfidf": "TF-IDF word matching"}
TEMPERATURES = {"semantic": 0.05, "tfidf": 0.05}
ANSWERED, HANDOVER, EMPTY, OTHER_LANGUAGE = "answered", "handover", "empty", "other_language"


@dataclass
class FaqAnswer:
    """The assistant's reply to one question."""

    question: str
    status: str  # answered | handover | empty | other_language
    message: str
    faq_id: int | None = None
    matched_question: str | None = None
    answer: str | None = None
    topic: str | None = None
    confidence: float = 0.0
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    method: str = ""
    latency_ms: float = 0.0
    notes: list[str] = field(default_factory=list)


class FaqAssistant:
    """Retrieval FAQ assistant (see the module docstring). Learned attributes end with `_`."""

    name = "faq_assistant"

    def __init__(
        self,
        method: str = "semantic",
        handover_threshold: float = 0.4,
        max_question_chars: int = 500,
        fallback: bool = True,
        embedder: SentenceEmbedder | None = None,
    ) -> None:
        self.method = method
        self.handover_threshold = handover_threshold
        self.max_question_chars = max_question_chars
        self.fallback = fallback
        self.embedder = embedder

    # ------------------------------------------------------------------------------------------------ fit
    def fit(self, faq: pd.DataFrame) -> FaqAssistant:
        """Index the FAQ table (columns faq_id, question, answer; topic optional); returns self.

        With method "semantic" and `fallback`, a missing or broken embedding model switches to TF-IDF and says so
        in `fallback_reason_`.
        """
        self._check_params()
        self.faq_ = _check_faq(faq)
        self.method_used_, self.fallback_reason_ = self.method, None
        self._fit_tfidf()
        if self.method == "semantic":
            try:
                self.embedder_ = (self.embedder or SentenceEmbedder()).load()
                documents = list(self.faq_["question"]) + list(self.faq_["question"] + " " + self.faq_["answer"])
                self.document_vectors_ = self.embedder_.encode(documents)
            except EngineError as error:
                if not self.fallback:
                    raise
                self.method_used_, self.fallback_reason_ = "tfidf", str(error)
        return self

    def _check_params(self) -> None:
        if self.method not in METHODS:
            raise InvalidParameterError(f"method must be one of {list(METHODS)}; got {self.method!r}.")
        if not 0.0 <= self.handover_threshold <= 1.0:
            raise InvalidParameterError(f"handover_threshold must be between 0 and 1; got {self.handover_threshold!r}.")
        if not isinstance(self.max_question_chars, int) or self.max_question_chars < 20:
            raise InvalidParameterError(f"max_question_chars must be a whole number of at least 20; got {self.max_question_chars!r}.")

    def _fit_tfidf(self) -> None:
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
                             method=method)
        notes = []
        if len(text) > self.max_question_chars:
            notes.append(f"Your question is long; only its first {self.max_question_chars} characters were read.")
            text = text[: self.max_question_chars]
        language = guess_language(text)
        if language not in ("English", "unknown"):
            shown = "a non-Latin script" if language == "another script" else language
            return FaqAnswer(
                text, OTHER_LANGUAGE,
                f"Your question seems to be written in {shown}. This assistant answers in English only, so I am "
                "passing it to a colleague who will reply to you. You can also ask again in English.",
                method=method, latency_ms=(time.perf_counter() - started) * 1000, notes=notes,
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
                notes=notes,
            )
        entry = entries.loc[best_id]
        return FaqAnswer(
            text, ANSWERED, str(entry["answer"]), faq_id=best_id, matched_question=str(entry["question"]),
            answer=str(entry["answer"]), topic=str(entry.get("topic", "")) or None, confidence=best_confidence,
            alternatives=alternatives[1:], method=method, latency_ms=latency_ms, notes=notes,
        )

    # ----------------------------------------------------------------------------------------- save/load
    def save(self, path: str | Path) -> Path:
        """Write the FAQ and its embeddings to a model folder (JSON + safetensors); the MiniLM weights are not
        copied: they stay in their package."""
        import torch

        from engines.core.persistence import save_model_folder

        self._check_fitted()
        config = {"params": {"method": self.method, "handover_threshold": self.handover_threshold,
                             "max_question_chars": self.max_question_chars, "fallback": self.fallback},
                  "faq": self.faq_.to_dict("list"), "method_used": self.method_used_}
        tensors = {}
        if self.method_used_ == "semantic":
            tensors["document_vectors"] = torch.from_numpy(self.document_vectors_)
        return save_model_folder(path, kind=self.name, config=config, tensors=tensors)

    @classmethod
    def load(cls, path: str | Path, embedder: SentenceEmbedder | None = None) -> FaqAssistant:
        """Load a saved assistant; the embedding model itself loads on the first question (or `embedder.load()`)."""
        from engines.core.persistence import load_model_folder

        config, tensors = load_model_folder(path, expected_kind=cls.name)
        self = cls(**config["params"], embedder=embedder)
        self.faq_ = _check_faq(pd.DataFrame(config["faq"]))
        self.method_used_, self.fallback_reason_ = config["method_used"], None
        self._fit_tfidf()
        if self.method_used_ == "semantic":
            self.embedder_ = embedder or SentenceEmbedder()
            self.document_vectors_ = tensors["document_vectors"].numpy()
        return self

    def as_tfidf(self) -> FaqAssistant:
        """A TF-IDF assistant over the same FAQ (no model to load): the fallback while MiniLM warms up."""
        self._check_fitted()
        twin = FaqAssistant("tfidf", self.handover_threshold, self.max_question_chars, fallback=False)
        return twin.fit(self.faq_)

    @property
    def is_fitted(self) -> bool:
        """Whether `fit` or `load` has run."""
        return hasattr(self, "faq_")

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError("The FAQ assistant has no FAQ yet: call fit(faq) or load a saved assistant.")


def _check_faq(faq: pd.DataFrame) -> pd.DataFrame:
    needed = ["faq_id", "question", "answer"]
    if not isinstance(faq, pd.DataFrame) or any(c not in faq.columns for c in needed):
        raise InvalidDataError(f"The FAQ table needs the columns {needed}.")
    faq = faq[[c for c in ["faq_id", "topic", "question", "answer"] if c in faq.columns]].dropna(subset=needed)
    if faq.empty:
        raise InvalidDataError("The FAQ table has no complete entries (question and answer).")
    if faq["faq_id"].duplicated().any():
        raise InvalidDataError("faq_id must be unique in the FAQ table.")
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
