"""Real browser: the Studio's precomputed example, then upload a CSV, train two generators, read the
leaderboard and download the synthetic CSV and the HTML report. Screenshots land in artifacts/studio/."""

import csv
import io

import pytest

from tests.dashboard.studio.conftest import mixed_table
from tests.e2e.conftest import APP_ROOT, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SHOTS = APP_ROOT / "artifacts" / "studio"


def _shot(page, name: str, anchor: str | None = None, height: int = 1800) -> None:
    """A screenshot of what a person sees around ``anchor`` (Streamlit scrolls inside the page, so the
    viewport is made tall instead of asking for a full-page shot)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": height})
    if anchor:
        page.get_by_text(anchor).first.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_precomputed_example_shows_at_once(page, app_url):
    """On a fresh session the shipped leaderboard and report are there, labelled simulated, for both tables."""
    # Run
    page.goto(f"{app_url}/Synthetic_Data_Studio")
    wait_for_app(page)
    # Assert
    assert_no_error(page)
    page.get_by_text("Precomputed example · simulated data").wait_for()
    for index, table in enumerate(("loan applications", "customers")):
        segment = page.get_by_role("radio", name=f"Retail bank · {table} (simulated)")
        if index:
            segment.click()
            wait_for_app(page)
        assert segment.get_attribute("aria-checked") == "true"
        page.locator("[data-testid='stMetric']", has_text="Quality").first.wait_for()
        assert_no_error(page)
        _shot(page, f"example_{table.replace(' ', '_')}", anchor="Example table", height=2400)


def test_upload_train_compare_and_download(page, app_url, tmp_path):
    """Upload a CSV, train VAE and copula, see the starred leaderboard, download synthetic CSV and the report."""
    # Setup
    upload = tmp_path / "members.csv"
    mixed_table(150).to_csv(upload, index=False)
    page.goto(f"{app_url}/Synthetic_Data_Studio")
    wait_for_app(page)
    # Run: upload and choose
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone']").first.click()
    chooser.value.set_files(str(upload))
    page.get_by_text("Loaded members.csv as table").wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_role("combobox", name="Target column").click()
    page.keyboard.type("member")
    page.keyboard.press("Enter")
    wait_for_app(page)
    for slow in ("Tabular GAN", "Auto-regressive generator"):
        page.locator("[data-testid='stCheckbox']", has_text=slow).locator("label").click()
    page.get_by_text("Advanced settings").click()
    epochs = page.get_by_role("spinbutton", name="Epochs")
    epochs.fill("2")
    epochs.press("Tab")  # a number input commits its value when it loses focus
    page.get_by_role("button", name="Train and compare").click()
    # Assert: the job panel, then the leaderboard
    page.get_by_role("heading", name="3 · Leaderboard").wait_for(timeout=120_000)
    wait_for_app(page)
    assert_no_error(page)
    board = page.locator("[data-testid='stDataFrame']").filter(has_text="Generator").first
    board.wait_for()
    _shot(page, "leaderboard", anchor="3 · Leaderboard")
    _shot(page, "report", anchor="4 · Report", height=2200)
    # Run: sample and download the CSV
    page.get_by_role("button", name="Generate rows").click()
    page.get_by_text("synthetic rows").first.wait_for(timeout=60_000)
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    # Assert
    assert len(rows) == 120 and list(rows[0]) == ["age", "income", "region", "member"]
    regions = {row["region"] for row in rows}
    assert regions <= {"north", "south", "east", "'=west"} and "=west" not in regions
    # Run: download the report
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this report (HTML)").click()
    html = download.value.path().read_text()
    # Assert
    assert "<h1>Synthetic data report:" in html and "<script" not in html
    assert "Leaderboard" in html and "Gaussian copula" in html and "Tabular VAE" in html
    assert_no_error(page)
