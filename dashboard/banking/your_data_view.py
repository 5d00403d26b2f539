"""The banking "Your data" tab: the shared upload-map-compare flow for a labelled table, with the strategies
and seeds to run, and the finished comparison drawn like the shipped fraud and credit ones."""

from __future__ import annotations

import streamlit as st

from dashboard.banking.rebalancing_view import show_comparison
from dashboard.banking.your_data import DEFAULT_MINORITY_SHARE, DEFAULT_SEEDS, SCENARIO
from dashboard.data import SessionDatabase
from dashboard.jobs import BackgroundJob
from dashboard.your_data import PreparedData
from dashboard.your_data_view import your_data_tab
from engines.rebalancing.report import STRATEGY_LABELS


def show_your_data(db: SessionDatabase) -> None:
    """Draw the tab: intro, upload, label / time / group columns, strategies and seeds, the job, the
    result."""
    st.caption("Upload a CSV or Parquet of labelled cases (for example transactions with a fraud flag, or "
               "loans with a default flag), pick the label column and compare the five strategies on it, each "
               "with gradient boosting and a logistic scorecard.")
    your_data_tab(db, SCENARIO, table_label="Table", default_table="bank.loan_applications",
                  run_label="Run the comparison", reading="reading your table",
                  running="running the comparison on your table", draw_results=_draw_comparison,
                  settings=_run_settings)


def _run_settings(table: str, columns: dict[str, str | None]) -> dict:
    strategies = st.multiselect("Strategies", list(STRATEGY_LABELS), default=list(STRATEGY_LABELS),
                                format_func=STRATEGY_LABELS.get, key="bank_strategies")
    seeds = st.slider("Seeds", 1, 3, DEFAULT_SEEDS, key="bank_seeds",
                      help="Repeats with different random seeds: each one more adds about the time of the first.")
    share = st.slider("Target share of the rare class after oversampling", 0.05, 0.5, DEFAULT_MINORITY_SHARE,
                      step=0.05, format="%.2f", key="bank_minority_share",
                      help="SMOTE, GAN and VAE add made-up rare cases until they are this share of the training "
                           "rows. When the rare class is already at least this common they are skipped (not "
                           "trained), because they would add nothing.")
    return {"strategies": tuple(strategies), "seeds": seeds, "minority_share": share}


def _draw_comparison(job: BackgroundJob, prepared: PreparedData) -> None:
    step = job.snapshot()[0]
    if step.result is None:  # failed: job_panel has shown why
        return
    if step.state == "cancelled":
        st.warning("Stopped early: the figures below use the seeds that finished.", icon=":material/pause:")
    show_comparison(step.result, bad="positive", flag_word="flag", key="upload")
