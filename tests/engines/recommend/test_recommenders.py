"""Each recommender's own properties on tiny hand-made data (the generic fit / save / load / seed / cancel
checks run for every model in tests/engines/test_model_protocol.py)."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from engines.errors import InvalidDataError, InvalidParameterError
from engines.recommend import (
    EASERecommender,
    InteractionMatrix,
    ItemKNNRecommender,
    MultVAERecommender,
    PopularityRecommender,
    Recommender,
    RecVAERecommender,
    item_cosine_similarity,
)
from tests.engines.protocol.cases_recommend import two_taste_matrix

MODELS = [
    PopularityRecommender,
    ItemKNNRecommender,
    lambda: EASERecommender(l2=1.0),
    lambda: MultVAERecommender(hidden_dim=16, latent_dim=4, epochs=40, batch_size=20, learning_rate=1e-2),
]
IDS = ["popularity", "item_knn", "ease", "mult_vae"]


@pytest.mark.parametrize("make_model", MODELS, ids=IDS)
def test_predict_scores_every_item_and_recommend_skips_seen_items(make_model):
    """predict gives a finite score per item; recommend returns unseen items only, best first."""
    # Setup
    matrix = two_taste_matrix()
    model = make_model().fit(matrix)
    # Run
    scores = model.predict(matrix[:4])
    items, values = model.recommend(matrix[:4], k=3)
    # Assert
    assert scores.shape == (4, 10) and scores.dtype == np.float32 and np.isfinite(scores).all()
    assert items.shape == (4, 3) and not (matrix[np.arange(4)[:, None], items] > 0).any()
    assert (np.diff(values, axis=1) <= 1e-6).all()


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


def test_mult_vae_loss_falls():
    """Training lowers Mult-VAE's negative log-likelihood, and every epoch is recorded."""
    # Setup
    matrix = two_taste_matrix()
    params = dict(hidden_dim=16, latent_dim=4, epochs=30, batch_size=20, learning_rate=1e-2, random_state=3)
    # Run
    model = MultVAERecommender(**params).fit(matrix)
    # Assert
    history = [record["neg_log_likelihood"] for record in model.loss_history_]
    assert len(history) == 30 and history[-1] < 0.8 * history[0]


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


def test_bad_widths_and_hyper_parameters_raise_clear_errors():
    """Scoring users with another number of items, or hyper-parameters that cannot work, raise the engine's
    errors naming the problem."""
    # Setup
    model = EASERecommender().fit(two_taste_matrix())
    # Run / Assert
    with pytest.raises(InvalidDataError, match="10 items"):
        model.predict(np.ones((1, 4)))
    with pytest.raises(InvalidParameterError, match="k must"):
        model.recommend(two_taste_matrix()[:1], k=0)
    with pytest.raises(InvalidParameterError, match="l2"):
        EASERecommender(l2=-1).fit(two_taste_matrix())
    with pytest.raises(InvalidParameterError, match="n_neighbours"):
        ItemKNNRecommender(n_neighbours=0).fit(two_taste_matrix())
    with pytest.raises(InvalidParameterError, match="dropout"):
        MultVAERecommender(dropout=1.5).fit(two_taste_matrix())


def test_item_ids_of_an_interaction_matrix_are_kept_and_saved(tmp_path):
    """Fitting on an InteractionMatrix records the original item ids in column order; Recommender.load gives
    them back with the model."""
    # Setup
    log = pd.DataFrame({"u": ["a", "a", "b", "c"], "i": [30, 10, 10, 20]})
    interactions = InteractionMatrix.from_log(log, "u", "i")
    # Run
    model = PopularityRecommender().fit(interactions)
    loaded = Recommender.load(model.save(tmp_path / "popularity"))
    # Assert
    assert model.item_ids_.tolist() == [10, 20, 30] and loaded.item_ids_.tolist() == [10, 20, 30]
    assert model.predict(interactions)[0].tolist() == [2.0, 1.0, 1.0]


@pytest.mark.parametrize("make_model", [
    lambda: MultVAERecommender(hidden_dim=16, latent_dim=4, epochs=80, batch_size=50, learning_rate=1e-2,
                               patience=3),
    lambda: RecVAERecommender(hidden_dim=16, latent_dim=4, epochs=80, batch_size=50, learning_rate=1e-2,
                              patience=3),
], ids=["mult_vae", "rec_vae"])
def test_generative_models_stop_on_validation_users_and_keep_the_best_epoch(make_model):
    """With enough users, Mult-VAE and RecVAE score held-out validation users after every epoch, stop once
    the score stalls, and keep the weights of the best epoch."""
    # Setup: three tastes over 90 items, 8 items per user
    rng = np.random.default_rng(0)
    matrix = np.zeros((300, 90), dtype=np.float32)
    for user in range(300):
        matrix[user, 30 * (user % 3) + rng.choice(30, size=8, replace=False)] = 1.0
    # Run
    model = make_model().fit(matrix)
    # Assert
    scores = [record["validation_recall@20"] for record in model.loss_history_]
    assert len(scores) < 80 and model.stop_reason_ == "early_stopped"
    assert scores[model.best_epoch_ - 1] == max(scores) and max(scores) > 0.5
    assert len(scores) - model.best_epoch_ == 3
