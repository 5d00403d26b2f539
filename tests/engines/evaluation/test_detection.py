"""Detection: a classifier cannot tell a same-distribution sample apart, and easily tells a different one."""

import pytest

from engines.evaluation import detection_report
from tests.engines.evaluation.tables import CUSTOMER_COLUMN_TYPES, customer_table


def test_same_distribution_scores_near_chance():
    """Two independent samples of one distribution give AUC ~0.5 and a score near 1 for both models."""
    # Setup
    real = customer_table(1500, seed=0)
    synthetic = customer_table(1500, seed=1)

    # Run
    result = detection_report(real, synthetic, CUSTOMER_COLUMN_TYPES)

    # Assert
    assert set(result.auc_by_model) == {"logistic_regression", "gradient_boosting"}
    for auc in result.auc_by_model.values():
        assert auc == pytest.approx(0.5, abs=0.07)
    assert result.score > 0.85
    assert result.auc == max(result.auc_by_model.values())


def test_obviously_different_data_is_detected():
    """Customers 40 years older are spotted almost always: AUC ~1 and score ~0."""
    # Setup
    real = customer_table(1500, seed=0)
    synthetic = customer_table(1500, seed=1, age_shift=40)

    # Run
    result = detection_report(real, synthetic, CUSTOMER_COLUMN_TYPES)

    # Assert
    for auc in result.auc_by_model.values():
        assert auc > 0.95
    assert result.score < 0.1
    # the SDMetrics-style score of each model is 1 - (2 * AUC - 1) averaged over folds
    for name, auc in result.auc_by_model.items():
        assert result.score_by_model[name] == pytest.approx(2 - 2 * auc)


def test_rows_are_capped():
    """Each table is subsampled to max_rows."""
    # Setup
    real = customer_table(600, seed=0)
    synthetic = customer_table(900, seed=1)

    # Run
    result = detection_report(real, synthetic, max_rows=300)

    # Assert
    assert (result.n_real_rows, result.n_synthetic_rows) == (300, 300)
