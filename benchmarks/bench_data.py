"""How fast the data layer turns a file into a profile, against plain pandas on the same file.

Makes a 1,000,000-row x 12-column CSV (ints, floats with nulls, dates, text categories, booleans), then times,
in the same run: upload -> table -> profile through the data layer (DuckDB: sniff, load, SUMMARIZE, exact null
and distinct counts, a histogram or top-values per column), and pandas `read_csv` + `describe(include="all")`.
Prints seconds and the ratio. Run: `python -m benchmarks.bench_data [--rows N]`.
Target (issue 2): profile in under 3 s on a 2-core machine, at least 3x faster than pandas."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import SessionDatabase, profile_table


def make_csv(path: Path, rows: int, seed: int = 0) -> None:
    """Write a mixed-type CSV of ``rows`` rows and 12 columns to ``path``."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "order_id": np.arange(rows),
            "customer_id": rng.integers(0, 50_000, rows),
            "quantity": rng.poisson(2, rows) + 1,
            "unit_price": np.round(rng.lognormal(3, 0.8, rows), 2),
            "discount": np.where(rng.random(rows) < 0.2, np.nan, np.round(rng.random(rows) * 0.3, 3)),
            "shipping_cost": np.round(rng.gamma(2, 3, rows), 2),
            "rating": np.where(rng.random(rows) < 0.4, np.nan, rng.integers(1, 6, rows)),
            "ordered_at": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730 * 86400, rows), unit="s"),
            "region": rng.choice(["north", "south", "east", "west", "central"], rows),
            "channel": rng.choice(["web", "app", "store", "phone"], rows, p=[0.5, 0.3, 0.15, 0.05]),
            "category": rng.choice([f"category_{i:02d}" for i in range(40)], rows),
            "is_returned": rng.random(rows) < 0.07,
        }
    )
    frame.to_csv(path, index=False)


def time_data_layer(path: Path) -> float:
    """Seconds from the CSV on disk to a full profile through the data layer."""
    database = SessionDatabase(datasets=())
    try:
        started = time.perf_counter()
        with open(path, "rb") as stream:
            result = database.add_upload(path.name, stream, path.stat().st_size)
        profile_table(database, result.table.sql_name)
        return time.perf_counter() - started
    finally:
        database.close()


def time_pandas(path: Path) -> float:
    """Seconds for pandas to read the CSV and describe every column."""
    started = time.perf_counter()
    frame = pd.read_csv(path)
    frame.describe(include="all")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        make_csv(path, args.rows)
        print(f"file: {args.rows:,} rows x 12 columns, {path.stat().st_size / 1e6:.0f} MB CSV")
        data_layer = min(time_data_layer(path) for _ in range(2))
        pandas = min(time_pandas(path) for _ in range(2))
    print(f"data layer (DuckDB) file -> profile : {data_layer:6.2f} s   (target < 3 s)")
    print(f"pandas read_csv + describe          : {pandas:6.2f} s")
    print(f"speed-up vs pandas                  : {pandas / data_layer:6.1f}x (target >= 3x)")


if __name__ == "__main__":
    main()
