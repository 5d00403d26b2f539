"""Turning an uploaded file into something DuckDB can read: spooling it to disk, checking what it really is,
and working out the CSV dialect and header. Nothing here holds the whole file in memory."""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from dashboard.data.errors import UploadError
from dashboard.i18n import Message

ACCEPTED_EXTENSIONS = (".csv", ".tsv", ".txt", ".parquet")
# Streamlit refuses larger files before we see them (server.maxUploadSize = 1024 in .streamlit/config.toml);
# this is the same limit, checked again for files that reach the data layer another way.
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024
_SNIFF_BYTES = 1024 * 1024
_SPOOL_CHUNK_BYTES = 4 * 1024 * 1024
_PARQUET_MAGIC = b"PAR1"
# An object, or an array of objects / arrays / strings / numbers: how a JSON document starts (a CSV line rarely does).
_JSON_START = re.compile(r'^(\{\s*("|\})|\[\s*([\[{"\d\-\]]|true|false|null))')
_DELIMITER_CANDIDATES = (",", ";", "\t", "|")


@dataclass
class SpooledUpload:
    """An upload written to a session-private file, with what we learned about it while checking it."""

    path: Path
    original_name: str
    kind: str  # "csv" or "parquet"
    size_bytes: int
    encoding: str = "utf-8"  # of the spooled file as DuckDB reads it
    notes: list[str] = field(default_factory=list)
    original_encoding: str | None = None  # the upload's own encoding when the spooled copy was converted to UTF-8


def table_name_for(file_name: str) -> str:
    """A SQL-friendly table name from a file name (``Sales 2024.csv`` -> ``sales_2024``). A file uploaded
    again under the same name gets the same table name, so the new upload replaces the old table."""
    stem = Path(file_name).stem.lower()
    name = re.sub(r"[^a-z0-9_]+", "_", stem).strip("_") or "upload"
    # Names DuckDB uses for its own catalog functions, which the SQL box refuses, get a prefix too.
    if name[0].isdigit() or name.startswith(("duckdb_", "pragma_")):
        name = f"t_{name}"
    return name


def spool_upload(file_name: str, stream: BinaryIO, directory: Path, size_bytes: int | None = None) -> SpooledUpload:
    """Copy an uploaded stream to ``directory`` in chunks and check that it is a table file we can read.

    Raises UploadError with a message that says what is wrong and what to do: wrong extension, empty file,
    over-size file, binary content in a text file, or a Parquet file without Parquet's magic bytes."""
    extension = Path(file_name).suffix.lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise UploadError.keyed("upload.error.file_type", file=file_name)
    if size_bytes is not None and size_bytes > MAX_UPLOAD_BYTES:
        raise UploadError.keyed("upload.error.too_large", file=file_name, size_gb=f"{size_bytes / 1e9:.1f}",
                                limit_gb=f"{MAX_UPLOAD_BYTES / 1e9:.1f}")
    directory.mkdir(parents=True, exist_ok=True)
    kind = "parquet" if extension == ".parquet" else "csv"
    target = directory / f"{table_name_for(file_name)}{extension}"
    stream.seek(0)
    # A new file, never the old one rewritten in place: "Recent work" may hold the old upload under a second name.
    target.unlink(missing_ok=True)
    with open(target, "wb") as out:
        shutil.copyfileobj(stream, out, _SPOOL_CHUNK_BYTES)
    written = target.stat().st_size
    if written == 0:
        target.unlink(missing_ok=True)
        raise UploadError.keyed("upload.error.empty", file=file_name)
    if written > MAX_UPLOAD_BYTES:
        target.unlink(missing_ok=True)
        raise UploadError.keyed("upload.error.larger_than", file=file_name, limit_gb=f"{MAX_UPLOAD_BYTES / 1e9:.1f}")
    spooled = SpooledUpload(target, file_name, kind, written)
    if kind == "parquet":
        _check_parquet_magic(spooled)
    else:
        _check_text(spooled)
    return spooled


def _check_parquet_magic(spooled: SpooledUpload) -> None:
    with open(spooled.path, "rb") as handle:
        head = handle.read(4)
        handle.seek(max(spooled.size_bytes - 4, 0))
        tail = handle.read(4)
    if head != _PARQUET_MAGIC or tail != _PARQUET_MAGIC:
        spooled.path.unlink(missing_ok=True)
        raise UploadError.keyed("upload.error.bad_parquet", file=spooled.original_name)


def _check_text(spooled: SpooledUpload) -> None:
    """Reject binary files and pick the encoding: UTF-8 when the sample decodes as UTF-8, else the legacy
    encoding the bytes fit best (``legacy_encoding``: Chinese GB18030 or Big5 before Western Latin-1)."""
    with open(spooled.path, "rb") as handle:
        sample = handle.read(_SNIFF_BYTES)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in sample:
        spooled.path.unlink(missing_ok=True)
        raise UploadError.keyed("upload.error.binary", file=spooled.original_name)
    # A sample cut mid-character must not count as invalid UTF-8: decode incrementally without the final flush.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=len(sample) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        detected = legacy_encoding(sample)
        spooled.notes.append(Message(f"upload.note.encoding.{detected}"))
        if detected == "latin-1":
            spooled.encoding = detected
        else:
            # DuckDB's CSV reader knows UTF-8, UTF-16 and Latin-1 only (the rest is a downloaded extension).
            _transcode_to_utf8(spooled.path, detected)
            spooled.original_encoding = detected
    problem = not_a_table_reason(sample)
    if problem:
        spooled.path.unlink(missing_ok=True)
        raise UploadError.keyed(f"upload.error.not_a_table.{problem}", file=spooled.original_name)


