"""Rebuild the Retail banking risk page's shipped models and precomputed results from the shipped bank:
``python -m dashboard.banking.build`` (``--only fraud,credit,anomaly,products,faq`` for some parts,
``--quick`` for a fast smoke build with fewer seeds and smaller generators).

Writes into ``sample_data/checkpoints/bank/``:
- ``fraud_comparison.json`` / ``credit_comparison.json``: the five-way rebalancing comparison (no rebalancing,
  class weights, SMOTE, our GAN's and VAE's conditional minority samples), each with gradient boosting and a
  logistic scorecard, on card transactions (time split: the last quarter of 2024 is the test; training labels
  are the disputes known on 1 October) and on loan applications (the latest 25% are the test), 3 seeds,
  bootstrap intervals, the classifier chosen on validation, the scorecard's coefficients, permutation
  importance, per-case drivers and outcomes by age band;
- ``oversampling_dose.json``: the same comparison (one seed) when SMOTE, GAN and VAE add fewer rows
  (fraud: minority share 2% and 10%; credit: 15% and 20%; instead of 25%), to show whether a smaller dose of
  made-up cases helps;
- ``autoencoder/``: the transaction autoencoder trained on January-September, and ``risk_report.json``: its risk
  warnings for October-December with the IsolationForest comparison (precision@k against the fraud labels);
- ``recommender/`` and ``products.json``: the product recommender and its Recall@5 beside popularity and the
  simulator's true propensities, all with the suitability rule; ``product_scores.parquet``: the shipped
  recommender's scores of every product for the 300 customers the page offers;
- ``faq_assistant/`` and ``faq.json``: the FAQ index (MiniLM embeddings of the FAQ; the model itself stays in its
  package) and top-1 / top-3 accuracy and latency of semantic retrieval and TF-IDF on the paraphrase set;
- ``faq_zh.json``: the same figures for the Chinese FAQ (sample_data/bank_faq_zh.py) answered by BM25 over jieba
  words and character pairs, on its held-out Chinese paraphrases (the page builds that index itself in seconds).
Everything is seeded, so a rebuild on the same data gives the same figures (timings aside). The benchmark
``benchmarks/bench_banking.py`` reuses the functions below.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.banking.shipped import SHIPPED
from dashboard.shipped import build_arguments, write_json
from engines.anomaly import (
    FEATURE_LABELS,
    TabularAutoencoder,
    isolation_forest_scores,
    precision_at_k,
    risk_warnings,
    transaction_features,
)
from engines.faq import FaqAssistant, SentenceEmbedder, evaluate_assistant
from engines.product_suitability import (
    ProductPopularityBaseline,
    ProductRecommender,
    evaluate_recommenders,
    split_holdings,
)
from engines.rebalancing import LabelledTable, compare_rebalancing
from engines.rebalancing.comparison import GENERATOR_PARAMS
from sample_data.catalog import SAMPLE_DATA_DIR

BANK_DIR = SAMPLE_DATA_DIR / "bank"
OUT_DIR = SHIPPED.folder
AGE_BANDS = ([0, 24, 34, 49, 64, 200], ["18-24", "25-34", "35-49", "50-64", "65+"])
FRAUD_TEST_START = "2024-10-01"
SEEDS = (0, 1, 2)
PRECISION_KS = (50, 100, 200, 500)
REPORT_COLUMNS = ["transaction_id", "customer_id", "transaction_time", "amount", "merchant_category", "channel",
                  "country", "device"]
PARTS = ("fraud", "credit", "dose", "anomaly", "products", "faq", "faq_zh")
# Minority shares tried besides the main comparison's 0.25, one seed each (credit starts at an 11% default rate).
DOSE_SHARES = {"fraud": (0.02, 0.1), "credit": (0.15, 0.2)}


# ---------------------------------------------------------------------------------------------- inputs
def load_bank(bank_dir: Path = BANK_DIR) -> dict[str, pd.DataFrame]:
    """The shipped bank's tables."""
    names = ("customers", "products", "holdings", "transactions", "loan_applications", "faq", "faq_paraphrases",
             "holding_propensity")
    missing = [name for name in names if not (bank_dir / f"{name}.parquet").exists()]
    if missing:
        raise SystemExit(f"Missing {', '.join(missing)} in {bank_dir}; run `python -m sample_data.build` first.")
    return {name: pd.read_parquet(bank_dir / f"{name}.parquet") for name in names}


