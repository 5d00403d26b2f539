"""Home page of the AIGC Business Lab: what the lab shows, headline figures from the sample data, the pages."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.headlines import headline_figures, lab_findings
from dashboard.i18n import number, t
from dashboard.navigation import available_pages, group_label, page_label, page_summary
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database, work_store

setup_page("Home")
st.title("AIGC Business Lab")
st.markdown(t("home.lead"))

models = st.columns(3)
models[0].markdown(t("home.model.gan"))
models[1].markdown(t("home.model.vae"))
models[2].markdown(t("home.model.sequence"))

st.subheader(t("home.findings.title"))
st.caption(t("home.findings.caption"))
with explained_errors(t("action.reading_shipped_results")):
    st.markdown("\n".join(t("home.findings.line", demo=finding.demo, text=finding.text)
                          for finding in lab_findings()))

st.subheader(t("home.figures.title"))
st.caption(t("home.figures.caption"))
with explained_errors(t("action.computing_headline_figures")):
    figures = headline_figures(session_database())
    for row_start in range(0, len(figures), 3):
        for slot, figure in zip(st.columns(3), figures[row_start : row_start + 3]):
            with slot.container(border=True):
                st.metric(t("home.figures.metric", dataset=figure.dataset, label=figure.label), figure.value)
                st.caption(figure.note)

st.subheader(t("home.pages.title"))
for page in available_pages():
    if page.script == "streamlit_app.py":
        continue
    link, summary = st.columns([1, 3], vertical_alignment="center")
    link.page_link(page.script, label=page_label(page), icon=page.icon)
    summary.markdown(f"{page_summary(page)}  \n:gray[{group_label(page.group)}]")

st.subheader(t("home.glossary.title"))
st.caption(t("home.glossary.caption"))
glossary_section(expanded=False)

st.info(t("home.privacy", hours=number(work_store().retention_seconds / 3600, decimals=0)), icon=":material/lock:")
