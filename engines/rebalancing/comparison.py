"""The rebalancing experiment: two classifiers, five ways of handling the rare class, scored honestly.

`compare_rebalancing(table)` builds the training set of each strategy of `strategies.STRATEGY_LABELS` once per
seed and fits both classifiers of `classifiers` on it (HistGradientBoosting and a logistic scorecard, same
settings every time), then scores the latest rows. Which classifier the page leads with is chosen on a
validation period (the latest part of the training period, plain training), never on the test rows. Seeds
change the boosting model's feature sampling and every oversampler's randomness, so the spread over seeds is the
noise of the method itself. The reported figure is the mean over seeds; its 95% interval and the paired
difference to "no rebalancing" with the same classifier come from one stratified bootstrap of the test rows
shared by every run, so an improvement whose interval contains 0 is reported as "no clear difference", not as a
win. Oversamplers are skipped before any training when the rarer class already makes up the target share.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter
from engines.core.validation import check_choice, check_fraction
from engines.errors import EngineError, InvalidParameterError
from engines.messages import Note
from engines.rebalancing import strategies as strat
from engines.rebalancing.classifiers import fit_classifier, positive_scores
from engines.rebalancing.explain import group_association, local_effects, outcomes_by_group, permutation_importance
from engines.rebalancing.metrics import BootstrapScorer, all_metrics, bootstrap_interval, pr_auc, threshold_at_fpr
from engines.rebalancing.report import (
    CLASSIFIER_LABELS,
    METRICS,
    RebalancingReport,
    StrategyResult,
    json_scalar,
)
from engines.rebalancing.table import FeatureEncoder, LabelledTable

# Small, quick generators: the comparison fits one per seed, and the page may run it on a laptop.
GENERATOR_PARAMS: dict[str, dict[str, Any]] = {
    "gan": {"preset": "quick", "max_steps": 600, "batch_size": 300, "generator_dims": (128, 128),
            "critic_dims": (128, 128), "embedding_dim": 64},
    "vae": {"preset": "quick", "max_steps": 600, "batch_size": 300},
}
OVERSAMPLERS = ("smote", *strat.GENERATIVE)
PROXY_ASSOCIATION = 0.5  # a model input this tied to the fairness group lets the model tell the groups apart
_SUB_STEPS = 100  # progress units per (seed, strategy)


def compare_rebalancing(
    table: LabelledTable,
    strategies: tuple[str, ...] | list[str] = tuple(strat.STRATEGY_LABELS),
    *,
    classifiers: tuple[str, ...] | list[str] = tuple(CLASSIFIER_LABELS),
    seeds: tuple[int, ...] | list[int] = (0, 1, 2),
    minority_share: float = 0.25,
    flag_rule: tuple[str, float] = ("fpr", 0.01),
    n_bootstrap: int = 200,
    max_train_rows: int = 150_000,
    validation_fraction: float = 0.2,
    generator_params: dict[str, dict[str, Any]] | None = None,
    classifier_params: dict[str, dict[str, Any]] | None = None,
    explain: bool = True,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> RebalancingReport:
    """Run the comparison on `table` and return a `RebalancingReport` (see the module docstring).

    `classifiers` are keys of `CLASSIFIER_LABELS` ("gbm", "logistic"); `classifier_params` maps each to settings
    over its defaults (`classifiers.GBM_PARAMS`, `classifiers.SCORECARD_PARAMS`). The chosen classifier is the
    one with the higher PR-AUC on the latest `validation_fraction` of the training period when fitted on the
    rest. `minority_share` is the share the rare class reaches after oversampling (SMOTE, GAN and VAE add the
    same number of rows); when the rare class is already at least that share they are skipped before training,
    with the reason. `flag_rule` sets the alert threshold of the fairness panel: ("fpr", 0.01) flags as many
    cases as a 1% false-positive rate allows (fraud alerts), ("share", 0.2) flags the riskiest 20% (declined
    loans). Training sets bigger than `max_train_rows` are subsampled uniformly (the class balance is kept). A
    strategy that cannot run (say a generator on too few rows) is reported as skipped with its reason; the
    others still run. Stopping through `on_progress` or `cancel` returns the seeds finished so far.
    """
    unknown = [s for s in strategies if s not in strat.STRATEGY_LABELS]
    if unknown or "none" not in strategies:
        raise InvalidParameterError(
            f"strategies must include 'none' and come from {list(strat.STRATEGY_LABELS)}; got {list(strategies)}.",
            key="engine.rebalancing.bad_strategies", allowed=list(strat.STRATEGY_LABELS),
            strategies=list(strategies)
        )
    if not classifiers or any(kind not in CLASSIFIER_LABELS for kind in classifiers):
        raise InvalidParameterError(f"classifiers must come from {list(CLASSIFIER_LABELS)}; got {list(classifiers)}.",
                                    key="engine.rebalancing.bad_classifiers", allowed=list(CLASSIFIER_LABELS),
                                    classifiers=list(classifiers))
    if not seeds:
        raise InvalidParameterError("Give at least one seed.", key="engine.rebalancing.no_seeds")
    started = time.perf_counter()
    strategies, classifiers = list(dict.fromkeys(strategies)), list(dict.fromkeys(classifiers))
    generator_params = {**GENERATOR_PARAMS, **(generator_params or {})}
    classifier_params = classifier_params or {}
    check_choice("flag_rule's first entry", flag_rule[0], ("fpr", "share"))
    check_fraction("flag_rule's second entry", flag_rule[1])
    check_fraction("validation_fraction", validation_fraction, 0.05, 0.5, inclusive=True)
    notes = list(table.notes)
    train_features, train_labels = table.train
    test_features, test_labels = table.test
    if len(train_features) > max_train_rows:
        keep = np.sort(np.random.default_rng(0).choice(len(train_features), max_train_rows, replace=False))
        notes.append(Note(f"The training period has {len(train_features):,} rows; a uniform sample of "
                          f"{max_train_rows:,} was used (the class balance is unchanged).", "rebalancing.note.sampled",
                          rows=int(len(train_features)), used=int(max_train_rows)))
        train_features, train_labels = train_features.iloc[keep].reset_index(drop=True), train_labels[keep]
    encoder = FeatureEncoder().fit(train_features, table.numeric_columns, table.categorical_columns)
    train_rows, test_rows = encoder.transform(train_features), encoder.transform(test_features)
    n_new = strat.rows_to_add(train_labels, minority_share)
    results = {(kind, name): StrategyResult(name, strat.STRATEGY_LABELS[name], kind)
               for kind in classifiers for name in strategies}
    if n_new == 0 and any(name in OVERSAMPLERS for name in strategies):
        reason = Note(f"the rarer class is already {train_labels.mean():.0%} of the training rows, at least the "
                      f"{minority_share:.0%} target share, so oversampling would add no rows (not trained)",
                      "rebalancing.note.already_common", share=f"{train_labels.mean():.0%}",
                      target=f"{minority_share:.0%}")
        for (kind, name), result in results.items():
            if name in OVERSAMPLERS:
                result.status, result.reason = "skipped", reason
        notes.append(Note(f"SMOTE, GAN and VAE were skipped before training: {reason}. Raise the target share to "
                          "try them anyway.", "rebalancing.note.oversamplers_skipped", **reason.values))

    reporter = ProgressReporter(on_progress, cancel)
    total = (len(seeds) * len(strategies) + 1) * _SUB_STEPS
    reporter.update(0, total, {}, force=True)
    chosen, validation, validation_note = _choose_classifier(classifiers, train_rows, train_labels,
                                                             encoder.categorical_mask, classifier_params,
                                                             validation_fraction)
    if validation_note:
        notes.append(validation_note)
    scores: dict[tuple[str, str], list[np.ndarray]] = {key: [] for key in results}
    models: dict[tuple[str, str], Any] = {}
    stopped = not reporter.update(_SUB_STEPS, total, {})
    for seed_index, seed in enumerate(seeds):
        if stopped:
            break
        for strategy_index, name in enumerate(strategies):
            runs = [results[(kind, name)] for kind in classifiers]
            if runs[0].status != "ok":
                continue
            unit = (1 + seed_index * len(strategies) + strategy_index) * _SUB_STEPS

            def sub_progress(step: int, steps: int, losses: dict, unit: int = unit) -> bool:
                return reporter.update(unit + int(_SUB_STEPS * 0.8 * step / max(steps, 1)), total, losses)

            tic = time.perf_counter()
            try:
                training = _training_set(name, encoder, train_features, train_rows, train_labels, n_new,
                                         seed, generator_params, sub_progress, cancel)
            except EngineError as error:
                for result in runs:
                    result.status, result.reason = "skipped", str(error)
                continue
            except ValueError as error:  # imbalanced-learn and scikit-learn report bad inputs as ValueError
                for result in runs:
                    result.status, result.reason = "skipped", f"{type(error).__name__}: {error}"
                continue
            if reporter.stopped:
                stopped = True
                break
            preparing_seconds = time.perf_counter() - tic
            for kind, result in zip(classifiers, runs):
                tic = time.perf_counter()
                model = fit_classifier(kind, training.rows, training.labels, training.weights,
                                       encoder.categorical_mask, seed, classifier_params.get(kind))
                scores[(kind, name)].append(positive_scores(model, test_rows))
                if seed_index == 0:
                    models[(kind, name)] = model
                result.added_rows = training.added_rows
                result.fit_seconds += preparing_seconds + time.perf_counter() - tic
                result.per_seed.append(all_metrics(test_labels, scores[(kind, name)][-1]))
            if not reporter.update(unit + _SUB_STEPS, total, {}):
                stopped = True
                break

    if not scores[(chosen, "none")]:
        raise EngineError("The comparison was stopped before its first run finished, so there is nothing to show.",
                          key="engine.rebalancing.stopped_early")
    scorer = BootstrapScorer(test_labels, n_bootstrap, seed=12345)
    boot = {key: _seed_mean([scorer.score(s) for s in values]) for key, values in scores.items() if values}
    for (kind, name), result in results.items():
        if not scores[(kind, name)]:
            if result.status == "ok":
                result.status, result.reason = "skipped", Note("stopped before it ran", "rebalancing.note.stopped")
            continue
        result.mean = {m: float(np.mean([run[m] for run in result.per_seed])) for m in METRICS}
        result.interval = {m: list(bootstrap_interval(boot[(kind, name)][m])) for m in METRICS}
        result.fit_seconds /= len(scores[(kind, name)])
        if name == "none":
            result.verdict = "baseline"
            continue
        none = results[(kind, "none")]
        for metric in METRICS:
            difference = boot[(kind, name)][metric] - boot[(kind, "none")][metric]
            result.difference_vs_none[metric] = [result.mean[metric] - none.mean[metric],
                                                 *bootstrap_interval(difference)]
        _, low, high = result.difference_vs_none["pr_auc"]
        result.verdict = "better" if low > 0 else "worse" if high < 0 else "no clear difference"

    ran = [results[(chosen, name)] for name in strategies if results[(chosen, name)].status == "ok"]
    best = max(ran, key=lambda r: (r.mean["pr_auc"], r.name == "none"))
    report = RebalancingReport(
        label_column=table.label_column, positive_value=json_scalar(table.positive_value),
        n_train=int(len(train_labels)), n_test=int(len(test_labels)), minority_train=int(train_labels.sum()),
        minority_test=int(test_labels.sum()), seeds=[int(s) for s in seeds[: len(results[(chosen, "none")].per_seed)]],
        minority_share=float(minority_share), features=list(encoder.columns_), strategies=list(results.values()),
        best_strategy=best.name, notes=notes, cancelled=stopped, classifier=chosen, validation=validation,
        group_column=table.group_column or "",
    )
    report.curves = [_pr_curve(kind, name, test_labels, values[0]) for (kind, name), values in scores.items() if values]
    report.fairness = _fairness(table, test_labels, {name: scores[(chosen, name)][0] for name in strategies
                                                     if scores[(chosen, name)]}, flag_rule)
    if table.groups is not None:
        association = group_association(table.train[0], table.groups[~table.is_test].reset_index(drop=True))
        report.group_proxies = association[association["association"] >= PROXY_ASSOCIATION].to_dict("records")
    if ("logistic", "none") in models:
        coefficients = models[("logistic", "none")].coefficients(encoder.columns_, encoder.levels_)
        report.scorecard = coefficients.round({"coefficient": 4}).to_dict("records")
    if explain and (chosen, best.name) in models:
        _explain(report, models[(chosen, best.name)], encoder, train_rows, test_rows, test_labels)
    report.takeaway = takeaway(report)
    report.seconds = time.perf_counter() - started
    reporter.update(total, total, {}, force=True)
    return report


def _choose_classifier(classifiers: list[str], rows: np.ndarray, labels: np.ndarray, categorical_mask: np.ndarray,
                       params: dict[str, dict[str, Any]], fraction: float) -> tuple[str, dict[str, float], str]:
    """The classifier with the higher PR-AUC on the latest `fraction` of the training rows (fitted on the
    earlier rows, no rebalancing), their validation PR-AUCs, and a note when no choice could be made."""
    if len(classifiers) == 1:
        return classifiers[0], {}, ""
    cut = len(rows) - int(round(len(rows) * fraction))
    if labels[:cut].sum() < 2 or labels[cut:].sum() < 2 or labels[:cut].all() or labels[cut:].all():
        return classifiers[0], {}, Note(f"The validation period has too few rows of each class to choose a "
                                        f"classifier; {CLASSIFIER_LABELS[classifiers[0]]} leads.",
                                        "rebalancing.note.no_validation")
    validation = {}
    for kind in classifiers:
        model = fit_classifier(kind, rows[:cut], labels[:cut], None, categorical_mask, 0, params.get(kind))
        validation[kind] = pr_auc(labels[cut:], positive_scores(model, rows[cut:]))
    return max(classifiers, key=lambda kind: validation[kind]), validation, ""


def _training_set(name, encoder, train_features, train_rows, train_labels, n_new, seed, generator_params,
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


def _seed_mean(per_seed: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {metric: np.mean([values[metric] for values in per_seed], axis=0) for metric in per_seed[0]}


def _pr_curve(classifier: str, name: str, labels: np.ndarray, scores: np.ndarray, points: int = 120) -> dict[str, Any]:
    from sklearn.metrics import precision_recall_curve

    precision, recall, _ = precision_recall_curve(labels, scores)
    keep = np.unique(np.linspace(0, len(recall) - 1, points).round().astype(int))
    return {"classifier": classifier, "strategy": name, "recall": recall[keep].round(4).tolist(), "precision": precision[keep].round(4).tolist()}


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
        return positive_scores(model, rows)

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
    """Plain sentences on what the comparison found: which classifier leads and why, and per classifier whether
    any strategy beat plain training."""
    parts = []
    chosen = CLASSIFIER_LABELS[report.classifier]
    if len(report.validation) > 1:
        others = ", ".join(f"{CLASSIFIER_LABELS[k].lower()} {v:.3f}" for k, v in report.validation.items()
                           if k != report.classifier)
        parts.append(f"{chosen} leads: it ranked the validation period best (PR-AUC "
                     f"{report.validation[report.classifier]:.3f} vs {others}; the test rows were not used to choose).")
    for kind in report.classifiers:
        none = report.strategy("none", kind)
        ran = [r for r in report.results(kind) if r.status == "ok" and r.name != "none"]
        better = sorted((r for r in ran if r.verdict == "better"), key=lambda r: -r.mean["pr_auc"])
        worse = [r.label for r in ran if r.verdict == "worse"]
        name = CLASSIFIER_LABELS[kind]
        if better:
            top = better[0]
            diff = top.difference_vs_none["pr_auc"]
            text = (f"{name}: {top.label} helps most, PR-AUC {top.mean['pr_auc']:.3f} vs {none.mean['pr_auc']:.3f} "
                    f"without rebalancing ({diff[0]:+.3f}, 95% interval {diff[1]:+.3f} to {diff[2]:+.3f})")
        else:
            text = (f"{name}: no strategy beat plain training clearly (PR-AUC {none.mean['pr_auc']:.3f}, chance "
                    f"{report.base_rate:.3f})")
        parts.append(text + (f"; worse: {', '.join(worse)}." if worse else "."))
    return " ".join(parts)
