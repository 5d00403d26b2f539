"""The live panel of a background job: progress with a Stop button while it runs, failures as messages, and
the caller's results once it has finished."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.jobs import BackgroundJob

POLL_SECONDS = 0.5


def job_panel(job: BackgroundJob | None, key: str, draw_results: Callable[[BackgroundJob], None]) -> None:
    """Draw ``job`` in a fragment that refreshes every POLL_SECONDS while it runs. When the job ends, the whole
    page reruns once (so widgets outside the fragment see the results), then ``draw_results(job)`` draws them.
    ``key`` must be unique on the page."""

    @st.fragment(run_every=POLL_SECONDS if job is not None and job.is_running else None)
    def panel() -> None:
        if job is None:
            return
        steps = job.snapshot()
        for step in steps:
            if step.state == "failed":
                st.error(f"{step.name}: {step.error}", icon=":material/error:")
        if job.is_running:
            eta = next((s.eta_seconds for s in steps if s.eta_seconds), None)
            st.progress(job.fraction, text=" · ".join(f"{s.name}: {s.state}" for s in steps)
                        + (f" · about {eta:.0f} s left in this step" if eta else ""))
            if st.button("Stop", key=f"{key}_stop"):
                job.cancel()
            return
        if st.session_state.get(f"{key}_drawn") is not job:
            st.session_state[f"{key}_drawn"] = job
            st.rerun()
        draw_results(job)

    panel()
