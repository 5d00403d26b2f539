"""Rebuild the shipped sample data: ``python -m sample_data.build [--only ecommerce] [--seed N] [--scale X]``.

Each scenario module simulates its tables from the seed and writes them, with a README, into its folder under
``sample_data/``; the table names must match ``sample_data.catalog`` so the app finds every file."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sample_data import bank, ecommerce, education
from sample_data.catalog import SAMPLE_DATA_DIR, SAMPLE_DATASETS, get_dataset

DEFAULT_SEED = 20240601

SCENARIO_BUILDERS: dict[str, Callable[[Path, int, float], dict[str, pd.DataFrame]]] = {
    "ecommerce": ecommerce.build,
    "bank": bank.build,
    "education": education.build,
}


def build_scenario(key: str, out_dir: Path, seed: int = DEFAULT_SEED,
                   scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Build one scenario into ``out_dir`` (removing Parquet files left there by earlier builds) and check
    that it produced exactly the tables the catalog lists. Returns the tables."""
    expected = [table.name for table in get_dataset(key).tables]
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.parquet"):
        stale.unlink()
    tables = SCENARIO_BUILDERS[key](out_dir, seed, scale)
    if sorted(tables) != sorted(expected):
        raise RuntimeError(f"Scenario '{key}' built tables {sorted(tables)} but the catalog lists "
                           f"{sorted(expected)}; "
                           "update sample_data/catalog.py or the scenario module so they agree.")
    return tables


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: build the selected scenarios into ``--out-dir`` (default: the shipped folder)
    and print each one's row counts, size on disk and build time."""
    parser = argparse.ArgumentParser(description="Build the simulated sample datasets.")
    parser.add_argument("--only", choices=[dataset.key for dataset in SAMPLE_DATASETS], action="append",
                        help="build only this scenario (repeatable); default: all")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--scale", type=float, default=1.0, help="size multiplier; the shipped data use 1.0")
    parser.add_argument("--out-dir", type=Path, default=SAMPLE_DATA_DIR,
                        help="parent folder of the scenario folders (default: the shipped sample_data/)")
    args = parser.parse_args(argv)
    keys = args.only or [dataset.key for dataset in SAMPLE_DATASETS]
    total_bytes = 0
    for key in keys:
        started = time.perf_counter()
        out_dir = args.out_dir / key
        tables = build_scenario(key, out_dir, args.seed, args.scale)
        build_seconds = time.perf_counter() - started
        size_bytes = sum(path.stat().st_size for path in out_dir.iterdir() if path.is_file())
        total_bytes += size_bytes
        rows = ", ".join(f"{name} {len(frame):,}" for name, frame in tables.items())
        print(f"{key}: {rows} | {size_bytes / 1e6:.2f} MB | {build_seconds:.1f} s")
    print(f"total size {total_bytes / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
