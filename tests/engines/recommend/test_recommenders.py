"""Every recommender through the one protocol, plus each model's own property on tiny hand-made data."""

import numpy as np
import pytest
import scipy.sparse as sp

from engines.errors import InvalidDataError, InvalidParameterError, ModelFileError, NotFittedError
from engines.recommend import (
    EASERecommender,
    InteractionMatrix,
    ItemKNNRecommender,
    MultVAERecommender,
    PopularityRecommender,
    Recommender,
    item_cosine_similarity,
)


def two_taste_matrix(n_users: int = 60, seed: int = 0) -> np.ndarray:
    """Users of two tastes: taste A uses items 0-4, taste B items 5-9; each user has 3 of their 5 items."""
    rng = np.random.default_rng(seed)
    matrix = np.zeros((n_users, 10), dtype=np.float32)
    for user in range(n_users):
        block = 0 if user % 2 == 0 else 5
        matrix[user, block + rng.choice(5, size=3, replace=False)] = 1.0
    return matrix


MODELS = [
    PopularityRecommender,
    ItemKNNRecommender,
    lambda: EASERecommender(l2=1.0),
    lambda: MultVAERecommender(hidden_dim=16, latent_dim=4, epochs=40, batch_size=20, learning_rate=1e-2),
]
IDS = ["popularity", "item_knn", "ease", "mult_vae"]


@pytest.mark.parametrize("make_model", MODELS, ids=IDS)
def test_protocol_fit_predict_recommend_save_load(make_model, tmp_path):
    """fit returns self, predict scores every item, recommend skips seen items, and a saved model scores
    alike.
    """
    # Setup
    matrix = two_taste_matrix()
    model = make_model()
    # Run
    fitted = model.fit(matrix)
    scores = model.predict(matrix[:4])
    items, values = model.recommend(matrix[:4], k=3)
    model.save(tmp_path / "model")
    reloaded = Recommender.load(tmp_path / "model")
    # Assert
    assert fitted is model and model.n_items_ == 10 and model.fit_seconds_ >= 0
    assert scores.shape == (4, 10) and np.isfinite(scores).all()
    assert items.shape == (4, 3) and not (matrix[np.arange(4)[:, None], items] > 0).any()
    assert (np.diff(values, axis=1) <= 1e-6).all()
    assert type(reloaded) is type(model)
    np.testing.assert_allclose(reloaded.predict(matrix[:4]), scores, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("make_model", MODELS[1:], ids=IDS[1:])
def test_personalised_models_recommend_the_users_taste(make_model):
    """Item-kNN, EASE and Mult-VAE put the user's own taste block first; popularity cannot."""
    # Setup
    matrix = two_taste_matrix()
    model = make_model().fit(matrix)
    # Run
    items, _ = model.recommend(matrix[:2], k=2)
    # Assert: user 0 has taste A (items 0-4), user 1 taste B (items 5-9)
    assert (items[0] < 5).all() and (items[1] >= 5).all()


def test_mult_vae_loss_falls_and_seed_reproduces():
    """Training lowers Mult-VAE's loss, and the same random_state gives the same scores."""
    # Setup
    matrix = two_taste_matrix()
    params = dict(hidden_dim=16, latent_dim=4, epochs=30, batch_size=20, learning_rate=1e-2, random_state=3)
    # Run
    first = MultVAERecommender(**params).fit(matrix)
    second = MultVAERecommender(**params).fit(matrix)
    # Assert
    history = [record["neg_log_likelihood"] for record in first.loss_history_]
    assert history[-1] < 0.8 * history[0]
    np.testing.assert_array_equal(first.predict(matrix), second.predict(matrix))


def test_mult_vae_stops_when_progress_says_so():
    """on_progress returning False stops training early and leaves a usable model."""
    # Setup
    calls = []

    def stop_after_three(step, total, losses):
        calls.append(step)
        return len(calls) < 3

    # Run
    model = MultVAERecommender(hidden_dim=8, latent_dim=2, epochs=50, batch_size=10).fit(
        two_taste_matrix(), on_progress=stop_after_three)
    # Assert
    assert model.stop_reason_ == "cancelled"
    assert np.isfinite(model.predict(two_taste_matrix()[:2])).all()


def test_ease_matches_its_closed_form_and_item_knn_its_cosines():
    """EASE's weights solve P = (X'X + lambda I)^-1, B = I - P / diag(P); item cosine is |a & b| /
    sqrt(|a||b|).
    """
    # Setup
    matrix = np.array([[1, 1, 0], [1, 0, 1], [1, 1, 1], [0, 1, 0]], dtype=np.float32)
    # Run
    ease = EASERecommender(l2=0.5).fit(matrix)
    similarity = item_cosine_similarity(sp.csr_matrix(matrix))
    # Assert
    precision = np.linalg.inv(matrix.T @ matrix + 0.5 * np.eye(3))
    expected = np.eye(3) - precision / np.diag(precision)
    np.testing.assert_allclose(ease.weights_, expected, atol=1e-5)
    assert np.allclose(np.diag(ease.weights_), 0)
    np.testing.assert_allclose(similarity[0, 1], 2 / np.sqrt(3 * 3), atol=1e-6)
    np.testing.assert_allclose(similarity[1, 2], 1 / np.sqrt(3 * 2), atol=1e-6)


def test_bad_inputs_and_files_raise_clear_errors(tmp_path):
    """Unfitted use, wrong widths, bad hyper-parameters and a missing folder each raise the engine's error."""
    # Setup
    model = EASERecommender()
    # Run / Assert
    with pytest.raises(NotFittedError):
        model.predict(np.ones((1, 3)))
    with pytest.raises(InvalidDataError, match="at least 2 users"):
        model.fit(np.ones((1, 3)))
    model.fit(two_taste_matrix())
    with pytest.raises(InvalidDataError, match="10 items"):
        model.predict(np.ones((1, 4)))
    with pytest.raises(InvalidParameterError):
        EASERecommender(l2=-1).fit(two_taste_matrix())
    with pytest.raises(InvalidParameterError):
        MultVAERecommender(dropout=1.5).fit(two_taste_matrix())
    with pytest.raises(ModelFileError):
        Recommender.load(tmp_path / "nothing")
    model.save(tmp_path / "ease")
    with pytest.raises(ModelFileError, match="ease"):
        MultVAERecommender.load(tmp_path / "ease")


def test_fit_accepts_an_interaction_matrix_and_keeps_its_item_ids():
    """Fitting on an InteractionMatrix records the original item ids, in column order."""
    # Setup
    import pandas as pd

    log = pd.DataFrame({"u": ["a", "a", "b", "c"], "i": [30, 10, 10, 20]})
    interactions = InteractionMatrix.from_log(log, "u", "i")
    # Run
    model = PopularityRecommender().fit(interactions)
    # Assert
    assert model.item_ids_.tolist() == [10, 20, 30]
    assert model.predict(interactions)[0].tolist() == [2.0, 1.0, 1.0]
