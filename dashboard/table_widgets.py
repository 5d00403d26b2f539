"""Widgets for choosing the table to work on: a picker over the session's tables and an upload box. Both set
the session's active table, so the next page opens on the same data."""

from __future__ import annotations

import streamlit as st

from dashboard.data import UploadError, UploadResult
from dashboard.session import active_table, session_database, set_active_table

_INGESTED_KEY = "ingested_uploads"


def table_picker(label: str = "Table", key: str = "table_picker", default: str | None = None) -> str | None:
    """A selectbox over this session's tables (uploads first) that follows the session's active table; picking
    one makes it the active table. Returns the chosen SQL name, or None when the session has no table at all."""
    tables = session_database().tables()
    names = [info.sql_name for info in tables]
    if not names:
        st.info("There is no table yet: upload a CSV or Parquet file to start.", icon=":material/info:")
        return None
    labels = {info.sql_name: info.label for info in tables}
    current = active_table() if active_table() in names else (default if default in names else names[0])
    set_active_table(current)
    # Written before the widget exists, so an upload on another page or higher up this one moves the picker too.
    st.session_state[key] = current
    st.selectbox(
        label,
        names,
        format_func=lambda name: f"{labels[name]}  ({name})",
        key=key,
        on_change=lambda: set_active_table(st.session_state[key]),
    )
    return st.session_state[key]


def upload_widget(key: str = "upload") -> UploadResult | None:
    """An upload box for CSV / TSV / Parquet. Each uploaded file is loaded once; the outcome (a success with
    notes, or the reason it could not be read) is shown on every rerun while the file stays in the box."""
    uploaded = st.file_uploader(
        "Upload your own table (CSV, TSV or Parquet, up to 1 GB)",
        key=key,
        help="The file is stored only for this browser session, in a private folder that is deleted when the "
        "session ends. Nothing is sent anywhere.",
    )
    if uploaded is None:
        return None
    outcomes: dict[str, UploadResult | str] = st.session_state.setdefault(_INGESTED_KEY, {})
    if uploaded.file_id not in outcomes:
        with st.spinner(f"Reading {uploaded.name} ..."):
            try:
                outcome = session_database().add_upload(uploaded.name, uploaded, uploaded.size)
            except UploadError as error:
                outcome = str(error)
        outcomes[uploaded.file_id] = outcome
        if isinstance(outcome, UploadResult):
            set_active_table(outcome.table.sql_name)
    outcome = outcomes[uploaded.file_id]
    if isinstance(outcome, str):
        st.error(outcome, icon=":material/error:")
        return None
    st.success(
        f"Loaded **{uploaded.name}** as table `{outcome.table.sql_name}`: {outcome.row_count:,} rows x "
        f"{outcome.column_count} columns. It is available on every page of this session.",
        icon=":material/check_circle:",
    )
    for note in outcome.notes:
        st.info(note, icon=":material/info:")
    return outcome
