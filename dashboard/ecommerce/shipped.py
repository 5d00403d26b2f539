"""The E-commerce page's shipped models and precomputed results (built by
`python -m sample_data.checkpoints.build_ecommerce`). Reading the results needs no torch, so the page shows
them at once; the models are loaded only when someone asks for new copy or trains on their own log."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from engines.errors import ModelFileError
from sample_data.catalog import SAMPLE_DATA_DIR

CHECKPOINT_DIR = SAMPLE_DATA_DIR / "checkpoints" / "ecommerce"
BUILD_COMMAND = "python -m sample_data.checkpoints.build_ecommerce"


def _require(name: str):
    path = CHECKPOINT_DIR / name
    if not path.exists():
        raise ModelFileError(
            f"The shipped E-commerce results are missing ({path.name} in {CHECKPOINT_DIR}). Rebuild them "
            f"with `{BUILD_COMMAND}` (about a minute)."
        )
    return path


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_results() -> dict:
    """results.json: the recommender leaderboard, the copy generator's metrics and the settings used."""
    try:
        return json.loads(_require("results.json").read_text("utf-8"))
    except json.JSONDecodeError as error:
        message = f"results.json is damaged ({error}); rebuild it with `{BUILD_COMMAND}`."
        raise ModelFileError(message) from None


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_recommendations() -> pd.DataFrame:
    """Every active customer's top-10 products from the shipped Mult-VAE, with why-products and true ranks."""
    return pd.read_parquet(_require("recommendations.parquet"))


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_copy() -> pd.DataFrame:
    """Three generated copy variants per catalogue product, with checks and provenance."""
    return pd.read_parquet(_require("product_copy.parquet"))


@st.cache_resource(show_spinner="Loading the copy generator ...")
def copywriter():
    """The shipped product-copy generator (shared by every session, read-only)."""
    from engines.sequence.copywriter import CopyWriter

    return CopyWriter.load(_require("copywriter"))
