"""AppTest helpers: run a page script the way Streamlit does, with a timeout long enough for torch imports."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP_ROOT = Path(__file__).resolve().parents[2]


def open_page(script: str, session_state: dict | None = None, query_params: dict | None = None,
              timeout: float = 60) -> AppTest:
    """Open the app at its entry, as a browser does, then switch to ``script`` (relative to the app root) and
    return the AppTest after that run. Pages must be reached through the entry: in the classic ``pages/``
    mode their sidebar links resolve relative to it."""
    app = AppTest.from_file(str(APP_ROOT / "streamlit_app.py"), default_timeout=timeout)
    for key, value in (session_state or {}).items():
        app.session_state[key] = value
    for key, value in (query_params or {}).items():
        app.query_params[key] = value
    app.run()
    if script != "streamlit_app.py":
        app.switch_page(script).run()
    return app


@pytest.fixture
def run_page():
    """``open_page`` as a fixture (for tests that open a page of their own)."""
    return open_page


def page_text(app: AppTest) -> str:
    """All markdown, captions, titles and metric labels of a run, as one string to search."""
    parts = [element.value for element in app.markdown] + [element.value for element in app.caption]
    parts += [element.value for element in app.title] + [element.value for element in app.subheader]
    parts += [element.label for element in app.metric]
    return "\n".join(str(part) for part in parts)
