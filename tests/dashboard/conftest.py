"""Fixtures shared by the dashboard tests: uploading CSV text into a fresh session database."""

import io

import pytest

from dashboard.data import SessionDatabase


@pytest.fixture
def upload_log():
    """Upload CSV text into a fresh database without the shipped data; returns (database, table name)."""
    databases = []

    def _upload(name: str, text: str):
        db = SessionDatabase(datasets=())
        databases.append(db)
        data = text.encode()
        return db, db.add_upload(name, io.BytesIO(data), len(data)).table.sql_name

    yield _upload
    for db in databases:
        db.close()
