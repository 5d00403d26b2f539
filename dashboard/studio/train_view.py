"""Step 2 of the Studio: the training form, and the live panel of the background job (progress with ETA,
loss chart, Cancel) that refreshes itself twice a second while the job runs."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import localised, number, t
from dashboard.job_view import poll_seconds, queue_notice, server_scheduler, started_since_drawn
from dashboard.studio.data_view import DataChoice
from dashboard.jobs import duration_text
from dashboard.studio.labels import generator_description, generator_name, preset_label
from dashboard.studio.generators import DP_BUDGETS, expected_seconds, generator_choices, preset_names, supports_privacy
from dashboard.studio.report_charts import loss_chart
from dashboard.studio.state import StudioState
from dashboard.studio.report import leaderboard
from dashboard.studio.training import (
    SCORE_STEP_PREFIX, TRAIN_STEP_PREFIX, GeneratorSpec, TrainedGenerator, prepare_training_data, training_job,
)
from dashboard.tables import show_table

_PRESET_HELP_KEYS = {"quick": "studio.preset_help.quick", "balanced": "studio.preset_help.balanced",
                     "best": "studio.preset_help.best"}
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
        st.markdown(t("studio.train.generators"))
        columns = st.columns(len(choices) or 1)
        picked = [c for c, column in zip(choices, columns)
                  if column.checkbox(generator_name(c.label, c.kind), value=True, key=f"studio_pick_{c.kind}",
                                     help=generator_description(c.kind, c.description))]
        # Words a format function shows are looked up here, in the run: Streamlit may call it outside the run.
        preset_options = {p: t("studio.train.preset_option", preset=preset_label(p),
                               purpose=t(_PRESET_HELP_KEYS[p]) if p in _PRESET_HELP_KEYS else "",
                               duration=duration_text(sum(estimates[p].values())))
                          for p in preset_names()}
        preset = st.radio(
            t("studio.train.preset"), preset_names(), horizontal=True, key="studio_preset",
            format_func=preset_options.get,
            help=t("studio.train.preset_help", estimates=t("studio.train.estimate_separator").join(
                t("studio.train.preset_estimate", generator=generator_name(c.label, c.kind),
                  times=t("studio.train.time_separator").join(
                      t("studio.train.preset_time", preset=preset_label(p),
                        duration=duration_text(estimates[p][c.kind]))
                      for p in estimates))
                for c in choices)),
        )
        with st.expander(t("studio.train.advanced")):
            left, middle, right, last = st.columns(4)
            preset_placeholder = t("studio.train.preset_placeholder")
            epochs = left.number_input(t("studio.train.epochs"), min_value=1, max_value=10_000, value=None,
                                       key="studio_epochs", placeholder=preset_placeholder,
                                       help=t("studio.train.epochs_help"))
            batch = middle.number_input(t("studio.train.batch"), min_value=10, max_value=100_000, value=None,
                                        key="studio_batch", placeholder=preset_placeholder,
                                        help=t("studio.train.batch_help"))
            rate = right.number_input(t("studio.train.rate"), min_value=0.000001, max_value=0.5, value=None,
                                      format="%.6f", key="studio_lr", placeholder=preset_placeholder,
                                      help=t("studio.train.rate_help"))
            seed = last.number_input(t("studio.train.seed"), min_value=0, max_value=2**31 - 1, value=0,
                                     key="studio_seed", help=t("studio.train.seed_help"))
            private = [generator_name(c.label, c.kind) for c in choices if supports_privacy(c.kind)]
            budget_names = {"off" if e is None else f"ε = {e:g}": e for e in DP_BUDGETS}
            budget_name = st.segmented_control(
                t("studio.train.dp", generators=", ".join(private)) if private else t("studio.train.dp_none"),
                list(budget_names), default="off", key="studio_dp_epsilon",
                format_func={name: t("studio.train.dp_off") if name == "off" else name for name in budget_names}.get,
                help=t("studio.train.dp_help"))
        running = state.training_running
        submitted = st.form_submit_button(t("studio.train.running") if running else t("studio.train.submit"),
                                          type="primary", icon=":material/model_training:", disabled=running)
    if not submitted:
        return
    if not picked:
        st.warning(t("studio.train.none_ticked"), icon=":material/warning:")
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
        st.warning(localised(message), icon=":material/warning:")


def _draw_job(state: StudioState) -> None:
    job = state.job
    if not job.is_running or started_since_drawn(job, "studio_job"):
        st.rerun()
    waiting = queue_notice(job)
    if waiting is not None:
        with st.container(border=True):
            st.info(waiting, icon=":material/hourglass_top:")
            st.button(t("job.cancel"), icon=":material/stop_circle:", key="studio_cancel_queued",
                      on_click=server_scheduler().cancel, args=(job,))
        return
    steps = job.snapshot()
    current = next((s for s in steps if s.state == "running"), None)
    with st.container(border=True):
        st.markdown(t("studio.job.training_on", data=state.job_data.label if state.job_data
                      else t("studio.job.your_table")))
        text = t("studio.job.starting")
        if current is not None and not current.total:
            text = t("studio.job.preparing", step=step_label(current.name))
        elif current is not None:
            text = t("studio.job.step_of", step=step_label(current.name), current=current.step, total=current.total)
            if current.eta_seconds is not None:
                text = t("studio.job.step_of_eta", step=step_label(current.name), current=current.step,
                         total=current.total, duration=duration_text(current.eta_seconds))
        st.progress(min(job.fraction, 1.0), text=text)
        st.caption("  \n".join(
            f"{_STATE_ICONS.get(s.state, '')} "
            + (t("studio.job.step_state_elapsed", step=step_label(s.name), state=t(f"job.state.{s.state}"),
                 seconds=number(s.elapsed_seconds, 0)) if s.started_at is not None
               else t("studio.job.step_state", step=step_label(s.name), state=t(f"job.state.{s.state}")))
            for s in steps
        ))
        finished = [s.result.report for s in steps if s.state == "done" and isinstance(s.result, TrainedGenerator)]
        if finished:
            st.caption(t("studio.job.scored_so_far"))
            show_table(leaderboard(finished)[["Generator", "Fit time (s)", "Quality", "Detection", "ML efficacy",
                                              "Privacy risk"]], key="studio_job_scores", column_config={
                "Generator": st.column_config.TextColumn(t("studio.board.generator")),
                "Fit time (s)": st.column_config.NumberColumn(t("studio.board.fit_seconds"), format="%.1f"),
                "Detection": st.column_config.NumberColumn(t("studio.board.realism"), format="%.3f"),
                "ML efficacy": st.column_config.NumberColumn(t("studio.board.usefulness"), format="%.3f"),
                "Quality": st.column_config.NumberColumn(t("studio.board.quality"), format="%.3f"),
                "Privacy risk": st.column_config.TextColumn(t("studio.board.privacy_risk"))})
        history = next((s.losses for s in reversed(steps) if s.losses and s.name.startswith(TRAIN_STEP_PREFIX)), [])
        chart = loss_chart(history, height=220)
        if chart is not None:
            st.altair_chart(chart)
        st.button(t("studio.job.cancel"), icon=":material/stop_circle:", on_click=job.cancel, key="studio_cancel",
                  help=t("studio.job.cancel_help"))


def step_label(name: str) -> str:
    """A job step's name ("Train Tabular GAN", "Score Gaussian copula") in the reader's language."""
    for prefix, key in ((TRAIN_STEP_PREFIX, "studio.job.train_step"), (SCORE_STEP_PREFIX, "studio.job.score_step")):
        if name.startswith(prefix):
            return t(key, generator=generator_name(name.removeprefix(prefix)))
    return name
