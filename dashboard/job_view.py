"""Starting background jobs through the server's one scheduler, and the live panel of a job: its place in the
queue while it waits, progress with a Stop button while it runs, failures as messages, and the caller's results
once it has finished."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.i18n import localised, t
from dashboard.jobs import BackgroundJob, JobScheduler, duration_text

POLL_SECONDS = 0.5
# A job waiting in the queue changes slowly; polling it less often leaves the CPU to the job that runs.
QUEUED_POLL_SECONDS = 2.0


@st.cache_resource(show_spinner=False)
def server_scheduler() -> JobScheduler:
    """The one scheduler of this server process, shared by every session and page."""
    return JobScheduler()


@dataclass(frozen=True)
class _SessionJobs:
    session_id: str


def _cancel_session_jobs(owner: _SessionJobs) -> None:
    server_scheduler().cancel_session(owner.session_id)


@st.cache_resource(scope="session", on_release=_cancel_session_jobs, show_spinner=False)
def _session_jobs(session_id: str) -> _SessionJobs:
    """Created once per browser session; Streamlit releases it when the session ends, and the release cancels
    the session's queued and running jobs, so a closed tab does not keep the CPU busy."""
    return _SessionJobs(session_id)


def submit_job(job: BackgroundJob) -> BackgroundJob:
    """Queue `job` on the server's scheduler for this browser session (it starts when a slot is free) and
    return it. Raises `JobLimitError` when the session already has as many jobs as it may. Outside a running
    app (a script, a test without a session) the job starts at once."""
    context = get_script_run_ctx(suppress_warning=True)
    if context is None:
        return job.start()
    _session_jobs(context.session_id)
    return server_scheduler().submit(job, context.session_id)


def queue_notice(job: BackgroundJob) -> str | None:
    """"Waiting in the queue ..." with the job's place and the estimated wait, or None once it has started."""
    scheduler = server_scheduler()
    place = scheduler.position(job)
    if place is None:
        return None
    wait = scheduler.wait_seconds(job)
    running = scheduler.running_count()
    estimate = (t("job.wait.about", duration=duration_text(wait)) if wait is not None else t("job.wait.unknown"))
    return t("job.queued", place=place, length=scheduler.queue_length(), count=running,
             capacity=scheduler.max_running, estimate=estimate)


def poll_seconds(job: BackgroundJob | None) -> float | None:
    """How often a panel showing `job` refreshes: often while it runs, less while it waits, never once done."""
    if job is None or not job.is_running:
        return None
    return QUEUED_POLL_SECONDS if server_scheduler().position(job) is not None else POLL_SECONDS


def started_since_drawn(job: BackgroundJob, key: str) -> bool:
    """True once when a job that a panel showed waiting has started: the panel then reruns the page, so that
    its refresh rate (fixed when the fragment is declared) becomes the faster one of a running job."""
    waiting_key = f"{key}_was_waiting"
    waiting = server_scheduler().position(job) is not None
    if waiting:
        st.session_state[waiting_key] = job
        return False
    if st.session_state.get(waiting_key) is job:
        del st.session_state[waiting_key]
        return True
    return False


def job_panel(job: BackgroundJob | None, key: str, draw_results: Callable[[BackgroundJob], None]) -> None:
    """Draw ``job`` in a fragment that refreshes every POLL_SECONDS while it runs. When the job ends, the whole
    page reruns once (so widgets outside the fragment see the results), then ``draw_results(job)`` draws them.
    ``key`` must be unique on the page."""

    @st.fragment(run_every=poll_seconds(job))
    def panel() -> None:
        if job is None:
            return
        if started_since_drawn(job, key):
            st.rerun()
        steps = job.snapshot()
        for step in steps:
            if step.state == "failed":
                st.error(t("job.step_failed", step=step.name, error=localised(step.error)), icon=":material/error:")
        waiting = queue_notice(job)
        if waiting is not None:
            st.info(waiting, icon=":material/hourglass_top:")
            if st.button(t("job.cancel"), key=f"{key}_cancel_queued"):
                server_scheduler().cancel(job)
            return
        if job.is_running:
            eta = next((s.eta_seconds for s in steps if s.eta_seconds), None)
            states = " · ".join(t("job.step_state", step=s.name, state=t(f"job.state.{s.state}")) for s in steps)
            st.progress(job.fraction, text=t("job.progress.eta", states=states, seconds=round(eta)) if eta
                        else states)
            if st.button(t("job.stop"), key=f"{key}_stop"):
                job.cancel()
            return
        if st.session_state.get(f"{key}_drawn") is not job:
            st.session_state[f"{key}_drawn"] = job
            st.rerun()
        draw_results(job)

    panel()
