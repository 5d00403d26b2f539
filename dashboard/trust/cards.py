"""Where each shipped model came from and what it was measured against: the caller's half of a model card
(`engines.trust.model_cards` reads the other half from the registry and the saved folder), written in either of
the lab's languages.

One entry per shipped model folder (`CARD_SOURCES`): its words (name, description, purpose, training data, known
limits) are catalogue entries under "trust.card.<slug>.", and a function pulls its metrics and baselines from the
results its page ships, named in the card's language. The trust build writes every card in every language into
model_cards.json, so the page only reads. A folder that is missing (a part not built) is skipped; any other model
folder found under sample_data/checkpoints still gets a card with what the registry and its metadata say."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.shipped import CHECKPOINTS_DIR
from dashboard.i18n import t, translate
from engines.trust.model_cards import ENGLISH_WORDING, ModelCard, model_card_from_folder


def _json(relative: str) -> dict:
    path = CHECKPOINTS_DIR / relative
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _metric(language: str, metric_key: str, value, baseline_key: str = "", baseline_value=None,
            **values) -> dict:
    """A metric row of a card: the metric and its baseline named in ``language`` (keys under trust.card.metric.
    and trust.card.baseline.)."""
    return {"metric": translate(language, f"trust.card.metric.{metric_key}", **values), "value": value,
            "baseline": translate(language, f"trust.card.baseline.{baseline_key}") if baseline_key else "",
            "baseline_value": baseline_value}


def _autoencoder_metrics(language: str) -> list[dict]:
    return [_metric(language, "fraud_share_top_k", row["autoencoder"], "isolation_forest", row["isolation_forest"],
                    k=int(row["k"])) for row in _json("bank/risk_report.json").get("comparison", [])]


def _recommender_metrics(language: str) -> list[dict]:
    rows = {r["recommender"]: r for r in _json("bank/products.json").get("results", [])}
    ours, popular = rows.get("Conditional model (profile + holdings)"), rows.get("Popularity")
    return [_metric(language, "recall_at_5_holdings", ours["recall_at_5"], "popularity", popular["recall_at_5"])] \
        if ours and popular else []


def _faq_metrics(language: str) -> list[dict]:
    results = _json("bank/faq.json").get("results", {})
    if not results:
        return []
    metrics = [_metric(language, "faq_top1", results["semantic"]["top1_accuracy"], "tfidf",
                       results["tfidf"]["top1_accuracy"])]
    chinese = _json("bank/faq_zh.json").get("results", {}).get("bm25")
    if chinese:
        metrics.append(_metric(language, "faq_top1_zh", chinese["top1_accuracy"], "english_paraphrases",
                               results["semantic"]["top1_accuracy"]))
    return metrics


def _leaderboard(model: str) -> Callable[[str], list[dict]]:
    def metrics(language: str) -> list[dict]:
        board = {r["model"]: r for r in _json("ecommerce/results.json").get("leaderboard", [])}
        if model not in board or "Popularity" not in board:
            return []
        return [_metric(language, "recall_at_20_purchases", board[model]["recall@20"], "popularity",
                        board["Popularity"]["recall@20"])]
    return metrics


def _copy_metrics(copy: dict, language: str) -> list[dict]:
    if not copy:
        return []
    checked, raw = copy["checked_sampling"], copy["raw_sampling"]
    faithful = "faithful" if "faithful" in checked else "faithfulness"
    ready = "publishable" if "publishable" in checked else "fluent"
    return [_metric(language, "faithful", checked[faithful], "one_raw_sample", raw[faithful]),
            _metric(language, ready, checked[ready], "one_raw_sample", raw[ready])]


def _copywriter_metrics(language: str) -> list[dict]:
    return _copy_metrics(_json("ecommerce/results.json").get("copywriter", {}), language)


def _copywriter_zh_metrics(language: str) -> list[dict]:
    return _copy_metrics(_json("ecommerce/copywriter_zh_results.json"), language)


def _education_metrics(key: str) -> Callable[[str], list[dict]]:
    def metrics(language: str) -> list[dict]:
        data = _json("education/results.json")
        models = {m["key"]: m for m in data.get("models", [])}
        if key not in models:
            return []
        best = data.get("references", {}).get("bayes_optimal", {})
        return [_metric(language, "auc_held_out_learners", models[key]["auc"], "bayes_optimal", best.get("auc"))]
    return metrics


def _digits_metrics(key: str) -> Callable[[str], list[dict]]:
    def metrics(language: str) -> list[dict]:
        data = _json("generative_basics/results.json")
        model, real = data.get("models", {}).get(key), data.get("real", {})
        if not model:
            return []
        return [_metric(language, "right_digit", model["conditioning_accuracy"], "real_digits",
                        real.get("conditioning_accuracy")),
                _metric(language, "frechet", model["frechet_distance"], "real_digits", real.get("frechet_distance"))]
    return metrics


def _digit_scorer_metrics(language: str) -> list[dict]:
    real = _json("generative_basics/results.json").get("real", {})
    return [_metric(language, "scorer_accuracy", real["conditioning_accuracy"], "chance", 0.1)] \
        if "conditioning_accuracy" in real else []


def _product_pictures_metrics(language: str) -> list[dict]:
    scores = _json("marketing/results.json").get("scores", {})
    if not scores:
        return []
    generated, real = scores["generated"], scores["real"]
    return [_metric(language, f"picture_{attribute}", generated["accuracy"][attribute], "real_pictures",
                    real["accuracy"][attribute]) for attribute in ("category", "colour", "pattern")] + \
        [_metric(language, "frechet", generated["frechet_distance"], "real_pictures", real["frechet_distance"])]


def _dp_vae_metrics(language: str) -> list[dict]:
    records = {str(r["epsilon"]): r for r in _json("trust/privacy.json").get("records", [])}
    private, plain = records.get("3.0"), records.get("None")
    if not private or not plain:
        return []
    return [_metric(language, "quality", private["quality"], "same_vae_without_dp", plain["quality"]),
            _metric(language, "default_auc_synthetic", private["tstr"], "trained_on_real", private["trtr"]),
            _metric(language, "membership_inference", private["membership_inference_auc"], "same_vae_without_dp",
                    plain["membership_inference_auc"])]


def _dp_vae_privacy(language: str) -> list[str]:
    records = {str(r["epsilon"]): r for r in _json("trust/privacy.json").get("records", [])}
    private = records.get("3.0")
    if not private:
        return []
    return [translate(language, "trust.card.privacy.dp_trained", epsilon=f"{private['epsilon_spent']:.2f}",
                      delta=f"{private['delta']:.0e}", noise=f"{private['noise_multiplier']:.2f}",
                      own=f"{private['epsilon_own_accountant']:.2f}"),
            translate(language, "trust.card.privacy.encoding_not_covered")]


def _no_metrics(language: str) -> list[dict]:
    return []


def _no_lines(language: str) -> list[str]:
    return []


@dataclass(frozen=True)
class CardSource:
    """The page-side facts of one shipped model folder. Its words are catalogue entries under
    ``trust.card.<slug>.``: ``name``, ``description``, ``purpose``, ``training_data`` and ``limit.1`` ...
    ``limit.<limits>``; metrics and privacy lines are made in the card's language."""

    folder: str
    slug: str
    limits: int
    metrics: Callable[[str], list[dict]] = _no_metrics
    privacy: Callable[[str], list[str]] = _no_lines

    def text(self, language: str, part: str) -> str:
        """One of the source's words in ``language``; ``{simulated}`` names the lab's simulator."""
        return translate(language, f"trust.card.{self.slug}.{part}",
                         simulated=translate(language, "trust.card.simulated"))

    def name(self, language: str = "en") -> str:
        """The card's title in ``language``."""
        return self.text(language, "name")


