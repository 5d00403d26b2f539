"""The reconstruction-error autoencoder: it learns within its step budget, finds planted outliers and names
the unusual feature. Fitting, progress, cancel, save/load and seeds are checked for every model in
tests/engines/test_model_protocol.py."""

import numpy as np
import pandas as pd
import pytest

from engines.anomaly import TabularAutoencoder
from engines.errors import InvalidDataError, InvalidParameterError


def ordinary_rows(n_rows: int, seed: int) -> pd.DataFrame:
    """Three correlated numbers, a 0/1 flag and a category that follows the first number."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=n_rows)
    return pd.DataFrame({
        "a": base, "b": 2 * base + rng.normal(0, 0.1, n_rows), "c": -base + rng.normal(0, 0.1, n_rows),
        "flag": (rng.random(n_rows) < 0.1).astype(float),
        "kind": np.where(base > 0, "high", "low"),
    })


@pytest.fixture(scope="module")
def fitted():
    return TabularAutoencoder(hidden_dims=(16, 4), max_steps=1000, epochs=100, batch_size=128,
                              random_state=0).fit(ordinary_rows(1500, 0))


def test_loss_falls_within_the_step_budget(fitted):
    """The reconstruction loss of the last epoch is well below the first's; the 1,000-step budget runs whole
    epochs of 11 batches (1,500 rows / 128), so 90 of the 100 epochs."""
    history = fitted.loss_history_
    assert history[-1]["reconstruction"] < 0.5 * history[0]["reconstruction"]
    assert fitted.training_steps_ == 990 and len(history) == 90


def test_planted_outliers_score_highest_and_are_explained(fitted):
    """Rows breaking the b = 2a relation score above every ordinary row, and `b` is their top driver."""
    # Setup
    rows = ordinary_rows(300, 1)
    broken = rows.head(5).copy()
    broken["b"] = 2 * broken["a"] + 5.0
    data = pd.concat([rows, broken], ignore_index=True)
    # Run
    scores = fitted.score(data)
    errors = fitted.feature_errors(data)
    # Assert
    assert scores[-5:].min() > np.quantile(scores[:-5], 0.99)
    assert (errors.iloc[-5:].idxmax(axis=1) == "b").all()
    assert 0.5 < np.median(scores[:-5]) < 2.0  # ordinary rows score about 1, by construction


def test_scoring_a_table_without_a_trained_column_is_explained(fitted):
    """Scoring rows that lack a column the model learned from names the column."""
    with pytest.raises(InvalidDataError, match=r"lacks the column\(s\) \['b'\]"):
        fitted.score(ordinary_rows(10, 0).drop(columns="b"))


@pytest.mark.parametrize("params, message", [
    ({"epochs": 0}, "epochs must be a whole number of at least 1"),
    ({"max_steps": -1}, "max_steps must be a whole number of 0 \\(no limit\\) or more"),
    ({"learning_rate": 1.5}, "learning_rate must be between 0 and 1"),
    ({"hidden_dims": (16, 0)}, "each of hidden_dims must be a whole number"),
])
def test_bad_settings_name_the_setting(params, message):
    """A bad hyper-parameter is refused at fit with a message naming it."""
    with pytest.raises(InvalidParameterError, match=message):
        TabularAutoencoder(**params).fit(ordinary_rows(20, 0))
