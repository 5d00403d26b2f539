"""Shipped results and models of the banking page, read once per process and shared read-only by sessions.

Everything the page shows on opening is JSON or Parquet read without torch or scikit-learn, so it appears at
once. The FAQ assistant (scikit-learn TF-IDF, torch and the MiniLM model) is loaded by a background thread
started when the page first opens; a question asked before it is ready waits for it with a spinner. The files
are built by ``python -m dashboard.banking.build``; a missing file gives a message saying so, never a
traceback."""

from __future__ import annotations

import logging
import threading

import pandas as pd
import streamlit as st

from dashboard.shipped import ShippedResults
from engines.anomaly.features import FEATURE_LABELS as FRAUD_FEATURE_LABELS
from engines.anomaly.report import RiskWarningReport
from engines.errors import EngineError
from engines.rebalancing.report import RebalancingReport

SHIPPED = ShippedResults("bank", "banking", "dashboard.banking.build")
logger = logging.getLogger("aigc_lab.banking")
__all__ = ["FRAUD_FEATURE_LABELS", "SHIPPED", "AssistantLoader", "assistant_loader", "chinese_assistant",
           "chinese_faq_examples", "comparison", "faq_chinese_results", "faq_results", "oversampling_dose",
           "product_results", "product_scores", "risk_report"]


@st.cache_data(max_entries=4, show_spinner=False)
def comparison(scenario: str) -> RebalancingReport:
    """The shipped rebalancing comparison: scenario "fraud" or "credit"."""
    data = SHIPPED.json(f"{scenario}_comparison.json")
    data.pop("generator_params", None)
    return RebalancingReport.from_dict(data)


@st.cache_data(max_entries=2, show_spinner=False)
def oversampling_dose() -> list[dict]:
    """PR-AUC change vs no rebalancing at smaller oversampling doses (empty when not built)."""
    if not SHIPPED.has("oversampling_dose.json"):
        return []
    return SHIPPED.json("oversampling_dose.json")["records"]


@st.cache_data(max_entries=2, show_spinner=False)
def risk_report() -> tuple[RiskWarningReport, dict]:
    """The shipped risk-warning report and the autoencoder's training summary."""
    data = SHIPPED.json("risk_report.json")
    training = data.pop("training", {})
    return RiskWarningReport.from_dict(data), training


@st.cache_data(max_entries=2, show_spinner=False)
def product_results() -> dict:
    """Recall@5 of the recommenders on held-out holdings."""
    return SHIPPED.json("products.json")


@st.cache_data(max_entries=2, show_spinner=False)
def product_scores() -> pd.DataFrame:
    """The shipped recommender's score of every product for the customers the page offers."""
    return SHIPPED.parquet("product_scores.parquet")


@st.cache_data(max_entries=2, show_spinner=False)
def faq_results() -> dict:
    """Accuracy and latency of the FAQ assistant and its TF-IDF baseline on the paraphrase set."""
    return SHIPPED.json("faq.json")


@st.cache_data(max_entries=2, show_spinner=False)
def faq_chinese_results() -> dict:
    """Accuracy and latency of the Chinese FAQ assistant (BM25) on the held-out Chinese paraphrases (empty when
    not built)."""
    return SHIPPED.json("faq_zh.json") if SHIPPED.has("faq_zh.json") else {}


@st.cache_resource(show_spinner=False)
def chinese_assistant():
    """The Chinese FAQ assistant: BM25 over jieba words and character pairs, indexed from the Chinese FAQ
    (sample_data/bank_faq_zh.py) in a second or two on first use, then shared by every session."""
    from engines.faq import FaqAssistant  # noqa: PLC0415
    from sample_data.bank_faq_zh import chinese_faq_tables  # noqa: PLC0415

    return FaqAssistant("bm25", language="zh").fit(chinese_faq_tables()[0])


@st.cache_data(max_entries=2, show_spinner=False)
def chinese_faq_examples(limit: int = 8) -> list[str]:
    """A few Chinese customer rewordings to suggest as example questions (every 29th, as for English)."""
    from sample_data.bank_faq_zh import chinese_faq_tables  # noqa: PLC0415

    return chinese_faq_tables()[1]["question"].iloc[1::29].head(limit).tolist()


class AssistantLoader:
    """Loads the FAQ assistants in a daemon thread: TF-IDF first (a second), then MiniLM (a few seconds)."""

    def __init__(self) -> None:
        self.tfidf = None
        self.semantic = None
        self.error: str | None = None
        self._tfidf_ready = threading.Event()
        self._semantic_ready = threading.Event()
        threading.Thread(target=self._load, name="faq-assistant-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            from engines.faq import FaqAssistant

            semantic = FaqAssistant.load(SHIPPED.path("faq_assistant"))
            self.tfidf = semantic.as_tfidf()
            self._tfidf_ready.set()
            if semantic.method_used_ == "semantic":
                semantic.embedder_.load()
            self.semantic = semantic
        except EngineError as error:
            self.error = str(error)
        except Exception as error:  # noqa: BLE001 - a loader thread must not die silently
            logger.exception("Loading the FAQ assistant failed")
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self._tfidf_ready.set()
            self._semantic_ready.set()

    @property
    def semantic_ready(self) -> bool:
        """Whether the semantic assistant can answer now."""
        return self._semantic_ready.is_set() and self.semantic is not None

    def wait(self, timeout_seconds: float) -> None:
        """Wait until the semantic assistant is ready (or failed), at most `timeout_seconds`."""
        self._tfidf_ready.wait(timeout_seconds)
        self._semantic_ready.wait(timeout_seconds)


@st.cache_resource(show_spinner=False)
def assistant_loader() -> AssistantLoader:
    """The process-wide FAQ assistant loader (started on first call)."""
    return AssistantLoader()
