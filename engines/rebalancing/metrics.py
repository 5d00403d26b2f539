"""The figures credit and fraud teams read, computed from labels and scores (higher score = more likely bad).

- PR-AUC (average precision): how well the top of the ranking is filled with bad cases; its chance level is the
  bad rate, not 0.5, which is why it is the headline figure for rare fraud.
- Recall at 1% FPR: the share of bad cases caught when at most 1% of good cases are flagged (an alert budget).
- KS: the largest gap between the score distributions of bad and good cases (0..1).
- Gini = 2 x ROC AUC - 1, the credit-scoring convention.
Confidence intervals come from a percentile bootstrap over the test rows, so they show how much the figure would
move on another test period of the same size.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

from engines.errors import InvalidDataError

from engines.rebalancing.report import METRICS


def _check(labels: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = np.asarray(labels).astype(np.int8).ravel()
    scores = np.asarray(scores, dtype=np.float64).ravel()
    if labels.shape != scores.shape:
        raise InvalidDataError(f"labels and scores differ in length ({labels.size} vs {scores.size}).",
                               key="engine.scores.length_mismatch", n_labels=labels.size,
                               n_scores=scores.size)
    if labels.min(initial=0) < 0 or labels.max(initial=0) > 1 or len(np.unique(labels)) < 2:
        raise InvalidDataError("Scoring needs both classes (0 and 1) among the labels.",
                               key="engine.scores.one_class")
    return labels, scores


def pr_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision (area under the precision-recall curve, step-wise)."""
    labels, scores = _check(labels, scores)
    return float(average_precision_score(labels, scores))


def recall_at_fpr(labels: np.ndarray, scores: np.ndarray, max_fpr: float = 0.01) -> float:
    """Largest recall (true-positive rate) reachable with a false-positive rate of at most `max_fpr`."""
    labels, scores = _check(labels, scores)
    fpr, tpr, _ = roc_curve(labels, scores)
    return float(tpr[fpr <= max_fpr].max(initial=0.0))


def ks_statistic(labels: np.ndarray, scores: np.ndarray) -> float:
    """Kolmogorov-Smirnov distance between the score distributions of the two classes (max |TPR - FPR|)."""
    labels, scores = _check(labels, scores)
    fpr, tpr, _ = roc_curve(labels, scores)
    return float(np.max(tpr - fpr))


def gini(labels: np.ndarray, scores: np.ndarray) -> float:
    """Gini coefficient = 2 x ROC AUC - 1 (0 = random ranking, 1 = perfect)."""
    labels, scores = _check(labels, scores)
    return float(2.0 * roc_auc_score(labels, scores) - 1.0)


METRIC_FUNCTIONS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "pr_auc": pr_auc,
    "recall_at_1pct_fpr": recall_at_fpr,
    "ks": ks_statistic,
    "gini": gini,
}


def all_metrics(labels: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Every metric of `METRICS` for one set of scores."""
    return {name: function(labels, scores) for name, function in METRIC_FUNCTIONS.items()}


def threshold_at_fpr(labels: np.ndarray, scores: np.ndarray, max_fpr: float = 0.01) -> float:
    """The lowest score threshold (flag when score >= threshold) whose false-positive rate is at most `max_fpr`."""
    labels, scores = _check(labels, scores)
    fpr, _, thresholds = roc_curve(labels, scores)
    allowed = thresholds[fpr <= max_fpr]
    return float(np.min(allowed)) if allowed.size else float(np.inf)


def bootstrap_indices(labels: np.ndarray, n_resamples: int, seed: int) -> list[np.ndarray]:
    """Stratified bootstrap resamples of row positions: each keeps the number of positives and negatives, so
    every resample can be scored even when positives are very rare."""
    labels = np.asarray(labels).astype(bool)
    positives, negatives = np.flatnonzero(labels), np.flatnonzero(~labels)
    rng = np.random.default_rng(seed)
    return [
        np.concatenate([rng.choice(positives, positives.size), rng.choice(negatives, negatives.size)])
        for _ in range(n_resamples)
    ]


def bootstrap_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of bootstrap values."""
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(np.asarray(values, dtype=np.float64), [tail, 100.0 - tail])
    return float(low), float(high)


class BootstrapScorer:
    """Every metric on many stratified bootstrap resamples of one test set at once, without re-sorting.

    A resample is the original rows with integer weights (how often each row was drawn), so the ROC and PR
    curves of all resamples are weighted cumulative sums along one score order. With weights all 1 the figures
    equal scikit-learn's (ties are grouped the same way).
    """

    def __init__(self, labels: np.ndarray, n_resamples: int = 200, seed: int = 0, max_fpr: float = 0.01) -> None:
        labels = np.asarray(labels).astype(np.int8)
        _check(labels, np.zeros(labels.size))
        self.labels = labels
        self.max_fpr = max_fpr
        rng = np.random.default_rng(seed)
        weights = np.zeros((n_resamples, labels.size), dtype=np.float32)
        for group in (np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)):
            counts = rng.multinomial(group.size, np.full(group.size, 1.0 / group.size), size=n_resamples)
            weights[:, group] = counts
        self.weights = weights

    def score(self, scores: np.ndarray) -> dict[str, np.ndarray]:
        """{metric: values over the resamples} for one score vector."""
        scores = np.asarray(scores, dtype=np.float64)
        # Chunks of resamples bound the memory of the cumulative sums (rows x resamples x 8 bytes each).
        parts = [_weighted_metrics(self.labels, scores, self.weights[start:start + 50], self.max_fpr)
                 for start in range(0, len(self.weights), 50)]
        return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def _weighted_metrics(labels: np.ndarray, scores: np.ndarray, weights: np.ndarray, max_fpr: float) -> dict[str, np.ndarray]:
    order = np.argsort(-scores, kind="stable")
    sorted_scores = scores[order]
    # The last position of each run of equal scores: curves move only between distinct thresholds.
    ends = np.r_[np.flatnonzero(np.diff(sorted_scores) != 0), sorted_scores.size - 1]
    positive = labels[order].astype(bool)
    w = weights[:, order]
    tp = np.cumsum(np.where(positive, w, 0.0), axis=1, dtype=np.float64)[:, ends]
    fp = np.cumsum(np.where(positive, 0.0, w), axis=1, dtype=np.float64)[:, ends]
    n_pos, n_neg = tp[:, -1:], fp[:, -1:]
    tpr, fpr = tp / n_pos, fp / n_neg
    precision = tp / np.maximum(tp + fp, 1e-12)
    recall_step = np.diff(np.concatenate([np.zeros((tpr.shape[0], 1)), tpr], axis=1), axis=1)
    ap = np.sum(recall_step * precision, axis=1)
    recall_at = np.max(np.where(fpr <= max_fpr, tpr, 0.0), axis=1)
    ks = np.max(tpr - fpr, axis=1)
    tpr0 = np.concatenate([np.zeros((tpr.shape[0], 1)), tpr], axis=1)
    fpr0 = np.concatenate([np.zeros((fpr.shape[0], 1)), fpr], axis=1)
    auc = np.sum(np.diff(fpr0, axis=1) * (tpr0[:, 1:] + tpr0[:, :-1]) / 2.0, axis=1)
    return {"pr_auc": ap, "recall_at_1pct_fpr": recall_at, "ks": np.maximum(ks, 0.0), "gini": 2.0 * auc - 1.0}
