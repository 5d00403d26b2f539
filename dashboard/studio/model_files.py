"""A trained generator as a zip to download, and a zip uploaded by someone to sample from again.

The zip holds the engines' model folder (``model.json`` + ``weights.safetensors``) and the Studio's report
(``studio_report.json``). An uploaded zip is untrusted: it is checked before anything is written (size, a real
zip, only those three names at its top level or in one folder, no paths that climb out, no links, no
encryption, a bounded unpacked size), only the expected members are copied out by name, and the engines load
the folder from JSON and safetensors alone, with its checksum. Nothing is ever unpickled."""

from __future__ import annotations

import io
import json
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dashboard.i18n import Message
from dashboard.studio.labels import keyed_error
from dashboard.studio.report import StudioReport
from engines.core.persistence import MANIFEST_FILE, WEIGHTS_FILE
from engines.errors import ModelFileError

REPORT_FILE = "studio_report.json"
REQUIRED_FILES = (MANIFEST_FILE, WEIGHTS_FILE)
ALLOWED_FILES = frozenset({*REQUIRED_FILES, REPORT_FILE})
MODEL_ZIP_MAX_BYTES = 64 * 1024 * 1024
# Unpacked size cap: a small zip can expand to gigabytes (a "zip bomb").
MODEL_UNPACKED_MAX_BYTES = 256 * 1024 * 1024
_REPORT_MAX_BYTES = 8 * 1024 * 1024


@dataclass
class ImportedModel:
    """A generator loaded from an uploaded zip, with the report saved beside it when there was a valid one."""

    synthesizer: object
    report: StudioReport | None
    notes: list[str]


def model_zip_bytes(synthesizer, report: StudioReport | None = None) -> bytes:
    """The fitted ``synthesizer`` saved by the engines and zipped (flat: model.json, weights.safetensors and,
    when given, the report as studio_report.json)."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="aigc-lab-model-") as folder:
        synthesizer.save(folder)
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in REQUIRED_FILES:
                archive.write(Path(folder) / name, arcname=name)
            if report is not None:
                archive.writestr(REPORT_FILE, json.dumps(report.to_dict()))
    return buffer.getvalue()


def read_model_zip(data: bytes, file_name: str = "model.zip") -> ImportedModel:
    """Validate an uploaded model zip and load the generator in it (see the module docstring). Raises
    ModelFileError with what is wrong with the file and what to do."""
    from engines.synth.base import BaseSynthesizer  # noqa: PLC0415 - torch loads only when a model is used

    members = _checked_members(data, file_name)
    notes: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory(prefix="aigc-lab-upload-") as folder:
        for name, info in members.items():
            if name == REPORT_FILE:
                continue
            # Written under our own fixed name, never under the name stored in the zip.
            (Path(folder) / name).write_bytes(_read_member(archive, info, file_name))
        try:
            synthesizer = BaseSynthesizer.load(folder, device="auto")
        except ModelFileError as error:
            # The engines name the folder they read; here that is a temporary one the person never saw.
            message = str(error).replace(repr(str(folder)), repr(file_name))
            values = {k: (file_name if v == str(folder) else v) for k, v in error.values.items()}
            raise ModelFileError(message, key=error.key, **values) from None
        report = None
        if REPORT_FILE in members:
            report = _read_report(archive, members[REPORT_FILE], file_name, notes)
    return ImportedModel(synthesizer, report, notes)


def _checked_members(data: bytes, file_name: str) -> dict[str, zipfile.ZipInfo]:
    if len(data) > MODEL_ZIP_MAX_BYTES:
        raise keyed_error(ModelFileError, "studio.model_file.too_big", file=file_name,
                          megabytes=f"{len(data) / 2**20:.0f}", maximum=MODEL_ZIP_MAX_BYTES // 2**20)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise keyed_error(ModelFileError, "studio.model_file.not_zip", file=file_name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise keyed_error(ModelFileError, "studio.model_file.damaged_zip", file=file_name, error=str(error)) from None
    members: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    unpacked = 0
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if info.filename.startswith(("/", "\\")) or ".." in path.parts or ":" in info.filename:
            raise keyed_error(ModelFileError, "studio.model_file.path_outside", file=file_name,
                              member=repr(info.filename))
        if stat.S_ISLNK(info.external_attr >> 16):
            raise keyed_error(ModelFileError, "studio.model_file.link", file=file_name, member=repr(info.filename))
        if info.flag_bits & 0x1:
            raise keyed_error(ModelFileError, "studio.model_file.encrypted", file=file_name)
        if info.is_dir():
            continue
        if len(path.parts) > 2 or path.name not in ALLOWED_FILES:
            raise keyed_error(ModelFileError, "studio.model_file.foreign_member", file=file_name,
                              member=repr(info.filename), expected=", ".join(sorted(ALLOWED_FILES)))
        if path.name in members:
            raise keyed_error(ModelFileError, "studio.model_file.twice", file=file_name, member=path.name)
        folders.add(str(path.parent))
        unpacked += info.file_size
        members[path.name] = info
    if len(folders) > 1:
        raise keyed_error(ModelFileError, "studio.model_file.several_folders", file=file_name)
    missing = [name for name in REQUIRED_FILES if name not in members]
    if missing:
        raise keyed_error(ModelFileError, "studio.model_file.incomplete", file=file_name, missing=", ".join(missing))
    if unpacked > MODEL_UNPACKED_MAX_BYTES:
        raise keyed_error(ModelFileError, "studio.model_file.unpacks_too_big", file=file_name,
                          megabytes=f"{unpacked / 2**20:.0f}")
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, limit: int | None = None) -> bytes:
    limit = info.file_size if limit is None else min(limit, info.file_size)
    try:
        with archive.open(info) as stream:
            # Read one byte more than declared: a header that understates the size is a forged zip.
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise keyed_error(ModelFileError, "studio.model_file.cannot_unpack", file=file_name, member=info.filename,
                          error=str(error)) from None
    if len(content) > limit:
        raise keyed_error(ModelFileError, "studio.model_file.forged_size", file=file_name, member=info.filename)
    return content


def _read_report(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, notes: list[str]
                 ) -> StudioReport | None:
    if info.file_size > _REPORT_MAX_BYTES:
        notes.append(Message("studio.model_file.report_too_large"))
        return None
    try:
        return StudioReport.from_dict(json.loads(_read_member(archive, info, file_name)))
    except (ValueError, TypeError, KeyError, AttributeError, ModelFileError):
        notes.append(Message("studio.model_file.report_unreadable"))
        return None
