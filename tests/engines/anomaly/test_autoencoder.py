"""The reconstruction-error autoencoder: it learns, finds planted outliers, names the unusual feature, and
round-trips through its model folder."""

import numpy as np
import pandas as pd
import pytest

from engines.anomaly import TabularAutoencoder
from engines.errors import InvalidDataError, ModelFileError, NotFittedError


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


def test_loss_falls(fitted):
    """The reconstruction loss of the last epoch is well below the first's."""
    history = fitted.loss_history_
    assert history[-1]["reconstruction"] < 0.5 * history[0]["reconstruction"]


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


def test_save_load_round_trip(fitted, tmp_path):
    """A loaded model gives the same scores."""
    data = ordinary_rows(50, 2)
    again = TabularAutoencoder.load(fitted.save(tmp_path / "ae"), device="cpu")
    np.testing.assert_allclose(again.score(data), fitted.score(data), rtol=1e-5)


def test_seed_reproduces():
    """The same seed on the same data gives the same scores."""
    data = ordinary_rows(300, 3)
    first = TabularAutoencoder(max_steps=20, random_state=7).fit(data).score(data)
    second = TabularAutoencoder(max_steps=20, random_state=7).fit(data).score(data)
    np.testing.assert_allclose(first, second)


def test_stop_early_leaves_a_usable_model():
    """Returning False from on_progress stops training, and the model still scores."""
    model = TabularAutoencoder(max_steps=500, random_state=0).fit(ordinary_rows(500, 4), on_progress=lambda *a: False)
    assert model.cancelled_ and model.training_steps_ == 0
    assert np.isfinite(model.score(ordinary_rows(10, 5))).all()


def test_bad_inputs_are_explained(tmp_path):
    """Unfitted use, a tiny table, a missing column and a folder of another kind give clear errors."""
    with pytest.raises(NotFittedError):
        TabularAutoencoder().score(ordinary_rows(10, 0))
    with pytest.raises(InvalidDataError, match="at least 10 rows"):
        TabularAutoencoder().fit(ordinary_rows(5, 0))
    model = TabularAutoencoder(max_steps=5, random_state=0).fit(ordinary_rows(100, 0))
    with pytest.raises(InvalidDataError, match="lacks the column"):
        model.score(ordinary_rows(10, 0).drop(columns="b"))
    with pytest.raises(ModelFileError):
        TabularAutoencoder.load(tmp_path)