CARD_SOURCES: tuple[CardSource, ...] = (
    CardSource("bank/autoencoder", "autoencoder", 2, _autoencoder_metrics),
    CardSource("bank/recommender", "bank_recommender", 1, _recommender_metrics),
    CardSource("bank/faq_assistant", "faq_assistant", 2, _faq_metrics),
    CardSource("ecommerce/copywriter", "copywriter", 2, _copywriter_metrics),
    CardSource("ecommerce/copywriter_zh", "copywriter_zh", 2, _copywriter_zh_metrics),
    CardSource("ecommerce/mult_vae", "mult_vae", 1, _leaderboard("Mult-VAE")),
    CardSource("education/dkt", "dkt", 1, _education_metrics("dkt")),
    CardSource("education/bkt", "bkt", 1, _education_metrics("bkt")),
    CardSource("education/logistic", "logistic", 1, _education_metrics("logistic")),
    CardSource("generative_basics/image_gan", "image_gan", 1, _digits_metrics("image_gan")),
    CardSource("generative_basics/image_vae", "image_vae", 1, _digits_metrics("image_vae")),
    CardSource("generative_basics/image_diffusion", "image_diffusion", 1, _digits_metrics("image_diffusion")),
    CardSource("generative_basics/digit_scorer", "digit_scorer", 1, _digit_scorer_metrics),
    CardSource("marketing/product_vae", "product_vae", 2, _product_pictures_metrics),
    CardSource("trust/dp_vae", "dp_vae", 1, _dp_vae_metrics, _dp_vae_privacy),
)


