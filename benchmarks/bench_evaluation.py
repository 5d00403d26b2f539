"""How fast our quality report scores a 100,000-row x 20-column table, against SDMetrics 0.32 on the same.

Makes a seeded real table (12 numerical with nulls, 2 datetime, 5 categorical, 1 boolean; correlated through
a few latent factors) and a "synthetic" one (the same generator with other seeds and shifted parameters), then
times, in the same run: our `quality_report` and SDMetrics' single-table `QualityReport.generate`; prints
seconds, the ratio and both scores. Then times our detection, efficacy and privacy reports (they subsample).
Run: `python -m benchmarks.bench_evaluation [--rows N] [--skip-sdmetrics]`.
Target (issue): the quality report in under 10 s on a 2-core machine.

SDMetrics subsamples contingency pairs with an unseeded random draw when a table has more than 50,000 rows,
so its pair score moves by about +-0.003 from run to run at this size; ours uses one seeded draw.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from engines.evaluation import detection_report, efficacy_report, privacy_report, quality_report


def make_table(rows: int, seed: int, shift: float = 0.0) -> tuple[pd.DataFrame, dict[str, str]]:
    """A mixed 20-column table of `rows` rows and its column types."""
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(rows, 3))
    columns: dict[str, np.ndarray] = {}
    for i in range(12):
        loading = np.array([np.cos(i), np.sin(i), 0.5 * (i % 3 - 1)])
        values = factors @ loading + rng.normal(0, 0.6 + shift, rows) + i
        columns[f"num_{i}"] = np.exp(values / 4) if i % 4 == 0 else values
    start = pd.Timestamp("2018-01-01")
    for i in range(2):
        days = (factors[:, i] * 200 + rng.normal(0, 100, rows) + 700 + 100 * shift).astype(int)
        columns[f"date_{i}"] = start + pd.to_timedelta(days, unit="D")
    for i in range(5):
        n_levels = [3, 5, 8, 12, 30][i]
        latent = factors[:, i % 3] + rng.normal(0, 0.8, rows)
        edges = np.quantile(latent, np.linspace(0, 1, n_levels + 1)[1:-1]) + shift
        levels = np.array([f"level_{k}" for k in range(n_levels)], dtype=object)
        columns[f"cat_{i}"] = levels[np.digitize(latent, edges)]
    columns["flag"] = (factors[:, 0] + rng.normal(0, 1, rows) > shift).astype(object)
    table = pd.DataFrame(columns)
    for i in range(0, 12, 3):
        table.loc[rng.random(rows) < 0.05, f"num_{i}"] = np.nan
    column_types = {c: "numerical" for c in table.columns if c.startswith("num_")}
    column_types |= {"date_0": "datetime", "date_1": "datetime", "flag": "boolean"}
    column_types |= {c: "categorical" for c in table.columns if c.startswith("cat_")}
    return table, column_types


def _timed(run):
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-sdmetrics", action="store_true", help="time only our implementation")
    args = parser.parse_args()

    real, column_types = make_table(args.rows, seed=0)
    synthetic, _ = make_table(args.rows, seed=1, shift=0.15)
    print(f"table: {len(real):,} rows x {real.shape[1]} columns")

    ours, ours_seconds = _timed(lambda: quality_report(real, synthetic, column_types))
    print(f"ours      quality_report: {ours_seconds:7.2f} s  overall {ours.overall_score:.4f}  "
          f"shapes {ours.column_shapes_score:.4f}  pairs {ours.column_pair_trends_score:.4f}")

    if not args.skip_sdmetrics:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from sdmetrics.reports.single_table import QualityReport

            report = QualityReport()
            metadata = {"columns": {c: {"sdtype": s} for c, s in column_types.items()}}
            _, theirs_seconds = _timed(lambda: report.generate(real, synthetic, metadata, verbose=False))
        properties = report.get_properties().set_index("Property")["Score"]
        print(f"SDMetrics QualityReport: {theirs_seconds:7.2f} s  overall {report.get_score():.4f}  "
              f"shapes {properties['Column Shapes']:.4f}  pairs {properties['Column Pair Trends']:.4f}")
        print(f"speed-up: {theirs_seconds / ours_seconds:.1f}x   "
              f"overall difference: {abs(ours.overall_score - report.get_score()):.4f}")

    detection, seconds = _timed(lambda: detection_report(real, synthetic, column_types))
    print(f"detection_report: {seconds:6.2f} s  AUC {detection.auc_by_model}  "
          f"({detection.n_real_rows:,} rows each)")
    efficacy, seconds = _timed(lambda: efficacy_report(real, synthetic, "cat_0", column_types))
    print(f"efficacy_report:  {seconds:6.2f} s  {efficacy.metric} TRTR {efficacy.trtr_score:.3f} "
          f"TSTR {efficacy.tstr_score:.3f}")
    train, holdout = real.iloc[: len(real) // 2], real.iloc[len(real) // 2:]
    privacy, seconds = _timed(lambda: privacy_report(train, synthetic, holdout, column_types))
    print(f"privacy_report:   {seconds:6.2f} s  MIA AUC {privacy.membership_inference_auc:.3f}  "
          f"verdict {privacy.verdict}")


if __name__ == "__main__":
    main()