def age_band(age: pd.Series) -> pd.Series:
    """Age bands used by the fairness panels."""
    edges, labels = AGE_BANDS
    return pd.cut(age, edges, labels=labels).astype("string")


def fraud_labels_known(transactions: pd.DataFrame, test_start: str = FRAUD_TEST_START) -> np.ndarray:
    """The fraud label as the bank has it: in the training period only the disputes filed before the test
    starts (a model trained on 1 October cannot know about fraud reported later), in the test period every
    dispute on record. Both are noisy: unreported fraud is 0, friendly fraud is 1."""
    in_training = (transactions["transaction_time"] < test_start).to_numpy()
    known_then = (transactions["fraud_reported_at"] < test_start).fillna(False).to_numpy()
    labels = transactions["is_fraud"].to_numpy()
    return np.where(in_training, labels * known_then, labels).astype(np.int8)


def fraud_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Behavioural transaction features + the fraud label as known at training time (`fraud_labels_known`), the
    time and the card holder's age band."""
    transactions = tables["transactions"]
    features = transaction_features(transactions)
    ages = transactions["customer_id"].map(tables["customers"].set_index("customer_id")["age"])
    return features.assign(is_fraud=fraud_labels_known(transactions),
                           transaction_time=transactions["transaction_time"].to_numpy(), age_band=age_band(ages))


def credit_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Loan applications with their age band; ids and age itself are not features."""
    loans = tables["loan_applications"]
    return loans.drop(columns=["application_id", "customer_id"]).assign(age_band=age_band(loans["age"]))


def fraud_table(tables: dict[str, pd.DataFrame]) -> LabelledTable:
    """The fraud comparison's table: test = the last quarter of 2024 (25% of rows by time)."""
    return LabelledTable.from_frame(fraud_frame(tables), "is_fraud", time_column="transaction_time",
                                    positive_value=1, group_column="age_band")


def credit_table(tables: dict[str, pd.DataFrame]) -> LabelledTable:
    """The credit comparison's table: test = the latest 25% of applications; age is used only for fairness."""
    return LabelledTable.from_frame(credit_frame(tables), "defaulted", time_column="applied_at", positive_value=1,
                                    group_column="age_band", exclude_columns=["age"])


# ---------------------------------------------------------------------------------------------- parts
def build_comparison(table: LabelledTable, flag_rule: tuple[str, float], quick: bool) -> dict[str, Any]:
    """The five-way comparison as JSON-able data."""
    seeds = SEEDS[:1] if quick else SEEDS
    params = None
    if quick:
        params = {name: {**values, "max_steps": 30} for name, values in GENERATOR_PARAMS.items()}
    report = compare_rebalancing(table, seeds=seeds, flag_rule=flag_rule, generator_params=params,
                                 n_bootstrap=50 if quick else 200, on_progress=_printer("comparison"))
    data = report.to_dict()
    data["generator_params"] = params or GENERATOR_PARAMS
    return data


def build_dose(tables: dict[str, pd.DataFrame], quick: bool) -> dict[str, Any]:
    """PR-AUC change against no rebalancing when the oversamplers add fewer rows (one seed per share)."""
    records = []
    for scenario, make in (("fraud", fraud_table), ("credit", credit_table)):
        table = make(tables)
        for share in DOSE_SHARES[scenario]:
            params = {name: {**values, "max_steps": 30} for name, values in GENERATOR_PARAMS.items()} if quick else None
            report = compare_rebalancing(table, ["none", "smote", "gan", "vae"], seeds=(0,), minority_share=share,
                                         n_bootstrap=50 if quick else 200, generator_params=params, explain=False,
                                         on_progress=_printer(f"dose {scenario} {share}"))
            for result in report.strategies:
                if result.name == "none" or result.status != "ok":
                    continue
                change, low, high = result.difference_vs_none["pr_auc"]
                records.append({"scenario": scenario, "classifier": result.classifier, "minority_share": share,
                                "strategy": result.name,
                                "added_rows": result.added_rows, "pr_auc_change": change, "low": low, "high": high,
                                "verdict": result.verdict})
    return {"seeds": [0], "records": records}


