"""How long each page's "Your data" comparison takes with its defaults, alone on this machine.

Each run goes through the same code as the page (column guesses, mapping, preparation, the background job) on
the shipped table the tab opens with: e-commerce events (recommenders), education attempts (knowledge tracing),
bank loan applications (rebalancing, every strategy, the default number of seeds; `--bank-table` for another). Prints the seconds of each
against the 3-minute target.

    python -m benchmarks.bench_your_data [--only ecommerce education bank]
"""

from __future__ import annotations

import argparse
import os
import time

TARGET_SECONDS = 180.0


def _run(key: str, bank_table: str) -> tuple[float, str]:
    from dashboard.data import SessionDatabase
    from dashboard.your_data import ColumnMapping, describe_table, guess_columns, prepare, start_comparison

    if key == "ecommerce":
        from dashboard.ecommerce.your_data import SCENARIO
        table, settings = "ecommerce.events", {"events": (), "min_value": None}
    elif key == "education":
        from dashboard.education.your_data import SCENARIO
        table, settings = "education.attempts", {}
    else:
        from dashboard.banking.your_data import SCENARIO, default_settings
        table, settings = bank_table, default_settings()
    database = SessionDatabase()
    columns = guess_columns(SCENARIO.roles, describe_table(database, table, SCENARIO.roles))
    started = time.perf_counter()
    prepared = prepare(database, SCENARIO, ColumnMapping(table, columns, settings))
    job = start_comparison(SCENARIO, prepared)
    job.wait()
    failed = [f"{step.name}: {step.error}" for step in job.snapshot() if step.state == "failed"]
    return time.perf_counter() - started, "; ".join(failed) or prepared.summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=["ecommerce", "education", "bank"])
    parser.add_argument("--bank-table", default="bank.loan_applications",
                        help="e.g. bank.transactions: 200,000 card transactions with a fraud flag")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    for key in args.only:
        seconds, note = _run(key, args.bank_table)
        verdict = "met" if seconds <= TARGET_SECONDS else "MISSED"
        print(f"{key:<10} {seconds:7.1f} s  (target <= {TARGET_SECONDS:.0f} s: {verdict})  {note}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
