"""Trust & governance: model cards, explanations, fairness, differential privacy, provenance and compute, with a
transparency report to download; everything from shipped, precomputed results."""

import streamlit as st

from dashboard.page_setup import explained_errors, setup_page
from dashboard.trust import views
from dashboard.trust.terms import trust_glossary

setup_page("Trust & governance")
st.title("Trust & governance: every model explained, checked for bias, private where it matters, and costed")
st.caption(
    "The answers a risk committee, a regulator or a school board asks for before adopting a model: what it is "
    "for, why it decided, whom it treats differently, what it can leak, who made a piece of content and what it "
    "costs. All results are precomputed on the shipped **simulated** data; nothing leaves this computer."
)

with explained_errors("reading the shipped trust results"):
    for column, (label, value, sentence) in zip(st.columns(4), views.headline_figures()):
        with column.container(border=True, height="stretch"):
            st.metric(label, value)
            st.caption(sentence + ".")

cards_tab, explain_tab, fairness_tab, privacy_tab, provenance_tab, compute_tab, report_tab = st.tabs([
    ":material/badge: Model cards", ":material/insights: Explanations", ":material/balance: Fairness",
    ":material/shield_lock: Privacy", ":material/verified: Provenance", ":material/bolt: Compute & cost",
    ":material/download: Transparency report",
])
with cards_tab:
    st.subheader("A fact sheet for every model the lab ships")
    with explained_errors("showing the model cards"):
        views.show_model_cards()
with explain_tab:
    st.subheader("Why a case was flagged: SHAP explanations that add up exactly")
    with explained_errors("showing the explanations"):
        views.show_explanations()
with fairness_tab:
    st.subheader("Whom the credit decision treats differently, and what evening it out costs")
    with explained_errors("showing the fairness results"):
        views.show_fairness()
with privacy_tab:
    st.subheader("Differential privacy for synthetic data: the measured price of a guarantee")
    with explained_errors("showing the privacy results"):
        views.show_privacy()
with provenance_tab:
    st.subheader("Was this made here? Text watermark and image check")
    with explained_errors("checking the text"):
        views.show_provenance()
with compute_tab:
    st.subheader("What each model costs to train and run")
    with explained_errors("showing the compute figures"):
        views.show_compute()
with report_tab:
    st.subheader("One file for the auditor")
    with explained_errors("preparing the transparency report"):
        views.show_report()

trust_glossary()
