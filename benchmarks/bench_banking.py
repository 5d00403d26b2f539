"""The banking engines on the shipped bank, each beside its baseline, in one run.

FAQ assistant: semantic retrieval (offline MiniLM) and TF-IDF on the 234 hand-written paraphrases: top-1 and top-3
accuracy, hand-over share and accuracy of the answered rest, and time per question after warm-up (one question at a
time, as in the app). Risk monitoring: the autoencoder trained on January-September transactions against
IsolationForest, precision@k on October-December. Products: Recall@5 on held-out holdings with the suitability
rule, against popularity and the simulator's true propensities. Rebalancing: the five-way comparison read from the
shipped results (``--rerun`` recomputes it, about 15 minutes on 2 cores).
Run: `python -m benchmarks.bench_banking [--rerun]`.
Targets (issue 6): FAQ top-1 accuracy >= 0.9 and < 100 ms per question on CPU after warm-up.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


from engines.anomaly import TabularAutoencoder, isolation_forest_scores, precision_at_k, transaction_features
from engines.faq import FaqAssistant, SentenceEmbedder, evaluate_assistant
from engines.rebalancing import METRICS, RebalancingReport
from dashboard.banking.build import (
    FRAUD_TEST_START,
    OUT_DIR,
    PRECISION_KS,
    build_comparison,
    build_products,
    credit_table,
    fraud_table,
    latency_ms,
    load_bank,
    pin_torch_to_one_thread,
)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_faq(tables) -> None:
    faq, paraphrases = tables["faq"], tables["faq_paraphrases"]
    questions, truth = paraphrases["question"].tolist(), paraphrases["faq_id"].to_numpy()
    tic = time.perf_counter()
    embedder = SentenceEmbedder().load()
    load_seconds = time.perf_counter() - tic
    rows = {}
    for method in ("semantic", "tfidf"):
        tic = time.perf_counter()
        assistant = FaqAssistant(method, fallback=False, embedder=embedder).fit(faq)
        fit_seconds = time.perf_counter() - tic
        rows[method] = {**evaluate_assistant(assistant, questions, truth), **latency_ms(assistant, questions),
                        "fit_seconds": fit_seconds}
    sem, base = rows["semantic"], rows["tfidf"]
    print(f"\nFAQ assistant ({sem['questions']} paraphrases; MiniLM loaded in {load_seconds:.1f} s)")
    print(f"{'method':<10}{'top-1':>8}{'top-3':>8}{'handover':>10}{'answered acc':>14}{'median ms':>11}{'p95 ms':>9}")
    for method, row in rows.items():
        print(f"{method:<10}{row['top1_accuracy']:>8.3f}{row['top3_accuracy']:>8.3f}{row['handover_share']:>10.3f}"
              f"{row['answered_accuracy']:>14.3f}{row['latency_median_ms']:>11.1f}{row['latency_p95_ms']:>9.1f}")
    print(f"ratio semantic / TF-IDF top-1: {sem['top1_accuracy'] / base['top1_accuracy']:.2f}x")
    print(f"target top-1 >= 0.90: {sem['top1_accuracy']:.3f} -> {_verdict(sem['top1_accuracy'] >= 0.9)}")
    print(f"target < 100 ms per question: median {sem['latency_median_ms']:.1f} ms, p95 {sem['latency_p95_ms']:.1f} ms "
          f"-> {_verdict(sem['latency_median_ms'] < 100)}")


def bench_anomaly(tables) -> None:
    transactions = tables["transactions"]
    features = transaction_features(transactions)
    in_training = (transactions["transaction_time"] < FRAUD_TEST_START).to_numpy()
    train, test = features[in_training], features[~in_training]
    labels = transactions.loc[~in_training, "is_fraud"].to_numpy()
    tic = time.perf_counter()
    model = TabularAutoencoder(max_steps=2000, random_state=0).fit(train)
    ae_seconds = time.perf_counter() - tic
    tic = time.perf_counter()
    forest = isolation_forest_scores(train, test, seed=0)
    forest_seconds = time.perf_counter() - tic
    scores = model.score(test)
    print(f"\nRisk monitoring ({len(train):,} training / {len(test):,} scored transactions, {labels.sum()} fraud; "
          f"autoencoder {ae_seconds:.0f} s, IsolationForest {forest_seconds:.0f} s)")
    print(f"{'k':>6}{'autoencoder':>13}{'IsolationForest':>17}{'ratio':>8}{'random':>9}")
    for k in PRECISION_KS:
        ours, theirs = precision_at_k(labels, scores, k), precision_at_k(labels, forest, k)
        print(f"{k:>6}{ours:>13.3f}{theirs:>17.3f}{ours / max(theirs, 1e-9):>7.2f}x{labels.mean():>9.4f}")


def bench_products(tables, out_dir) -> None:
    data = build_products(tables, out_dir)
    print(f"\nProducts (Recall@{data['k']} on {data['test_customers']:,} held-out customers, suitability rule on)")
    results = {row["recommender"]: row for row in data["results"]}
    popularity = results["Popularity"]["recall_at_5"]
    for name, row in results.items():
        print(f"{name:<42}{row['recall_at_5']:>7.3f}  ({row['recall_at_5'] / popularity:.2f}x popularity; "
              f"without the rule {row['recall_at_5_without_rule']:.3f})")
    print(f"held-out products allowed by the rule: {data['held_out_allowed_share']:.1%}")


def bench_rebalancing(tables, rerun: bool) -> None:
    for scenario, make, rule in (("fraud", fraud_table, ("fpr", 0.01)), ("credit", credit_table, ("share", 0.2))):
        if rerun:
            data = build_comparison(make(tables), rule, quick=False)
            data.pop("generator_params", None)
        else:
            data = json.loads((OUT_DIR / f"{scenario}_comparison.json").read_text())
            data.pop("generator_params", None)
        report = RebalancingReport.from_dict(data)
        print(f"\nRebalancing, {scenario} ({'recomputed' if rerun else 'shipped results'}; {report.n_test:,} test rows, "
              f"{report.minority_test} positive; {len(report.seeds)} seeds; chance PR-AUC {report.base_rate:.4f})")
        print(f"{'strategy':<22}" + "".join(f"{title:>18}" for title in METRICS.values()) + f"{'d PR-AUC vs none':>28}")
        for result in report.strategies:
            if result.status != "ok":
                print(f"{result.label:<22}skipped: {result.reason}")
                continue
            cells = "".join(f"{result.mean[m]:>8.3f} [{result.interval[m][0]:.2f},{result.interval[m][1]:.2f}]"
                            for m in METRICS)
            diff = result.difference_vs_none.get("pr_auc")
            shown = f"{diff[0]:+.3f} [{diff[1]:+.3f},{diff[2]:+.3f}] {result.verdict}" if diff else "baseline"
            print(f"{result.label:<22}{cells}  {shown}")
        print(report.takeaway)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rerun", action="store_true", help="recompute the rebalancing comparison")
    parser.add_argument("--only", default="faq,anomaly,products,rebalancing")
    args = parser.parse_args()
    pin_torch_to_one_thread()
    tables = load_bank()
    parts = args.only.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        if "faq" in parts:
            bench_faq(tables)
        if "anomaly" in parts:
            bench_anomaly(tables)
        if "products" in parts:
            bench_products(tables, Path(scratch))
        if "rebalancing" in parts:
            bench_rebalancing(tables, args.rerun)


if __name__ == "__main__":
    main()
