"""Our tabular generators against SDV's, on the same tables and machine, scored by SDMetrics' QualityReport.

For every table: fit seconds, sampling rows per second, and the QualityReport score (overall, Column Shapes,
Column Pair Trends) of as many synthetic rows as the table has, for our GAN, VAE, auto-regressive generator
and copula, and SDV's CTGANSynthesizer, TVAESynthesizer and GaussianCopulaSynthesizer at their defaults (300
epochs). Then the targets: our best deep generator's quality >= the best SDV score, our GAN in <= 1/5 of
CTGAN's fit time, our VAE in <= 1/2 of TVAE's, sampling >= 500k rows/s on a 10-column table.

    python -m benchmarks.bench_synth                      # all tables (SDV's CTGAN makes this take a while)
    python -m benchmarks.bench_synth --tables diabetes wine --skip-sdv
    python -m benchmarks.bench_synth --json results.json

SDV and SDMetrics are benchmark/test dependencies only (requirements-dev.txt, Business Source License);
nothing the app imports at run time uses them. Not a timed test: run it by hand.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import torch

import engines.core.device
from engines.synth import GaussianCopula, TableMetadata, TabularARGN, TabularGAN, TabularVAE, detect_metadata

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
SPEED_ROWS = 200_000
OURS = {
    "our GAN": lambda seed: TabularGAN(random_state=seed),
    "our VAE": lambda seed: TabularVAE(random_state=seed),
    "our ARGN": lambda seed: TabularARGN(random_state=seed),
    "our copula": lambda seed: GaussianCopula(random_state=seed),
}
OUR_DEEP = ("our GAN", "our VAE", "our ARGN")
SDV_NAMES = ("SDV CTGAN", "SDV TVAE", "SDV GaussianCopula")


def _shipped(path: str, drop: tuple[str, ...] = ()) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        table = pd.read_parquet(SAMPLE_DATA / path).drop(columns=list(drop))
        # Parquet gives microsecond datetimes; SDV 2.0 reads datetime64[us] values as nanoseconds (every date
        # lands in January 1970), so every synthesizer gets nanosecond datetimes, which all of them handle.
        for column in table.columns:
            if pd.api.types.is_datetime64_any_dtype(table[column]):
                table[column] = table[column].astype("datetime64[ns]")
        return table

    return load


def _sklearn(loader_name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import sklearn.datasets

        return getattr(sklearn.datasets, loader_name)(as_frame=True).frame

    return load


# Foreign keys and long free text are dropped: they are not properties a single-table generator should learn.
TABLES: dict[str, Callable[[], pd.DataFrame]] = {
    "bank_customers": _shipped("bank/customers.parquet"),
    "bank_loans": _shipped("bank/loan_applications.parquet", drop=("customer_id",)),
    "shop_customers": _shipped("ecommerce/customers.parquet"),
    "shop_products": _shipped("ecommerce/products.parquet", drop=("description",)),
    "diabetes": _sklearn("load_diabetes"),
    "wine": _sklearn("load_wine"),
}


class _SDVSynthesizer:
    """SDV's single-table synthesizers behind our fit/sample verbs, at SDV defaults."""

    def __init__(self, kind: str, seed: int) -> None:
        self.kind = kind
        self.seed = seed

    def fit(self, table: pd.DataFrame, metadata: TableMetadata) -> _SDVSynthesizer:
        from sdv.metadata import Metadata
        from sdv.single_table import CTGANSynthesizer, GaussianCopulaSynthesizer, TVAESynthesizer

        sdv_metadata = Metadata.load_from_dict({"tables": {"table": metadata.to_sdmetrics_dict()}})
        cls = {"SDV CTGAN": CTGANSynthesizer, "SDV TVAE": TVAESynthesizer,
               "SDV GaussianCopula": GaussianCopulaSynthesizer}[self.kind]
        # SDV draws from the global generators: seed them for a repeatable reference run.
        np.random.seed(self.seed)
        torch.manual_seed(self.seed)
        self.model = cls(sdv_metadata)
        self.model.fit({"table": table})  # SDV 2 takes {table name: DataFrame}
        return self

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        np.random.seed(seed)
        torch.manual_seed(seed)
        sampled = self.model.sample(num_rows)
        return sampled["table"] if isinstance(sampled, dict) else sampled


def quality(
    real: pd.DataFrame, synthetic: pd.DataFrame, metadata: TableMetadata
) -> tuple[float, float, float]:
    """SDMetrics QualityReport: (overall, Column Shapes, Column Pair Trends)."""
    from sdmetrics.reports.single_table import QualityReport

    report = QualityReport()
    report.generate(real, synthetic, metadata.to_sdmetrics_dict(), verbose=False)
    properties = report.get_properties().set_index("Property")["Score"]
    pairs = properties["Column Pair Trends"]
    return float(report.get_score()), float(properties["Column Shapes"]), float(pairs)


