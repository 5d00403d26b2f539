"""Protocol cases of the recommend models (see tests/engines/protocol/__init__.py)."""

from functools import lru_cache

import numpy as np

from engines.recommend import (
    EASERecommender,
    ItemKNNRecommender,
    MultVAERecommender,
    PopularityRecommender,
    RecVAERecommender,
)
from tests.engines.protocol import ProtocolCase


def two_taste_matrix(n_users: int = 60, seed: int = 0) -> np.ndarray:
    """Users of two tastes: taste A uses items 0-4, taste B items 5-9; each user has 3 of their 5 items."""
    rng = np.random.default_rng(seed)
    matrix = np.zeros((n_users, 10), dtype=np.float32)
    for user in range(n_users):
        block = 0 if user % 2 == 0 else 5
        matrix[user, block + rng.choice(5, size=3, replace=False)] = 1.0
    return matrix


@lru_cache(maxsize=1)
def _matrix() -> np.ndarray:
    return two_taste_matrix()


def _data() -> tuple:
    return (_matrix(),)


def _bad_data() -> tuple:
    return (np.ones((1, 3)),)  # one user: nothing to learn from


def _top_items(model) -> tuple:
    return model.recommend(_matrix()[:6], k=3)


CASES: dict[str, ProtocolCase] = {
    "popularity": ProtocolCase(lambda seed: PopularityRecommender(), _data, _top_items, _bad_data,
                               trains_in_steps=False),
    "item_knn": ProtocolCase(lambda seed: ItemKNNRecommender(n_neighbours=3), _data, _top_items, _bad_data,
                             trains_in_steps=False),
    "ease": ProtocolCase(lambda seed: EASERecommender(l2=1.0), _data, _top_items, _bad_data,
                         trains_in_steps=False),
    "mult_vae": ProtocolCase(
        lambda seed: MultVAERecommender(hidden_dim=16, latent_dim=4, epochs=3, batch_size=20,
                                        random_state=seed),
        _data, lambda model: model.predict(_matrix()[:6]), _bad_data),
    "rec_vae": ProtocolCase(
        lambda seed: RecVAERecommender(hidden_dim=16, latent_dim=4, epochs=2, batch_size=20,
                                       random_state=seed),
        _data, lambda model: model.predict(_matrix()[:6]), _bad_data),
}
