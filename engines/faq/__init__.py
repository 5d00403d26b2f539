"""Smart customer service: a FAQ assistant with offline MiniLM semantic retrieval, TF-IDF as fallback and
baseline, a confidence with a hand-over-to-a-person threshold, and a language check.

Names are imported on first use, so showing an answer (`FaqAnswer`) needs neither torch nor scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "FaqAssistant": "assistant", "evaluate_assistant": "assistant",
    "METHODS": "answer", "FaqAnswer": "answer",
    "SentenceEmbedder": "embedding",
    "guess_language": "language", "is_english": "language",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'engines.faq' has no attribute {name!r}")
    return getattr(importlib.import_module(f"engines.faq.{_WHERE[name]}"), name)
