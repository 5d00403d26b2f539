"""The banking "Your data" tab: the shared upload-map-compare flow for a labelled table, with the strategies
and seeds to run, and the finished comparison drawn like the shipped fraud and credit ones."""

from __future__ import annotations

import streamlit as st

from dashboard.banking.labels import strategy_label
from dashboard.banking.rebalancing_view import show_comparison
from dashboard.banking.your_data import DEFAULT_MINORITY_SHARE, DEFAULT_SEEDS, SCENARIO
from dashboard.data import SessionDatabase
from dashboard.i18n import t
from dashboard.jobs import BackgroundJob
from dashboard.your_data import PreparedData
from dashboard.your_data_view import your_data_tab
from engines.rebalancing.report import STRATEGY_LABELS


def show_your_data(db: SessionDatabase) -> None:
    """Draw the tab: intro, upload, label / time / group columns, strategies and seeds, the job, the
    result."""
    st.caption(t("banking.your_data.intro"))
    your_data_tab(db, SCENARIO, table_label=t("banking.your_data.table"), default_table="bank.loan_applications",
                  run_label=t("banking.your_data.run"), reading=t("action.banking.reading_table"),
                  running=t("action.banking.running_comparison"), draw_results=_draw_comparison,
                  settings=_run_settings)


def _run_settings(table: str, columns: dict[str, str | None]) -> dict:
    names = {name: strategy_label(name) for name in STRATEGY_LABELS}
    strategies = st.multiselect(t("banking.your_data.strategies"), list(names), default=list(names),
                                format_func=names.get, key="bank_strategies")
    seeds = st.slider(t("banking.your_data.seeds"), 1, 3, DEFAULT_SEEDS, key="bank_seeds",
                      help=t("banking.your_data.seeds.help"))
    share = st.slider(t("banking.your_data.share"), 0.05, 0.5, DEFAULT_MINORITY_SHARE,
                      step=0.05, format="%.2f", key="bank_minority_share", help=t("banking.your_data.share.help"))
    return {"strategies": tuple(strategies), "seeds": seeds, "minority_share": share}


def _draw_comparison(job: BackgroundJob, prepared: PreparedData) -> None:
    step = job.snapshot()[0]
    if step.result is None:  # failed: job_panel has shown why
        return
    if step.state == "cancelled":
        st.warning(t("banking.your_data.stopped"), icon=":material/pause:")
    show_comparison(step.result, bad="positive", flag_word="flag", key="upload")
