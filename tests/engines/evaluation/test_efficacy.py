"""Machine-learning efficacy: TSTR matches TRTR when the synthetic rows are other real rows."""

import numpy as np
import pytest

from engines.evaluation import efficacy_report
from tests.engines.evaluation.tables import CUSTOMER_COLUMN_TYPES, customer_table


@pytest.mark.parametrize(
    ("target", "task", "metric"),
    [
        ("churned", "classification", "roc_auc"),
        ("segment", "classification", "f1_macro"),
        ("age", "regression", "r2"),
    ],
)
def test_other_real_rows_are_as_useful_as_the_training_rows(target, task, metric):
    """Synthetic = independent real rows: TSTR within a few points of TRTR, ratio ~1."""
    # Setup
    real = customer_table(2000, seed=0)
    other_real = customer_table(2000, seed=1)
    holdout = customer_table(1500, seed=2)

    # Run
    result = efficacy_report(real, other_real, target, CUSTOMER_COLUMN_TYPES, real_holdout=holdout)

    # Assert
    assert (result.task, result.metric) == (task, metric)
    assert result.trtr_score > 0.5
    assert result.tstr_score == pytest.approx(result.trtr_score, abs=0.05)
    assert result.ratio == pytest.approx(result.tstr_score / result.trtr_score)
    assert result.n_test_rows == holdout[target].notna().sum()


def test_synthetic_data_without_the_signal_scores_lower():
    """Shuffling the target in the synthetic data destroys what a model can learn from it."""
    # Setup
    real = customer_table(2000, seed=0)
    shuffled = customer_table(2000, seed=1)
    shuffled["churned"] = np.random.default_rng(0).permutation(shuffled["churned"].to_numpy())

    # Run
    result = efficacy_report(real, shuffled, "churned", CUSTOMER_COLUMN_TYPES)

    # Assert: without real_holdout, 30% of the real rows are held out
    assert result.n_test_rows == pytest.approx(0.3 * real["churned"].notna().sum(), abs=1)
    assert result.tstr_score < result.trtr_score - 0.1
    assert result.ratio < 0.85


def test_whole_number_target_with_few_values_is_classification():
    """A numerical target holding a few whole numbers (like a class id) is treated as classes."""
    # Setup
    real = customer_table(800, seed=0)
    real["n_products"] = np.random.default_rng(0).integers(1, 4, len(real))

    # Run
    result = efficacy_report(real, real.sample(frac=1.0, random_state=0), "n_products", CUSTOMER_COLUMN_TYPES)

    # Assert
    assert (result.task, result.metric) == ("classification", "f1_macro")
