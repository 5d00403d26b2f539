"""What the FAQ assistant replies to one question (`FaqAnswer`): a plain dataclass, so the page can show
replies without loading the assistant's libraries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = {"semantic": "Semantic (MiniLM embeddings)", "tfidf": "TF-IDF word matching",
           "bm25": "BM25 over words and character pairs (Chinese)"}
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
    # The reply's wording as a message key and values (dashboard/locales), so a page shows it in the reader's
    # language; ``message`` is the English text for Python callers. None for an answer, whose text is the FAQ's.
    message_key: str | None = None
    message_values: dict[str, Any] = field(default_factory=dict)
