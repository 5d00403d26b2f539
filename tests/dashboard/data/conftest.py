"""Fixtures for the data-layer tests: a fresh session database and helpers to upload bytes."""

import io

import pytest

from dashboard.data import SessionDatabase


@pytest.fixture
def database():
    """A session database with the shipped sample data attached, closed after the test."""
    db = SessionDatabase()
    yield db
    db.close()


@pytest.fixture
def upload(database):
    """Upload ``content`` (bytes) under ``name`` into the test's database and return the UploadResult."""

    def _upload(name: str, content: bytes):
        return database.add_upload(name, io.BytesIO(content), len(content))

    return _upload
