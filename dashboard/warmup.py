"""Importing the engines (torch, scikit-learn) in the background, so that a page shows at once.

Those imports take seconds on a laptop, once per server process. A page that can show something without them
(shipped results, analytics) starts them here in a thread and draws its model parts when they are in memory:
the Studio waits for them with :func:`wait_for_warmup`, the Education page only starts them early so that its
model tabs open faster. One thread per set of modules per process: imports are process-wide, and
``st.cache_resource`` is shared by every session."""

from __future__ import annotations

import importlib
import threading

import streamlit as st


def _import_all(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


@st.cache_resource(show_spinner=False)
def _import_thread(modules: tuple[str, ...]) -> threading.Thread:
    thread = threading.Thread(target=_import_all, args=(modules,), name="aigc-lab-warmup", daemon=True)
    thread.start()
    return thread


def start_warmup(*modules: str) -> None:
    """Start importing ``modules`` (e.g. "engines.synth") in a background thread, once per server process."""
    _import_thread(tuple(modules))


def warmed_up(*modules: str) -> bool:
    """True once ``modules`` are imported (starts importing them on the first call)."""
    thread = _import_thread(tuple(modules))
    thread.join(timeout=0.2)  # already imported (any visit after the first): the thread ends at once
    return not thread.is_alive()


def wait_for_warmup(*modules: str, message: str) -> None:
    """Show ``message`` (what is loading) and a fragment that reruns the page once ``modules`` are imported."""
    st.info(message, icon=":material/hourglass_top:")

    @st.fragment(run_every=0.5)
    def _poll() -> None:
        if warmed_up(*modules):
            st.rerun()

    _poll()
