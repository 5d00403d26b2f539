"""Recent work: an upload survives a reload through the page address, and only that address finds it."""

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import open_page

PAGE = "pages/1_Data_Explorer.py"


def _open(script: str, work: str | None = None) -> AppTest:
    return open_page(script, query_params=None if work is None else {"work": work})


def _reopen_buttons(app: AppTest) -> list:
    return [button for button in app.sidebar.button if button.label.startswith("Reopen")]


def test_an_upload_can_be_reopened_after_a_reload_from_the_same_address():
    """A new session opened with the first session's work token lists the upload and reopens it as a table."""
    # Setup: a first session uploads a file; its address carries the token
    first = _open(PAGE)
    first.file_uploader(key="upload").set_value(("shop.csv", b"region,sales\nnorth,10\nsouth,20\n", "text/csv")).run()
    token = first.query_params["work"]
    # Run: a reload is a new session with the same address
    reloaded = _open(PAGE, work=token)
    buttons = _reopen_buttons(reloaded)
    buttons[0].click().run()
    # Assert
    assert not reloaded.exception
    assert [button.label for button in buttons] == ["Reopen table: shop.csv (uploaded)"]
    assert reloaded.selectbox(key="table_picker").value == "shop" and reloaded.metric[0].value == "2"
    assert _reopen_buttons(reloaded) == []


def test_another_address_sees_none_of_it():
    """A session with a different (or no) token lists no recent work of other sessions."""
    # Setup
    first = _open(PAGE)
    first.file_uploader(key="upload").set_value(("private.csv", b"a\n1\n", "text/csv")).run()
    # Run
    stranger = _open(PAGE)
    forged = _open(PAGE, work="x" * 40)
    # Assert
    assert _reopen_buttons(stranger) == [] and _reopen_buttons(forged) == []
    assert stranger.query_params["work"] != first.query_params["work"]
