"""Widgets for choosing the table to work on: a picker over the session's tables and an upload box. Both set
the session's active table, so the next page opens on the same data."""

from __future__ import annotations

import streamlit as st

from dashboard.data import TableInfo, UploadError, UploadResult
from dashboard.i18n import has_key, localised, t
from dashboard.recent_work_view import keep_upload
from dashboard.session import active_table, active_table_serial, session_database, set_active_table

_INGESTED_KEY = "ingested_uploads"


def table_label(info: TableInfo) -> str:
    """How pickers name a table, in the reader's language ("E-commerce store (simulated) · orders")."""
    schema, _, table = info.sql_name.partition(".")
    if info.source == "sample" and has_key(f"sample.{schema}.title"):
        return t("sample.table_label", dataset=t(f"sample.{schema}.title"), table=table)
    return localised(info.label)


def table_description(info: TableInfo) -> str:
    """A table's one-line description in the reader's language."""
    key = f"sample.{info.sql_name}.description"
    return t(key) if info.source == "sample" and has_key(key) else localised(info.description)


def table_picker(label: str | None = None, key: str = "table_picker", default: str | None = None) -> str | None:
    """A selectbox over this session's tables (uploads first). Returns the chosen SQL name, or None when the
    session has no table at all.

    Which table it shows: a table the person just uploaded or picked on another page if it is an upload (the
    point of uploading is to use it everywhere); otherwise this picker's own last choice, then ``default`` (a
    page's own sample table), then the session's active table. Picking a table makes it the active one."""
    tables = session_database().tables()
    names = [info.sql_name for info in tables]
    if not names:
        st.info(t("tables.none_yet"), icon=":material/info:")
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
    labels = {info.sql_name: table_label(info) for info in tables}
    st.selectbox(
        label or t("tables.picker"),
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
        t("upload.widget.label"),
        key=key,
        help=t("upload.widget.help"),
    )
    if uploaded is None:
        return None
    outcomes: dict[str, UploadResult | UploadError] = st.session_state.setdefault(_INGESTED_KEY, {})
    if uploaded.file_id not in outcomes:
        with st.spinner(t("upload.reading", file=uploaded.name)):
            try:
                outcome = session_database().add_upload(uploaded.name, uploaded, uploaded.size)
            except UploadError as error:
                outcome = error
        outcomes[uploaded.file_id] = outcome
        if isinstance(outcome, UploadResult):
            set_active_table(outcome.table.sql_name)
            keep_upload(uploaded.name, outcome)
    outcome = outcomes[uploaded.file_id]
    if isinstance(outcome, UploadError):
        st.error(localised(outcome), icon=":material/error:")
        return None
    st.success(t("upload.loaded", file=uploaded.name, table=outcome.table.sql_name, rows=outcome.row_count,
                 columns=outcome.column_count), icon=":material/check_circle:")
    for note in outcome.notes:
        st.info(localised(note), icon=":material/info:")
    return outcome
