"""The widgets of the shared "Your data" tab: upload box, table picker, one column picker per role (pre-set to
the guesses), the scenario's own settings, the run button, then the prepared table's notes and the background
job in `job_panel`. The logic behind them is in `dashboard.your_data`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.i18n import localised, t
from dashboard.job_view import job_panel, server_scheduler, submit_job
from dashboard.jobs import BackgroundJob
from dashboard.page_setup import explained_errors
from dashboard.table_widgets import table_picker, upload_widget
from dashboard.your_data import (
    ColumnMapping,
    ColumnRole,
    PreparedData,
    TableColumn,
    YourDataScenario,
    describe_table,
    guess_columns,
    prepare,
    comparison_job,
    role_options,
)

Settings = Callable[[str, dict[str, str | None]], dict[str, Any]]


def prepared_key(scenario: YourDataScenario) -> str:
    """Session-state key of the scenario's last prepared table."""
    return f"{scenario.key}_prepared"


def job_key(scenario: YourDataScenario) -> str:
    """Session-state key of the scenario's comparison job (``job_panel`` uses it as its own key too)."""
    return f"{scenario.key}_job"


def column_pickers(scenario: YourDataScenario, columns: list[TableColumn]) -> dict[str, str | None]:
    """One selectbox per role, side by side, pre-set to the guessed column; returns role -> chosen column."""
    guesses = guess_columns(scenario.roles, columns)
    counts = {column.name: column.distinct_values for column in columns}
    cells = st.columns(len(scenario.roles))
    return {role.name: _picker(cell, role, role_options(role, columns), guesses[role.name], counts,
                               key=f"{scenario.key}_col_{role.name}")
            for cell, role in zip(cells, scenario.roles)}


def _picker(cell, role: ColumnRole, options: list[str | None], guess: str | None, counts: dict, key: str):
    def label(name: str | None) -> str:
        if name is None:
            return t("your_data.no_column")
        # Value counts tell a yes/no label or a small grouping column from the rest.
        return t("your_data.column_values", name=name, count=counts[name]) if role.kind in ("binary", "few_values") \
            else name

    # Labels computed in the run, not in format_func: AppTest calls that outside the run (in English).
    labels = {name: label(name) for name in options}
    return cell.selectbox(localised(role.label), options, index=options.index(guess) if guess in options else 0,
                          format_func=labels.get, key=key)


def your_data_tab(db: SessionDatabase, scenario: YourDataScenario, *, table_label: str, default_table: str,
                  run_label: str, reading: str, running: str,
                  draw_results: Callable[[BackgroundJob, PreparedData], None],
                  settings: Settings | None = None) -> None:
    """Draw the whole tab. `settings(table, columns)` draws the scenario's extra inputs below the pickers and
    returns them; `draw_results(job, prepared)` draws a finished job. `reading` and `running` complete
    'Something went wrong while ...' for errors before and after the run starts."""
    upload_widget(key=f"{scenario.key}_upload")
    with explained_errors(reading):
        table = table_picker(table_label, key=f"{scenario.key}_log_table", default=default_table)
        if table:
            chosen = column_pickers(scenario, describe_table(db, table, scenario.roles))
            extra = settings(table, chosen) if settings else {}
            if st.button(run_label, type="primary", icon=":material/play_arrow:", key=f"{scenario.key}_run"):
                prepared = prepare(db, scenario, ColumnMapping(table, chosen, extra))
                st.session_state[prepared_key(scenario)] = prepared
                previous = st.session_state.get(job_key(scenario))
                if previous is not None and previous.is_running:
                    server_scheduler().cancel(previous)  # a new run replaces the one on screen
                st.session_state[job_key(scenario)] = submit_job(comparison_job(scenario, prepared))
    prepared: PreparedData | None = st.session_state.get(prepared_key(scenario))
    if prepared is not None:
        st.caption(localised(prepared.summary))
        for note in prepared.notes:
            st.info(localised(note), icon=":material/info:")
    with explained_errors(running):
        job_panel(st.session_state.get(job_key(scenario)), job_key(scenario),
                  lambda finished: draw_results(finished, prepared))
