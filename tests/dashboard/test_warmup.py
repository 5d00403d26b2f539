"""The shared warm-up: modules are imported once, in a background thread, and reported ready when they are."""

import sys
import time

from dashboard import warmup


def test_warmup_imports_the_modules_in_the_background():
    """After start_warmup, warmed_up turns true and the modules are imported; a second start reuses the thread."""
    # Setup
    sys.modules.pop("colorsys", None)

    # Run
    warmup.start_warmup("colorsys")
    deadline = time.monotonic() + 10
    while not warmup.warmed_up("colorsys") and time.monotonic() < deadline:
        pass

    # Assert
    assert warmup.warmed_up("colorsys")
    assert "colorsys" in sys.modules
    assert warmup._import_thread(("colorsys",)) is warmup._import_thread(("colorsys",))
