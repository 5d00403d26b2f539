"""Data Explorer: pick a shipped table or upload your own, profile it, and query it with SQL."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.i18n import t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.profile_view import show_profile
from dashboard.session import session_database, table_profile
from dashboard.sql_panel import show_sql_panel
from dashboard.table_widgets import table_description, table_picker, upload_widget

setup_page("Data Explorer")
st.title(t("explorer.title"))
st.caption(t("explorer.caption"))

with st.expander(t("explorer.upload"), icon=":material/upload_file:",
                 expanded=not any(t.source == "upload" for t in session_database().tables())):
    upload_widget()

table = table_picker(t("explorer.picker"))
if table is None:
    st.stop()
st.caption(table_description(session_database().table(table)))

profile_tab, sql_tab = st.tabs([f":material/analytics: {t('explorer.tab.profile')}", ":material/terminal: SQL"])
with profile_tab:
    with explained_errors(t("action.profiling")):
        with st.spinner(t("explorer.profiling")):
            show_profile(table_profile(table))
with sql_tab:
    with explained_errors(t("action.running_query")):
        show_sql_panel(table)

glossary_section(["SQL", "Parquet", "HyperLogLog"])
