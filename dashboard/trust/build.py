"""Rebuild the Trust & governance page's shipped results: ``python -m dashboard.trust.build``
(``--only explanations,fairness,privacy,watermark,cards`` for some parts, ``--quick`` for a smoke build).

Writes small files into ``sample_data/checkpoints/trust/``:
- ``explanations.json`` + ``shap_credit.parquet`` / ``shap_fraud.parquet``: SHAP values (shap.TreeExplainer) of the
  credit and fraud gradient-boosting models for test rows, global importance, the local-accuracy gap, the time to
  explain one case, and the PR-AUC of the explained model beside the banking page's native-category model;
- ``fairness.json``: the credit decision (decline the riskiest 20%) per sensitive column with fairlearn, and the
  ThresholdOptimizer mitigation on age band with its cost;
- ``privacy.json`` and ``dp_vae/``: the tabular VAE trained at epsilon 1, 3, 10 and without DP on the shipped loan
  applications, with quality, ML efficacy and membership-inference AUC, and the accountant check;
- ``watermark.json``: detection rates of the text watermark on generated copy vs the catalogue's own texts, and the
  copy checks with and without the watermark;
- ``model_cards.json``: a card for every shipped model and the ones above.
Seeded; timings depend on the machine (the build prints the load).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.banking.build import credit_table, fraud_table, load_bank
from dashboard.trust import settings
from dashboard.trust.shipped import SHIPPED
from dashboard.shipped import build_arguments, write_json
from sample_data.catalog import SAMPLE_DATA_DIR

OUT_DIR = SHIPPED.folder
PARTS = ("explanations", "fairness", "privacy", "watermark", "cards")
SHAP_ROWS = {"credit": 2_500, "fraud": 1_500}


# ---------------------------------------------------------------------------------------- explanations
def explained_model(table) -> dict[str, Any]:
    """Encode a banking table, fit the numeric-codes gradient boosting on its training period and score the
    test period: what the explanation and fairness parts share."""
    from engines.rebalancing.table import FeatureEncoder
    from engines.rebalancing.classifiers import fit_classifier, positive_scores
    from engines.rebalancing.metrics import pr_auc
    from engines.trust.explanations import numeric_codes_classifier

    train_features, train_labels = table.train
    test_features, test_labels = table.test
    if len(train_features) > 150_000:  # as the banking comparison does
        keep = np.sort(np.random.default_rng(0).choice(len(train_features), 150_000, replace=False))
        train_features, train_labels = train_features.iloc[keep].reset_index(drop=True), train_labels[keep]
    encoder = FeatureEncoder().fit(train_features, table.numeric_columns, table.categorical_columns)
    train_rows, test_rows = encoder.transform(train_features), encoder.transform(test_features)
    tic = time.perf_counter()
    model = numeric_codes_classifier(train_rows, train_labels, seed=0)
    fit_seconds = time.perf_counter() - tic
    native = fit_classifier("gbm", train_rows, train_labels, None, encoder.categorical_mask, 0)
    scores = positive_scores(model, test_rows)
    tic = time.perf_counter()
    positive_scores(model, test_rows)
    scoring_seconds = time.perf_counter() - tic
    return {"encoder": encoder, "model": model, "train_rows": train_rows, "test_rows": test_rows,
            "test_labels": test_labels, "scores": scores, "fit_seconds": fit_seconds,
            "rows_per_second": len(test_rows) / max(scoring_seconds, 1e-9), "n_train": len(train_rows),
            "pr_auc": pr_auc(test_labels, scores),
            "pr_auc_native": pr_auc(test_labels, positive_scores(native, test_rows))}


def build_explanations(name: str, fitted: dict[str, Any], out_dir: Path, n_rows: int) -> dict[str, Any]:
    """SHAP values for `n_rows` test rows (the riskiest half, a random half) and the figures around them."""
    from engines.trust.explanations import explain_trees, global_importance

    encoder, model, rows = fitted["encoder"], fitted["model"], fitted["test_rows"]
    scores, labels = fitted["scores"], fitted["test_labels"]
    rng = np.random.default_rng(0)
    riskiest = np.argsort(-scores)[: n_rows // 2]
    others = rng.choice(np.setdiff1d(np.arange(len(rows)), riskiest), min(n_rows - len(riskiest),
                        len(rows) - len(riskiest)), replace=False)
    chosen = np.sort(np.concatenate([riskiest, others]))
    explanation = explain_trees(model, rows[chosen], encoder.columns_)
    one_case = []
    for index in chosen[:20]:
        tic = time.perf_counter()
        explain_trees(model, rows[index:index + 1], encoder.columns_)
        one_case.append(time.perf_counter() - tic)
    readable = encoder.inverse_categories(rows[chosen]).reset_index(drop=True)
    frame = pd.DataFrame(explanation.values, columns=[f"shap__{c}" for c in encoder.columns_])
    values = readable.rename(columns={c: f"value__{c}" for c in readable.columns}).astype("string")
    frame = pd.concat([pd.DataFrame({"test_row": chosen.astype(np.int32), "score": scores[chosen],
                                     "label": labels[chosen].astype(np.int8),
                                     "rank": (np.argsort(np.argsort(-scores))[chosen] + 1).astype(np.int32),
                                     "margin": explanation.margins}), frame, values], axis=1)
    frame.to_parquet(out_dir / f"shap_{name}.parquet", index=False, compression="zstd")
    return {"features": list(encoder.columns_), "base_value": explanation.base_value,
            "local_accuracy_gap": explanation.local_accuracy_gap, "rows_explained": int(len(chosen)),
            "test_rows": int(len(rows)), "median_seconds_one_case": float(np.median(one_case)),
            "max_seconds_one_case": float(np.max(one_case)),
            "importance": global_importance(explanation).to_dict("records"),
            "pr_auc": fitted["pr_auc"], "pr_auc_native_categories": fitted["pr_auc_native"],
            "fit_seconds": fitted["fit_seconds"], "scoring_rows_per_second": fitted["rows_per_second"],
            "n_train": fitted["n_train"], "parameters": int(sum(p.nodes.size for ps in model._predictors
                                                                 for p in ps))}


# ---------------------------------------------------------------------------------------- fairness
def build_fairness(tables: dict[str, pd.DataFrame], table, fitted: dict[str, Any], quick: bool) -> dict[str, Any]:
    """The credit decision's fairness per sensitive column, and the age-band mitigation."""
    from engines.trust.fairness import fairness_report, mitigate_with_thresholds

    scores, labels = fitted["scores"], fitted["test_labels"]
    decisions = (scores >= np.quantile(scores, 1 - settings.DECLINE_SHARE)).astype(int)
    loans = tables["loan_applications"]
    # credit_table orders the applications by applied_at (stable sort) and keeps the latest ones as the test.
    in_time_order = loans.iloc[np.argsort(loans["applied_at"].to_numpy(), kind="stable")].reset_index(drop=True)
    if len(in_time_order) != len(table.is_test):
        raise SystemExit("The loan applications and the credit table disagree on the number of rows.")
    test = in_time_order[table.is_test].reset_index(drop=True)
    region = test["customer_id"].map(tables["customers"].set_index("customer_id")["region"])
    columns = {"age_band": table.groups[table.is_test].reset_index(drop=True), "region": region,
               "employment_status": test["employment_status"], "home_ownership": test["home_ownership"]}
    n_bootstrap = 200 if quick else 1000
    by_column = {}
    for column, groups in columns.items():
        report = fairness_report(labels, decisions, groups.reset_index(drop=True), n_bootstrap=n_bootstrap)
        by_column[column] = report.to_dict()
    mitigation = mitigate_with_thresholds(labels, scores, columns[settings.MITIGATED_COLUMN].reset_index(drop=True),
                                          "demographic_parity", "balanced_accuracy_score", n_bootstrap=n_bootstrap)
    return {"decision": f"decline the riskiest {settings.DECLINE_SHARE:.0%} of applicants",
            "test_rows": int(len(labels)), "default_rate": float(labels.mean()), "by_column": by_column,
            "labels": settings.SENSITIVE_COLUMNS, "mitigation": {"column": settings.MITIGATED_COLUMN,
                                                                  **mitigation.to_dict()}}


