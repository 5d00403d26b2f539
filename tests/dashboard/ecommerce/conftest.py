"""Fixtures for the E-commerce dashboard tests: a session database with the shipped store (uploads: the
`upload_log` fixture of tests/dashboard/conftest.py)."""

import pytest

from dashboard.data import SessionDatabase


@pytest.fixture(scope="module")
def store_db():
    """One session database over the shipped sample data, shared by a module's read-only tests."""
    db = SessionDatabase()
    yield db
    db.close()
