"""Smart customer service: a FAQ assistant with offline MiniLM semantic retrieval, TF-IDF as fallback and
baseline, a confidence with a hand-over-to-a-person threshold, and a language check.

Names are imported on first use, so showing an answer (`FaqAnswer`) needs neither torch nor scikit-learn.
"""

from __future__ import annotations

from engines.lazy_exports import lazy_exports

_WHERE = {
    "FaqAssistant": "assistant", "evaluate_assistant": "assistant",
    "METHODS": "answer", "FaqAnswer": "answer",
    "SentenceEmbedder": "embedding",
    "guess_language": "language", "is_english": "language",
}
__getattr__, __all__ = lazy_exports("engines.faq", _WHERE)
