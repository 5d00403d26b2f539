"""Home page of the AIGC Business Lab: what the lab shows, headline figures from the sample data, the pages."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.headlines import headline_figures, lab_findings
from dashboard.navigation import available_pages
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database, work_store

setup_page("Home")
st.title("AIGC Business Lab")
st.markdown(
    "**See what generative AI does for a business, on data you can inspect, on this computer.** "
    "Generative models learn how a business's data *behave* — who buys what, which transactions are unusual, "
    "how students learn — and then produce new data from that knowledge: realistic synthetic customers, "
    "product recommendations, product descriptions, warnings, learning plans."
)

models = st.columns(3)
models[0].markdown(
    "#### :material/compare_arrows: GANs\nTwo networks compete: one invents table rows, the other tries to spot "
    "the fakes. The result: synthetic data that can be shared and used to train models without exposing real customers."
)
models[1].markdown(
    "#### :material/compress: VAEs\nA network squeezes each record into a few numbers and learns to rebuild it. "
    "What it rebuilds badly is unusual (risk warnings); what it rebuilds from a customer's history is what they may want next."
)
models[2].markdown(
    "#### :material/timeline: Sequence models\nA network reads events in order — clicks, answers, words — and "
    "predicts the next one: a student's next answer, the next word of a product description."
)

st.subheader("What the lab found")
st.caption("One finding per demo, each against the baseline a business would use instead, read from the results "
           "shipped with the lab (the same words as the top of each page, where the detail is).")
with explained_errors("reading the shipped results"):
    st.markdown("\n".join(f"- **{finding.demo}.** {finding.text}" for finding in lab_findings()))

st.subheader("The sample data at a glance")
st.caption("Computed just now from the shipped datasets. All of them are **simulated**: no real person is in them.")
with explained_errors("computing the headline figures"):
    figures = headline_figures(session_database())
    for row_start in range(0, len(figures), 3):
        for slot, figure in zip(st.columns(3), figures[row_start : row_start + 3]):
            with slot.container(border=True):
                st.metric(f"{figure.dataset} · {figure.label}", figure.value)
                st.caption(figure.note)

st.subheader("Where to go")
for page in available_pages():
    if page.script == "streamlit_app.py":
        continue
    link, summary = st.columns([1, 3], vertical_alignment="center")
    link.page_link(page.script, label=page.label, icon=page.icon)
    summary.markdown(f"{page.summary}  \n:gray[{page.group}]")

st.subheader("Glossary")
st.caption("Every technical word the lab uses, in plain words. Each page lists its own at the bottom, and hovering "
           "a metric or a column title explains it where it appears.")
glossary_section(expanded=False)

st.info(
    "Everything runs locally: no internet connection is used. Files you upload and models you train stay on this "
    "computer, reachable only through this page's private address, and are deleted "
    f"{work_store().retention_seconds / 3600:.0f} hours after their last use.",
    icon=":material/lock:",
)
