"""Fixtures for the E-commerce dashboard tests: a session database with the shipped store, and uploads."""

import io

import pytest

from dashboard.data import SessionDatabase


@pytest.fixture(scope="module")
def store_db():
    """One session database over the shipped sample data, shared by a module's read-only tests."""
    db = SessionDatabase()
    yield db
    db.close()


@pytest.fixture
def upload_log():
    """Upload CSV text into a fresh database; returns (database, table name)."""
    databases = []

    def _upload(name: str, text: str):
        db = SessionDatabase(datasets=())
        databases.append(db)
        data = text.encode()
        return db, db.add_upload(name, io.BytesIO(data), len(data)).table.sql_name

    yield _upload
    for db in databases:
        db.close()
