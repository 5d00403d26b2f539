"""Real browser: the Retail banking risk page opens with results, the assistant answers a question, and the
risk-warning report downloads as a self-contained HTML file."""

import pytest

from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_ask_the_assistant_and_download_the_risk_report(page, app_url):
    """Open the page, ask the FAQ assistant, then download the risk report from the Risk warnings tab."""
    # Setup
    page.goto(f"{app_url}/Retail_Banking_Risk")
    wait_for_app(page)
    page.get_by_text("Two classifiers, gradient boosting and a logistic scorecard", exact=False).wait_for(timeout=30_000)
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "banking_fraud.png"), full_page=True)
    # Run: ask a question
    page.get_by_role("tab", name="Customer service").click()
    page.get_by_label("Ask the bank's assistant").fill("I forgot my online banking password")
    page.get_by_role("button", name="Ask").click()
    wait_for_app(page)
    # Assert: the question and an answer (semantic, or TF-IDF while the model loads) are shown
    messages = page.locator("[data-testid='stChatMessage']")
    messages.nth(1).wait_for(timeout=30_000)
    reply = messages.nth(1).inner_text()
    assert "password" in reply.lower()
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "banking_faq.png"), full_page=True)
    # Run: download the report
    page.get_by_role("tab", name="Risk warnings").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the risk-warning report (HTML)").click()
    html = download_info.value.path().read_text()
    # Assert
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "Top flagged transactions" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    page.screenshot(path=str(ARTIFACTS / "banking_risk.png"), full_page=True)
