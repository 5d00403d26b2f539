"""How long each table generator's presets take on this machine, alone: fit seconds on a 5,000 x 20 table.

The reference table is real-looking mixed data from the shipped bank (customers joined to their loan
applications: numbers, integers, categories, booleans, a date), 5,000 rows and 20 columns. Each generator is fitted
`--repeats` times per preset with torch on `--threads` threads; the median is printed with the steps it ran and
the seconds per step, next to the issue's target for the quick preset (<= 30 s). The Studio's time estimates
(`dashboard/studio/generators.py`, REFERENCE_FIT_SECONDS) are these medians.

    python -m benchmarks.bench_presets [--presets quick balanced] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import pandas as pd
import torch

from sample_data.catalog import SAMPLE_DATA_DIR

QUICK_TARGET_SECONDS = 30.0


def reference_table(n_rows: int = 5_000, n_columns: int = 20) -> pd.DataFrame:
    """5,000 loan applications with their applicant's profile where the bank knows them (blank otherwise): 20 mixed
    columns, ids dropped."""
    customers = pd.read_parquet(SAMPLE_DATA_DIR / "bank" / "customers.parquet")
    loans = pd.read_parquet(SAMPLE_DATA_DIR / "bank" / "loan_applications.parquet")
    table = loans.merge(customers, on="customer_id", how="left", suffixes=("", "_customer"))
    table = table.drop(columns=[c for c in table.columns if c.endswith("_id")])
    return table.iloc[:n_rows, :n_columns].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="*", default=["quick"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    from engines.core import device
    from engines.synth.registry import SYNTHESIZERS, make_synthesizer

    device.CPU_THREADS = args.threads
    torch.set_num_threads(args.threads)
    table = reference_table()
    print(f"reference table: {len(table):,} rows x {table.shape[1]} columns; torch threads {args.threads}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'generator':<28}{'preset':<10}{'fit s (median)':>16}{'runs':>22}{'steps':>8}{'ms/step':>9}  target")
    for kind in SYNTHESIZERS:
        for preset in args.presets:
            seconds, steps = [], 0
            for repeat in range(args.repeats):
                model = make_synthesizer(kind, preset=preset, random_state=repeat)
                started = time.perf_counter()
                model.fit(table)
                seconds.append(time.perf_counter() - started)
                steps = model.training_steps_
            median = statistics.median(seconds)
            target = ""
            if preset == "quick":
                verdict = "met" if median <= QUICK_TARGET_SECONDS else "MISSED"
                target = f"<= {QUICK_TARGET_SECONDS:.0f} s: {verdict} ({median / QUICK_TARGET_SECONDS:.2f} of it)"
            runs = ", ".join(f"{s:.1f}" for s in seconds)
            print(f"{SYNTHESIZERS[kind].label:<28}{preset:<10}{median:>16.1f}{runs:>22}{steps:>8}"
                  f"{1000 * median / max(steps, 1):>9.1f}  {target}")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
