"""'Your data': run the five-way rebalancing comparison on an analyst's own labelled table, in the background.

The label and the feature columns are checked in the script run, so a bad choice (one class, more than two
values, too few rare rows) is explained at once; the training itself runs as a `BackgroundJob` drawn by a
fragment that refreshes twice a second."""

from __future__ import annotations

import streamlit as st

from dashboard.banking.rebalancing_view import show_comparison
from dashboard.data import bank_queries
from dashboard.jobs import BackgroundJob
from dashboard.session import session_database
from dashboard.table_widgets import table_picker, upload_widget
from engines.rebalancing.report import STRATEGY_LABELS

JOB_KEY = "bank_upload_job"
# Shorter generator training than the shipped results, so a run on a laptop takes minutes, not a quarter hour.
INTERACTIVE_GENERATORS = {
    "gan": {"preset": "quick", "max_steps": 300, "batch_size": 300, "generator_dims": (128, 128),
            "critic_dims": (128, 128), "embedding_dim": 64},
    "vae": {"preset": "quick", "max_steps": 300, "batch_size": 300},
}
NO_COLUMN = "(none)"


def start_comparison(table, strategies: list[str], seeds: int) -> BackgroundJob:
    """Start the comparison of a `LabelledTable` in a background thread and return the job."""
    from engines.rebalancing.comparison import compare_rebalancing

    def work(report):
        return compare_rebalancing(table, strategies, seeds=tuple(range(seeds)), on_progress=report,
                                   cancel=job.cancel_event, generator_params=INTERACTIVE_GENERATORS)

    job = BackgroundJob([("Rebalancing comparison", work)])
    return job.start()


@st.fragment(run_every=0.5)
def _progress(job: BackgroundJob) -> None:
    step = job.snapshot()[0]
    st.progress(step.fraction, text=f"{step.name}: {step.fraction:.0%}"
                + (f" · about {step.eta_seconds:.0f} s left" if step.eta_seconds else ""))
    if st.button("Stop", key="bank_upload_stop", icon=":material/stop:"):
        job.cancel()
    if not job.is_running:
        st.rerun()


def show_upload_comparison() -> None:
    """Draw the section: upload, choose columns, run, show the result."""
    db = session_database()
    st.caption("Upload a CSV or Parquet of labelled cases (for example transactions with a fraud flag, or loans "
               "with a default flag), pick the label column and compare the five strategies on it.")
    upload_widget(key="bank_upload")
    sql_name = table_picker("Table", key="bank_table", default="bank.loan_applications")
    if sql_name is None:
        return
    candidates = bank_queries.label_candidates(db, sql_name)
    binary = [name for name, count in candidates if count == 2]
    names = binary + [name for name, _ in candidates if name not in binary]
    counts = dict(candidates)
    with st.form("bank_upload_form", border=False):
        cols = st.columns(3)
        label = cols[0].selectbox("Label column (the yes/no outcome)", names, key="bank_label",
                                  format_func=lambda n: f"{n} ({counts[n]} values)")
        time_column = cols[1].selectbox("Time column (test = latest 25%)",
                                        [NO_COLUMN] + bank_queries.time_columns(db, sql_name), key="bank_time")
        group = cols[2].selectbox("Group for the fairness panel", [NO_COLUMN] + [n for n in names if counts[n] <= 12],
                                  key="bank_group")
        strategies = st.multiselect("Strategies", list(STRATEGY_LABELS), default=list(STRATEGY_LABELS),
                                    format_func=STRATEGY_LABELS.get, key="bank_strategies")
        seeds = st.slider("Seeds", 1, 3, 2, key="bank_seeds", help="Repeats with different random seeds.")
        run = st.form_submit_button("Run the comparison", icon=":material/play_arrow:", type="primary")
    if run:
        from engines.rebalancing.table import LabelledTable

        frame = bank_queries.labelled_table(db, sql_name)
        table = LabelledTable.from_frame(
            frame, label, time_column=None if time_column == NO_COLUMN else time_column,
            group_column=None if group == NO_COLUMN or group == label else group)
        chosen = ["none"] + [s for s in strategies if s != "none"]
        st.session_state[JOB_KEY] = start_comparison(table, chosen, seeds)
    job: BackgroundJob | None = st.session_state.get(JOB_KEY)
    if job is None:
        return
    if job.is_running:
        _progress(job)
        return
    step = job.snapshot()[0]
    if step.state == "failed":
        st.error(f"The comparison stopped: {step.error}", icon=":material/error:")
    elif step.result is not None:
        if step.state == "cancelled":
            st.warning("Stopped early: the figures below use the seeds that finished.", icon=":material/pause:")
        show_comparison(step.result, bad="positive", flag_word="flag", key="upload")
