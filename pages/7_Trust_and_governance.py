"""Trust & governance: model cards, explanations, fairness, differential privacy, provenance and compute, with a
transparency report to download; everything from shipped, precomputed results."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.i18n import t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.trust import views

setup_page("Trust & governance")
st.title(t("trust.title"))
st.caption(t("trust.caption"))

with explained_errors(t("trust.action.headline")):
    for column, (label, value, sentence) in zip(st.columns(4), views.headline_figures()):
        with column.container(border=True, height="stretch"):
            st.metric(label, value)
            st.caption(sentence)

# Only the open tab is drawn (the others run when opened), so the page opens with one tab's charts to render.
tabs = st.tabs(views.tab_labels(), key="trust_tab", on_change="rerun")
sections = [(views.show_model_cards, "cards"), (views.show_explanations, "explanations"),
            (views.show_fairness, "fairness"), (views.show_privacy, "privacy"),
            (views.show_provenance, "provenance"), (views.show_compute, "compute"), (views.show_report, "report")]
for tab, (show, name) in zip(tabs, sections):
    if tab.open:
        with tab:
            st.subheader(t(f"trust.section.{name}"))
            with explained_errors(t(f"trust.action.{name}")):
                show()

glossary_section(["Model card", "SHAP value", "Log-odds", "Local accuracy", "Selection rate",
                  "Demographic parity difference", "Equalised odds difference", "Bootstrap interval",
                  "ThresholdOptimizer", "PR-AUC", "Differential privacy", "Epsilon", "Delta", "DP-SGD",
                  "Membership-inference AUC", "Quality score", "ML efficacy", "Watermark z-score", "p-value",
                  "Energy estimate"])
