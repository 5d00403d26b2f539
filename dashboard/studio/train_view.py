"""Step 2 of the Studio: the training form, and the live panel of the background job (progress with ETA,
loss chart, Cancel) that refreshes itself twice a second while the job runs."""

from __future__ import annotations

import streamlit as st

from dashboard.job_view import poll_seconds, queue_notice, server_scheduler, started_since_drawn
from dashboard.studio.data_view import DataChoice
from dashboard.jobs import duration_text
from dashboard.studio.generators import DP_BUDGETS, expected_seconds, generator_choices, preset_names, supports_privacy
from dashboard.studio.report_charts import loss_chart
from dashboard.studio.state import StudioState
from dashboard.studio.report import leaderboard
from dashboard.studio.training import GeneratorSpec, TrainedGenerator, prepare_training_data, training_job
from dashboard.tables import show_table

_PRESET_HELP = {
    "quick": "a first look",
    "balanced": "more training",
    "best": "the most training",
}
_STATE_ICONS = {"done": ":material/check_circle:", "running": ":material/progress_activity:",
                "queued": ":material/schedule:", "cancelled": ":material/cancel:", "failed": ":material/error:"}


def training_form(choice: DataChoice, state: StudioState) -> None:
    """The generator checkboxes, preset and advanced settings; a click on Train validates the data and starts
    the background job (engine errors propagate to the page's ``explained_errors``)."""
    choices = generator_choices()
    n_rows, n_columns = int(len(choice.frame) * 0.8), len(choice.sdtypes)  # a fifth is held out for scoring
    estimates = {preset: {c.kind: expected_seconds(c.kind, preset, n_rows, n_columns) for c in choices}
                 for preset in preset_names()}
    with st.form("studio_train", border=True):
        st.markdown("**Generators to train** (each is then scored; the copula is the simple baseline)")
        columns = st.columns(len(choices) or 1)
        picked = [c for c, column in zip(choices, columns)
                  if column.checkbox(f"{c.label}", value=True, key=f"studio_pick_{c.kind}", help=c.description)]
        preset = st.radio(
            "Preset", preset_names(), horizontal=True, key="studio_preset",
            format_func=lambda p: f"{p} ({_PRESET_HELP.get(p, '')}: about {duration_text(sum(estimates[p].values()))}"
            " for all four)",
            help="Expected time on this computer for this table when nothing else trains, measured per generator "
            "(training and scoring): " + "; ".join(
                f"{c.label} " + ", ".join(f"{p} {duration_text(estimates[p][c.kind])}" for p in estimates)
                for c in choices) + ". Early stopping can end the auto-regressive generator sooner.",
        )
        with st.expander("Advanced settings (leave blank to use the preset's)"):
            left, middle, right, last = st.columns(4)
            epochs = left.number_input("Epochs", min_value=1, max_value=10_000, value=None, key="studio_epochs",
                                       placeholder="preset", help="Passes over the table (GAN and VAE).")
            batch = middle.number_input("Batch size", min_value=10, max_value=100_000, value=None,
                                        key="studio_batch", placeholder="preset", help="Rows per training step.")
            rate = right.number_input("Learning rate", min_value=0.000001, max_value=0.5, value=None,
                                      format="%.6f", key="studio_lr", placeholder="preset",
                                      help="Step size of the optimiser; smaller is slower but steadier.")
            seed = last.number_input("Seed", min_value=0, max_value=2**31 - 1, value=0, key="studio_seed",
                                     help="The same seed and settings train the same generator again.")
            private = [c.label for c in choices if supports_privacy(c.kind)]
            budget_names = {"off" if e is None else f"ε = {e:g}": e for e in DP_BUDGETS}
            budget_name = st.segmented_control(
                f"Differential privacy ({', '.join(private) or 'no generator here'})", list(budget_names),
                default="off", key="studio_dp_epsilon",
                help="Train with DP-SGD (Opacus): each row's influence is capped and hidden by noise, so the model "
                "is provably almost the same with or without any one row. Smaller epsilon = more private, lower "
                "quality (on the shipped loan table quality falls from about 0.95 to 0.8; see Trust & governance). "
                "Delta = 1 / rows. The column encoding is learned without noise. Slower: about 3-10x.")
        running = state.training_running
        submitted = st.form_submit_button("Training is running ..." if running else "Train and compare",
                                          type="primary", icon=":material/model_training:", disabled=running)
    if not submitted:
        return
    if not picked:
        st.warning("Tick at least one generator to train.", icon=":material/warning:")
        return
    data = prepare_training_data(choice.frame, choice.table, choice.sdtypes, choice.target, seed=int(seed))
    budget = budget_names.get(budget_name or "off")
    overrides = {"epochs": epochs, "batch_size": batch, "learning_rate": rate, "dp_epsilon": budget}
    # The baseline first: it fits in seconds, so the first scores show up while the others train.
    picked.sort(key=lambda choice: not choice.is_baseline)
    specs = [GeneratorSpec(c.kind, c.label + (f" (DP ε={budget:g})" if budget and supports_privacy(c.kind) else ""),
                           preset, overrides, int(seed)) for c in picked]
    state.start_training(training_job(data, specs), data)
    st.rerun()


