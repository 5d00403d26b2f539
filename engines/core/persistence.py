"""Saving a model as a folder that can be loaded without unpickling anything.

A model folder holds `model.json` (what the model is: kind, hyper-parameters, metadata, transformer state,
training history) and `weights.safetensors` (its tensors). Loading reads only JSON and safetensors, so opening
a folder from someone else cannot run code. Every problem (missing folder or file, a different kind of model,
a file that was edited or truncated) raises `ModelFileError` with a message a person can act on.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from engines.errors import ModelFileError

FORMAT = "aigc-business-lab/model"
FORMAT_VERSION = 1
MANIFEST_FILE = "model.json"
WEIGHTS_FILE = "weights.safetensors"


def _to_json(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot store a {type(value).__name__} in model.json")


def _write_atomically(target: Path, write: Any) -> None:
    # A crash half-way through a save must not leave a truncated file under the real name.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model_folder(
    path: str | os.PathLike, *, kind: str, config: dict, tensors: dict[str, torch.Tensor]
) -> Path:
    """Write `config` (JSON-able) and `tensors` to the folder `path`, creating it if needed; return the
    folder.

    The manifest records the model `kind`, the format version and a checksum of the weights, which `load`
    checks. Files are written to a temporary name first, so an interrupted save never leaves a half-written
    model.
    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ModelFileError(
            f"Cannot create the model folder {str(folder)!r}: {error.strerror or error}.",
            key="engine.persistence.cannot_create", folder=repr(str(folder)), reason=error.strerror or error
        ) from error
    weights_path = folder / WEIGHTS_FILE
    cpu_tensors = {name: tensor.detach().to("cpu").contiguous() for name, tensor in tensors.items()}
    try:
        _write_atomically(weights_path, lambda temporary: save_file(cpu_tensors, temporary))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kind": kind,
            "weights_sha256": _sha256(weights_path),
            "config": config,
        }
        text = json.dumps(manifest, default=_to_json, allow_nan=False, indent=1)
        _write_atomically(folder / MANIFEST_FILE, lambda temporary: Path(temporary).write_text(text, "utf-8"))
    except OSError as error:
        raise ModelFileError(
            f"Cannot write the model to {str(folder)!r}: {error.strerror or error}.",
            key="engine.persistence.cannot_write", folder=repr(str(folder)), reason=error.strerror or error
        ) from error
    return folder


def read_manifest(path: str | os.PathLike) -> dict:
    """Read and check a model folder's `model.json`; return the whole manifest (`kind`, `config`, ...)."""
    folder = Path(path)
    if not folder.is_dir():
        raise ModelFileError(f"No model folder at {str(folder)!r}.",
                             key="engine.persistence.no_folder", folder=repr(str(folder)))
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ModelFileError(f"{str(folder)!r} is not a saved model: it has no {MANIFEST_FILE}.",
                             key="engine.persistence.no_manifest", folder=repr(str(folder)),
                             manifest=MANIFEST_FILE)
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(
            f"The model description {str(manifest_path)!r} is unreadable or corrupt ({error}).",
            key="engine.persistence.corrupt_manifest", manifest=repr(str(manifest_path)), error=error
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(f"{str(folder)!r} does not hold a model saved by this app.",
                             key="engine.persistence.foreign_folder", folder=repr(str(folder)))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ModelFileError(
            f"The model in {str(folder)!r} was saved in format version {version!r}; this app reads up to "
            f"{FORMAT_VERSION}. Update the app or save the model again.",
            key="engine.persistence.newer_format", folder=repr(str(folder)), version=repr(version),
            max_version=FORMAT_VERSION
        )
    if not isinstance(manifest.get("kind"), str) or not isinstance(manifest.get("config"), dict):
        raise ModelFileError(f"The model description in {str(folder)!r} is incomplete.",
                             key="engine.persistence.incomplete_manifest", folder=repr(str(folder)))
    return manifest


def load_model_folder(
    path: str | os.PathLike, *, expected_kind: str | Collection[str] | None = None
) -> tuple[dict, dict[str, torch.Tensor]]:
    """Load a folder written by `save_model_folder`; return `(config, tensors)` with tensors on the CPU.

    `expected_kind` (one kind or several) guards against loading, say, a VAE folder as a GAN. The weights must
    match the checksum recorded at save time. Nothing is unpickled.
    """
    folder = Path(path)
    manifest = read_manifest(folder)
    kind = manifest["kind"]
    if expected_kind is not None:
        allowed = {expected_kind} if isinstance(expected_kind, str) else set(expected_kind)
        if kind not in allowed:
            raise ModelFileError(
                f"{str(folder)!r} holds a {kind!r} model, not a {' or '.join(sorted(allowed))!r} model.",
                key="engine.persistence.wrong_kind", folder=repr(str(folder)), kind=repr(kind),
                allowed=repr(' or '.join(sorted(allowed)))
            )
    weights_path = folder / WEIGHTS_FILE
    if not weights_path.is_file():
        raise ModelFileError(f"The model folder {str(folder)!r} has no {WEIGHTS_FILE}; it is incomplete.",
                             key="engine.persistence.missing_weights", folder=repr(str(folder)),
                             weights_file=WEIGHTS_FILE)
    if _sha256(weights_path) != manifest.get("weights_sha256"):
        raise ModelFileError(
            f"{WEIGHTS_FILE} in {str(folder)!r} does not match its model.json (changed, truncated or from "
            "another model). Save the model again.",
            key="engine.persistence.weights_mismatch", weights_file=WEIGHTS_FILE, folder=repr(str(folder))
        )
    try:
        tensors = load_file(str(weights_path), device="cpu")
    except (SafetensorError, OSError, ValueError) as error:
        raise ModelFileError(f"The weights in {str(folder)!r} are corrupt ({error}).",
                             key="engine.persistence.corrupt_weights", folder=repr(str(folder)),
                             error=error) from None
    return manifest["config"], tensors
