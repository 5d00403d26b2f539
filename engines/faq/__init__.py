"""Smart customer service: a FAQ assistant with offline MiniLM semantic retrieval, TF-IDF as fallback and baseline,
a confidence with a hand-over-to-a-person threshold, and a language check."""

from engines.faq.assistant import METHODS, FaqAnswer, FaqAssistant, evaluate_assistant
from engines.faq.embedding import SentenceEmbedder
from engines.faq.language import guess_language, is_english

__all__ = ["METHODS", "FaqAnswer", "FaqAssistant", "SentenceEmbedder", "evaluate_assistant", "guess_language",
           "is_english"]