def training_progress(state: StudioState) -> None:
    """The job panel: redrawn every 0.5 s while the job runs; one full rerun when it ends, so the leaderboard
    appears. After that, what happened to each generator that was not kept."""
    if state.job is not None and (state.training_running or not state.job_collected):
        st.fragment(run_every=poll_seconds(state.job) or 0.5, key="studio_job")(_draw_job)(state)
    for message in state.messages:
        st.warning(message, icon=":material/warning:")


def _draw_job(state: StudioState) -> None:
    job = state.job
    if not job.is_running or started_since_drawn(job, "studio_job"):
        st.rerun()
    waiting = queue_notice(job)
    if waiting is not None:
        with st.container(border=True):
            st.info(waiting, icon=":material/hourglass_top:")
            st.button("Cancel", icon=":material/stop_circle:", key="studio_cancel_queued",
                      on_click=server_scheduler().cancel, args=(job,))
        return
    steps = job.snapshot()
    current = next((s for s in steps if s.state == "running"), None)
    with st.container(border=True):
        st.markdown(f"**Training on {state.job_data.label if state.job_data else 'your table'}** · runs in the "
                    "background: you can keep using this page or visit others meanwhile.")
        text = "Starting ..."
        if current is not None and not current.total:
            text = f"{current.name}: preparing the data (progress starts with the first training step) ..."
        elif current is not None:
            text = f"{current.name}: step {current.step:,} of {current.total:,}"
            if current.eta_seconds is not None:
                text += f" · about {duration_text(current.eta_seconds)} left for this step"
        st.progress(min(job.fraction, 1.0), text=text)
        st.caption("  \n".join(
            f"{_STATE_ICONS.get(s.state, '')} {s.name} — {s.state}"
            + (f" ({s.elapsed_seconds:.0f} s)" if s.started_at is not None else "")
            for s in steps
        ))
        finished = [s.result.report for s in steps if s.state == "done" and isinstance(s.result, TrainedGenerator)]
        if finished:
            st.caption("Scored so far (the full leaderboard appears when every generator is done):")
            show_table(leaderboard(finished)[["Generator", "Fit time (s)", "Quality", "Detection", "ML efficacy",
                                              "Privacy risk"]], key="studio_job_scores", column_config={
                "Detection": st.column_config.NumberColumn("Realism", format="%.3f"),
                "ML efficacy": st.column_config.NumberColumn("Usefulness", format="%.3f"),
                "Quality": st.column_config.NumberColumn("Quality", format="%.3f")})
        history = next((s.losses for s in reversed(steps) if s.losses and s.name.startswith("Train")), [])
        chart = loss_chart(history, height=220)
        if chart is not None:
            st.altair_chart(chart)
        st.button("Cancel training", icon=":material/stop_circle:", on_click=job.cancel, key="studio_cancel",
                  help="Stops the generator being trained at its next step and skips the rest; generators "
                  "already finished are kept.")
