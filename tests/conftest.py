"""Suite-wide pytest settings."""

import os
import sys

import pytest

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
