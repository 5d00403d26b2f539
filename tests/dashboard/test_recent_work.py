"""Recent work: kept per private token, invisible to other tokens, expired after the retention time."""

import time

import pytest

from dashboard.recent_work import WorkStore


@pytest.fixture
def store(tmp_path):
    return WorkStore(tmp_path / "work", retention_seconds=3600)


def test_uploads_and_models_are_kept_and_listed_newest_first(store, tmp_path):
    """Saved items come back for the same token with their names and contents."""
    # Setup
    token = store.new_token()
    upload = tmp_path / "sales.csv"
    upload.write_text("a,b\n1,2\n")
    # Run
    store.save_upload(token, "Sales 2024.csv", upload, "Sales 2024.csv (uploaded)")
    time.sleep(0.01)
    store.save_model(token, "gan-1", "GAN on sales", b"zip bytes")
    items = store.items(token)
    # Assert
    assert [(item.kind, item.name) for item in items] == [("model", "gan-1.zip"), ("upload", "Sales 2024.csv")]
    assert items[0].path.read_bytes() == b"zip bytes" and items[1].path.read_text() == "a,b\n1,2\n"


def test_another_token_sees_nothing_and_folders_do_not_reveal_tokens(store, tmp_path):
    """Work is found only with its own token; the folder name on disk is a hash, not the token."""
    # Setup
    mine, theirs = store.new_token(), store.new_token()
    store.save_model(mine, "m", "model", b"x")
    # Run
    folders = [path.name for path in store.root.iterdir()]
    # Assert
    assert store.items(theirs) == [] and len(store.items(mine)) == 1
    assert mine not in " ".join(folders) and len(folders) == 1


def test_tokens_are_long_random_and_malformed_ones_are_ignored(store):
    """Tokens carry 192 random bits; anything else in the address finds nothing and raises nothing."""
    # Run
    tokens = {store.new_token() for _ in range(200)}
    # Assert
    assert len(tokens) == 200 and all(len(token) == 32 and store.is_valid_token(token) for token in tokens)
    for bad in ("", "short", "../../etc/passwd" + "a" * 30, None, 42):
        assert not store.is_valid_token(bad) and store.items(bad) == [] and not store.exists(bad)


def test_work_expires_after_the_retention_time_and_is_deleted(store):
    """A folder not used within the retention time is gone after a purge; a recently used one stays."""
    # Setup
    old, recent = store.new_token(), store.new_token()
    store.save_model(old, "m", "model", b"x")
    store.save_model(recent, "m", "model", b"y")
    # Run
    later = time.time() + 1800
    store.touch(recent)
    removed_early = store.purge_expired(now=later)
    removed_late = store.purge_expired(now=time.time() + 3601 + 1)
    # Assert
    assert removed_early == 0 and removed_late == 2
    assert store.items(old) == [] and list(store.root.iterdir()) == []


def test_upload_names_cannot_escape_the_store(store, tmp_path):
    """A file name with folders in it is kept under a plain name inside the token's folder."""
    # Setup
    token = store.new_token()
    source = tmp_path / "f.csv"
    source.write_text("a\n1\n")
    # Run
    item = store.save_upload(token, "../../../evil.csv", source, "evil")
    # Assert
    assert item.path.parent.parent.parent == store.root and item.path.name == "evil.csv"


def test_a_kept_upload_is_not_changed_by_a_later_upload_of_the_same_name(store, tmp_path):
    """The kept file stays as it was when the session's own copy is replaced by a new upload."""
    # Setup
    import io

    from dashboard.data.ingest import spool_upload

    token = store.new_token()
    spooled = spool_upload("sales.csv", io.BytesIO(b"a\n1\n"), tmp_path / "session")
    kept = store.save_upload(token, "sales.csv", spooled.path, "sales")
    # Run
    spool_upload("sales.csv", io.BytesIO(b"a\n2\n3\n"), tmp_path / "session")
    # Assert
    assert kept.path.read_bytes() == b"a\n1\n"