def card_wording(language: str) -> dict[str, str]:
    """The fixed words of a card (engines.trust.model_cards.ENGLISH_WORDING's keys) in ``language``."""
    return {name: translate(language, f"trust.card.wording.{name}") for name in ENGLISH_WORDING}


def credit_model_card(explanations: dict, fairness: dict, date: str, language: str = "en") -> ModelCard:
    """The card of the explained credit model (scikit-learn gradient boosting, rebuilt by the trust build, not a
    saved folder: the lab never pickles)."""
    credit = explanations["credit"]
    lines = []
    for column, report in fairness.get("by_column", {}).items():
        low, high = report["demographic_parity_interval"]
        lines.append(translate(language, "trust.card.credit.fairness_line",
                               group=translate(language, f"trust.group_column.{column}"),
                               gap=f"{report['demographic_parity_difference']:.2f}", low=f"{low:.2f}",
                               high=f"{high:.2f}", odds=f"{report['equalized_odds_difference']:.2f}"))
    mitigation = fairness.get("mitigation")
    if mitigation:
        before, after = mitigation["before"], mitigation["after"]
        lines.append(translate(language, "trust.card.credit.mitigation_line",
                               # Inside the sentence (lower() leaves Chinese as it is).
                               group=translate(language, f"trust.group_column.{mitigation['column']}").lower(),
                               gap_before=f"{before['demographic_parity_difference']:.2f}",
                               gap_after=f"{after['demographic_parity_difference']:.2f}",
                               recall_before=f"{before['recall']:.2f}", recall_after=f"{after['recall']:.2f}"))
    from engines.trust.compute import compute_cost

    cost = compute_cost(credit["parameters"], credit["fit_seconds"], 1, credit["scoring_rows_per_second"],
                        translate(language, "trust.card.unit.rows"))
    simulated = translate(language, "trust.card.simulated")
    return ModelCard(
        name=translate(language, "trust.card.credit.name"), kind="sklearn HistGradientBoostingClassifier",
        description=translate(language, "trust.card.credit.description"),
        purpose=translate(language, "trust.card.credit.purpose"),
        training_data=translate(language, "trust.card.credit.training_data", train=int(credit["n_train"]),
                                test=int(credit["test_rows"]), simulated=simulated),
        # Not saved (never pickled): rebuilt the same from seed 0, so the command is its version.
        version=f"{explanations.get('command', 'python -m dashboard.trust.build')} · seed 0",
        date=date,
        metrics=[_metric(language, "pr_auc_test", credit["pr_auc"], "native_categories",
                         credit["pr_auc_native_categories"]),
                 _metric(language, "shap_gap", credit["local_accuracy_gap"], "target", 1e-6)],
        limits=[translate(language, "trust.card.credit.limit.1"), translate(language, "trust.card.credit.limit.2")],
        fairness=lines, privacy=[translate(language, "trust.card.credit.privacy")],
        compute=cost.to_dict(), hyper_parameters={"classifier": "HistGradientBoosting", "max_iter": 150,
                                                  "learning_rate": 0.08, "max_leaf_nodes": 31})


def _add_measured_throughput(cards: list[ModelCard], language: str) -> None:
    """Throughputs the trust build measured: copy texts a second (watermark part), DP VAE rows a second."""
    measured = {"copywriter": (_json("trust/watermark.json").get("texts_per_second"),
                               translate(language, "trust.card.unit.texts"))}
    records = {str(r["epsilon"]): r for r in _json("trust/privacy.json").get("records", [])}
    if "3.0" in records:
        measured["tabular_vae"] = (records["3.0"]["rows_per_second"], translate(language, "trust.card.unit.rows"))
    for card in cards:
        throughput, unit = measured.get(card.kind, (None, ""))
        if throughput:
            card.compute.update(throughput=float(throughput), throughput_unit=unit)


