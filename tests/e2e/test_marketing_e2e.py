"""Real browser: the Marketing & creative page generates new designs, builds the banners for a segment,
downloads them as a zip whose sidecar and watermark check out, and tells a non-picture apart in the check."""

import io
import json
import zipfile

import pytest
from PIL import Image

from dashboard.marketing.creatives import WATERMARK_KEY
from engines.provenance.image_watermark import detect
from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app
from tests.e2e.test_ecommerce_flow import open_options

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_designs_banners_zip_and_watermark(page, app_url, tmp_path):
    # Setup
    page.goto(f"{app_url}/Marketing_and_creative")
    wait_for_app(page)
    page.get_by_text("How well the generator follows the brief").wait_for(timeout=60_000)
    assert_no_error(page)
    # Run: new designs (a colour that was not drawn in advance)
    colour = page.get_by_role("combobox", name="Colour")
    open_options(page, colour)
    page.get_by_role("option", name="blue", exact=True).click()
    wait_for_app(page)
    page.get_by_text("16 new designs: blue striped").wait_for(timeout=60_000)
    assert_no_error(page)
    # Run: banners for the first segment, downloaded as a zip
    page.get_by_role("tab", name="Ad creatives per segment").click()
    page.get_by_role("button", name="Make the banners").click()
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download all banners").click()
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    pngs = [name for name in archive.namelist() if name.endswith(".png")]
    # Assert: each PNG has its sidecar naming the model and seed, and carries the watermark
    assert len(pngs) >= 2
    record = json.loads(archive.read(pngs[0].replace(".png", ".json")))
    assert record["model"] == "product-image-vae" and record["seed"] in (1, 2) and record["model_version"]
    picture = Image.open(io.BytesIO(archive.read(pngs[0]))).convert("RGB")
    import numpy as np

    assert detect(np.asarray(picture), WATERMARK_KEY).found
    # Run: the check of an uploaded file, a banner and then a non-picture
    banner_path = tmp_path / pngs[0]
    banner_path.write_bytes(archive.read(pngs[0]))
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").click()
    chooser.value.set_files(str(banner_path))
    wait_for_app(page)
    page.get_by_text("Made here: this picture carries").wait_for(timeout=30_000)
    notes = tmp_path / "notes.csv"
    notes.write_text("a,b\n1,2\n")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").click()
    chooser.value.set_files(str(notes))
    wait_for_app(page)
    page.get_by_text("not a picture").wait_for(timeout=30_000)
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "marketing_creatives.png"), full_page=True)
