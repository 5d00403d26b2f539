"""The opening panel's figures: revenue and conversion by channel, conversion by device, and what each
segment buys (the E-commerce page's k = 4 RFM segments joined to purchases by category)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.data import marketing_queries as queries
from dashboard.ecommerce import page_data as ecommerce_data

SEGMENTS = 4  # the E-commerce page's default


@st.cache_data(max_entries=1, show_spinner=False)
def channel_figures(_db: SessionDatabase) -> dict[str, pd.DataFrame]:
    """Channels and devices of the shipped store (the same for every session)."""
    return {"channels": queries.channel_performance(_db), "devices": queries.device_performance(_db)}


def store_conversion(channels: pd.DataFrame) -> float:
    """Orders per session over the whole store: the baseline each channel is compared with."""
    return float(channels["orders"].sum() / max(channels["sessions"].sum(), 1))


def best_channel(channels: pd.DataFrame) -> pd.Series:
    """The channel with the highest conversion among those with at least 5% of the customers."""
    large = channels[channels["customers"] >= 0.05 * channels["customers"].sum()]
    return large.sort_values("conversion", ascending=False).iloc[0]


@st.cache_data(max_entries=2, show_spinner=False)
def segment_category_shares(_db: SessionDatabase, language: str = "en") -> pd.DataFrame:
    """Per segment and category: `spend` and `share` of the segment's spend; segment names in ``language``."""
    segmented, _ = ecommerce_data.segments(_db, SEGMENTS, language)
    spend = queries.customer_category_spend(_db).merge(segmented[["customer_id", "segment"]], on="customer_id")
    table = spend.groupby(["segment", "category"], as_index=False)["spend"].sum()
    table["share"] = table["spend"] / table.groupby("segment")["spend"].transform("sum")
    return table


def segment_favourites(shares: pd.DataFrame) -> pd.DataFrame:
    """Each segment's top category and its share of the segment's spend."""
    top = shares.sort_values("share", ascending=False).drop_duplicates("segment")
    return top[["segment", "category", "share"]].reset_index(drop=True)
