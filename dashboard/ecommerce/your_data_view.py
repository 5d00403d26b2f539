"""The E-commerce "Your data" tab: the shared upload-map-compare flow with the log's event and value filters,
and the finished comparison drawn as the same leaderboard as the shipped store."""

from __future__ import annotations

import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.ecommerce import charts, page_data, views
from dashboard.ecommerce import recommendations as recs
from dashboard.ecommerce.your_data import SCENARIO, job_leaderboard
from dashboard.i18n import t
from dashboard.jobs import BackgroundJob
from dashboard.your_data import PreparedData
from dashboard.your_data_view import your_data_tab


def show_your_data(db: SessionDatabase) -> None:
    """Draw the tab: intro, upload, column mapping with filters, the comparison job and its leaderboard."""
    st.markdown(t("ecommerce.your_data.intro"))

    def filters(table: str, columns: dict[str, str | None]) -> dict:
        event, value = columns["event"], columns["value"]
        events = st.multiselect(t("ecommerce.your_data.events"), page_data.event_values(db, table, event),
                                key="ecom_events") if event else []
        min_value = st.number_input(t("ecommerce.your_data.min_value"), value=None,
                                    key="ecom_min") if value else None
        return {"events": tuple(events), "min_value": min_value}

    your_data_tab(db, SCENARIO, table_label=t("ecommerce.your_data.table"), default_table="ecommerce.events",
                  run_label=t("ecommerce.your_data.run"), reading=t("action.ecommerce.reading_log"),
                  running=t("action.ecommerce.comparing"), draw_results=_draw_leaderboard, settings=filters)


def _draw_leaderboard(job: BackgroundJob, prepared: PreparedData) -> None:
    board = job_leaderboard(job)
    if len(board):
        board = recs.leaderboard_table(board.to_dict("records"))
        st.dataframe(board, hide_index=True, width="stretch", column_config=views.leaderboard_column_config())
        st.altair_chart(charts.leaderboard_chart(board), width="stretch")
