"""Real browser, two people on one server: the second training waits in the queue with its place, the first is
stopped and keeps what it learnt, and a reload finds the finished work again under "Recent work"."""

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _studio_with_only(page, app_url, keep: str, epochs: int | None = None) -> None:
    """Open the Studio on its default shipped table with only the generator `keep` ticked."""
    page.goto(f"{app_url}/Synthetic_Data_Studio")
    wait_for_app(page)
    rows = page.get_by_role("spinbutton", name="Rows to learn from")
    rows.fill("600")
    rows.press("Tab")
    wait_for_app(page)
    for label in ("Auto-regressive generator", "Tabular VAE", "Tabular GAN", "Gaussian copula"):
        if label != keep:
            page.locator("[data-testid='stCheckbox']", has_text=label).locator("label").click()
    if epochs is not None:
        # The "best" preset allows 20,000 steps, so this training runs until it is stopped.
        page.get_by_text("best (", exact=False).click()
        page.get_by_text("Advanced settings").click()
        field = page.get_by_role("spinbutton", name="Epochs")
        field.fill(str(epochs))
        field.press("Tab")


def test_second_training_queues_then_work_survives_a_reload(browser, app_url):
    """Session A trains a long GAN; session B's copula waits at place 1; A's Cancel keeps its GAN (stopped
    early) and lets B run; B reloads and reopens its generator from Recent work."""
    # Setup: two browser sessions
    first_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    second_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    first, second = first_context.new_page(), second_context.new_page()
    try:
        _studio_with_only(first, app_url, "Tabular GAN", epochs=10_000)
        _studio_with_only(second, app_url, "Gaussian copula")
        # Run: A starts, then B
        first.get_by_role("button", name="Train and compare").click()
        first.get_by_text(re.compile(r"Tabular GAN: step [1-9][\d,]* of")).first.wait_for(timeout=90_000)
        second.get_by_role("button", name="Train and compare").click()
        # Assert: B waits with its place in the queue
        notice = second.get_by_text("Waiting in the queue: place 1")
        notice.wait_for(timeout=30_000)
        assert_no_error(second)
        notice.evaluate("element => element.scrollIntoView({block: 'center'})")
        second.screenshot(path=str(ARTIFACTS / "shared_server_second_session_queued.png"))
        # Run: A stops its GAN, which keeps what it learnt; B's copula then trains
        first.get_by_role("button", name="Cancel training").click()
        try:
            first.get_by_text("was stopped early after").wait_for(timeout=120_000)
        finally:
            first.screenshot(path=str(ARTIFACTS / "shared_server_first_session.png"), full_page=True)
        second.get_by_role("heading", name="3 · Leaderboard").wait_for(timeout=120_000)
        wait_for_app(second)
        assert_no_error(first)
        # Run: B reloads (a new session on the same private link) and reopens its work
        address = second.url
        assert "work=" in address
        second.reload()
        wait_for_app(second)
        reopen = second.get_by_role("button", name="Reopen generator: Gaussian copula")
        reopen.wait_for(timeout=30_000)
        # Assert: A never sees B's work
        assert first.get_by_role("button", name="Reopen generator: Gaussian copula").count() == 0
        reopen.click()
        wait_for_app(second)
        second.get_by_role("combobox", name="Generator to sample from").wait_for(timeout=30_000)
        assert second.get_by_role("button", name="Reopen generator: Gaussian copula").count() == 0
        assert_no_error(second)
    finally:
        first_context.close()
        second_context.close()
