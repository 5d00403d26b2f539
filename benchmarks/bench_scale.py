"""Scale-out targets of issue 18, measured through the command line exactly as a user runs it.

1. torchrun: the VAE (quick preset) fitted on a 200,000-row, 12-column table by one process and by
   `torchrun --nproc-per-node 2` (gloo, CPU), every process on one thread (OMP_NUM_THREADS=1). Target: quality
   of the two models within 0.01 (SDMetrics-style quality of 5,000 sampled rows against 5,000 real rows, same
   seeds); wall times of 1 vs 2 processes; per-rank step and row counts showing each rank handled half the rows.
2. Streaming sampling: `synth sample -n 10_000_000 -o out.parquet` for the copula (target >= 1,000,000 rows/s)
   and the auto-regressive generator (target >= 300,000 rows/s), peak memory under 2 GB (the sampling process's
   largest resident set, from wait4).
3. Out-of-core fitting: `synth fit` on a 20,000,000-row Parquet file with DuckDB's memory limit at 1 GB; the
   seconds of the out-of-core profile, the seeded stratified sample draw and the fit, and peak memory.

Timings depend on the machine's load (printed before and after): on a shared 2-core machine compare only
ratios measured in the same run. Not a test: run it by hand,
`python -m benchmarks.bench_scale [--parts ddp sample ooc] [--argn-rows 2000000] [--ooc-rows ...]`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

DDP_ROWS = 200_000
SAMPLE_ROWS = 10_000_000
OUT_OF_CORE_ROWS = 20_000_000
QUALITY_GAP_TARGET = 0.01
COPULA_ROWS_PER_SECOND_TARGET = 1_000_000
ARGN_ROWS_PER_SECOND_TARGET = 300_000
PEAK_MEMORY_TARGET_BYTES = 2 * 1024**3


def twelve_column_table(n_rows: int, seed: int = 0) -> pd.DataFrame:
    """A 12-column mixed table: six numbers, four categories (one with a rare level), a yes/no and a count."""
    rng = np.random.default_rng(seed)
    segment = rng.choice(["mass", "affluent", "private", "youth", "vip"], n_rows, p=[0.5, 0.25, 0.15, 0.0995, 0.0005])
    income = np.exp(rng.normal(10.5, 0.6, n_rows)) * np.where(segment == "private", 2.0, 1.0)
    return pd.DataFrame({
        "age": rng.integers(18, 90, n_rows),
        "income": np.round(income, 2),
        "balance": np.round(rng.gamma(2.0, 1500.0, n_rows) + 0.01 * income, 2),
        "score": rng.normal(650, 80, n_rows).round(),
        "tenure": rng.exponential(5.0, n_rows).round(1),
        "utilisation": rng.beta(2, 5, n_rows).round(3),
        "segment": segment,
        "region": rng.choice(["north", "south", "east", "west", "centre"], n_rows),
        "channel": rng.choice(["web", "branch", "app"], n_rows),
        "product": rng.choice([f"p{i}" for i in range(12)], n_rows),
        "has_card": rng.random(n_rows) < 0.6,
        "n_accounts": rng.poisson(2.0, n_rows),
    })


def write_big_parquet(path: Path, n_rows: int, chunk_rows: int = 1_000_000) -> None:
    """`n_rows` rows of `twelve_column_table` written chunk by chunk (never all in memory)."""
    writer = None
    try:
        for index, start in enumerate(range(0, n_rows, chunk_rows)):
            frame = twelve_column_table(min(chunk_rows, n_rows - start), seed=index)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def run(command: list[str], cwd: Path) -> tuple[str, float, int]:
    """Run `command` with one thread per process; return its stdout+stderr, wall seconds and peak RSS in
    bytes (the largest resident set in its process tree, from wait4)."""
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return output, seconds, usage.ru_maxrss * 1024


def cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "aigc_lab", *arguments]


def torchrun(*arguments: str, processes: int = 2) -> list[str]:
    return [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", str(processes),
            "-m", "aigc_lab", *arguments]


def load() -> str:
    return "load average " + " / ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1 / 5 / 15 min)"


def quality_of(model_dir: Path, real: pd.DataFrame) -> float:
    from engines.evaluation.quality import quality_report
    from engines.synth.base import BaseSynthesizer

    synthetic = BaseSynthesizer.load(model_dir, device="cpu").sample(len(real), seed=11)
    return quality_report(real, synthetic).overall_score


def ddp_part(folder: Path, n_rows: int) -> None:
    print(f"\n== 1. VAE on {n_rows:,} rows x 12 columns: 1 process vs torchrun --nproc-per-node 2 (gloo)")
    table = twelve_column_table(n_rows, seed=1)
    table.to_parquet(folder / "ddp.parquet")
    real = table.sample(5_000, random_state=0).reset_index(drop=True)
    fit = ("synth", "fit", "ddp.parquet", "-g", "vae", "--preset", "quick", "--device", "cpu", "--seed", "0")
    one_out, one_seconds, _ = run(cli(*fit, "-o", "vae1"), folder)
    two_out, two_seconds, _ = run(torchrun(*fit, "-o", "vae2"), folder)
    q1, q2 = quality_of(folder / "vae1", real), quality_of(folder / "vae2", real)
    one_fit = float(re.search(r"in ([\d.]+) s,", one_out).group(1))
    two_fit = float(re.search(r"in ([\d.]+) s,", two_out).group(1))
    steps = re.search(r"([\d,]+) training steps", one_out).group(1)
    print(f"1 process : fit {one_fit:.1f} s (command {one_seconds:.1f} s), {steps} steps, quality {q1:.3f}")
    print(f"2 processes: fit {two_fit:.1f} s (command {two_seconds:.1f} s), quality {q2:.3f}")
    for line in re.findall(r"rank \d: .*training rows", two_out):
        print("   " + line)
    single_rows = int(steps.replace(",", "")) * 500
    print(f"   one process handled {single_rows:,} training rows ({steps} steps x batch 500)")
    gap = abs(q1 - q2)
    print(f"quality gap {gap:.4f} (target <= {QUALITY_GAP_TARGET}): {'MET' if gap <= QUALITY_GAP_TARGET else 'MISSED'}; "
          f"fit speed-up {one_fit / two_fit:.2f}x, command speed-up {one_seconds / two_seconds:.2f}x")


def sample_part(folder: Path, copula_rows: int, argn_rows: int) -> None:
    print("\n== 2. synth sample to Parquet, 12 columns, one process")
    table = twelve_column_table(20_000, seed=2)
    table.to_parquet(folder / "small.parquet")
    run(cli("synth", "fit", "small.parquet", "-g", "copula", "-o", "copula"), folder)
    run(cli("synth", "fit", "small.parquet", "-g", "argn", "--preset", "quick", "--max-steps", "150", "-o", "argn"),
        folder)
    for name, rows, target in (("copula", copula_rows, COPULA_ROWS_PER_SECOND_TARGET),
                               ("argn", argn_rows, ARGN_ROWS_PER_SECOND_TARGET)):
        out, seconds, peak = run(cli("synth", "sample", name, "-n", str(rows), "-o", f"{name}.parquet", "--seed", "1"),
                                 folder)
        written = pq.ParquetFile(folder / f"{name}.parquet").metadata.num_rows
        sampling_seconds = float(re.search(r"in ([\d.]+) s", out).group(1))
        rate = written / sampling_seconds
        print(f"{name:7s}: {written:,} rows in {sampling_seconds:.1f} s ({rate:,.0f} rows/s; command {seconds:.1f} s "
              f"with start-up), peak memory {peak / 2**20:,.0f} MB; rate target {target:,}: "
              f"{'MET' if rate >= target else 'MISSED'}; memory target < 2 GB: "
              f"{'MET' if peak < PEAK_MEMORY_TARGET_BYTES else 'MISSED'}")
        (folder / f"{name}.parquet").unlink()
    # The same request split over two processes (one part each, independent seed streams).
    out, seconds, peak = run(torchrun("synth", "sample", "copula", "-n", str(copula_rows), "-o", "parts.parquet",
                                      "--seed", "1"), folder)
    per_rank = [float(value) for value in re.findall(r"rows to \S+ in ([\d.]+) s", out)]
    written = sum(pq.ParquetFile(part).metadata.num_rows for part in (folder / "parts.parquet").glob("*.parquet"))
    print(f"copula, torchrun 2 processes: {written:,} rows in 2 parts, slowest rank {max(per_rank):.1f} s "
          f"({written / max(per_rank):,.0f} rows/s; command {seconds:.1f} s), peak memory {peak / 2**20:,.0f} MB")


def out_of_core_part(folder: Path, n_rows: int) -> None:
    print(f"\n== 3. synth fit on a {n_rows:,}-row Parquet file, DuckDB memory limit 1 GB")
    started = time.perf_counter()
    write_big_parquet(folder / "big.parquet", n_rows)
    size = (folder / "big.parquet").stat().st_size
    print(f"wrote big.parquet ({size / 2**20:,.0f} MB) in {time.perf_counter() - started:.0f} s")
    for generator in ("copula", "vae"):
        out, seconds, peak = run(cli("synth", "fit", "big.parquet", "-g", generator, "--preset", "quick",
                                     "--memory-limit", "1GB", "--max-rows", "500000", "-o", f"big-{generator}"),
                                 folder)
        profile = re.search(r"profiled out-of-core in ([\d.]+) s", out)
        draw = re.search(r"drawn by DuckDB in ([\d.]+) s", out)
        fitted = re.search(r"fitted on ([\d,]+) rows in ([\d.]+) s", out)
        print(f"{generator:7s}: profile {profile.group(1)} s, stratified sample draw {draw.group(1)} s, fit on "
              f"{fitted.group(1)} rows {fitted.group(2)} s; command {seconds:.1f} s; peak memory "
              f"{peak / 2**20:,.0f} MB; completed without running out of memory: MET")
    (folder / "big.parquet").unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", default=["ddp", "sample", "ooc"], choices=["ddp", "sample", "ooc"])
    parser.add_argument("--ddp-rows", type=int, default=DDP_ROWS)
    parser.add_argument("--copula-rows", type=int, default=SAMPLE_ROWS)
    parser.add_argument("--argn-rows", type=int, default=SAMPLE_ROWS)
    parser.add_argument("--ooc-rows", type=int, default=OUT_OF_CORE_ROWS)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/aigc-lab-bench-scale"))
    arguments = parser.parse_args()
    folder = arguments.folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"bench_scale on {os.cpu_count()} CPU cores; {load()}")
    try:
        if "ddp" in arguments.parts:
            ddp_part(folder, arguments.ddp_rows)
        if "sample" in arguments.parts:
            sample_part(folder, arguments.copula_rows, arguments.argn_rows)
        if "ooc" in arguments.parts:
            out_of_core_part(folder, arguments.ooc_rows)
    finally:
        print(f"\n{load()}")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
