"""Real browser: every page opens without error, and the Data Explorer flow works end to end."""

import csv
import io

import pytest

from dashboard.navigation import available_pages
from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_every_page_opens_without_error(page, app_url):
    """Home and every page linked in the sidebar render with no exception; a screenshot of each is saved."""
    # Setup
    page.goto(app_url)
    wait_for_app(page)
    # Run / Assert
    for entry in available_pages():
        link = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']", has_text=entry.label)
        link.first.click()
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stMain'] h1")
        assert_no_error(page)
        page.screenshot(path=str(ARTIFACTS / f"page_{entry.label.replace(' ', '_')}.png"), full_page=True)


def test_upload_profile_query_download(page, app_url, tmp_path):
    """Upload a CSV in the Data Explorer, see its profile, run a query and download its result."""
    # Setup
    rows = [("region", "sales")] + [("north" if i % 3 else "south", i) for i in range(30)]
    upload = tmp_path / "shop_sales.csv"
    with open(upload, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    page.goto(f"{app_url}/Data_Explorer")
    wait_for_app(page)
    # Run: upload
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone']").click()
    chooser.value.set_files(str(upload))
    page.get_by_text("Loaded shop_sales.csv as table").wait_for(timeout=60_000)
    wait_for_app(page)
    # Assert: the profile of the upload
    assert_no_error(page)
    rows_metric = page.locator("[data-testid='stMetric']", has_text="Rows").first
    assert rows_metric.locator("[data-testid='stMetricValue']").inner_text() == "30"
    # Run: a query
    page.get_by_role("tab", name="SQL").click()
    editor = page.locator("textarea").first
    editor.fill("SELECT region, sum(sales) AS total FROM shop_sales GROUP BY region ORDER BY region")
    page.get_by_role("button", name="Run query").click()
    wait_for_app(page)
    page.get_by_text("2 rows in").wait_for(timeout=30_000)
    assert_no_error(page)
    # Run: download
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download result as CSV").click()
    downloaded = download_info.value.path().read_text()
    # Assert
    parsed = list(csv.DictReader(io.StringIO(downloaded)))
    expected = {"north": sum(i for i in range(30) if i % 3), "south": sum(i for i in range(30) if not i % 3)}
    assert {row["region"]: int(row["total"]) for row in parsed} == expected


def test_bad_sql_shows_message_in_browser(page, app_url):
    """A write statement typed in the SQL box is refused with a message, not a traceback."""
    # Setup
    page.goto(f"{app_url}/Data_Explorer")
    wait_for_app(page)
    # Run
    page.get_by_role("tab", name="SQL").click()
    page.locator("textarea").first.fill("DELETE FROM ecommerce.customers")
    page.get_by_role("button", name="Run query").click()
    wait_for_app(page)
    # Assert
    page.get_by_text("the SQL box is read-only").wait_for(timeout=30_000)
    assert_no_error(page)