# ---------------------------------------------------------------------------------------- privacy
DP_VAE_PARAMS = {"preset": "quick", "epochs": 100_000, "max_steps": 300, "batch_size": 500, "learning_rate": 5e-3,
                 "encoder_dims": (32, 32), "decoder_dims": (32, 32), "latent_dim": 8, "dp_max_grad_norm": 1.0}


def build_privacy(out_dir: Path, quick: bool) -> dict[str, Any]:
    """The VAE at each privacy budget on the same 5,000 loan applications; the other applications are the
    holdout for efficacy and membership inference."""
    from engines.evaluation import efficacy_report, privacy_report, quality_report
    from engines.synth import TabularVAE
    from engines.trust.differential_privacy import epsilon_spent, rdp_epsilon

    loans = pd.read_parquet(SAMPLE_DATA_DIR / "bank" / "loan_applications.parquet")
    loans = loans.drop(columns=["application_id", "customer_id"])
    shuffled = loans.sample(frac=1.0, random_state=0).reset_index(drop=True)
    train = shuffled.iloc[: settings.DP_TRAINING_ROWS].reset_index(drop=True)
    holdout = shuffled.iloc[settings.DP_TRAINING_ROWS:].reset_index(drop=True)
    delta = 1.0 / len(train)
    params = dict(DP_VAE_PARAMS)
    if quick:
        params["max_steps"] = 30
    records = []
    for epsilon in settings.DP_EPSILONS:
        tic = time.perf_counter()
        model = TabularVAE(**params, dp_epsilon=epsilon, random_state=0).fit(train)
        fit_seconds = time.perf_counter() - tic
        tic = time.perf_counter()
        synthetic = model.sample(len(train), seed=0)
        sample_seconds = time.perf_counter() - tic
        quality = quality_report(train, synthetic)
        efficacy = efficacy_report(train, synthetic, "defaulted", real_holdout=holdout)
        privacy = privacy_report(train, synthetic, holdout)
        record = {"epsilon": epsilon, "delta": delta, "noise_multiplier": model.dp_noise_multiplier_,
                  "epsilon_spent": model.dp_epsilon_spent_, "steps": model.training_steps_,
                  "quality": quality.overall_score, "column_shapes": quality.column_shapes_score,
                  "column_pair_trends": quality.column_pair_trends_score,
                  "efficacy_metric": efficacy.metric, "tstr": efficacy.tstr_score, "trtr": efficacy.trtr_score,
                  "efficacy_ratio": efficacy.ratio, "membership_inference_auc": privacy.membership_inference_auc,
                  "dcr_ratio": privacy.dcr_ratio, "exact_copy_share": privacy.exact_copy_share,
                  "fit_seconds": fit_seconds, "rows_per_second": len(synthetic) / max(sample_seconds, 1e-9)}
        if epsilon is not None:
            sample_rate = min(1.0, params["batch_size"] / len(train))
            record["epsilon_opacus"] = epsilon_spent(model.dp_noise_multiplier_, sample_rate, model.training_steps_,
                                                     delta)
            record["epsilon_own_accountant"] = rdp_epsilon(model.dp_noise_multiplier_, sample_rate,
                                                           model.training_steps_, delta)
        if epsilon == 3.0:
            shutil.rmtree(out_dir / "dp_vae", ignore_errors=True)
            model.save(out_dir / "dp_vae")
        print({k: (round(v, 4) if isinstance(v, float) else v) for k, v in record.items()}, flush=True)
        records.append(record)
    return {"table": "bank.loan_applications", "training_rows": len(train), "holdout_rows": len(holdout),
            "columns": list(train.columns), "target": "defaulted", "delta": delta,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}, "records": records}


