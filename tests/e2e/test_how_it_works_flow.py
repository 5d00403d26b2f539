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


def _start_training(page, app_url, shape: str, steps: int) -> None:
    """Open the page, pick `shape` and `steps`, press Train."""
    page.goto(f"{app_url}/How_generative_AI_works")
    wait_for_app(page)
    page.get_by_text("Training steps").first.wait_for(timeout=60_000)
    if shape != "Ring of 8 blobs":
        page.locator("[data-testid='stSelectbox']", has_text="Shape to learn").click()
        page.get_by_role("option", name=shape).click()
    slider = page.get_by_role("slider", name="Training steps")
    slider.focus()
    for _ in range((steps - 1_500) // 100):  # the slider moves in steps of 100 from its default 1,500
        slider.press("ArrowRight")
    page.get_by_role("button", name=re.compile("Train the three models")).click()


def test_two_sessions_training_at_once_each_see_only_their_own_run(browser, app_url):
    """Session A trains on the ring, session B on two moons at the same time: B waits its turn in the queue
    (the server runs one training at a time on 2 cores), and each page shows only its own shape."""
    # Setup: two browser sessions
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    first, second = (context.new_page() for context in contexts)
    try:
        # Run: A starts a long training on the ring, then B on two moons
        _start_training(first, app_url, "Ring of 8 blobs", 4_000)
        first.get_by_text("Learning Ring of 8 blobs").first.wait_for(timeout=60_000)
        _start_training(second, app_url, "Two moons", 1_500)
        # Assert: B is told it waits; A keeps training its ring
        second.get_by_text(re.compile("Waiting in the queue|Learning Two moons")).first.wait_for(timeout=60_000)
        first.wait_for_function("() => /GAN · step [1-9]/.test(document.body.innerText)", timeout=60_000)
        # Run: A stops; B's run starts and draws its own frames
        first.get_by_role("button", name=re.compile("Stop training")).click()
        second.get_by_text("Learning Two moons").first.wait_for(timeout=120_000)
        second.wait_for_function("() => /GAN · step [1-9]/.test(document.body.innerText)", timeout=60_000)
        # Assert: neither page shows the other's shape
        assert second.get_by_text("Learning Ring of 8 blobs").count() == 0
        assert first.get_by_text("Learning Two moons").count() == 0
        assert_no_error(first)
        assert_no_error(second)
        SHOTS.mkdir(parents=True, exist_ok=True)
        second.screenshot(path=str(SHOTS / "second_session.png"))
    finally:
        for context in contexts:
            context.close()
