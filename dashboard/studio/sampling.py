"""Sampling up to a million synthetic rows in chunks, written straight to CSV and Parquet files.

Rows are generated ``SAMPLE_CHUNK_ROWS`` at a time and appended to both files, so memory holds one chunk (plus
a preview) whatever the size asked; the download buttons read the finished files only when clicked. CSV cells
that a spreadsheet would run as formulas are neutralised chunk by chunk, as in `dashboard.downloads`."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.downloads import neutralise_formulas
from dashboard.studio.labels import keyed_error
from engines.errors import InvalidDataError, InvalidParameterError

MAX_SAMPLE_ROWS = 1_000_000
SAMPLE_CHUNK_ROWS = 50_000
PREVIEW_ROWS = 1_000
_TRUE_TEXT = {"true", "yes", "1", "y", "t"}
_FALSE_TEXT = {"false", "no", "0", "n", "f"}


@dataclass
class SampleOutput:
    """Where the sampled rows are, how many, and the first rows to show."""

    csv_path: Path
    parquet_path: Path
    rows: int
    preview: pd.DataFrame
    seconds: float
    model_key: str
    conditions: dict = field(default_factory=dict)
    seed: int | None = None


def conditionable_columns(synthesizer) -> list[str]:
    """The columns a condition may name: categorical and boolean ones."""
    from engines.core.metadata import DISCRETE_SDTYPES  # noqa: PLC0415 - a fitted synthesizer has loaded torch

    return [c for c, s in synthesizer.metadata_.sdtypes.items() if s in DISCRETE_SDTYPES]


def parse_conditions(synthesizer, rows: list[tuple[str | None, str | None]]) -> dict[str, object]:
    """Turn ``(column, typed text)`` pairs into ``{column: value}`` the generator accepts, trying the text as
    written, then as a whole number, a decimal number or true/false. Blank rows are skipped. Raises
    InvalidDataError naming the column and the values it can take when a value never appeared in training."""
    conditions: dict[str, object] = {}
    for column, text in rows:
        if column is None or (isinstance(column, float) and np.isnan(column)) or not str(column).strip():
            continue
        column = str(column)
        text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text).strip()
        if not text:
            raise keyed_error(InvalidDataError, "studio.error.condition_without_value", column=repr(column))
        if column in conditions:
            raise keyed_error(InvalidDataError, "studio.error.condition_twice", column=repr(column))
        first_error = None
        for candidate in _candidates(text):
            try:
                synthesizer.sample(0, conditions={**conditions, column: candidate})
            except InvalidDataError as error:
                first_error = first_error or error
                continue
            conditions[column] = candidate
            break
        else:
            raise first_error or keyed_error(InvalidDataError, "studio.error.condition_unknown_value",
                                          value=repr(text), column=repr(column))
    return conditions


def _candidates(text: str) -> list[object]:
    candidates: list[object] = [text]
    lowered = text.lower()
    if lowered in _TRUE_TEXT:
        candidates.append(True)
    if lowered in _FALSE_TEXT:
        candidates.append(False)
    try:
        number = float(text)
    except ValueError:
        return candidates
    if number.is_integer():
        candidates.append(int(number))
    candidates.append(number)
    return candidates


def check_sample_size(n_rows: object) -> int:
    """``n_rows`` as an int between 1 and MAX_SAMPLE_ROWS, or InvalidParameterError saying the range."""
    if isinstance(n_rows, bool) or not isinstance(n_rows, (int, np.integer)) or not 1 <= n_rows <= MAX_SAMPLE_ROWS:
        raise keyed_error(InvalidParameterError, "studio.error.sample_size", maximum=MAX_SAMPLE_ROWS, got=repr(n_rows))
    return int(n_rows)


def sample_to_files(
    synthesizer,
    n_rows: int,
    folder: Path,
    conditions: Mapping[str, object] | None = None,
    seed: int | None = None,
    model_key: str = "",
    report: Callable[[int, int, dict], object] | None = None,
) -> SampleOutput:
    """Generate ``n_rows`` rows (chunk by chunk; chunk i uses a seed derived from ``seed`` and i, so the same
    seed gives the same file) and write them to ``folder``/synthetic.csv and .parquet. ``report(done, total,
    {})`` after each chunk; returning False stops early, keeping the rows written so far."""
    n_rows = check_sample_size(n_rows)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    csv_path, parquet_path = folder / "synthetic.csv", folder / "synthetic.parquet"
    seeds = np.random.SeedSequence(seed).generate_state(-(-n_rows // SAMPLE_CHUNK_ROWS), dtype=np.uint64)
    writer, schema, written, preview = None, None, 0, None
    try:
        with open(csv_path, "w", encoding="utf-8", newline="") as csv_file:
            for index, chunk_seed in enumerate(seeds):
                size = min(SAMPLE_CHUNK_ROWS, n_rows - written)
                chunk = _plain_columns(synthesizer.sample(size, conditions=dict(conditions or {}),
                                                          seed=int(chunk_seed)))
                neutralise_formulas(chunk).to_csv(csv_file, index=False, header=index == 0)
                table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=False)
                if writer is None:
                    schema = table.schema
                    writer = pq.ParquetWriter(parquet_path, schema, compression="zstd")
                writer.write_table(table)
                written += size
                if preview is None:
                    preview = chunk.head(PREVIEW_ROWS)
                if report is not None and report(written, n_rows, {}) is False:
                    break
    finally:
        if writer is not None:
            writer.close()
    return SampleOutput(csv_path, parquet_path, written, preview, time.perf_counter() - started, model_key,
                        dict(conditions or {}), seed)


def _plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    # Categorical dtypes would give each chunk its own dictionary in Parquet; plain values keep one schema.
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(object)
    return frame
