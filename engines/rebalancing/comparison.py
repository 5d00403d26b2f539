"""The rebalancing experiment: one classifier, five ways of handling the rare class, scored honestly.

`compare_rebalancing(table)` trains scikit-learn's HistGradientBoosting (same settings every time) on the training
period of a `LabelledTable` after each strategy of `strategies.STRATEGY_LABELS`, once per seed, and scores the
latest rows. Seeds change the classifier's feature sampling and every oversampler's randomness, so the spread
over seeds is the noise of the method itself. The reported figure is the mean over seeds; its 95% interval and
the paired difference to "no rebalancing" come from one stratified bootstrap of the test rows shared by every
strategy, so an improvement whose interval contains 0 is reported as "no clear difference", not as a win.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from engines.core.device import single_threaded_native_code
from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter
from engines.core.validation import check_choice, check_fraction
from engines.errors import EngineError, InvalidParameterError
from engines.rebalancing import strategies as strat
from engines.rebalancing.explain import local_effects, outcomes_by_group, permutation_importance
from engines.rebalancing.metrics import BootstrapScorer, all_metrics, bootstrap_interval, threshold_at_fpr
from engines.rebalancing.report import METRICS, RebalancingReport, StrategyResult, json_scalar
from engines.rebalancing.table import FeatureEncoder, LabelledTable

CLASSIFIER_PARAMS: dict[str, Any] = {
    "max_iter": 150, "learning_rate": 0.08, "max_leaf_nodes": 31, "min_samples_leaf": 20,
    "l2_regularization": 1.0, "max_features": 0.8, "early_stopping": False,
}
# Small, quick generators: the comparison fits one per seed, and the page may run it on a laptop.
GENERATOR_PARAMS: dict[str, dict[str, Any]] = {
    "gan": {"preset": "quick", "max_steps": 600, "batch_size": 300, "generator_dims": (128, 128),
            "critic_dims": (128, 128), "embedding_dim": 64},
    "vae": {"preset": "quick", "max_steps": 600, "batch_size": 300},
}
_SUB_STEPS = 100  # progress units per (seed, strategy)


def compare_rebalancing(
    table: LabelledTable,
    strategies: tuple[str, ...] | list[str] = tuple(strat.STRATEGY_LABELS),
    *,
    seeds: tuple[int, ...] | list[int] = (0, 1, 2),
    minority_share: float = 0.25,
    flag_rule: tuple[str, float] = ("fpr", 0.01),
    n_bootstrap: int = 200,
    max_train_rows: int = 150_000,
    generator_params: dict[str, dict[str, Any]] | None = None,
    classifier_params: dict[str, Any] | None = None,
    explain: bool = True,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> RebalancingReport:
    """Run the comparison on `table` and return a `RebalancingReport` (see the module docstring).

    `minority_share` is the share the rare class reaches after oversampling (SMOTE, GAN and VAE add the same
    number of rows). `flag_rule` sets the alert threshold of the fairness panel: ("fpr", 0.01) flags as many
    cases as a 1% false-positive rate allows (fraud alerts), ("share", 0.2) flags the riskiest 20% (declined
    loans). `classifier_params` override `CLASSIFIER_PARAMS` (the same for every strategy). Training sets bigger
    than `max_train_rows` are subsampled uniformly (the class balance is kept). A strategy that cannot run (say a
    generator on too few rows) is reported as skipped with its reason; the others still run. Stopping through
    `on_progress` or `cancel` returns the seeds finished so far.
    """
    unknown = [s for s in strategies if s not in strat.STRATEGY_LABELS]
    if unknown or "none" not in strategies:
        raise InvalidParameterError(
            f"strategies must include 'none' and come from {list(strat.STRATEGY_LABELS)}; got {list(strategies)}."
        )
    if not seeds:
        raise InvalidParameterError("Give at least one seed.")
    started = time.perf_counter()
    generator_params = {**GENERATOR_PARAMS, **(generator_params or {})}
    classifier_params = {**CLASSIFIER_PARAMS, **(classifier_params or {})}
    check_choice("flag_rule's first entry", flag_rule[0], ("fpr", "share"))
    check_fraction("flag_rule's second entry", flag_rule[1])
    notes = list(table.notes)
    train_features, train_labels = table.train
    test_features, test_labels = table.test
    if len(train_features) > max_train_rows:
        keep = np.sort(np.random.default_rng(0).choice(len(train_features), max_train_rows, replace=False))
        notes.append(f"The training period has {len(train_features):,} rows; a uniform sample of "
                     f"{max_train_rows:,} was used (the class balance is unchanged).")
        train_features, train_labels = train_features.iloc[keep].reset_index(drop=True), train_labels[keep]
    encoder = FeatureEncoder().fit(train_features, table.numeric_columns, table.categorical_columns)
    train_rows, test_rows = encoder.transform(train_features), encoder.transform(test_features)
    n_new = strat.rows_to_add(train_labels, minority_share)
    if n_new == 0:
        notes.append(f"The rarer class is already {train_labels.mean():.0%} of the training rows, at least the "
                     f"{minority_share:.0%} the oversamplers aim for: they add nothing and equal no rebalancing.")

    reporter = ProgressReporter(on_progress, cancel)
    total = len(seeds) * len(strategies) * _SUB_STEPS
    reporter.update(0, total, {}, force=True)
    scores: dict[str, list[np.ndarray]] = {name: [] for name in strategies}
    results = {name: StrategyResult(name, strat.STRATEGY_LABELS[name]) for name in strategies}
    models: dict[str, HistGradientBoostingClassifier] = {}
    stopped = False
    for seed_index, seed in enumerate(seeds):
        for strategy_index, name in enumerate(strategies):
            result = results[name]
            if result.status != "ok":
                continue
            unit = (seed_index * len(strategies) + strategy_index) * _SUB_STEPS

            def sub_progress(step: int, steps: int, losses: dict, unit: int = unit) -> bool:
                return reporter.update(unit + int(_SUB_STEPS * 0.9 * step / max(steps, 1)), total, losses)

            tic = time.perf_counter()
            try:
                training = _training_set(name, table, encoder, train_features, train_rows, train_labels, n_new,
                                         seed, generator_params, sub_progress, cancel)
            except EngineError as error:
                result.status, result.reason = "skipped", str(error)
                continue
            except ValueError as error:  # imbalanced-learn and scikit-learn report bad inputs as ValueError
                result.status, result.reason = "skipped", f"{type(error).__name__}: {error}"
                continue
            if reporter.stopped:
                stopped = True
                break
            model = _fit_classifier(training, encoder.categorical_mask, seed, classifier_params)
            with single_threaded_native_code():
                scores[name].append(model.predict_proba(test_rows)[:, 1])
            if seed_index == 0:
                models[name] = model
            result.added_rows = training.added_rows
            result.fit_seconds += time.perf_counter() - tic
            result.per_seed.append(all_metrics(test_labels, scores[name][-1]))
            if not reporter.update(unit + _SUB_STEPS, total, {}):
                stopped = True
                break
        if stopped:
            break

    if not scores["none"]:
        raise EngineError("The comparison was stopped before its first run finished, so there is nothing to show.")
    scorer = BootstrapScorer(test_labels, n_bootstrap, seed=12345)
    boot = {name: _seed_mean([scorer.score(s) for s in scores[name]]) for name in strategies if scores[name]}
    for name, result in results.items():
        if not scores[name]:
            if result.status == "ok":
                result.status, result.reason = "skipped", "stopped before it ran"
            continue
        result.mean = {m: float(np.mean([run[m] for run in result.per_seed])) for m in METRICS}
        result.interval = {m: list(bootstrap_interval(boot[name][m])) for m in METRICS}
        result.fit_seconds /= len(scores[name])
        if name == "none":
            result.verdict = "baseline"
            continue
        for metric in METRICS:
            difference = boot[name][metric] - boot["none"][metric]
            mean_difference = result.mean[metric] - results["none"].mean[metric]
            result.difference_vs_none[metric] = [mean_difference, *bootstrap_interval(difference)]
        _, low, high = result.difference_vs_none["pr_auc"]
        result.verdict = "better" if low > 0 else "worse" if high < 0 else "no clear difference"

    ran = [r for r in results.values() if r.status == "ok"]
    best = max(ran, key=lambda r: (r.mean["pr_auc"], r.name == "none"))
    report = RebalancingReport(
        label_column=table.label_column, positive_value=json_scalar(table.positive_value),
        n_train=int(len(train_labels)), n_test=int(len(test_labels)), minority_train=int(train_labels.sum()),
        minority_test=int(test_labels.sum()), seeds=[int(s) for s in seeds[: len(results["none"].per_seed)]],
        minority_share=float(minority_share), features=list(encoder.columns_), strategies=list(results.values()),
        best_strategy=best.name, notes=notes, cancelled=stopped,
    )
    report.curves = [_pr_curve(name, test_labels, scores[name][0]) for name in strategies if scores[name]]
    report.fairness = _fairness(table, test_labels, {n: scores[n][0] for n in strategies if scores[n]}, flag_rule)
    if explain and best.name in models:
        _explain(report, models[best.name], encoder, train_rows, test_rows, test_labels)
    report.takeaway = takeaway(report)
    report.seconds = time.perf_counter() - started
    reporter.update(total, total, {}, force=True)
    return report


def _training_set(name, table, encoder, train_features, train_rows, train_labels, n_new, seed, generator_params,
                  on_progress, cancel) -> strat.TrainingSet:
    if name == "none":
        return strat.no_rebalancing(train_rows, train_labels)
    if name == "class_weights":
        return strat.class_weights(train_rows, train_labels)
    if name == "smote":
        return strat.smote(train_rows, train_labels, encoder.categorical_mask, n_new, seed)
    make = strat.generator_factory(name, generator_params[name])
    new_rows, _ = strat.generated_minority(make, train_features, train_labels, encoder, n_new, seed,
                                           on_progress=on_progress, cancel=cancel)
    return strat.TrainingSet(np.vstack([train_rows, new_rows]), np.r_[train_labels, np.ones(len(new_rows), np.int8)],
                             added_rows=len(new_rows))


def _fit_classifier(training: strat.TrainingSet, categorical_mask: np.ndarray, seed: int,
                    params: dict[str, Any]) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(**params, categorical_features=categorical_mask,
                                           random_state=seed)
    # One thread: on a shared 2-core machine, OpenMP threads spin-waiting for a busy core make fits several times slower.
    with single_threaded_native_code():
        model.fit(training.rows, training.labels, sample_weight=training.weights)
    return model


def _seed_mean(per_seed: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {metric: np.mean([values[metric] for values in per_seed], axis=0) for metric in per_seed[0]}


def _pr_curve(name: str, labels: np.ndarray, scores: np.ndarray, points: int = 120) -> dict[str, Any]:
    from sklearn.metrics import precision_recall_curve

    precision, recall, _ = precision_recall_curve(labels, scores)
    keep = np.unique(np.linspace(0, len(recall) - 1, points).round().astype(int))
    return {"strategy": name, "recall": recall[keep].round(4).tolist(), "precision": precision[keep].round(4).tolist()}


def _fairness(table: LabelledTable, labels: np.ndarray, scores: dict[str, np.ndarray],
              flag_rule: tuple[str, float]) -> list[dict[str, Any]]:
    if table.groups is None:
        return []
    kind, value = flag_rule
    groups = table.groups[table.is_test].reset_index(drop=True)
    records = []
    for name, values in scores.items():
        threshold = threshold_at_fpr(labels, values, value) if kind == "fpr" else np.quantile(values, 1 - value)
        frame = outcomes_by_group(labels, values >= threshold, groups)
        frame.insert(0, "strategy", name)
        records += frame.to_dict("records")
    return records


def _explain(report: RebalancingReport, model, encoder: FeatureEncoder, train_rows: np.ndarray,
             test_rows: np.ndarray, test_labels: np.ndarray) -> None:
    def score(rows: np.ndarray) -> np.ndarray:
        with single_threaded_native_code():
            return model.predict_proba(rows)[:, 1]

    rng = np.random.default_rng(0)
    positives, negatives = np.flatnonzero(test_labels == 1), np.flatnonzero(test_labels == 0)
    subset = np.concatenate([positives, rng.choice(negatives, min(len(negatives), 10_000), replace=False)])
    importance = permutation_importance(score, test_rows[subset], test_labels[subset], encoder.columns_, 3, 0)
    report.importance = importance.to_dict("records")
    test_scores = score(test_rows)
    chosen = list(np.argsort(-test_scores)[:8])
    chosen += list(rng.choice(np.setdiff1d(positives, chosen), min(6, len(np.setdiff1d(positives, chosen))), replace=False))
    chosen += list(rng.choice(negatives, min(4, len(negatives)), replace=False))
    background = train_rows[rng.choice(len(train_rows), min(60, len(train_rows)), replace=False)]
    readable = encoder.inverse_categories(test_rows[chosen])
    for position, index in enumerate(chosen):
        effects = local_effects(score, test_rows[index], background, encoder.columns_)
        values = readable.iloc[position]
        report.cases.append({
            "test_row": int(index),
            "score": float(test_scores[index]),
            "label": int(test_labels[index]),
            "rank": int((test_scores > test_scores[index]).sum() + 1),
            "effects": [{"feature": f, "value": json_scalar(values[f]), "effect": float(e)}
                        for f, e in effects.head(8).itertuples(index=False)],
        })


def takeaway(report: RebalancingReport) -> str:
    """One plain sentence on what the comparison found."""
    none = report.strategy("none")
    best = report.strategy(report.best_strategy)
    parts = []
    if best.name == "none" or best.verdict != "better":
        parts.append(f"No strategy beat plain training clearly: without rebalancing the model reaches PR-AUC "
                     f"{none.mean['pr_auc']:.3f} (chance {report.base_rate:.3f}).")
    else:
        parts.append(f"{best.label} works best: PR-AUC {best.mean['pr_auc']:.3f} vs {none.mean['pr_auc']:.3f} "
                     "without rebalancing.")
    generated = [r for r in report.strategies if r.name in strat.GENERATIVE and r.status == "ok"]
    for result in generated:
        diff = result.difference_vs_none["pr_auc"]
        parts.append(f"{result.label}: {result.verdict} ({diff[0]:+.3f}, 95% interval {diff[1]:+.3f} to {diff[2]:+.3f}).")
    return " ".join(parts)