# ---------------------------------------------------------------------------------------- watermark
def build_watermark(quick: bool) -> dict[str, Any]:
    """Watermarked copy for catalogue products vs the catalogue's own descriptions, and the copy checks with
    and without the watermark on the same products and seeds."""
    from engines.core.model import load_model
    from engines.provenance.text_watermark import TextWatermark, detection_rates

    writer = load_model(SAMPLE_DATA_DIR / "checkpoints" / "ecommerce" / "copywriter")
    products = pd.read_parquet(SAMPLE_DATA_DIR / "ecommerce" / "products.parquet")
    watermark = TextWatermark(settings.WATERMARK_KEY, settings.WATERMARK_GAMMA, settings.WATERMARK_DELTA)
    chosen = products.sample(40 if quick else 320, random_state=1)
    marked, plain = [], []
    tic = time.perf_counter()
    for _, row in chosen.iterrows():
        marked.append(writer.generate(row.to_dict(), n_variants=1, seed=int(row["product_id"]), watermark=watermark,
                                      candidates_per_variant=settings.WATERMARK_CANDIDATES).iloc[0])
    marked_seconds = time.perf_counter() - tic
    for _, row in chosen.iterrows():
        plain.append(writer.generate(row.to_dict(), n_variants=1, seed=int(row["product_id"])).iloc[0])
    marked, plain = pd.DataFrame(marked), pd.DataFrame(plain)
    human = products["description"].tolist()
    rates = detection_rates(watermark, marked["text"].tolist(), human)
    rates_vs_plain = detection_rates(watermark, marked["text"].tolist(), plain["text"].tolist())

    def checks(frame: pd.DataFrame) -> dict[str, float]:
        return {"faithfulness": float(frame["faithful"].mean()), "fluency": float(frame["fluent"].mean()),
                "sense": float(frame["sensible"].mean()), "novelty": float(frame["novel"].mean())}

    verdicts = [watermark.detect(t) for t in marked["text"].head(6)] + [watermark.detect(t) for t in human[:6]]
    examples = [{"text": t, "source": s, "z_score": v.z_score, "p_value": v.p_value, "verdict": v.verdict}
                for t, s, v in zip(list(marked["text"].head(6)) + human[:6], ["generated"] * 6 + ["catalogue"] * 6,
                                   verdicts)]
    return {"gamma": watermark.gamma, "delta": watermark.delta, "candidates_per_variant": settings.WATERMARK_CANDIDATES,
            "fingerprint": watermark.fingerprint, "vs_catalogue": rates, "vs_unmarked_generated": rates_vs_plain,
            "checks_watermarked": checks(marked), "checks_plain": checks(plain),
            "texts_per_second": len(marked) / marked_seconds, "examples": examples}