def build_anomaly(tables: dict[str, pd.DataFrame], out_dir: Path, quick: bool) -> dict[str, Any]:
    """Train the autoencoder on Jan-Sep, score Oct-Dec, compare with IsolationForest, build the risk report."""
    transactions = tables["transactions"]
    features = transaction_features(transactions)
    in_training = (transactions["transaction_time"] < FRAUD_TEST_START).to_numpy()
    train, test = features[in_training], features[~in_training]
    labels = transactions.loc[~in_training, "is_fraud"].to_numpy()
    model = TabularAutoencoder(max_steps=200 if quick else 2000, random_state=0)
    model.fit(train, on_progress=_printer("autoencoder"))
    model.save(out_dir / "autoencoder")
    scores = model.score(test)
    forest = isolation_forest_scores(train, test, seed=0)
    comparison = [{"k": k, "autoencoder": precision_at_k(labels, scores, k),
                   "isolation_forest": precision_at_k(labels, forest, k),
                   "random": float(labels.mean())} for k in PRECISION_KS]
    rows = transactions.loc[~in_training, REPORT_COLUMNS + ["is_fraud", "fraud_pattern"]].reset_index(drop=True)
    report = risk_warnings(rows, scores, model.feature_errors(test).reset_index(drop=True),
                           title="Card transactions risk warnings (simulated data)",
                           period="1 October - 31 December 2024", feature_labels=FEATURE_LABELS,
                           feature_values=test.reset_index(drop=True))
    report.comparison = comparison
    flagged = scores >= report.threshold
    report.notes = [
        f"The autoencoder learned from {len(train):,} January-September transactions without their fraud labels.",
        f"Of the {int(flagged.sum()):,} flagged transactions, {labels[flagged].mean():.0%} are fraud in the "
        f"simulator's records (base rate {labels.mean():.2%}).",
    ]
    data = report.to_dict()
    data["training"] = {"rows": int(len(train)), "steps": model.training_steps_, "fit_seconds": model.fit_seconds_,
                        "loss_history": model.loss_history_}
    return data


def build_products(tables: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, Any]:
    """Fit the recommender on training customers; Recall@5 on held-out holdings beside the baselines."""
    customers, products, holdings = tables["customers"], tables["products"], tables["holdings"]
    split = split_holdings(customers, holdings, seed=0)
    model = ProductRecommender(random_state=0).fit(split.train_customers, split.train_holdings, products["product_id"])
    profile_only = ProductRecommender(use_holdings=False, random_state=0).fit(
        split.train_customers, split.train_holdings, products["product_id"])
    popularity = ProductPopularityBaseline().fit(split.train_customers, split.train_holdings,
                                                 products["product_id"])
    truth = (tables["holding_propensity"].pivot(index="customer_id", columns="product_id", values="p_hold_true")
             .reindex(index=split.test_customers["customer_id"], columns=products["product_id"]).to_numpy())
    results = evaluate_recommenders({"Conditional model (profile + holdings)": model,
                                     "Profile only": profile_only, "Popularity": popularity}, split, products,
                                    extra_scores={"Oracle (simulator's true propensities)": truth})
    # The shipped model learns from every customer; the figures above come from the held-out split.
    shipped = ProductRecommender(random_state=0).fit(customers, holdings, products["product_id"])
    shipped.save(out_dir / "recommender")
    showcase = showcase_customers(customers)
    scores = shipped.predict_proba(showcase, holdings[holdings["customer_id"].isin(showcase["customer_id"])])
    pd.DataFrame({
        "customer_id": np.repeat(showcase["customer_id"].to_numpy(), len(products)).astype(np.int32),
        "product_id": np.tile(products["product_id"].to_numpy(), len(showcase)).astype(np.int32),
        "score": scores.ravel().astype(np.float32),
    }).to_parquet(out_dir / "product_scores.parquet", index=False, compression="zstd")
    return {"results": results.to_dict("records"), "held_out_allowed_share": results.attrs["held_out_allowed_share"],
            "test_customers": results.attrs["test_customers"], "k": 5}


def showcase_customers(customers: pd.DataFrame, n: int = 300) -> pd.DataFrame:
    """The customers the page offers in its picker (a seeded spread over segments, all holding products), whose
    product scores are precomputed so the page shows suggestions without loading a model."""
    active = customers[customers["n_products_held"] > 0]
    return active.sample(n=min(n, len(active)), random_state=0).sort_values("customer_id").reset_index(drop=True)


