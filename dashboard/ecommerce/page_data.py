"""Cached inputs of the E-commerce page. The shipped store is the same for every session, so its queries are
cached once for all (the session database argument is left out of the cache key by its leading underscore)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.data import ecommerce_queries as queries
from dashboard.ecommerce.segments import segment_customers, segment_profiles


@st.cache_data(max_entries=1, show_spinner=False)
def store_overview(_db: SessionDatabase) -> dict:
    """KPIs, monthly trend, funnel and top categories of the shipped store."""
    return {"kpis": queries.store_kpis(_db), "trend": queries.monthly_trend(_db),
            "funnel": queries.funnel(_db),
            "categories": queries.top_categories(_db)}


@st.cache_data(max_entries=2, show_spinner=False)
def cohorts(_db: SessionDatabase, activity: str) -> pd.DataFrame:
    """Monthly cohort retention by `activity` ("orders" or "visits")."""
    return queries.cohort_retention(_db, activity)


@st.cache_data(max_entries=16, show_spinner=False)
def segments(_db: SessionDatabase, k: int, language: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(customers with their segment, segment profiles) for `k` k-means segments of RFM features; segment names
    in ``language``."""
    segmented = segment_customers(queries.rfm_features(_db), k=k, seed=0)
    return segmented, segment_profiles(segmented)


@st.cache_data(max_entries=1, show_spinner=False)
def catalogue(_db: SessionDatabase) -> pd.DataFrame:
    """The product catalogue."""
    return queries.catalogue(_db)


@st.cache_data(max_entries=1, show_spinner=False)
def pickable_customers(_db: SessionDatabase) -> pd.DataFrame:
    """The most active customers, for the customer picker."""
    return queries.active_customers(_db)


@st.cache_data(max_entries=64, show_spinner=False)
def customer_history(_db: SessionDatabase, customer_id: int) -> pd.DataFrame:
    """One customer's products and what they did with them."""
    return queries.customer_history(_db, customer_id)


def event_values(db: SessionDatabase, sql_name: str, column: str) -> list:
    """The most frequent values of an event column."""
    return [str(value) for value in queries.distinct_values(db, sql_name, column)]
