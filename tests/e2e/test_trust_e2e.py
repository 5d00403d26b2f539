"""Real browser: the Trust & governance page opens with its figures, checks pasted text for the watermark, and
downloads the transparency report (its HTML holds the model card and no external address)."""

import json

import pytest

from dashboard.trust.shipped import SHIPPED
from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_check_text_for_the_watermark_and_download_the_report(page, app_url):
    """Open the page, paste generated (watermarked) copy and catalogue copy, then download the report."""
    # Setup
    examples = json.loads((SHIPPED.folder / "watermark.json").read_text())["examples"]
    marked = max((e for e in examples if e["source"] == "generated"), key=lambda e: e["z_score"])
    plain = next(e for e in examples if e["source"] == "catalogue")
    page.goto(f"{app_url}/Trust_and_governance")
    wait_for_app(page)
    page.get_by_text("Explanations add up", exact=False).first.wait_for(timeout=30_000)
    assert_no_error(page)
    # Run: check two texts
    page.get_by_role("tab", name="Provenance").click()
    box = page.get_by_label("Text to check")
    box.fill(marked["text"])
    box.press("Control+Enter")
    wait_for_app(page)
    page.get_by_text(f"Verdict: {marked['verdict']}", exact=False).wait_for(timeout=20_000)
    box.fill(plain["text"])
    box.press("Control+Enter")
    wait_for_app(page)
    page.get_by_text(f"Verdict: {plain['verdict']}", exact=False).wait_for(timeout=20_000)
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "trust_provenance.png"), full_page=True)
    # Run: download the transparency report
    page.get_by_role("tab", name="Transparency report").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the transparency report (HTML)").click()
    html = download_info.value.path().read_text()
    # Assert
    assert html.startswith("<!DOCTYPE html>") and "Model card:" in html and "Known limits" in html
    assert "<svg" in html and "Fairness" in html and "differentially private" in html.lower()
    assert "http://" not in html and "https://" not in html


def test_chinese_reader_downloads_the_report_in_chinese(page, app_url):
    """A link with ?lang=zh: the page is Chinese, and the model card and the transparency report it downloads are
    Chinese too (language tag, headings, the card's sections), still self-contained."""
    # Setup
    from dashboard.i18n import translate

    page.goto(f"{app_url}/Trust_and_governance?lang=zh")
    wait_for_app(page)
    page.get_by_text(translate("zh", "trust.headline.shap.label"), exact=False).first.wait_for(timeout=30_000)
    assert_no_error(page)

    # Run: the model card of the open tab, then the report
    with page.expect_download() as card_info:
        page.get_by_role("button", name=translate("zh", "trust.cards.download_html")).click()
    card = card_info.value.path().read_text(encoding="utf-8")
    page.get_by_role("tab", name=translate("zh", "trust.tab.report")).click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=translate("zh", "trust.report.download")).click()
    html = download_info.value.path().read_text(encoding="utf-8")

    # Assert
    assert card.startswith("<!DOCTYPE html><html lang='zh-Hans'>") and translate("zh", "trust.card.wording.limits") in card
    assert "<html lang='zh-Hans'>" in html
    for key in ("trust.report.fairness.title", "trust.report.privacy.title", "trust.card.wording.limits"):
        assert translate("zh", key) in html
    assert "Known limits" not in html and "http://" not in html and "https://" not in html
