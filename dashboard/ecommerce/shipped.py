"""The E-commerce page's shipped models and precomputed results (built by `python -m dashboard.ecommerce.build`).
Reading the results needs no torch, so the page shows them at once; the models are loaded only when someone
asks for new copy or trains on their own log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.shipped import ShippedResults

if TYPE_CHECKING:
    from engines.sequence.copywriter import CopyWriter
    from engines.sequence.copywriter_zh import ChineseCopyWriter

SHIPPED = ShippedResults("ecommerce", "E-commerce", "dashboard.ecommerce.build", "about a minute")


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_results() -> dict:
    """results.json: the recommender leaderboard, the copy generator's metrics and the settings used."""
    return SHIPPED.json("results.json")


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_recommendations() -> pd.DataFrame:
    """Every active customer's top-10 products from the shipped Mult-VAE, with why-products and true ranks."""
    return SHIPPED.parquet("recommendations.parquet")


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_copy() -> pd.DataFrame:
    """Three generated copy variants per catalogue product, with checks and provenance."""
    return SHIPPED.parquet("product_copy.parquet")


@st.cache_resource(show_spinner="Loading the copy generator ...")
def copywriter() -> CopyWriter:
    """The shipped product-copy generator (shared by every session, read-only)."""
    from engines.sequence.copywriter import CopyWriter
    from engines.sequence.copywriter_zh import ChineseCopyWriter

    return CopyWriter.load(SHIPPED.path("copywriter"))


@st.cache_data(max_entries=1, show_spinner=False)
def chinese_copy_results() -> dict:
    """copywriter_zh_results.json: the Chinese copy writer's held-out checks (``python -m
    dashboard.ecommerce.build_copy_zh``)."""
    return SHIPPED.json("copywriter_zh_results.json")


@st.cache_resource(show_spinner=False)
def chinese_copywriter() -> ChineseCopyWriter:
    """The shipped Chinese product-copy generator (shared by every session, read-only): the Content tab uses it
    when the page is shown in Chinese, with sample_data.ecommerce_copy_zh.chinese_attributes for a product."""
    from engines.sequence.copywriter_zh import ChineseCopyWriter

    return ChineseCopyWriter.load(SHIPPED.path("copywriter_zh"))


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_copy_zh() -> pd.DataFrame:
    """Three generated Chinese copy variants per catalogue product, with checks and provenance."""
    return SHIPPED.parquet("product_copy_zh.parquet")


def shipped_copy_for(language: str) -> pd.DataFrame:
    """The shipped copy variants in ``language`` ("zh": Chinese, otherwise English)."""
    return shipped_copy_zh() if language == "zh" else shipped_copy()
