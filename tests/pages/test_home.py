"""The home page runs cleanly, shows live headline figures and links only to pages that exist."""

from dashboard.navigation import APP_ROOT, available_pages
from tests.pages.conftest import page_text


def test_home_shows_headlines_and_links(run_page):
    """Home raises nothing, shows six headline metrics with values, and links every existing page."""
    # Run
    app = run_page("streamlit_app.py")
    # Assert
    assert not app.exception
    assert not app.error
    assert len(app.metric) == 6 and all(metric.value for metric in app.metric)
    text = page_text(app)
    assert "simulated" in text
    for page in available_pages():
        assert (APP_ROOT / page.script).exists()


def test_navigation_lists_only_existing_pages():
    """Every page in the sidebar registry that is available has a script on disk, and the Explorer is there."""
    # Run
    labels = [page.label for page in available_pages()]
    # Assert
    assert labels[:2] == ["Home", "Data Explorer"]
