"""The one call every page starts with: page config, session defaults and the sidebar. Also the guard that
turns any error into a message in the page instead of a traceback.

The top of every page (``streamlit_app.py`` and ``pages/*.py``) reads the same: the docstring, all imports, then
``setup_page(label)`` as the first statement and so the first Streamlit call (``st.set_page_config`` must come
before any element). Imports come first, as everywhere in Python, because a page's imports are light: modules
under ``dashboard/`` import torch and scikit-learn only inside the functions that need them, or through
``dashboard.warmup`` in a background thread, so nothing delays the page's first paint.
``tests/test_architecture.py`` checks this shape."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboard.data import DataLayerError
from engines.errors import EngineError
from dashboard.i18n import error_text, language_switch, t
from dashboard.navigation import PAGES, available_pages, group_label, page_label
from dashboard.recent_work_view import recent_work_panel
from dashboard.session import session_database, work_token

logger = logging.getLogger("aigc_lab")

APP_TITLE = "AIGC Business Lab"


def setup_page(label: str) -> None:
    """Configure the page named ``label`` in dashboard.navigation.PAGES, open the session's database and draw
    the sidebar. Call it first on every page."""
    entry = next((page for page in PAGES if page.label == label), None)
    st.set_page_config(
        page_title=f"{page_label(entry)} · {APP_TITLE}" if entry and label != "Home" else APP_TITLE,
        page_icon=entry.icon if entry else ":material/auto_awesome:",
        layout="wide",
    )
    session_database()
    work_token()
    _draw_sidebar()


def _draw_sidebar() -> None:
    with st.sidebar:
        st.markdown(f"### :material/auto_awesome: {APP_TITLE}")
        language_switch()
        group = None
        for page in available_pages():
            if page.group != group:
                group = page.group
                st.caption(group_label(group).upper())
            st.page_link(page.script, label=page_label(page), icon=page.icon)
        st.divider()
        with explained_errors(t("action.reopening_recent_work")):
            recent_work_panel()
        st.caption(t("sidebar.privacy"))


@contextmanager
def explained_errors(action: str) -> Iterator[None]:
    """Show any error raised inside the block as a message in the page. Errors the lab expects (bad files, bad
    SQL, bad settings) carry their own explanation; anything else is logged and summarised, never shown as a
    traceback. ``action`` completes 'Something went wrong while ...' (pass it through ``t``: it is shown)."""
    try:
        yield
    except (DataLayerError, EngineError) as error:
        st.error(error_text(error), icon=":material/error:")
    except Exception as error:  # noqa: BLE001 - the last line of defence between a bug and a visitor
        logger.exception("Unexpected error while %s", action)
        st.error(t("error.unexpected", action=action, error_type=type(error).__name__), icon=":material/error:")

