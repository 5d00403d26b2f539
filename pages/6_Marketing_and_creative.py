"""Marketing & creative: store marketing analytics, generated product pictures (design studio and restyling),
ad creatives per segment with provenance and a watermark check, and a campaign that learns which creative
works."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.marketing import shipped, views
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database

setup_page("Marketing & creative")
st.title("Marketing & creative: let the campaign learn which creative works")
st.caption("Product pictures here are **simulated** (drawn by a seeded renderer, not photos) and the generated "
           "ones are made by a small model trained on them on this computer; the store, its customers and the "
           "campaigns are simulated too.")

with explained_errors("reading the shipped results"):
    results = shipped.shipped_results()
    st.success(views.headline_sentence(results), icon=":material/insights:")

with explained_errors("computing the marketing figures"):
    views.analytics_panel()

tabs = st.tabs([":material/draw: Design studio", ":material/palette: Try another colour",
                ":material/ad_units: Ad creatives per segment", ":material/trending_up: Campaign that learns"])

with tabs[0], explained_errors("drawing designs"):
    views.design_studio(results)

with tabs[1], explained_errors("restyling the product"):
    catalogue_table = views.catalogue_table(session_database())
    views.restyle_section(results, catalogue_table)

with tabs[2], explained_errors("making the banners"):
    views.creatives_section(results, views.catalogue_table(session_database()))
    st.divider()
    with explained_errors("checking the picture"):
        views.provenance_check(results)

with tabs[3], explained_errors("simulating the campaign"):
    views.campaign_section(results, views.catalogue_table(session_database()))

glossary_section(["Conditional generator", "Frechet distance", "Near-copy share", "Latent space", "RFM",
                  "Conversion", "Watermark", "Provenance record", "A/B/n test", "Thompson sampling", "Regret"])
