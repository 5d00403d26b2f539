"""Work that survives a reload: a private, expiring store of a browser session's uploads and trained models.

A browser session gets an unguessable work token (`secrets.token_urlsafe`), kept in the page's address
(`?work=...`): reloading the page, or opening that private link later, finds the same work again. On disk the
work lives in a folder named after a hash of the token, so the folder listing reveals no token and no session can
list or open another's work without its link. Everything expires: a folder not used for the retention time
(`AIGC_LAB_RETENTION_HOURS`, 24 h by default) is deleted at the next purge.

What is kept: each uploaded file (as uploaded, so reopening runs the same checks) and each trained generator (as
the Studio's model zip, report included). Reopening puts them back into the new session.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_RETENTION_HOURS = 24.0
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_META_FILE = "work.json"
_ITEM_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def default_root() -> Path:
    """Where work is kept: `AIGC_LAB_WORK_DIR`, else the user's cache folder (never inside the project)."""
    configured = os.environ.get("AIGC_LAB_WORK_DIR", "").strip()
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "aigc-business-lab" / "work"


def default_retention_seconds() -> float:
    """`AIGC_LAB_RETENTION_HOURS` (a number of hours above 0) in seconds, else 24 hours."""
    try:
        hours = float(os.environ.get("AIGC_LAB_RETENTION_HOURS", DEFAULT_RETENTION_HOURS))
    except ValueError:
        hours = DEFAULT_RETENTION_HOURS
    return (hours if hours > 0 else DEFAULT_RETENTION_HOURS) * 3600.0


@dataclass(frozen=True)
class WorkItem:
    """One kept piece of work: an upload or a trained model."""

    kind: str  # "upload" | "model"
    name: str  # the file name shown to the person
    label: str
    saved_at: float
    path: Path


class WorkStore:
    """The store of every session's kept work under `root` (see the module docstring)."""

    def __init__(self, root: Path | None = None, retention_seconds: float | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()
        self.retention_seconds = retention_seconds if retention_seconds is not None else default_retention_seconds()

    @staticmethod
    def new_token() -> str:
        """A new unguessable token (192 random bits)."""
        return secrets.token_urlsafe(24)

    @staticmethod
    def is_valid_token(token: object) -> bool:
        """Whether `token` has the shape of a token (anything else in the address is ignored)."""
        return isinstance(token, str) and bool(_TOKEN_PATTERN.match(token))

    def _folder(self, token: str) -> Path:
        if not self.is_valid_token(token):
            raise ValueError("not a work token")
        return self.root / hashlib.sha256(token.encode("ascii")).hexdigest()[:40]

    def exists(self, token: str) -> bool:
        """Whether work is kept (and not expired) for `token`."""
        if not self.is_valid_token(token):
            return False
        folder = self._folder(token)
        return folder.is_dir() and not self._expired(folder, time.time())

    def save_upload(self, token: str, file_name: str, source: Path, label: str) -> WorkItem:
        """Keep a copy of an uploaded file (replacing an earlier upload of the same name)."""
        target = self._item_folder(token, "uploads") / _safe_name(file_name)
        target.unlink(missing_ok=True)
        try:
            # Same file system: a second name for the spooled file, no copy (the session folder's name goes
            # when the session ends, the data stays under this one).
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        return self._record(token, "upload", target, file_name, label)

    def save_model(self, token: str, key: str, label: str, model_zip: bytes) -> WorkItem:
        """Keep a trained model as the Studio's model zip (its report inside)."""
        target = self._item_folder(token, "models") / f"{_safe_name(key)}.zip"
        target.write_bytes(model_zip)
        return self._record(token, "model", target, target.name, label)

    def items(self, token: str) -> list[WorkItem]:
        """The work kept for `token`, newest first (nothing for an unknown or expired token)."""
        if not self.exists(token):
            return []
        meta = self._read_meta(self._folder(token))
        found = []
        for entry in meta.get("items", []):
            path = self._folder(token) / entry["path"]
            if path.is_file():
                found.append(WorkItem(entry["kind"], entry["name"], entry["label"], entry["saved_at"], path))
        return sorted(found, key=lambda item: item.saved_at, reverse=True)

    def touch(self, token: str) -> None:
        """Mark the work as used now, so it is kept for another retention period."""
        if self.exists(token):
            folder = self._folder(token)
            meta = self._read_meta(folder)
            meta["last_used"] = time.time()
            self._write_meta(folder, meta)

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every folder not used within the retention time; returns how many were deleted."""
        now = time.time() if now is None else now
        if not self.root.is_dir():
            return 0
        removed = 0
        for folder in self.root.iterdir():
            if folder.is_dir() and self._expired(folder, now):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    # ------------------------------------------------------------------------------------------------ private
    def _item_folder(self, token: str, part: str) -> Path:
        folder = self._folder(token) / part
        folder.mkdir(parents=True, exist_ok=True)
        # Only the server's user may read kept work (uploads can be personal data).
        os.chmod(self._folder(token), 0o700)
        return folder

    def _record(self, token: str, kind: str, path: Path, name: str, label: str) -> WorkItem:
        folder = self._folder(token)
        meta = self._read_meta(folder)
        relative = str(path.relative_to(folder))
        items = [entry for entry in meta.get("items", []) if entry["path"] != relative]
        saved_at = time.time()
        items.append({"kind": kind, "name": name, "label": label, "saved_at": saved_at, "path": relative})
        meta.update(items=items, last_used=saved_at)
        self._write_meta(folder, meta)
        return WorkItem(kind, name, label, saved_at, path)

    def _expired(self, folder: Path, now: float) -> bool:
        last_used = self._read_meta(folder).get("last_used")
        if last_used is None:
            last_used = folder.stat().st_mtime
        return now - float(last_used) > self.retention_seconds

    @staticmethod
    def _read_meta(folder: Path) -> dict:
        try:
            return json.loads((folder / _META_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    @staticmethod
    def _write_meta(folder: Path, meta: dict) -> None:
        temporary = folder / f".{_META_FILE}.tmp"
        temporary.write_text(json.dumps(meta), "utf-8")
        os.replace(temporary, folder / _META_FILE)


def _safe_name(name: str) -> str:
    """A file name without folders or odd characters (uploads are named by people)."""
    cleaned = _ITEM_NAME.sub("_", Path(name).name).strip("._") or "item"
    return cleaned[:120]
