"""Loading torch and scikit-learn (the generators and the metrics) in the background on the first visit.

Those imports take seconds on a laptop, once per server process. The Studio shows its precomputed example at
once without them, starts them here in a thread, and draws its training steps when they are in memory."""

from __future__ import annotations

import threading

import streamlit as st


def _import_engines() -> None:
    import engines.evaluation  # noqa: F401, PLC0415
    import engines.synth  # noqa: F401, PLC0415


@st.cache_resource(show_spinner=False)
def _engine_import() -> threading.Thread:
    # One thread per server process (cache_resource is shared by every session): imports are process-wide.
    thread = threading.Thread(target=_import_engines, name="aigc-lab-engine-import", daemon=True)
    thread.start()
    return thread


def engines_ready() -> bool:
    """True once the generators and metrics are imported (starts importing them on the first call)."""
    thread = _engine_import()
    thread.join(timeout=0.2)  # already imported (any visit after the first): the thread ends at once
    return not thread.is_alive()


def wait_for_engines() -> None:
    """A note that the generators are loading, and a fragment that reruns the page once they are."""
    st.info("Loading the generators and metrics (only on the first visit after the app starts) ...",
            icon=":material/hourglass_top:")

    @st.fragment(run_every=0.5)
    def _poll() -> None:
        if engines_ready():
            st.rerun()

    _poll()
