"""Real browser: the "How generative AI works" page opens with the shipped digits results, a 2-D training starts
on a click, its frames update while it runs, and Stop ends it."""

import re

import pytest

from tests.e2e.conftest import APP_ROOT, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SHOTS = APP_ROOT / "artifacts" / "how_it_works"
FRAME_TITLE = re.compile(r"GAN · step ([\d,]+)")


def _gan_step(page) -> int:
    """The step shown in the GAN frame's title (0 before the first preview)."""
    match = FRAME_TITLE.search(page.locator("[data-testid='stMain']").inner_text())
    return int(match.group(1).replace(",", "")) if match else 0


def test_train_watch_frames_update_and_stop(page, app_url):
    """Shipped scores at once; Train -> the GAN frame's step rises across refreshes -> Stop -> stopped."""
    # Setup
    page.goto(f"{app_url}/How_generative_AI_works")
    wait_for_app(page)
    assert_no_error(page)
    page.get_by_text("Generate 64 of a digit").first.wait_for(timeout=60_000)
    # Run: start a long training so that it is still running when we stop it
    page.get_by_text("Training steps").first.wait_for()
    page.get_by_role("button", name=re.compile("Train the three models")).click()
    page.get_by_role("button", name=re.compile("Stop training")).wait_for(timeout=60_000)
    page.wait_for_function("() => /GAN · step [1-9]/.test(document.body.innerText)", timeout=60_000)
    first = _gan_step(page)
    page.wait_for_function(
        f"() => {{ const m = document.body.innerText.match(/GAN · step ([\\d,]+)/);"
        f" return m && parseInt(m[1].replace(/,/g, '')) > {first}; }}", timeout=60_000)
    later = _gan_step(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "training.png"))
    page.get_by_role("button", name=re.compile("Stop training")).click()
    # Assert
    page.get_by_text(re.compile("GAN: cancelled")).first.wait_for(timeout=60_000)
    assert later > first >= 1
    assert_no_error(page)
