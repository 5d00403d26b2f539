"""Sampling speed of every tabular generator against issue 12's targets.

Each generator is fitted once (quick preset) on a 10-column mixed table (five numbers, three categories, a
boolean, a date; 1,000 rows: sampling speed does not depend on how many rows trained the model), then
asked for 1,000, 100,000 and 1,000,000 rows (median of 3 requests each) and for 10 rows, whose time is the
fixed cost of a `sample` call. Targets: >= 1,000,000 rows/s for the copula, >= 500,000 rows/s for every
deep generator (at the largest request), and a fixed cost under 50 ms. The machine's load is printed with
the timings: on a shared 2-core machine other processes take cores away. Not a timed test: run it by hand,
`python -m benchmarks.bench_sampling [--rows 1000 100000 1000000] [--repeats 3] [--generators VAE copula]`.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

from engines.synth import GaussianCopula, TabularARGN, TabularGAN, TabularVAE
from engines.synth.base import BaseSynthesizer

GENERATORS: dict[str, type[BaseSynthesizer]] = {
    "GAN": TabularGAN,
    "VAE": TabularVAE,
    "ARGN": TabularARGN,
    "copula": GaussianCopula,
}
TARGET_ROWS_PER_SECOND = {"copula": 1_000_000}
DEEP_TARGET_ROWS_PER_SECOND = 500_000
FIXED_COST_TARGET_SECONDS = 0.050
FIXED_COST_ROWS = 10


def ten_column_table(n_rows: int = 1_000, seed: int = 0) -> pd.DataFrame:
    """A 10-column table of mixed types (the shape of the banking tables the Studio shows)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "age": rng.integers(18, 90, n_rows),
        "income": np.round(np.exp(rng.normal(10.5, 0.6, n_rows)), 2),
        "balance": np.round(rng.gamma(2.0, 1500.0, n_rows), 2),
        "score": rng.normal(650, 80, n_rows).round(),
        "tenure": rng.exponential(5.0, n_rows).round(1),
        "segment": rng.choice(["mass", "affluent", "private", "youth"], n_rows),
        "region": rng.choice(["north", "south", "east", "west", "centre"], n_rows),
        "channel": rng.choice(["web", "branch", "app"], n_rows),
        "has_card": rng.random(n_rows) < 0.6,
        "opened": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n_rows), unit="D"),
    })


def median_seconds(model: BaseSynthesizer, num_rows: int, repeats: int) -> float:
    """Median wall-clock seconds of `repeats` seeded requests of `num_rows` rows."""
    seconds = []
    for repeat in range(repeats):
        started = time.perf_counter()
        model.sample(num_rows, seed=repeat)
        seconds.append(time.perf_counter() - started)
    return float(np.median(seconds))


def load_line() -> str:
    """The machine's load: other processes share the cores, so every timing is printed with it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    """Fit every generator, time its requests and print the rows/s and the fixed cost against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--generators", nargs="+", default=list(GENERATORS), choices=list(GENERATORS))
    args = parser.parse_args()
    table = ten_column_table()
    print(f"sampling speed on a {table.shape[0]:,} x {table.shape[1]} table, quick preset ({load_line()})")
    for name in args.generators:
        started = time.perf_counter()
        model = GENERATORS[name].from_preset("quick", random_state=0).fit(table)
        fit_seconds = time.perf_counter() - started
        model.sample(1_000, seed=0)  # the first call pays lazy set-up once
        fixed_seconds = median_seconds(model, FIXED_COST_ROWS, max(args.repeats, 5))
        speeds = {n: n / median_seconds(model, n, args.repeats) for n in args.rows}
        target = TARGET_ROWS_PER_SECOND.get(name, DEEP_TARGET_ROWS_PER_SECOND)
        largest = max(speeds)
        timings = ", ".join(f"{n:,} rows {speed:,.0f} rows/s" for n, speed in speeds.items())
        print(f"\n{name} (fitted in {fit_seconds:.0f} s): {timings} ({load_line()})")
        print(f"  rows/s at {largest:,} rows: {speeds[largest]:,.0f}, target >= {target:,} -> "
              f"{_verdict(speeds[largest] >= target)}")
        fixed_met = fixed_seconds < FIXED_COST_TARGET_SECONDS
        print(f"  fixed cost ({FIXED_COST_ROWS}-row request): {fixed_seconds * 1000:.1f} ms, target < "
              f"{FIXED_COST_TARGET_SECONDS * 1000:.0f} ms -> {_verdict(fixed_met)}")


if __name__ == "__main__":
    main()
