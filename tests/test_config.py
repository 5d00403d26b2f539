"""The app's Streamlit configuration: private by default."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))


def test_the_server_listens_on_this_computer_only():
    """Bound to the loopback address: other machines cannot open the app unless someone chooses to serve it."""
    # Assert
    assert CONFIG["server"]["address"] == "127.0.0.1"


def test_the_server_starts_without_prompts_telemetry_or_lookups():
    """Headless (no e-mail prompt, no external-IP lookup) and no usage statistics sent anywhere."""
    # Assert
    assert CONFIG["server"]["headless"] is True
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_the_running_indicator_is_not_hidden():
    """toolbarMode "minimal" hides Streamlit's running indicator; every slow rerun must show that it works."""
    # Assert
    assert CONFIG["client"]["toolbarMode"] in ("viewer", "auto", "developer")


def test_no_full_garbage_collection_after_every_rerun():
    """A full GC after each script run held the GIL most of the time under load (see config.toml's note)."""
    # Assert
    assert CONFIG["runner"]["postScriptGC"] is False
