"""Data Explorer: pick a shipped table or upload your own, profile it, and query it with SQL."""

import streamlit as st

from dashboard.glossary import glossary_section
from dashboard.page_setup import explained_errors, setup_page
from dashboard.profile_view import show_profile
from dashboard.session import session_database, table_profile
from dashboard.sql_panel import show_sql_panel
from dashboard.table_widgets import table_picker, upload_widget

setup_page("Data Explorer")
st.title("Data Explorer")
st.caption(
    "Open a shipped (simulated) dataset or upload your own table, see what every column holds, and ask questions "
    "in SQL. Tables you upload here are used by the Studio and the industry pages of this session."
)

with st.expander("Upload a CSV, TSV or Parquet file", icon=":material/upload_file:",
                 expanded=not any(t.source == "upload" for t in session_database().tables())):
    upload_widget()

table = table_picker("Table to explore")
if table is None:
    st.stop()
st.caption(session_database().table(table).description)

profile_tab, sql_tab = st.tabs([":material/analytics: Profile", ":material/terminal: SQL"])
with profile_tab:
    with explained_errors("profiling the table"):
        with st.spinner("Profiling ..."):
            show_profile(table_profile(table))
with sql_tab:
    with explained_errors("running the query"):
        show_sql_panel(table)

glossary_section(["SQL", "Parquet", "HyperLogLog"])
