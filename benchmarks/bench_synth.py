"""Our tabular generators against SDV's on real public tables, scored by SDMetrics and our detection test.

For every table: fit seconds, sampling rows per second, SDMetrics' QualityReport score (overall, Column
Shapes, Column Pair Trends) and a detection score of as many synthetic rows as the table has, for our GAN,
VAE, auto-regressive generator and copula, and SDV's CTGANSynthesizer, TVAESynthesizer and
GaussianCopulaSynthesizer at their defaults. Then per generator the mean and the worst table, and issue 12's
targets as met/MISSED lines.

The default tables are the real ones in `benchmarks/real_tables.py` (six tables from statsmodels and
vega_datasets wheels, nothing downloaded; shapes and licences in the README's Benchmarks section). The lab's
simulated tables and two small scikit-learn sets stay available by name (`--tables all` runs everything).

Detection is `engines.evaluation.detection_report`: 3-fold cross-validated real-vs-synthetic classifiers,
score = 1 - mean(2 * max(AUC, 0.5) - 1) as in SDMetrics' LogisticDetection. "detect" is the stronger of its
two classifiers (gradient boosting usually, stricter than SDMetrics); "det LR" is logistic regression alone,
the closest to SDMetrics' LogisticDetection.

CTGAN at its default 300 epochs alone would break a 30-minute budget on 2 cores, so it is fitted for
`--ctgan-epochs` (30) and its 300-epoch fit time is EXTRAPOLATED: the measured fixed cost (SDV preprocessing
and CTGAN's Gaussian-mixture transformer) plus the measured training time x 300 / epochs. Its quality is the
quality at the reduced epochs, labelled so. TVAE can be treated the same way with `--tvae-epochs`: on a
loaded 2-core machine TVAE's 300 epochs took 46-162 s on the 400-800-row tables, so on randhie (20,190 rows,
40 batches an epoch) they dominate the full run; `--tvae-epochs 30` keeps it near 30 minutes.

    python -m benchmarks.bench_synth                       # six real tables, ours + SDV (see below)
    python -m benchmarks.bench_synth --skip-sdv            # our four generators only
    python -m benchmarks.bench_synth --tables cars anes96 --json results.json
    python -m benchmarks.bench_synth --quick --skip-sdv    # tables capped at 2,000 rows, smaller speed runs

SDV and SDMetrics are benchmark/test dependencies only (requirements-dev.txt, Business Source License), as
are statsmodels and vega_datasets; nothing the app imports at run time uses them. Not a timed test: run it
by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import torch

import engines.core.device
from benchmarks.bench_sampling import ten_column_table
from benchmarks.real_tables import REAL_TABLES
from engines.evaluation.detection import LOGISTIC_REGRESSION, detection_report
from engines.synth import GaussianCopula, TableMetadata, TabularARGN, TabularGAN, TabularVAE, detect_metadata

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
SPEED_ROWS = 200_000
QUICK_MAX_ROWS = 2_000
SDV_DEFAULT_EPOCHS = 300
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


# The lab's simulated tables and two small scikit-learn sets (not in the default run: simulated data
# flatters generators whose assumptions match the simulator). Foreign keys and long free text are dropped.
LAB_TABLES: dict[str, Callable[[], pd.DataFrame]] = {
    "bank_customers": _shipped("bank/customers.parquet"),
    "bank_loans": _shipped("bank/loan_applications.parquet", drop=("customer_id",)),
    "shop_customers": _shipped("ecommerce/customers.parquet"),
    "shop_products": _shipped("ecommerce/products.parquet", drop=("description",)),
    "diabetes": _sklearn("load_diabetes"),
    "wine": _sklearn("load_wine"),
}
TABLES: dict[str, Callable[[], pd.DataFrame]] = {name: t.load for name, t in REAL_TABLES.items()} | LAB_TABLES
TABLE_GROUPS = {"real": list(REAL_TABLES), "lab": list(LAB_TABLES), "all": list(TABLES)}


@contextlib.contextmanager
def _training_start_clock(kind: str) -> Iterator[list[float]]:
    """Record when SDV's CTGAN/TVAE start their epoch loop (after preprocessing and mode-specific
    normalisation), by timestamping the one object each builds right before it: CTGAN's DataSampler and TVAE's
    TensorDataset. Lets a run with fewer epochs extrapolate the default fit time honestly: fixed costs are
    counted once, only the training part scales with epochs."""
    import ctgan.synthesizers.ctgan as ctgan_module
    import ctgan.synthesizers.tvae as tvae_module

    module, attribute = {"SDV CTGAN": (ctgan_module, "DataSampler"),
                         "SDV TVAE": (tvae_module, "TensorDataset")}[kind]
    original = getattr(module, attribute)
    stamps: list[float] = []

    def stamped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 (passes everything through)
        stamps.append(time.perf_counter())
        return original(*args, **kwargs)

    setattr(module, attribute, stamped)
    try:
        yield stamps
    finally:
        setattr(module, attribute, original)


class _SDVSynthesizer:
    """SDV's single-table synthesizers behind our fit/sample verbs, at SDV defaults except `epochs`."""

    def __init__(self, kind: str, seed: int, epochs: int | None = None) -> None:
        self.kind = kind
        self.seed = seed
        self.epochs = epochs

    def fit(self, table: pd.DataFrame, metadata: TableMetadata) -> _SDVSynthesizer:
        """Fit; sets `fit_seconds_` (measured) and `default_fit_seconds_` (300 epochs; extrapolated if
        fewer were run)."""
        from sdv.metadata import Metadata
        from sdv.single_table import CTGANSynthesizer, GaussianCopulaSynthesizer, TVAESynthesizer

        sdv_metadata = Metadata.load_from_dict({"tables": {"table": metadata.to_sdmetrics_dict()}})
        cls = {"SDV CTGAN": CTGANSynthesizer, "SDV TVAE": TVAESynthesizer,
               "SDV GaussianCopula": GaussianCopulaSynthesizer}[self.kind]
        # SDV draws from the global generators: seed them for a repeatable reference run.
        np.random.seed(self.seed)
        torch.manual_seed(self.seed)
        deep = self.epochs is not None and self.kind != "SDV GaussianCopula"
        options = {"epochs": self.epochs} if deep else {}
        self.model = cls(sdv_metadata, **options)
        clock = _training_start_clock(self.kind) if options else contextlib.nullcontext([])
        # SDV's CTGAN refuses pandas' category dtype ("cast these columns to an 'object'"); all three get the
        # same object columns so they see the same table.
        categories = [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
        table = table.astype({c: object for c in categories})
        with clock as stamps:
            started = time.perf_counter()
            self.model.fit({"table": table})  # SDV 2 takes {table name: DataFrame}
            ended = time.perf_counter()
        self.fit_seconds_ = ended - started
        self.default_fit_seconds_ = self.fit_seconds_
        if options and stamps:
            fixed, training = stamps[0] - started, ended - stamps[0]
            self.default_fit_seconds_ = fixed + training * SDV_DEFAULT_EPOCHS / self.epochs
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


def run_one(
    name: str, table: pd.DataFrame, metadata: TableMetadata, seed: int, speed_rows: int,
    sdv_epochs: dict[str, int | None],
) -> dict:
    """Fit one synthesizer, time it, time sampling `speed_rows` rows, and score len(table) rows."""
    if name in OURS:
        model = OURS[name](seed)
        started = time.perf_counter()
        model.fit(table, metadata=metadata)
        fit_seconds = default_fit_seconds = time.perf_counter() - started
        draw = lambda n, s: model.sample(n, seed=s)  # noqa: E731
    else:
        model = _SDVSynthesizer(name, seed, sdv_epochs.get(name)).fit(table, metadata)
        fit_seconds, default_fit_seconds = model.fit_seconds_, model.default_fit_seconds_
        draw = model.sample
    started = time.perf_counter()
    draw(speed_rows, seed + 1)
    rows_per_second = speed_rows / (time.perf_counter() - started)
    synthetic = draw(len(table), seed + 2)
    overall, shapes, pairs = quality(table, synthetic, metadata)
    detection = detection_report(table, synthetic, metadata, random_state=seed)
    return {"fit_seconds": fit_seconds, "default_fit_seconds": default_fit_seconds,
            "epochs": sdv_epochs.get(name), "rows_per_second": rows_per_second, "quality": overall,
            "shapes": shapes, "pairs": pairs, "detection": detection.score,
            "detection_logistic": detection.score_by_model[LOGISTIC_REGRESSION]}


def label(name: str, row: dict) -> str:
    """The synthesizer's name, with its epochs when they differ from the default (its quality is theirs)."""
    epochs = row.get("epochs")
    return f"{name} ({epochs} ep)" if epochs and epochs != SDV_DEFAULT_EPOCHS else name


def summarise(results: dict[str, dict[str, dict]]) -> dict[str, dict]:
    """Per synthesizer over the tables it ran on: mean and worst quality and detection, fit seconds, speed."""
    names = list(dict.fromkeys(name for by_model in results.values() for name in by_model))
    summary = {}
    for name in names:
        rows = {table: by_model[name] for table, by_model in results.items() if name in by_model}
        worst_table = min(rows, key=lambda t: rows[t]["quality"])
        worst_detection_table = min(rows, key=lambda t: rows[t]["detection"])
        summary[name] = {
            "tables": len(rows),
            "mean_quality": float(np.mean([r["quality"] for r in rows.values()])),
            "worst_quality": rows[worst_table]["quality"], "worst_quality_table": worst_table,
            "mean_detection": float(np.mean([r["detection"] for r in rows.values()])),
            "worst_detection": rows[worst_detection_table]["detection"],
            "worst_detection_table": worst_detection_table,
            "mean_detection_logistic": float(np.mean([r["detection_logistic"] for r in rows.values()])),
            "mean_default_fit_seconds": float(np.mean([r["default_fit_seconds"] for r in rows.values()])),
            "median_rows_per_second": float(np.median([r["rows_per_second"] for r in rows.values()])),
        }
    return summary


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def check_targets(results: dict[str, dict[str, dict]], summary: dict[str, dict]) -> list[str]:
    """Issue 12's quality and fit-time targets: one line each, met or MISSED, with the numbers."""
    lines = []
    ctgan_epochs = next((by["SDV CTGAN"]["epochs"] for by in results.values() if "SDV CTGAN" in by), None)
    ctgan_note = (f" (CTGAN quality at {ctgan_epochs} epochs, not 300)"
                  if ctgan_epochs and ctgan_epochs != SDV_DEFAULT_EPOCHS else "")
    comparisons = (("our GAN", "SDV CTGAN", "GAN quality >= CTGAN's on every table" + ctgan_note),
                   ("our VAE", "our copula", "VAE quality >= our copula's on every table"),
                   ("our VAE", "SDV TVAE", "VAE quality >= TVAE's on every table"))
    for ours, theirs, target in comparisons:
        pairs = {t: (by[ours]["quality"], by[theirs]["quality"]) for t, by in results.items()
                 if ours in by and theirs in by}
        if not pairs:
            lines.append(f"{target}: not measured ({theirs} not run)")
            continue
        misses = [f"{t} {a:.3f} < {b:.3f}" for t, (a, b) in pairs.items() if a < b]
        met = len(pairs) - len(misses)
        lines.append(f"{target}: {_verdict(not misses)} ({met}/{len(pairs)} tables)"
                     + (f"; missed on {', '.join(misses)}" if misses else ""))
    ours_summary = {n: s for n, s in summary.items() if n in OURS}
    if "our GAN" in ours_summary:
        best = max(ours_summary, key=lambda n: ours_summary[n]["mean_quality"])
        gap = ours_summary[best]["mean_quality"] - ours_summary["our GAN"]["mean_quality"]
        lines.append(f"GAN mean quality within 0.03 of our best ({best} "
                     f"{ours_summary[best]['mean_quality']:.3f}): "
                     f"GAN {ours_summary['our GAN']['mean_quality']:.3f},"
                     f" gap {gap:.3f} -> {_verdict(gap <= 0.03)}")
    ratios = {t: by["our GAN"]["fit_seconds"] / by["SDV CTGAN"]["default_fit_seconds"]
              for t, by in results.items() if "our GAN" in by and "SDV CTGAN" in by}
    if ratios:
        extrapolated = " (CTGAN's 300-epoch time extrapolated)" if ctgan_note else ""
        misses = [f"{t} {r:.2f}" for t, r in ratios.items() if r > 0.2]
        lines.append(f"GAN default fit <= 1/5 of CTGAN's default{extrapolated}: {_verdict(not misses)} ("
                     f"{len(ratios) - len(misses)}/{len(ratios)} tables; ratios "
                     + ", ".join(f"{t} {r:.2f}" for t, r in ratios.items()) + ")")
        total_ours = sum(by["our GAN"]["fit_seconds"] for t, by in results.items() if t in ratios)
        total_ctgan = sum(by["SDV CTGAN"]["default_fit_seconds"] for t, by in results.items() if t in ratios)
        # Our GAN's budget is in steps, CTGAN's in epochs: ours costs about the same on every table, CTGAN's
        # grows with the rows, so the ratio is far below 1/5 on big tables and above it on tiny ones.
        lines.append(f"GAN fit summed over the tables <= 1/5 of CTGAN's: {total_ours:.0f} s vs "
                     f"{total_ctgan:.0f} s, ratio {total_ours / total_ctgan:.2f} -> "
                     f"{_verdict(total_ours <= 0.2 * total_ctgan)}")
    else:
        lines.append("GAN default fit <= 1/5 of CTGAN's default: not measured (SDV CTGAN not run)")
    return lines


def sampling_speed_10_columns(seed: int, request_rows: tuple[int, ...]) -> dict[str, dict[int, float]]:
    """Seconds per `sample` request of each size, for our generators fitted on a 10-column mixed table."""
    table = ten_column_table(5_000, seed)
    seconds: dict[str, dict[int, float]] = {}
    for name, make in OURS.items():
        model = make(seed).fit(table)
        model.sample(1_000, seed=0)  # first call pays lazy set-up once
        seconds[name] = {}
        for n in request_rows:
            started = time.perf_counter()
            model.sample(n, seed=1)
            seconds[name][n] = time.perf_counter() - started
    return seconds


def sampling_target_lines(seconds: dict[str, dict[int, float]]) -> list[str]:
    """Issue 12's sampling targets from the largest request (rows/s) and the 1,000-row one (fixed cost)."""
    lines = []
    for name, by_rows in seconds.items():
        largest = max(by_rows)
        speed = largest / by_rows[largest]
        target = 1_000_000 if name == "our copula" else 500_000
        timings = ", ".join(f"{n:,} rows {s * 1000:.0f} ms" for n, s in by_rows.items())
        lines.append(f"sampling {name} on 10 columns: {speed:,.0f} rows/s at {largest:,} rows, target >= "
                     f"{target:,} -> {_verdict(speed >= target)} ({timings})")
        if 1_000 in by_rows:
            lines.append(f"sampling {name}: a 1,000-row request takes {by_rows[1_000] * 1000:.0f} ms, "
                         f"target < 50 ms -> {_verdict(by_rows[1_000] < 0.05)}")
    return lines


def load_line() -> str:
    """The machine's load, printed with every timing: other processes share the cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _warm_up(skip_sdv: bool) -> None:
    """Pay one-time import costs before any clock starts (the first torch optimiser imports torch._dynamo,
    several seconds), so that whichever synthesizer runs first is not charged for them."""
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])
    import engines.evaluation.quality  # noqa: F401  (used by the GAN's quality checkpoints)
    import sdmetrics.reports.single_table  # noqa: F401

    if not skip_sdv:
        import sdv.single_table  # noqa: F401


def print_results(results: dict[str, dict[str, dict]], summary: dict[str, dict]) -> None:
    """The summary table: per synthesizer, mean and worst over the tables."""
    print(f"\n== summary over {len(results)} tables (quality: SDMetrics QualityReport; detect: "
          f"engines.evaluation detection, stronger classifier; det LR: logistic regression only)")
    print(f"{'synthesizer':22s} {'mean q':>7s} {'worst q':>8s} {'worst table':>16s} {'detect':>7s} "
          f"{'worst':>6s} {'det LR':>7s} {'default fit s':>13s} {'rows/s':>11s}")
    for name, s in summary.items():
        shown = label(name, next(by[name] for by in results.values() if name in by))
        print(f"{shown:22s} {s['mean_quality']:7.3f} {s['worst_quality']:8.3f} "
              f"{s['worst_quality_table']:>16s} "
              f"{s['mean_detection']:7.3f} {s['worst_detection']:6.3f} {s['mean_detection_logistic']:7.3f} "
              f"{s['mean_default_fit_seconds']:13.1f} {s['median_rows_per_second']:11,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", nargs="*", default=["real"],
                        help=f"names or groups ({', '.join(TABLE_GROUPS)}); names: {', '.join(TABLES)}")
    parser.add_argument("--skip-sdv", action="store_true", help="only our generators")
    parser.add_argument("--quick", action="store_true",
                        help=f"cap every table at {QUICK_MAX_ROWS:,} rows; smaller sampling-speed runs")
    parser.add_argument("--max-rows", type=int, help="cap every table at this many rows (seeded sample)")
    parser.add_argument("--ctgan-epochs", type=int, default=30,
                        help="epochs CTGAN is fitted for; its 300-epoch time is extrapolated (300 = default)")
    parser.add_argument("--tvae-epochs", type=int, default=SDV_DEFAULT_EPOCHS,
                        help="epochs TVAE is fitted for (fewer: extrapolated like CTGAN)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads for every synthesizer")
    parser.add_argument("--speed-rows", type=int,
                        help=f"rows sampled to time sampling (default {SPEED_ROWS:,})")
    parser.add_argument("--skip-speed", action="store_true", help="skip the 10-column sampling-speed targets")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    table_names = list(dict.fromkeys(n for t in args.tables for n in TABLE_GROUPS.get(t, [t])))
    max_rows = args.max_rows or (QUICK_MAX_ROWS if args.quick else None)
    speed_rows = args.speed_rows or (20_000 if args.quick else SPEED_ROWS)
    sdv_epochs = {"SDV CTGAN": args.ctgan_epochs, "SDV TVAE": args.tvae_epochs}
    engines.core.device.CPU_THREADS = args.threads
    torch.set_num_threads(args.threads)
    names = list(OURS) + ([] if args.skip_sdv else list(SDV_NAMES))
    _warm_up(args.skip_sdv)
    results: dict[str, dict[str, dict]] = {}
    run_started = time.perf_counter()
    print(f"torch threads: {args.threads}; sampling speed measured on {speed_rows:,} rows; {load_line()}",
          flush=True)
    if not args.skip_sdv and args.ctgan_epochs != SDV_DEFAULT_EPOCHS:
        print(f"SDV CTGAN is fitted for {args.ctgan_epochs} epochs: its quality is at {args.ctgan_epochs} "
              f"epochs; 'default fit s' is EXTRAPOLATED (fixed cost + training x "
              f"{SDV_DEFAULT_EPOCHS}/{args.ctgan_epochs})")
    for table_name in table_names:
        try:
            table = TABLES[table_name]()
        except (OSError, KeyError, ImportError) as error:
            print(f"skipping {table_name}: not available ({error!r})", flush=True)
            continue
        if max_rows and len(table) > max_rows:
            table = table.sample(max_rows, random_state=args.seed).reset_index(drop=True)
        metadata = detect_metadata(table)
        print(f"\n== {table_name}: {table.shape[0]:,} rows x {table.shape[1]} columns; {load_line()}",
              flush=True)
        print(f"{'synthesizer':22s} {'fit s':>8s} {'default fit s':>13s} {'sample rows/s':>14s} "
              f"{'quality':>8s} {'shapes':>7s} {'pairs':>7s} {'detect':>7s} {'det LR':>7s}")
        results[table_name] = {}
        for name in names:
            torch.set_num_threads(args.threads)
            row = run_one(name, table, metadata, args.seed, speed_rows, sdv_epochs)
            results[table_name][name] = row
            extrapolated = row["epochs"] and row["epochs"] != SDV_DEFAULT_EPOCHS
            default_fit = f"{row['default_fit_seconds']:.1f}" + ("*" if extrapolated else "")
            print(f"{label(name, row):22s} {row['fit_seconds']:8.1f} {default_fit:>13s} "
                  f"{row['rows_per_second']:14,.0f} {row['quality']:8.3f} {row['shapes']:7.3f} "
                  f"{row['pairs']:7.3f} {row['detection']:7.3f} {row['detection_logistic']:7.3f}", flush=True)
    summary = summarise(results)
    print_results(results, summary)
    if any(r["epochs"] not in (None, SDV_DEFAULT_EPOCHS) for by in results.values() for r in by.values()):
        print("* time at SDV's default 300 epochs, extrapolated from the epochs run; quality is at those "
              "epochs")
    print(f"\n== issue 12 targets ({load_line()})")
    for line in check_targets(results, summary):
        print(line)
    seconds: dict[str, dict[int, float]] = {}
    if not args.skip_speed:
        request_rows = (1_000, 100_000) if args.quick else (1_000, 100_000, 1_000_000)
        seconds = sampling_speed_10_columns(args.seed, request_rows)
        for line in sampling_target_lines(seconds):
            print(line)
    print(f"\nwhole run {time.perf_counter() - run_started:.0f} s; {load_line()}")
    if args.json:
        args.json.write_text(json.dumps({"tables": results, "summary": summary,
                                         "sampling_10_columns_seconds": seconds, "load": os.getloadavg()},
                                        indent=1))


if __name__ == "__main__":
    main()