def run_one(name: str, table: pd.DataFrame, metadata: TableMetadata, seed: int, speed_rows: int) -> dict:
    """Fit one synthesizer, time it, time sampling `speed_rows` rows, and score len(table) rows."""
    if name in OURS:
        model = OURS[name](seed)
        started = time.perf_counter()
        model.fit(table, metadata=metadata)
        fit_seconds = time.perf_counter() - started
        draw = lambda n, s: model.sample(n, seed=s)  # noqa: E731
    else:
        started = time.perf_counter()
        model = _SDVSynthesizer(name, seed).fit(table, metadata)
        fit_seconds = time.perf_counter() - started
        draw = model.sample
    started = time.perf_counter()
    draw(speed_rows, seed + 1)
    rows_per_second = speed_rows / (time.perf_counter() - started)
    synthetic = draw(len(table), seed + 2)
    overall, shapes, pairs = quality(table, synthetic, metadata)
    return {"fit_seconds": fit_seconds, "rows_per_second": rows_per_second, "quality": overall,
            "shapes": shapes, "pairs": pairs}


def check_targets(results: dict[str, dict[str, dict]]) -> list[str]:
    """One line per target and table: met or missed, and by how much."""
    lines = []
    for table, by_model in results.items():
        deep = {k: v for k, v in by_model.items() if k in OUR_DEEP}
        sdv = {k: v for k, v in by_model.items() if k in SDV_NAMES}
        if deep and sdv:
            best_ours = max(deep, key=lambda k: deep[k]["quality"])
            best_sdv = max(sdv, key=lambda k: sdv[k]["quality"])
            gap = deep[best_ours]["quality"] - sdv[best_sdv]["quality"]
            lines.append(f"{table}: quality {best_ours} {deep[best_ours]['quality']:.3f} vs {best_sdv} "
                         f"{sdv[best_sdv]['quality']:.3f} -> {'MET' if gap >= 0 else 'MISSED'} ({gap:+.3f})")
        for ours, theirs, limit in (("our GAN", "SDV CTGAN", 0.2), ("our VAE", "SDV TVAE", 0.5)):
            if ours in by_model and theirs in by_model:
                ratio = by_model[ours]["fit_seconds"] / by_model[theirs]["fit_seconds"]
                lines.append(f"{table}: {ours} fit {by_model[ours]['fit_seconds']:.1f}s = {ratio:.2f} x "
                             f"{theirs} ({by_model[theirs]['fit_seconds']:.1f}s), target <= {limit} -> "
                             f"{'MET' if ratio <= limit else 'MISSED'}")
    return lines


def sampling_speed_10_columns(seed: int) -> dict[str, float]:
    """Rows per second of our generators on a 10-column mixed table (the sampling target's table)."""
    rng = np.random.default_rng(seed)
    n_rows = 5000
    table = pd.DataFrame({
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
    speeds = {}
    for name, make in OURS.items():
        model = make(seed).fit(table)
        model.sample(10_000, seed=0)
        started = time.perf_counter()
        model.sample(500_000, seed=1)
        speeds[name] = 500_000 / (time.perf_counter() - started)
    return speeds


def _warm_up(skip_sdv: bool) -> None:
    """Pay one-time import costs before any clock starts (the first torch optimiser imports torch._dynamo,
    several seconds), so that whichever synthesizer runs first is not charged for them."""
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])
    import engines.evaluation.quality  # noqa: F401  (used by the GAN's quality checkpoints)

    if not skip_sdv:
        import sdmetrics.reports.single_table  # noqa: F401
        import sdv.single_table  # noqa: F401


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", nargs="*", default=list(TABLES), help=f"any of {', '.join(TABLES)}")
    parser.add_argument("--skip-sdv", action="store_true", help="only our generators")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads for every synthesizer")
    parser.add_argument("--speed-rows", type=int, default=SPEED_ROWS, help="rows sampled to time sampling")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    engines.core.device.CPU_THREADS = args.threads
    torch.set_num_threads(args.threads)
    names = list(OURS) + ([] if args.skip_sdv else list(SDV_NAMES))
    _warm_up(args.skip_sdv)
    results: dict[str, dict[str, dict]] = {}
    print(f"torch threads: {args.threads}; sampling speed measured on {args.speed_rows:,} rows", flush=True)
    for table_name in args.tables:
        try:
            table = TABLES[table_name]()
        except (OSError, KeyError) as error:
            print(f"skipping {table_name}: not available ({error})", flush=True)
            continue
        metadata = detect_metadata(table)
        print(f"\n== {table_name}: {table.shape[0]:,} rows x {table.shape[1]} columns", flush=True)
        print(
            f"{'synthesizer':20s} {'fit s':>8s} {'sample rows/s':>14s} {'quality':>8s} {'shapes':>7s} "
            f"{'pairs':>7s}"
        )
        results[table_name] = {}
        for name in names:
            torch.set_num_threads(args.threads)
            row = run_one(name, table, metadata, args.seed, args.speed_rows)
            results[table_name][name] = row
            print(f"{name:20s} {row['fit_seconds']:8.1f} {row['rows_per_second']:14,.0f} "
                  f"{row['quality']:8.3f} {row['shapes']:7.3f} {row['pairs']:7.3f}", flush=True)
    print("\n== targets")
    for line in check_targets(results):
        print(line)
    speeds = sampling_speed_10_columns(args.seed)
    for name, speed in speeds.items():
        print(f"10-column table, 500,000 rows: {name} samples {speed:,.0f} rows/s -> "
              f"{'MET' if speed >= 500_000 else 'MISSED'} (target 500,000)")
    if args.json:
        args.json.write_text(json.dumps({"tables": results, "sampling_10_columns": speeds}, indent=1))


if __name__ == "__main__":
    main()
