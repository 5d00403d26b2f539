"""Shared fixtures for every engine test (the protocol suite included)."""

import pytest

import engines.core.device


@pytest.fixture(autouse=True, scope="session")
def _one_cpu_thread():
    """Tiny test models gain nothing from a second thread, and on a busy machine OpenMP's waiting threads make
    every small op many times slower; one thread keeps these tests fast and their timings stable.
    Session-scoped so that it is already in place when module-scoped fixtures train their models."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engines.core.device, "CPU_THREADS", 1)
        yield
