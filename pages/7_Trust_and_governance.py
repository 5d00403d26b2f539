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

# Only the open tab is drawn (the others run when opened), so the page opens with one tab's charts to render.
tabs = st.tabs(views.TAB_LABELS, key="trust_tab", on_change="rerun")
sections = [
    ("A fact sheet for every model the lab ships", "showing the model cards", views.show_model_cards),
    ("Why a case was flagged: SHAP explanations that add up exactly", "showing the explanations",
     views.show_explanations),
    ("Whom the credit decision treats differently, and what evening it out costs", "showing the fairness results",
     views.show_fairness),
    ("Differential privacy for synthetic data: the measured price of a guarantee", "showing the privacy results",
     views.show_privacy),
    ("Was this made here? Text watermark and image check", "checking the text", views.show_provenance),
    ("What each model costs to train and run", "showing the compute figures", views.show_compute),
    ("One file for the auditor", "preparing the transparency report", views.show_report),
]
for tab, (title, action, show) in zip(tabs, sections):
    if tab.open:
        with tab:
            st.subheader(title)
            with explained_errors(action):
                show()

trust_glossary()
