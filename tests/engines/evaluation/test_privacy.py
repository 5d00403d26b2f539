"""Privacy: copies of the training rows are flagged; independent draws are not."""

import numpy as np
import pandas as pd
import pytest

from engines.evaluation import privacy_report
from tests.engines.evaluation.tables import CUSTOMER_COLUMN_TYPES, customer_table


def test_copies_of_the_training_rows_leak():
    """Synthetic = train: every row is an exact copy, DCR is 0 and membership inference succeeds."""
    # Setup
    train = customer_table(1000, seed=0)
    holdout = customer_table(1000, seed=1)

    # Run
    result = privacy_report(train, train.copy(), holdout, CUSTOMER_COLUMN_TYPES)

    # Assert
    assert result.exact_copy_share == 1.0
    assert result.median_dcr_synthetic == pytest.approx(0.0, abs=1e-6)
    assert result.median_dcr_holdout > 0
    assert result.membership_inference_auc > 0.9
    assert result.verdict == "high"


def test_independent_draws_do_not_leak():
    """Synthetic = new rows of the same distribution: AUC ~0.5, no copies, DCR like the holdout's."""
    # Setup
    train = customer_table(1000, seed=0)
    synthetic = customer_table(1000, seed=1)
    holdout = customer_table(1000, seed=2)

    # Run
    result = privacy_report(train, synthetic, holdout, CUSTOMER_COLUMN_TYPES)

    # Assert
    assert result.membership_inference_auc == pytest.approx(0.5, abs=0.06)
    assert result.exact_copy_share == 0.0
    assert result.dcr_ratio == pytest.approx(1.0, abs=0.2)
    assert result.verdict == "low"
    assert list(result.dcr_quantiles.columns) == ["synthetic_to_train", "holdout_to_train"]
    assert result.dcr_quantiles.loc[0.5, "synthetic_to_train"] == pytest.approx(result.median_dcr_synthetic)


def test_distance_is_root_mean_square_column_gap():
    """DCR: numbers as a share of the training range, a category mismatch = 1, averaged in quadrature."""
    # Setup
    train = pd.DataFrame({"x": [0.0, 10.0], "k": ["a", "b"]})
    synthetic = pd.DataFrame({"x": [1.0, 10.0], "k": ["a", "a"]})
    holdout = pd.DataFrame({"x": [0.0, 5.0], "k": ["a", "a"]})
    # synthetic (1, a): nearest (0, a) -> x gap .1, k gap 0 -> sqrt((.1^2 + 0) / 2) = .0707
    # synthetic (10, a): (10, b) -> sqrt((0 + 1) / 2) = .7071, (0, a) -> sqrt((1 + 0) / 2) = .7071

    # Run
    result = privacy_report(train, synthetic, holdout)

    # Assert
    np.testing.assert_allclose(result.dcr_synthetic_to_train, [np.sqrt(0.01 / 2), np.sqrt(0.5)])
    np.testing.assert_allclose(result.dcr_holdout_to_train, [0.0, np.sqrt(0.25 / 2)])
    assert result.exact_copy_share == 0.0 and result.holdout_copy_share == 0.5