def build_faq(tables: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, Any]:
    """Index the FAQ with MiniLM and score semantic retrieval and TF-IDF on the paraphrase set."""
    faq, paraphrases = tables["faq"], tables["faq_paraphrases"]
    embedder = SentenceEmbedder()
    tic = time.perf_counter()
    embedder.load()
    load_seconds = time.perf_counter() - tic
    semantic = FaqAssistant("semantic", embedder=embedder).fit(faq)
    semantic.save(out_dir / "faq_assistant")
    tfidf = FaqAssistant("tfidf").fit(faq)
    results = {}
    for name, assistant in (("semantic", semantic), ("tfidf", tfidf)):
        metrics = evaluate_assistant(assistant, paraphrases["question"].tolist(), paraphrases["faq_id"].to_numpy())
        metrics.update(latency_ms(assistant, paraphrases["question"].tolist()))
        results[name] = metrics
    return {"results": results, "model_load_seconds": load_seconds, "semantic_method_used": semantic.method_used_,
            "handover_threshold": semantic.handover_threshold}


def build_faq_chinese() -> dict[str, Any]:
    """Top-1 / top-3 accuracy and latency of the Chinese FAQ assistant (BM25) on the held-out Chinese
    paraphrases."""
    from sample_data.bank_faq_zh import chinese_faq_tables  # noqa: PLC0415

    faq, paraphrases = chinese_faq_tables()
    assistant = FaqAssistant("bm25", language="zh").fit(faq)
    questions = paraphrases["question"].tolist()
    metrics = evaluate_assistant(assistant, questions, paraphrases["faq_id"].to_numpy())
    metrics.update(latency_ms(assistant, questions))
    return {"results": {"bm25": metrics}, "handover_threshold": assistant.handover_threshold}


def latency_ms(assistant: FaqAssistant, questions: list[str], warmup: int = 5) -> dict[str, float]:
    """Median and 95th-percentile time to answer one question (after `warmup` answers)."""
    for question in questions[:warmup]:
        assistant.answer(question)
    times = []
    for question in questions:
        tic = time.perf_counter()
        assistant.answer(question)
        times.append((time.perf_counter() - tic) * 1000)
    return {"latency_median_ms": float(np.median(times)), "latency_p95_ms": float(np.percentile(times, 95))}


def _printer(name: str):
    last = [-1.0]

    def report(step: int, total: int, losses: dict) -> None:
        share = step / max(total, 1)
        if share - last[0] >= 0.1 or step == total:
            last[0] = share
            print(f"  {name}: {share:.0%}", flush=True)

    return report


def pin_torch_to_one_thread() -> None:
    """Make the table generators train with one torch thread in this process.

    `engines.synth` asks for two threads; on a shared 2-core machine the second only spin-waits for a busy core:
    measured on the credit table, 30 GAN steps took 36 s with two threads and 3 s with one (VAE: 24 s and 4 s).
    The build script alone makes this choice; the library keeps its own policy.
    """
    import functools

    import engines.synth.base as synth_base
    from engines.core.device import configure_cpu_threads

    if hasattr(synth_base, "configure_cpu_threads"):
        synth_base.configure_cpu_threads = functools.partial(configure_cpu_threads, max_threads=1)


def main(argv: list[str] | None = None) -> None:
    """Build the parts named by --only (default all) into OUT_DIR."""
    args = build_arguments(argv, description=__doc__.splitlines()[0], parts=PARTS, out_dir=OUT_DIR,
                           quick_help="one seed and tiny generators (smoke build)")
    parts, out_dir = args.parts, args.out
    pin_torch_to_one_thread()
    tables = load_bank()
    for part in parts:
        tic = time.perf_counter()
        print(f"{part} ...", flush=True)
        if part == "fraud":
            write_json(out_dir / "fraud_comparison.json", build_comparison(fraud_table(tables), ("fpr", 0.01), args.quick))
        elif part == "credit":
            write_json(out_dir / "credit_comparison.json", build_comparison(credit_table(tables), ("share", 0.2), args.quick))
        elif part == "dose":
            write_json(out_dir / "oversampling_dose.json", build_dose(tables, args.quick))
        elif part == "anomaly":
            shutil.rmtree(out_dir / "autoencoder", ignore_errors=True)
            write_json(out_dir / "risk_report.json", build_anomaly(tables, out_dir, args.quick))
        elif part == "products":
            shutil.rmtree(out_dir / "recommender", ignore_errors=True)
            write_json(out_dir / "products.json", build_products(tables, out_dir))
        elif part == "faq":
            shutil.rmtree(out_dir / "faq_assistant", ignore_errors=True)
            write_json(out_dir / "faq.json", build_faq(tables, out_dir))
        elif part == "faq_zh":
            write_json(out_dir / "faq_zh.json", build_faq_chinese())
        print(f"{part} done in {time.perf_counter() - tic:.0f} s", flush=True)


if __name__ == "__main__":
    main()
