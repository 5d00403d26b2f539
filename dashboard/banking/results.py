"""Shipped results and models of the banking page, read once per process and shared read-only by sessions.

They are built by ``python -m sample_data.checkpoints.build_bank``; a missing file gives a message saying so
(`ShippedResultsMissing`, shown by the page), never a traceback."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import streamlit as st

from engines.anomaly import RiskWarningReport, TabularAutoencoder
from engines.errors import EngineError
from engines.faq import FaqAssistant, SentenceEmbedder
from engines.product_suitability import ProductRecommender
from engines.rebalancing import RebalancingReport

CHECKPOINTS = Path(__file__).resolve().parents[2] / "sample_data" / "checkpoints" / "bank"
REBUILD = "python -m sample_data.checkpoints.build_bank"


class ShippedResultsMissing(EngineError):
    """A precomputed result or model of the banking page is not on disk."""


def _read_json(name: str) -> dict:
    path = CHECKPOINTS / name
    if not path.is_file():
        raise ShippedResultsMissing(f"The shipped result {name} is missing; rebuild it with `{REBUILD}`.")
    return json.loads(path.read_text("utf-8"))


@st.cache_data(max_entries=4, show_spinner=False)
def comparison(scenario: str) -> RebalancingReport:
    """The shipped rebalancing comparison: scenario "fraud" or "credit"."""
    data = _read_json(f"{scenario}_comparison.json")
    data.pop("generator_params", None)
    return RebalancingReport.from_dict(data)


@st.cache_data(max_entries=2, show_spinner=False)
def risk_report() -> tuple[RiskWarningReport, dict]:
    """The shipped risk-warning report and the autoencoder's training summary."""
    data = _read_json("risk_report.json")
    training = data.pop("training", {})
    return RiskWarningReport.from_dict(data), training


@st.cache_data(max_entries=2, show_spinner=False)
def product_results() -> dict:
    """Recall@5 of the recommenders on held-out holdings."""
    return _read_json("products.json")


@st.cache_data(max_entries=2, show_spinner=False)
def faq_results() -> dict:
    """Accuracy and latency of the FAQ assistant and its TF-IDF baseline on the paraphrase set."""
    return _read_json("faq.json")


@st.cache_resource(show_spinner=False)
def recommender() -> ProductRecommender:
    """The shipped product recommender."""
    if not (CHECKPOINTS / "recommender").is_dir():
        raise ShippedResultsMissing(f"The shipped product recommender is missing; rebuild it with `{REBUILD}`.")
    return ProductRecommender.load(CHECKPOINTS / "recommender")


@st.cache_resource(show_spinner=False)
def autoencoder() -> TabularAutoencoder:
    """The shipped transaction autoencoder."""
    if not (CHECKPOINTS / "autoencoder").is_dir():
        raise ShippedResultsMissing(f"The shipped autoencoder is missing; rebuild it with `{REBUILD}`.")
    return TabularAutoencoder.load(CHECKPOINTS / "autoencoder", device="cpu")


@st.cache_resource(show_spinner=False)
def faq_embedder() -> SentenceEmbedder:
    """One MiniLM for the whole app, warmed up in a background thread so the page never waits for it."""
    embedder = SentenceEmbedder()
    threading.Thread(target=_warm_up, args=(embedder,), name="minilm-warm-up", daemon=True).start()
    return embedder


def _warm_up(embedder: SentenceEmbedder) -> None:
    try:
        embedder.load()
    except EngineError:
        pass  # the assistant falls back to TF-IDF and says why


@st.cache_resource(show_spinner=False)
def faq_assistants() -> tuple[FaqAssistant, FaqAssistant]:
    """The semantic assistant (shipped FAQ embeddings + the shared MiniLM) and its TF-IDF twin."""
    if not (CHECKPOINTS / "faq_assistant").is_dir():
        raise ShippedResultsMissing(f"The shipped FAQ index is missing; rebuild it with `{REBUILD}`.")
    semantic = FaqAssistant.load(CHECKPOINTS / "faq_assistant", embedder=faq_embedder())
    return semantic, semantic.as_tfidf()
