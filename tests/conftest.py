"""Suite-wide pytest settings."""

import os
import sys
import tempfile

import pytest

# Kept "recent work" of the app under test goes to a throw-away folder, never the tester's own cache (the
# browser tests' servers inherit it too).
os.environ["AIGC_LAB_WORK_DIR"] = tempfile.mkdtemp(prefix="aigc-lab-test-work-")

_exit_status = {"code": 0}


def pytest_sessionfinish(session, exitstatus):
    """Remember pytest's own verdict for pytest_unconfigure."""
    _exit_status["code"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without interpreter teardown once pytest has reported. Daemon threads of background jobs that a
    test left training can be inside a torch call at exit, and tearing the interpreter down under them aborts
    the process ("terminate called without an active exception"), which would turn a green run red."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status["code"])