def all_cards(trust_dir: Path | None = None, language: str = "en") -> list[ModelCard]:
    """Cards for every shipped model folder (and the explained credit model when its results exist), written in
    ``language``."""
    cards = []
    seen = set()
    for source in CARD_SOURCES:
        folder = CHECKPOINTS_DIR / source.folder
        seen.add(folder.resolve())
        if not (folder / "model.json").exists():
            continue
        cards.append(model_card_from_folder(
            folder, name=source.name(language), description=source.text(language, "description"),
            purpose=source.text(language, "purpose"), training_data=source.text(language, "training_data"),
            metrics=source.metrics(language), privacy=source.privacy(language),
            limits=[source.text(language, f"limit.{number}") for number in range(1, source.limits + 1)]))
    for manifest in sorted(CHECKPOINTS_DIR.glob("*/*/model.json")):
        if manifest.parent.resolve() not in seen:  # a model folder added without a source: the registry's words
            cards.append(model_card_from_folder(manifest.parent,
                                                training_data=translate(language, "trust.card.not_recorded")))
    _add_measured_throughput(cards, language)
    explanations, fairness = _json("trust/explanations.json"), _json("trust/fairness.json")
    if explanations and fairness:
        date = _json("trust/build_info.json").get("built_at", "")
        cards.insert(0, credit_model_card(explanations, fairness, date, language))
    return cards


def card_from_model_zip(data: bytes, file_name: str) -> ModelCard:
    """A card for a generator someone trained in the Studio and downloaded (its model zip), in the reader's
    language: the engines' folder gives what it is, its settings, training time and weights hash; the Studio
    report inside the zip (when there is one) gives the table, the scores beside their baselines and the privacy
    check. The zip is validated and loaded by the Studio's own reader (`read_model_zip`: no pickle, bounded
    sizes)."""
    import tempfile

    from dashboard.i18n import current_language, localised
    from dashboard.studio.labels import efficacy_metric_label, generator_description, generator_name, risk_label, \
        verdict_sentence
    from dashboard.studio.model_files import read_model_zip

    language = current_language()
    imported = read_model_zip(data, file_name)
    model, report = imported.synthesizer, imported.report
    metrics, privacy = [], []
    columns = list(getattr(getattr(model, "metadata_", None), "sdtypes", None) or [])
    shown = ", ".join(columns[:12]) + (", ..." if len(columns) > 12 else "")
    training_data = t("trust.card.user.training_data", rows=int(getattr(model, "n_rows_seen_", 0) or 0),
                      count=len(columns), columns=shown) if columns else \
        t("trust.card.user.training_rows", rows=int(getattr(model, "n_rows_seen_", 0) or 0))
    if report is not None:
        training_data = t("trust.card.user.report_data", table=report.table, train=int(report.n_train_rows),
                          holdout=int(report.n_holdout_rows))
        metrics.append(_metric(language, "quality", report.quality_score, "perfect_copy", 1.0))
        metrics.append(_metric(language, "realism", report.detection_score, "indistinguishable", 1.0))
        if report.efficacy is not None:
            metrics.append(_metric(language, "trained_on_synthetic", report.efficacy.tstr_score, "trained_on_real",
                                   report.efficacy.trtr_score, metric=efficacy_metric_label(report.efficacy.metric)))
        if report.privacy is not None:
            privacy.append(t("trust.card.user.membership", auc=f"{report.privacy.membership_inference_auc:.3f}",
                             risk=risk_label(report.privacy.verdict), verdict=verdict_sentence(report.privacy)))
    spent = getattr(model, "dp_epsilon_spent_", None)
    if spent:
        privacy.insert(0, t("trust.card.user.dp", epsilon=f"{spent:.2f}", noise=f"{model.dp_noise_multiplier_:.2f}"))
    elif hasattr(model, "dp_epsilon_spent_"):
        privacy.insert(0, t("trust.card.user.no_dp"))
    with tempfile.TemporaryDirectory(prefix="aigc-lab-card-") as folder:
        model.save(folder)
        card = model_card_from_folder(folder, name=t("trust.card.user.name", file=file_name,
                                                     model=generator_name(model.label, model.kind)),
                                      description=generator_description(model.kind, model.description),
                                      purpose=t("trust.card.user.purpose"),
                                      training_data=training_data, metrics=metrics,
                                      limits=[localised(note) for note in imported.notes] + [t("trust.card.user.limit")],
                                      privacy=privacy)
    card.date = card.date or ""
    return card
