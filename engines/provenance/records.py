"""The provenance sidecar of a generated file: which model made it (name and version = a hash of its
weights), from which seed and request (attributes or prompt), and when (UTC), as a JSON-able dict written
next to the file (C2PA-style content credentials, kept as a plain JSON record)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

RECORD_VERSION = 1


def weights_hash(path: str | Path, length: int = 16) -> str:
    """The first `length` hex digits of the SHA-256 of a weights file (or of every file in a model folder,
    in name order): the model version a record names."""
    target = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in target.iterdir() if p.is_file()) if target.is_dir() else [target]
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:length]


def content_hash(data: bytes, length: int = 16) -> str:
    """The first `length` hex digits of the SHA-256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()[:length]


def provenance_record(model: str, model_version: str, seed: int | None, attributes: dict[str, Any] | None = None,
                      prompt: str | None = None, created: dt.datetime | None = None,
                      extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A sidecar record: generator, model name and version, seed, request (attributes and/or prompt), creation
    time in UTC (ISO 8601), and whatever `extra` adds (e.g. the file's name, its content hash, the watermark)."""
    when = (created or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    record: dict[str, Any] = {
        "record_version": RECORD_VERSION,
        "generated_by": "AIGC Business Lab",
        "model": model,
        "model_version": model_version,
        "seed": None if seed is None else int(seed),
        "created_utc": when.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "attributes": dict(attributes or {}),
        "prompt": prompt,
    }
    record.update(extra or {})
    return record


def record_json(record: dict[str, Any]) -> str:
    """The record as indented UTF-8 JSON text."""
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False)