# ---------------------------------------------------------------------------------------- cards
def build_cards(out_dir: Path) -> dict[str, Any]:
    """Model cards for every shipped model folder and for the trust page's own models, in English ("cards") and
    in every other language of the lab ("translations": {"zh": [...]}, the same cards in the same order)."""
    from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
    from dashboard.trust.cards import all_cards

    return {"cards": [card.to_dict() for card in all_cards(out_dir, DEFAULT_LANGUAGE)],
            "translations": {language: [card.to_dict() for card in all_cards(out_dir, language)]
                             for language in LANGUAGES if language != DEFAULT_LANGUAGE}}


def main(argv: list[str] | None = None) -> None:
    args = build_arguments(argv, description=__doc__.splitlines()[0], parts=PARTS, out_dir=OUT_DIR,
                           quick_help="fewer rows and steps (smoke build)")
    parts, out_dir = args.parts, args.out
    import torch

    torch.set_num_threads(1)
    print(f"load average {os.getloadavg()}", flush=True)
    tables = load_bank() if {"explanations", "fairness"} & set(parts) else {}
    fitted: dict[str, dict] = {}
    for part in parts:
        tic = time.perf_counter()
        print(f"{part} ...", flush=True)
        if part == "explanations":
            result = {}
            for name, make in (("credit", credit_table), ("fraud", fraud_table)):
                fitted[name] = explained_model(make(tables))
                result[name] = build_explanations(name, fitted[name], out_dir, SHAP_ROWS[name] // (5 if args.quick
                                                                                                    else 1))
            write_json(out_dir / "explanations.json", result)
        elif part == "fairness":
            table = credit_table(tables)
            if "credit" not in fitted:
                fitted["credit"] = explained_model(table)
            write_json(out_dir / "fairness.json", build_fairness(tables, table, fitted["credit"], args.quick))
        elif part == "privacy":
            write_json(out_dir / "privacy.json", build_privacy(out_dir, args.quick))
        elif part == "watermark":
            write_json(out_dir / "watermark.json", build_watermark(args.quick))
        elif part == "cards":
            write_json(out_dir / "model_cards.json", build_cards(out_dir))
        print(f"{part} done in {time.perf_counter() - tic:.0f} s", flush=True)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    info_path = out_dir / "build_info.json"
    if parts == ["cards"] and info_path.exists():  # the cards only re-read the results: keep when those were built
        info = json.loads(info_path.read_text("utf-8"))
        write_json(info_path, {**info, "cards_built_at": now})
        return
    write_json(info_path, {
        "built_at": now, "cards_built_at": now,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, load {os.getloadavg()[0]:.1f}",
        "versions": package_versions(), "command": SHIPPED.rebuild_command})


def package_versions() -> dict[str, str]:
    """Versions of the libraries the trust results rest on."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("torch", "scikit-learn", "shap", "fairlearn", "opacus", "numpy", "pandas"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


if __name__ == "__main__":
    main()
