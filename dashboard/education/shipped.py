"""The shipped knowledge-tracing models and precomputed results (built by `python -m dashboard.education.build`),
loaded once per server and shared read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.shipped import ShippedResults

if TYPE_CHECKING:
    from engines.sequence.knowledge_tracing import KnowledgeTracer

SHIPPED = ShippedResults("education", "education", "dashboard.education.build", "about a minute")
MODEL_KEYS = ("dkt", "bkt", "logistic")


@st.cache_resource(show_spinner=False)
def shipped_models() -> dict[str, KnowledgeTracer]:
    """DKT, BKT and the logistic model trained on 80% of the simulated students, keyed dkt / bkt / logistic."""
    from engines.sequence.knowledge_tracing import KnowledgeTracer

    return {key: KnowledgeTracer.load(SHIPPED.path(key)) for key in MODEL_KEYS}


@st.cache_data(show_spinner=False, max_entries=1)
def shipped_results() -> dict:
    """The held-out comparison written at build time (see the build script's docstring)."""
    return SHIPPED.json("results.json")


@st.cache_data(show_spinner=False, max_entries=1)
def class_mastery() -> pd.DataFrame:
    """DKT's current mastery of every student on every skill: student_id, cluster, skill_id, mastery."""
    return SHIPPED.parquet("class_mastery.parquet")

