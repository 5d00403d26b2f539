"""The read-only SQL box: a query form, the result as a table and a quick chart, and a download of the result."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import quick_chart
from dashboard.data import (
    DOWNLOAD_ROW_CAP,
    QueryError,
    QueryResult,
    RunningQuery,
    SessionDatabase,
    example_user_sql,
)
from dashboard.data.database import QUERY_TIMEOUT_SECONDS
from dashboard.downloads import csv_bytes
from dashboard.i18n import localised, number, t
from dashboard.session import session_database
from dashboard.tables import show_table

_RESULT_KEY = "sql_result"
_TEXT_KEY = "sql_text"
_TEXT_TABLE_KEY = "sql_text_table"
_RUNNING_KEY = "sql_running"
# Most queries end within this: the page then shows the result in the same run, with no progress box.
_QUICK_QUERY_SECONDS = 0.5


def show_sql_panel(table: str) -> None:
    """Draw the SQL form over this session's tables, starting from an example on ``table``."""
    database = session_database()
    if st.session_state.get(_TEXT_TABLE_KEY) != table:
        st.session_state[_TEXT_KEY] = example_user_sql(table)
        st.session_state[_TEXT_TABLE_KEY] = table
    query_column, tables_column = st.columns([3, 1])
    with tables_column:
        st.markdown(f"**{t('sql.tables')}**")
        st.markdown("\n".join(f"- `{info.sql_name}`" for info in database.tables()))
        with st.expander(t("sql.columns_of", table=table), icon=":material/view_column:"):
            st.markdown("\n".join(f"- `{name}` `{kind.lower()}`" for name, kind in database.columns(table)))
    with query_column:
        with st.form("sql_form", border=False):
            sql = st.text_area(
                t("sql.box"), key=_TEXT_KEY, height=150, help=t("sql.box.help"),
            )
            run = st.form_submit_button(t("sql.run"), type="primary", icon=":material/play_arrow:")
        if run:
            previous = st.session_state.get(_RUNNING_KEY)
            if previous is not None and previous.is_running:
                previous.stop()
            try:
                st.session_state[_RUNNING_KEY] = database.start_user_sql(sql)
                st.session_state.pop(_RESULT_KEY, None)
            except QueryError as error:
                st.session_state[_RESULT_KEY] = (sql, error)
        running: RunningQuery | None = st.session_state.get(_RUNNING_KEY)
        if running is not None and not running.wait(_QUICK_QUERY_SECONDS):
            st.fragment(run_every=0.5)(_query_progress)(running)
        elif running is not None:
            st.session_state[_RESULT_KEY] = (running.sql, running.result if running.error is None else running.error)
            del st.session_state[_RUNNING_KEY]
        if _RESULT_KEY in st.session_state:
            _show_result(*st.session_state[_RESULT_KEY])


def _query_progress(running: RunningQuery) -> None:
    """While a query runs: its elapsed time and a Stop button; one full rerun when it ends shows the result."""
    if not running.is_running:
        st.rerun()
    with st.container(border=True):
        st.markdown(t("sql.running", elapsed=round(running.elapsed_seconds), limit=round(QUERY_TIMEOUT_SECONDS)))
        st.button(t("sql.stop"), icon=":material/stop_circle:", on_click=running.stop, key="sql_stop")


def _show_result(sql: str, result: QueryResult | Exception | str) -> None:
    if not isinstance(result, QueryResult):
        st.error(localised(result), icon=":material/error:")
        return
    shown = len(result.frame)
    seconds = number(result.elapsed_seconds, decimals=2)
    st.caption(t("sql.result.truncated", count=shown, cap=DOWNLOAD_ROW_CAP, seconds=seconds) if result.truncated
               else t("sql.result.rows", count=shown, seconds=seconds))
    show_table(result.frame, height=min(38 + 35 * max(shown, 1), 420), key="sql_result_table")
    chart = quick_chart(result.frame)
    with st.expander(t("sql.quick_chart"), expanded=True, icon=":material/bar_chart:"):
        if chart is None:
            st.caption(t("sql.no_chart"))
        else:
            st.altair_chart(chart, width="stretch")
            st.caption(t("sql.chart_note"))
    database = session_database()
    st.download_button(
        t("sql.download"),
        # Built on click, outside the script run (no session state there): the closure carries the database.
        data=lambda: _result_csv(database, sql),
        file_name="query_result.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="download_sql_result",
    )


def _result_csv(database: SessionDatabase, sql: str) -> bytes:
    try:
        return csv_bytes(database.user_sql_for_download(sql))
    except QueryError as error:
        return f"error\n\"{error}\"\n".encode("utf-8")