# What a non-UTF-8 table file is usually saved in: Excel on Simplified-Chinese Windows writes GBK (GB18030 is its
# superset), on Traditional-Chinese Windows Big5, on Western Windows cp1252 (read as Latin-1, which decodes any
# byte, so it must come last or it would turn Chinese into mojibake without a word).
LEGACY_ENCODINGS = ("gb18030", "big5", "latin-1")


def _transcode_to_utf8(path: Path, encoding: str) -> None:
    """Rewrite the file at ``path`` from ``encoding`` to UTF-8, chunk by chunk (a character split between chunks
    is kept by the incremental decoder); a byte the encoding cannot decode becomes U+FFFD, as in any reader."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    converted = path.with_name(path.name + ".utf8")
    with open(path, "rb") as source, open(converted, "wb") as target:
        while chunk := source.read(_SPOOL_CHUNK_BYTES):
            target.write(decoder.decode(chunk).encode("utf-8"))
        target.write(decoder.decode(b"", final=True).encode("utf-8"))
    converted.replace(path)


def legacy_encoding(sample: bytes) -> str:
    """The encoding (one of LEGACY_ENCODINGS) of a text sample that is not UTF-8, by charset-normalizer's
    measure of which decoding reads as coherent text. A tie (a short sample fits several) goes to GB18030, the
    encoding of most Chinese spreadsheets; bytes no Chinese encoding decodes cleanly are Latin-1."""
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only for the rare non-UTF-8 upload

    matches = list(from_bytes(sample, cp_isolation=["gb18030", "big5", "cp1252", "latin_1"]))
    if not matches:
        return "latin-1"
    best = min(matches, key=lambda match: match.chaos)
    chinese = [match for match in matches if match.encoding in ("gb18030", "big5") and match.chaos <= best.chaos]
    if not chinese:
        return "latin-1"
    return "gb18030" if any(match.encoding == "gb18030" for match in chinese) else "big5"


def not_a_table_reason(sample: bytes) -> str | None:
    """Why the start of a text file shows it is not a delimited table, as a code ("blank", "html", "xml",
    "json"; the message is ``upload.error.not_a_table.<code>``), or None when it may be one. Such files "load" as
    tables of zero rows or one column otherwise, which hides the mistake."""
    text = sample.lstrip(codecs.BOM_UTF8).decode("utf-8", errors="replace").lstrip()
    if not text:
        return "blank"
    head = text[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head[:200]:
        return "html"
    if head.startswith("<?xml") or (head.startswith("<") and ">" in head):
        return "xml"
    if _JSON_START.match(head):
        return "json"
    return None


@dataclass(frozen=True)
class HeaderCheck:
    """The header as written in the file, and whether the first line really is a header."""

    has_header: bool
    raw_names: list[str]


def inspect_header(path: Path, encoding: str, delimiter: str, quote: str | None) -> HeaderCheck:
    """Read the first line with the sniffed dialect. A first line whose values are all numbers is data, not
    a header; anything else is taken as the header, because DuckDB's sniffer calls a header of text columns
    (or one with blank or repeated names) data, which is rarely what a person exporting a table meant."""
    with open(path, "r", encoding=encoding, errors="replace", newline="") as handle:
        first_line = handle.readline()
    reader = csv.reader(io.StringIO(first_line), delimiter=delimiter, quotechar=quote or '"',
                        quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE)
    names = next(reader, [])
    non_blank = [name.strip() for name in names if name.strip()]
    all_numeric = bool(non_blank) and all(_looks_numeric(name) for name in non_blank)
    return HeaderCheck(has_header=not all_numeric, raw_names=names)


def delimiter_from_header(path: Path, encoding: str) -> str | None:
    """The delimiter the header line uses (the candidate it holds most of), or None when it holds none.

    DuckDB's sniffer looks for a delimiter that gives every line the same number of values; a file with ragged
    rows has none, and it then reads each line as one text value. The header line still shows the intent."""
    with open(path, "r", encoding=encoding, errors="replace", newline="") as handle:
        first_line = handle.readline()
    counts = {candidate: first_line.count(candidate) for candidate in _DELIMITER_CANDIDATES}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def header_notes(raw_names: list[str], final_names: list[str]) -> list[str]:
    """Plain-language notes for blank or repeated column names and the names they were given."""
    notes: list[str] = []
    blanks = [final for raw, final in zip(raw_names, final_names) if not raw.strip()]
    if blanks:
        notes.append(Message("upload.note.blank_names", count=len(blanks), names=", ".join(blanks)))
    seen: dict[str, int] = {}
    for raw in raw_names:
        if raw.strip():
            seen[raw.strip()] = seen.get(raw.strip(), 0) + 1
    repeated = [name for name, count in seen.items() if count > 1]
    if repeated:
        renamed = [final for raw, final in zip(raw_names, final_names) if raw.strip() in repeated and raw.strip() != final]
        notes.append(Message("upload.note.repeated_names", names=", ".join(repeated), renamed=", ".join(renamed)))
    return notes


def unbalanced_quote_line(path: Path, encoding: str, quote: str = '"', max_lines: int = 2000) -> int | None:
    """The 1-based number of the first line whose quote characters do not pair up, or None."""
    with open(path, "r", encoding=encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number > max_lines:
                break
            if line.count(quote) % 2:
                return number
    return None
