"""Risk metrics on hand-made scores, and the fast bootstrap against scikit-learn."""

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from engines.errors import InvalidDataError
from engines.rebalancing.metrics import BootstrapScorer, all_metrics, gini, ks_statistic, recall_at_fpr


def test_perfect_and_reversed_rankings():
    """A perfect ranking scores 1 everywhere; a reversed one has Gini -1 and catches nothing at 1% FPR."""
    # Setup
    labels = np.array([0] * 200 + [1] * 10)
    scores = np.r_[np.linspace(0, 0.5, 200), np.linspace(0.6, 1, 10)]
    # Run
    perfect, reversed_ = all_metrics(labels, scores), all_metrics(labels, -scores)
    # Assert
    assert perfect == pytest.approx({"pr_auc": 1.0, "recall_at_1pct_fpr": 1.0, "ks": 1.0, "gini": 1.0})
    assert reversed_["gini"] == pytest.approx(-1.0)
    assert reversed_["recall_at_1pct_fpr"] == 0.0


def test_hand_computed_values():
    """KS, Gini and recall at FPR match values worked out by hand on six rows."""
    # Setup: positives at ranks 1 and 4 of 6
    labels = np.array([1, 0, 0, 1, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    # Run / Assert: AUC = (4 + 2) / 8 = 0.75
    assert gini(labels, scores) == pytest.approx(0.5)
    assert ks_statistic(labels, scores) == pytest.approx(0.5)  # after row 4: TPR 1, FPR 0.5
    assert recall_at_fpr(labels, scores, 0.25) == pytest.approx(0.5)


def test_one_class_is_refused():
    """Scores with a single class cannot be scored, and the error says so."""
    with pytest.raises(InvalidDataError, match="both classes"):
        all_metrics(np.zeros(10), np.arange(10))


def test_bootstrap_with_unit_weights_equals_sklearn():
    """The weighted-curve metrics equal scikit-learn's when every row has weight 1, ties included."""
    # Setup
    rng = np.random.default_rng(0)
    labels = (rng.random(3000) < 0.02).astype(int)
    scores = np.round(rng.normal(size=3000) + 1.5 * labels, 1)
    scorer = BootstrapScorer(labels, n_resamples=1)
    scorer.weights[:] = 1.0
    # Run
    values = {name: v[0] for name, v in scorer.score(scores).items()}
    # Assert
    assert values["pr_auc"] == pytest.approx(average_precision_score(labels, scores))
    assert values["gini"] == pytest.approx(2 * roc_auc_score(labels, scores) - 1)
    assert values["ks"] == pytest.approx(ks_statistic(labels, scores))
    assert values["recall_at_1pct_fpr"] == pytest.approx(recall_at_fpr(labels, scores))


def test_bootstrap_is_stratified_and_varies():
    """Each resample keeps the class counts, and the resampled PR-AUCs spread around the full-sample value."""
    # Setup
    rng = np.random.default_rng(1)
    labels = (rng.random(2000) < 0.03).astype(int)
    scores = rng.normal(size=2000) + labels
    # Run
    scorer = BootstrapScorer(labels, n_resamples=100, seed=3)
    values = scorer.score(scores)["pr_auc"]
    # Assert
    assert np.all(scorer.weights[:, labels == 1].sum(axis=1) == labels.sum())
    assert values.std() > 0
    assert values.min() < average_precision_score(labels, scores) < values.max()
