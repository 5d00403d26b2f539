"""The Marketing & creative page: shipped results at once (no model needed), analytics with a baseline,
designs for a new choice, banners for a segment with a zip, the watermark check's messages, the campaign."""

import io

from PIL import Image

from dashboard.marketing import creatives
from tests.pages.conftest import page_text

PAGE = "pages/6_Marketing_and_creative.py"


def test_page_opens_with_shipped_results(run_page):
    app = run_page(PAGE)
    assert not app.exception and not app.error
    text = page_text(app)
    assert "Marketing & creative" in app.title[0].value
    assert "simulated" in text.lower()
    assert any("vs store average" in str(metric.delta) for metric in app.metric if metric.delta)
    assert len(app.get("image")) >= 3  # the designs, the original and the restyled product
    assert "Thompson sampling" in text
    assert any("What a marketer should take away" in info.value for info in app.info)
    assert "simulated campaigns" in app.success[0].value


def test_new_designs_and_banners_for_a_segment(run_page):
    app = run_page(PAGE, {"mk_colour": "blue", "mk_pattern": "dots"})
    assert not app.exception and not app.error
    captions = [picture.caption for element in app.get("image") for picture in element.proto.imgs]
    assert any("blue dotted" in caption for caption in captions)
    app.button(key="mk_make_banners").click().run()
    assert not app.exception and not app.error
    segment = app.selectbox(key="mk_segment").value
    banners = app.session_state[f"mk_banners_{segment}_en"]  # banners are kept per segment and language
    assert len(banners) >= 2 and all(creatives.check_upload(b.png).found for b in banners)
    assert any(button.label.startswith("Download all banners") for button in app.get("download_button"))


def test_watermark_check_answers_for_a_picture_and_refuses_a_non_picture(run_page):
    app = run_page(PAGE)
    buffer = io.BytesIO()
    Image.new("RGB", (200, 120), (200, 40, 40)).save(buffer, "PNG")
    app.file_uploader(key="mk_check_upload").set_value(("plain.png", buffer.getvalue(), "image/png")).run()
    assert not app.exception
    assert any("No watermark of this lab found" in info.value for info in app.info)
    app.file_uploader(key="mk_check_upload").set_value(("notes.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert not app.exception
    assert any("not a picture" in error.value for error in app.error)
