"""Real browser: the E-commerce page opens with results, a customer can be picked, and product copy generated.
"""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def open_options(page, combobox, attempts: int = 4) -> None:
    """Open a selectbox's option list; a click that lands while the widget is still settling is retried."""
    for _ in range(attempts):
        combobox.click()
        combobox.press("ArrowDown")
        try:
            page.get_by_role("option").first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeoutError:
            combobox.press("Escape")
    raise AssertionError("The selectbox's options did not open.")


def test_pick_a_customer_and_generate_copy(page, app_url):
    """Open the page, switch customer in Recommendations, generate copy in Content, download it."""
    # Setup
    page.goto(f"{app_url}/E-commerce")
    wait_for_app(page)
    page.get_by_text("of what a shopper explores next").wait_for(timeout=30_000)
    assert_no_error(page)
    # Run: pick the third customer
    page.get_by_role("tab", name="Recommendations").click()
    picker = page.get_by_role("combobox", name="Customer")
    before = picker.input_value()
    open_options(page, picker)
    page.get_by_role("option").nth(2).click()
    wait_for_app(page)
    # Assert
    assert picker.input_value() != before and picker.input_value().startswith("Customer ")
    assert page.get_by_text("Top 10 the Mult-VAE recommends").is_visible()
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "ecommerce_recommendations.png"), full_page=True)
    # Run: generate copy for the first product
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("button", name="Generate 3 variants").click()
    wait_for_app(page)
    # Assert: the shipped-variants caption is gone, the new variants can be downloaded with their provenance
    assert not page.get_by_text("Shown: the variants written when the model was built").is_visible()
    assert_no_error(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download these variants").click()
    text = download_info.value.path().read_text()
    assert text.splitlines()[0].startswith("variant,text,faithful") and "copywriter-gru v" in text
    assert len(text.strip().splitlines()) == 4
    page.screenshot(path=str(ARTIFACTS / "ecommerce_content.png"), full_page=True)
