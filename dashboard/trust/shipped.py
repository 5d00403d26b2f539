"""Shipped results of the Trust & governance page, read once per process and shared read-only by sessions.
Everything here is JSON or Parquet: the page opens without importing torch, shap, fairlearn or opacus."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.shipped import ShippedResults

SHIPPED = ShippedResults("trust", "Trust & governance", "dashboard.trust.build", "about 15 minutes")


@st.cache_data(max_entries=8, show_spinner=False)
def results(name: str) -> dict:
    """One shipped JSON file: "explanations", "fairness", "privacy", "watermark", "model_cards", "build_info"."""
    return SHIPPED.json(f"{name}.json")


@st.cache_data(max_entries=2, show_spinner=False)
def shap_values(scenario: str) -> pd.DataFrame:
    """The shipped SHAP values of "credit" or "fraud" test rows (columns shap__<feature>, value__<feature>)."""
    return SHIPPED.parquet(f"shap_{scenario}.parquet")


def has(name: str) -> bool:
    """Whether a shipped file exists (parts can be rebuilt separately)."""
    return SHIPPED.has(name)
