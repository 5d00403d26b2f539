"""Fairness with fairlearn: a fair and a deliberately biased decision, the vectorised bootstrap against
fairlearn's own definitions, and a mitigation that narrows the gap."""

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

from engines.errors import InvalidDataError
from engines.trust.fairness import _differences, fairness_report, mitigate_with_thresholds


@pytest.fixture(scope="module")
def population():
    rng = np.random.default_rng(0)
    n = 4000
    groups = rng.choice(["A", "B", "C"], n)
    labels = (rng.random(n) < 0.2).astype(int)
    return rng, groups, labels


def test_a_fair_decision_has_small_gaps_and_a_biased_one_large(population):
    """Decisions that ignore the group: gaps near 0 with intervals covering the truth; decisions that decline
    group A only: a decline-rate gap of exactly 1."""
    # Setup
    rng, groups, labels = population
    fair = (rng.random(len(labels)) < np.where(labels == 1, 0.7, 0.1)).astype(int)
    biased = (groups == "A").astype(int)
    # Run
    fair_report = fairness_report(labels, fair, groups, n_bootstrap=300)
    biased_report = fairness_report(labels, biased, groups, n_bootstrap=300)
    # Assert
    assert fair_report.demographic_parity_difference < 0.05
    low, high = fair_report.demographic_parity_interval
    assert low <= fair_report.demographic_parity_difference <= high and high < 0.08
    assert biased_report.demographic_parity_difference == pytest.approx(1.0)
    assert biased_report.equalized_odds_difference == pytest.approx(1.0)
    assert set(biased_report.by_group["group"]) == {"A", "B", "C"}
    assert biased_report.by_group.set_index("group").loc["A", "selection_rate"] == pytest.approx(1.0)


def test_vectorised_differences_match_fairlearn(population):
    """The bootstrap's formulas on the full sample's counts equal fairlearn's two differences."""
    # Setup
    rng, groups, labels = population
    decisions = (rng.random(len(labels)) < np.where(groups == "B", 0.4, 0.2)).astype(int)
    names, codes = np.unique(groups, return_inverse=True)
    counts = np.bincount(codes * 4 + labels * 2 + decisions, minlength=len(names) * 4).reshape(1, len(names), 2, 2)
    # Run
    parity, odds = _differences(counts.astype(float))
    # Assert
    assert parity[0] == pytest.approx(demographic_parity_difference(labels, decisions, sensitive_features=groups))
    assert odds[0] == pytest.approx(equalized_odds_difference(labels, decisions, sensitive_features=groups))


def test_per_group_thresholds_narrow_the_decline_gap(population):
    """Scores shifted up for group A: the ThresholdOptimizer at least halves the decline-rate gap."""
    # Setup
    rng, groups, labels = population
    scores = np.clip(0.15 + 0.4 * labels + 0.3 * (groups == "A") + rng.normal(0, 0.1, len(labels)), 0, 1)
    # Run
    result = mitigate_with_thresholds(labels, scores, pd.Series(groups), n_bootstrap=50)
    # Assert
    assert result.before["demographic_parity_difference"] > 0.2
    assert result.difference_ratio <= 0.5
    assert 0 <= result.after["pr_auc_of_decisions"] <= 1


def test_one_group_is_refused(population):
    """A single group cannot be compared: the message says so."""
    _, _, labels = population
    with pytest.raises(InvalidDataError, match="single value"):
        fairness_report(labels, labels, ["A"] * len(labels))
