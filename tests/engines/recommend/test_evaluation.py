"""Held-out-user evaluation: the split, the metrics on a hand-made matrix, the oracle and the leaderboard."""

import numpy as np
import pytest
import scipy.sparse as sp

from engines.errors import InvalidDataError
from engines.recommend import (
    PopularityRecommender,
    compare_recommenders,
    oracle_metrics,
    ranking_metrics,
    split_held_out_users,
)


def test_metrics_on_a_hand_made_ranking():
    """Recall@k divides by min(k, held out); NDCG uses 1/log2(rank + 1); fold-in items are never ranked."""
    # Setup: 2 users x 4 items. User 0 holds out items 1 and 3; user 1 holds out item 0 and has item 3 as
    # fold-in.
    held_out = sp.csr_matrix(np.array([[0, 1, 0, 1], [1, 0, 0, 0]], dtype=np.float32))
    fold_in = sp.csr_matrix(np.array([[1, 0, 0, 0], [0, 0, 0, 1]], dtype=np.float32))
    scores = np.array([[9.0, 3.0, 2.0, 1.0],   # ranking without fold-in item 0: 1, 2, 3
                       [1.0, 2.0, 3.0, 9.0]])  # ranking without fold-in item 3: 2, 1, 0
    # Run
    metrics = ranking_metrics(scores, fold_in, held_out, recall_k=2, ndcg_k=3, coverage_k=1)
    # Assert
    recall_user0 = 1 / 2  # item 1 in the top 2, item 3 is third
    recall_user1 = 0 / 1  # item 0 is third
    assert metrics["recall@2"] == pytest.approx((recall_user0 + recall_user1) / 2)
    ndcg_user0 = (1 + 1 / np.log2(4)) / (1 + 1 / np.log2(3))
    ndcg_user1 = (1 / np.log2(4)) / 1
    assert metrics["ndcg@3"] == pytest.approx((ndcg_user0 + ndcg_user1) / 2)
    assert metrics["coverage@1"] == pytest.approx(2 / 4)  # items 1 and 2 are someone's top 1


def test_split_holds_out_users_and_keeps_every_interaction():
    """Test users are disjoint from training users, and fold-in + held-out rebuild each test user exactly."""
    # Setup
    rng = np.random.default_rng(0)
    matrix = sp.csr_matrix((rng.random((100, 30)) < 0.3).astype(np.float32))
    # Run
    split = split_held_out_users(matrix, test_fraction=0.2, random_state=1)
    # Assert
    assert len(split.test_rows) == 20 and not set(split.test_rows) & set(split.train_rows)
    rebuilt = (split.fold_in + split.held_out).toarray()
    np.testing.assert_array_equal(rebuilt, matrix[split.test_rows].toarray())
    assert (split.held_out.getnnz(axis=1) >= 1).all() and (split.fold_in.getnnz(axis=1) >= 1).all()
    assert split.fold_in.multiply(split.held_out).nnz == 0


def test_oracle_that_knows_the_held_out_items_is_perfect_and_beats_popularity():
    """Scores equal to the held-out indicator give recall 1, and the leaderboard reports % of oracle."""
    # Setup
    rng = np.random.default_rng(2)
    matrix = sp.csr_matrix((rng.random((80, 60)) < 0.15).astype(np.float32))
    split = split_held_out_users(matrix, random_state=0)
    truth = np.zeros(matrix.shape)
    truth[split.test_rows] = split.held_out.toarray()
    # Run
    oracle = oracle_metrics(truth, split)
    board = compare_recommenders([PopularityRecommender()], split, true_scores=truth)
    # Assert
    assert oracle["recall@20"] == pytest.approx(1.0) and oracle["ndcg@100"] == pytest.approx(1.0)
    assert board["model"].tolist() == ["Popularity", "Oracle (true preferences)"]
    assert board["% of oracle recall"].iloc[1] == pytest.approx(100.0)
    assert board["% of oracle recall"].iloc[0] < 100.0


def test_too_few_interactions_to_evaluate_says_so():
    """A log whose users have too few items cannot be split and the message says what to upload."""
    # Setup
    matrix = sp.csr_matrix(np.eye(30, dtype=np.float32))
    # Run / Assert
    with pytest.raises(InvalidDataError, match="Too few interactions to evaluate"):
        split_held_out_users(matrix)


def test_split_by_time_holds_out_each_test_users_latest_items():
    """With by_time, the held-out items of every test user are the ones they met last."""
    # Setup: each user meets items 0..9 in order 0, 1, 2, ... (time = item index)
    import pandas as pd

    from engines.recommend import InteractionMatrix

    log = pd.DataFrame([(user, item, float(item)) for user in range(60) for item in range(10)],
                       columns=["user", "item", "time"])
    interactions = InteractionMatrix.from_log(log, "user", "item", time_column="time")
    # Run
    split = split_held_out_users(interactions, by_time=True, random_state=0)
    # Assert
    assert (split.held_out.toarray()[:, 8:] == 1).all() and split.held_out.nnz == 2 * len(split.test_rows)
    with pytest.raises(Exception, match="time column"):
        split_held_out_users(interactions.matrix, by_time=True)
