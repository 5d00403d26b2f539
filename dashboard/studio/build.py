"""Rebuild the Synthetic Data Studio's precomputed example: `python -m dashboard.studio.build`.

Trains every registered generator with the "quick" preset on two shipped simulated tables, scores them with
the Studio's own code (the same training job, evaluation and report the page uses), and writes the reports to
`sample_data/checkpoints/studio/examples.json` plus one HTML report per table beside it. Seeded: a rerun on
the same machine gives the same generators; fit times depend on the machine. Prints each leaderboard.
`--html-only` writes the HTML reports again from examples.json without training.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import time

import torch

from dashboard.data import SessionDatabase
from dashboard.data.studio_queries import training_rows
from dashboard.studio.shipped import EXAMPLE_FILE, EXAMPLE_FORMAT, SHIPPED, StudioExample, load_examples
from dashboard.studio.generators import generator_choices
from dashboard.studio.html_report import html_report
from dashboard.studio.report import StudioReport, baseline_of, best_report, leaderboard
from dashboard.studio.training import GeneratorSpec, finished_generators, prepare_training_data, training_job

# (table, title, columns left out, target): ids and foreign keys are left out, as an analyst would.
EXAMPLE_TABLES = (
    ("bank.loan_applications", "Retail bank · loan applications (simulated)", ("application_id", "customer_id"),
     "defaulted"),
    ("bank.customers", "Retail bank · customers (simulated)", ("customer_id",), "segment"),
)
TRAINING_ROWS = 5_000
PRESET = "quick"
SEED = 0


def build_example(database: SessionDatabase, table: str, title: str, left_out: tuple[str, ...], target: str,
                  preset: str = PRESET, rows: int = TRAINING_ROWS) -> tuple[dict, list[StudioReport]]:
    """Train and score every generator on ``rows`` rows of ``table``; the entry for examples.json and the
    reports."""
    from engines.core.metadata import TableMetadata

    frame = training_rows(database, table, rows, seed=SEED)
    frame = frame.drop(columns=[c for c in left_out if c in frame.columns])
    sdtypes = TableMetadata.detect(frame).sdtypes
    data = prepare_training_data(frame, table, sdtypes, target, seed=SEED)
    specs = [GeneratorSpec(c.kind, c.label, preset, {}, SEED) for c in generator_choices()]
    job = training_job(data, specs).start()
    job.wait()
    trained, messages = finished_generators(job.snapshot())
    for message in messages:
        print("  !", message)
    reports = [t.report for t in trained]
    return {"table": table, "title": title, "target": target, "rows": len(frame),
            "reports": [r.to_dict() for r in reports]}, reports


def write_html_reports(examples: list[StudioExample]) -> None:
    """The HTML report of each example's best generator, next to examples.json."""
    for example in examples:
        best = best_report(example.reports)
        if best is None:
            continue
        html = html_report(best, baseline_of(example.reports), example.reports, "Precomputed example on simulated data")
        path = EXAMPLE_FILE.parent / f"report_{example.table.replace('.', '_')}.html"
        path.write_text(html, "utf-8")
        print(f"Wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=PRESET)
    parser.add_argument("--rows", type=int, default=TRAINING_ROWS)
    parser.add_argument("--html-only", action="store_true",
                        help="only write the HTML reports again from the existing examples.json (no training)")
    args = parser.parse_args()
    if args.html_only:
        write_html_reports(load_examples())
        return
    torch.set_num_threads(2)
    database = SessionDatabase()
    out_dir = EXAMPLE_FILE.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    examples = []
    started = time.perf_counter()
    for table, title, left_out, target in EXAMPLE_TABLES:
        print(f"== {table} ({args.rows:,} rows, preset {args.preset}, target {target})")
        entry, reports = build_example(database, table, title, left_out, target, args.preset, args.rows)
        examples.append(entry)
        board = leaderboard(reports).drop(columns="key")
        print(board.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    payload = {
        "format": EXAMPLE_FORMAT,
        "built": f"{dt.date.today().isoformat()} on {platform.machine()} ({torch.get_num_threads()} CPU threads)",
        "built_by": SHIPPED.rebuild_command,
        "examples": examples,
    }
    EXAMPLE_FILE.write_text(json.dumps(payload, indent=None, separators=(",", ":")), "utf-8")
    write_html_reports(load_examples())
    print(f"Wrote {EXAMPLE_FILE} ({EXAMPLE_FILE.stat().st_size / 1024:.0f} KB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
