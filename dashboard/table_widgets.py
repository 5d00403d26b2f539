"""Widgets for choosing the table to work on: a picker over the session's tables and an upload box. Both set
the session's active table, so the next page opens on the same data."""

from __future__ import annotations

import streamlit as st

from dashboard.data import UploadError, UploadResult
from dashboard.recent_work_view import keep_upload
from dashboard.session import active_table, active_table_serial, session_database, set_active_table

_INGESTED_KEY = "ingested_uploads"


def table_picker(label: str = "Table", key: str = "table_picker", default: str | None = None) -> str | None:
    """A selectbox over this session's tables (uploads first). Returns the chosen SQL name, or None when the
    session has no table at all.

    Which table it shows: a table the person just uploaded or picked on another page if it is an upload (the
    point of uploading is to use it everywhere); otherwise this picker's own last choice, then ``default`` (a
    page's own sample table), then the session's active table. Picking a table makes it the active one."""
    tables = session_database().tables()
    names = [info.sql_name for info in tables]
    if not names:
        st.info("There is no table yet: upload a CSV or Parquet file to start.", icon=":material/info:")
        return None
    sources = {info.sql_name: info.source for info in tables}
    own, active = st.session_state.get(key), active_table()
    active_is_new_upload = (
        active in names and sources[active] == "upload" and st.session_state.get(f"{key}_serial") != active_table_serial()
    )
    if active_is_new_upload:
        current = active
    elif own in names:
        current = own
    elif default in names:
        current = default
    else:
        current = active if active in names else names[0]
    st.session_state[f"{key}_serial"] = active_table_serial()
    # Written before the widget exists, so the choice above wins over the widget's remembered value.
    st.session_state[key] = current
    labels = {info.sql_name: info.label for info in tables}
    st.selectbox(
        label,
        names,
        format_func=lambda name: f"{labels[name]}  ({name})",
        key=key,
        on_change=lambda: _picked(key),
    )
    return st.session_state[key]


def _picked(key: str) -> None:
    set_active_table(st.session_state[key])
    # This picker already shows the table it just made active.
    st.session_state[f"{key}_serial"] = active_table_serial()


def upload_widget(key: str = "upload") -> UploadResult | None:
    """An upload box for CSV / TSV / Parquet. Each uploaded file is loaded once; the outcome (a success with
    notes, or the reason it could not be read) is shown on every rerun while the file stays in the box."""
    uploaded = st.file_uploader(
        "Upload your own table (CSV, TSV or Parquet, up to 1 GB)",
        key=key,
        help="The file stays on this computer: a private copy is kept for this page's address only (to reopen "
        "it after a reload) and deleted after the retention time. Nothing is sent anywhere.",
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
            keep_upload(uploaded.name, outcome)
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
