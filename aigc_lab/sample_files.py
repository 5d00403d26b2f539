"""Synthetic rows streamed to a Parquet or CSV file batch by batch, so memory holds one batch whatever the size
asked; under torchrun each rank writes its own part with its own seed stream.

CSV cells a spreadsheet would run as formulas are neutralised with the app's download rule
(`dashboard.downloads.neutralise_formulas`); Parquet keeps types and never executes anything."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.downloads import neutralise_formulas
from dashboard.studio.sampling import _plain_columns  # one rule for Parquet schemas, shared with the Studio
from engines.core import distributed

SAMPLE_FORMATS = (".parquet", ".csv")
DEFAULT_BATCH_ROWS = 262_144


@dataclass(frozen=True)
class WrittenSample:
    """Where this process wrote its rows, how many, and how long generating and writing took."""

    path: Path
    rows: int
    seconds: float


def output_format(path: Path) -> str:
    """".parquet" or ".csv" from the output's name (a folder of parts is Parquet unless named .csv)."""
    suffix = path.suffix.lower()
    return suffix if suffix in SAMPLE_FORMATS else ".parquet"


def part_path(output: Path) -> Path:
    """Where this process writes: ``output`` itself in one process; under torchrun a folder ``output`` holding
    ``part-00000.parquet``, ``part-00001.parquet``, ... (one per rank, as Spark and DuckDB write datasets)."""
    group = distributed.launch_group()
    if not group.is_distributed:
        return output
    return output / f"part-{group.rank:05d}{output_format(output)}"


def rank_share(n_rows: int) -> int:
    """How many of ``n_rows`` this rank writes (an even split; the first ranks take the remainder)."""
    group = distributed.launch_group()
    return n_rows // group.world_size + (1 if group.rank < n_rows % group.world_size else 0)


def rank_seed_stream(seed: int | None) -> np.random.SeedSequence:
    """This rank's independent seed stream: child `rank` of ``seed``'s SeedSequence (the seed itself in one
    process), so parts never repeat each other and the same seed and rank count give the same files."""
    group = distributed.launch_group()
    root = np.random.SeedSequence(seed)
    return root.spawn(group.world_size)[group.rank] if group.is_distributed else root


def write_sample(
    synthesizer,
    n_rows: int,
    path: Path,
    conditions: Mapping[str, object] | None = None,
    seed: int | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    report: Callable[[int, int, dict], object] | None = None,
) -> WrittenSample:
    """Generate ``n_rows`` rows in batches of ``batch_rows`` and append each batch to ``path`` (Parquet with
    zstd, or CSV). Batch i draws with the i-th seed of ``seed``'s stream, so the same seed gives the same file.
    ``report(done, total, {})`` after each batch."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    stream = np.random.SeedSequence(seed) if isinstance(seed, (int, type(None))) else seed
    n_batches = -(-n_rows // batch_rows)
    seeds = stream.generate_state(max(n_batches, 1), dtype=np.uint64)
    writer: pq.ParquetWriter | None = None
    schema = None
    written = 0
    csv = output_format(path) == ".csv"
    temporary = path.with_name(path.name + ".partial")
    # Writing (Arrow conversion, Parquet encoding and compression, mostly outside the GIL) runs in a second
    # thread while the next batch is generated; waiting for it before handing over the next batch keeps at
    # most two batches in memory.
    pending: Future | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="aigc-lab-writer") as background, \
            (open(temporary, "w", encoding="utf-8", newline="") if csv else _nothing()) as csv_file:
        try:
            for index in range(n_batches):
                size = min(batch_rows, n_rows - written)
                batch = _plain_columns(synthesizer.sample(size, conditions=dict(conditions or {}),
                                                          seed=int(seeds[index])))
                if pending is not None:
                    pending.result()
                if csv:
                    pending = background.submit(_append_csv, batch, csv_file, index == 0)
                else:
                    table = pa.Table.from_pandas(batch, schema=schema, preserve_index=False)
                    if writer is None:
                        schema = table.schema
                        # zstd level 1: half the time of the default level for a few percent more bytes.
                        writer = pq.ParquetWriter(temporary, schema, compression="zstd", compression_level=1)
                    pending = background.submit(writer.write_table, table)
                written += size
                if report is not None:
                    report(written, n_rows, {})
            if pending is not None:
                pending.result()
            if n_batches == 0 and csv:
                _plain_columns(synthesizer.sample(0)).to_csv(csv_file, index=False)
        finally:
            if writer is not None:
                writer.close()
    if writer is None and not csv:
        _plain_columns(synthesizer.sample(0)).to_parquet(temporary, index=False)
    # Renamed only when complete: a reader never mistakes a half-written file for the result.
    temporary.replace(path)
    return WrittenSample(path, written, time.perf_counter() - started)


def _append_csv(batch, csv_file, header: bool) -> None:
    neutralise_formulas(batch).to_csv(csv_file, index=False, header=header)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None

