"""Marketing & creative: store marketing analytics, generated product pictures (design studio and restyling),
ad creatives per segment with provenance and a watermark check, and a campaign that learns which creative
works."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.i18n import t
from dashboard.marketing import shipped, views
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database

setup_page("Marketing & creative")
st.title(t("marketing.title"))
st.caption(t("marketing.caption"))

with explained_errors(t("action.reading_shipped_results")):
    results = shipped.shipped_results()
    st.success(views.headline_sentence(results), icon=":material/insights:")

with explained_errors(t("marketing.action.figures")):
    views.analytics_panel()

tabs = st.tabs([f"{icon} {t(f'marketing.tab.{key}')}" for icon, key in (
    (":material/draw:", "studio"), (":material/palette:", "restyle"), (":material/ad_units:", "creatives"),
    (":material/trending_up:", "campaign"))])

with tabs[0], explained_errors(t("marketing.action.designs")):
    views.design_studio(results)

with tabs[1], explained_errors(t("marketing.action.restyle")):
    catalogue_table = views.catalogue_table(session_database())
    views.restyle_section(results, catalogue_table)

with tabs[2], explained_errors(t("marketing.action.banners")):
    views.creatives_section(results, views.catalogue_table(session_database()))
    st.divider()
    with explained_errors(t("marketing.action.check")):
        views.provenance_check(results)

with tabs[3], explained_errors(t("marketing.action.campaign")):
    views.campaign_section(results, views.catalogue_table(session_database()))

glossary_section(["Conditional generator", "Frechet distance", "Near-copy share", "Latent space", "RFM",
                  "Conversion", "Watermark", "Provenance record", "A/B/n test", "Thompson sampling", "Regret"])
