"""Evaluation with held-out users (Liang et al. 2018): models train on some users, and each test user's items
are split into a fold-in part (80%) the model sees and a held-out part it must rank highly.

Metrics, per test user, then averaged:
- Recall@k = held-out items in the top k / min(k, number held out) (the paper's normalisation, so 1 is
  reachable);
- NDCG@k with binary relevance, normalised by the best possible ordering of that user's held-out items;
- catalogue coverage@k = share of all items that appear in at least one test user's top k (over all users).
  Fold-in items are never recommended back. The oracle ranks by the true preference scores of a simulator.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engines.core.progress import CancelToken
from engines.errors import InvalidDataError, InvalidParameterError
from engines.recommend.base import Recommender, top_k
from engines.recommend.interactions import InteractionMatrix, as_binary_csr

RECALL_K = 20
NDCG_K = 100
COVERAGE_K = 20
# EASE's regulariser candidates: real logs with thousands of items can prefer 10-30, small dense simulated
# catalogues 1,000+.
EASE_L2_GRID = (10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)


@dataclass(frozen=True)
class HeldOutSplit:
    """Train users' rows, and for the test users a fold-in matrix and a held-out matrix (same columns)."""

    train: sp.csr_matrix
    fold_in: sp.csr_matrix
    held_out: sp.csr_matrix
    train_rows: np.ndarray  # row positions in the source matrix
    test_rows: np.ndarray


def split_held_out_users(interactions: InteractionMatrix | sp.spmatrix, test_fraction: float = 0.2,
                         fold_in_fraction: float = 0.8, min_items_per_test_user: int = 4,
                         min_test_users: int = 10, max_test_users: int | None = None,
                         random_state: int = 0, by_time: bool = False) -> HeldOutSplit:
    """Pick test users at random among those with at least `min_items_per_test_user` items (a `test_fraction`
    of all users, capped at `max_test_users`); split each one's items into fold-in (`fold_in_fraction`, at
    least one) and held-out (at least one): at random, or with `by_time` (which needs an InteractionMatrix
    with `first_seen`) the items the user met last are held out, so models predict what comes next. Every
    other user trains.

    Raises InvalidDataError, saying how many users qualify, when fewer than `min_test_users` test users or
    fewer than that many train users are possible: the comparison would be noise."""
    if not 0.0 < float(test_fraction) < 1.0 or not 0.0 < float(fold_in_fraction) < 1.0:
        raise InvalidParameterError("test_fraction and fold_in_fraction must be between 0 and 1.",
                                    key="engine.recommend.bad_fractions")
    matrix = as_binary_csr(interactions)
    first_seen = getattr(interactions, "first_seen", None)
    if by_time and first_seen is None:
        raise InvalidParameterError("by_time needs an InteractionMatrix built with a time column.",
                                    key="engine.recommend.no_time")
    rng = np.random.default_rng(random_state)
    counts = matrix.getnnz(axis=1)
    eligible = np.flatnonzero(counts >= min_items_per_test_user)
    n_test = int(round(test_fraction * matrix.shape[0]))
    n_test = min(n_test, len(eligible), max_test_users or len(eligible))
    if n_test < min_test_users or matrix.shape[0] - n_test < min_test_users:
        raise InvalidDataError(
            "Too few interactions to evaluate: the comparison holds out users with at least "
            f"{min_items_per_test_user} items each and needs {min_test_users} such test users plus "
            f"{min_test_users} others to train on. This log has {matrix.shape[0]:,} users, {len(eligible):,} "
            f"of them with {min_items_per_test_user}+ items. Upload a longer log (more users, or more items "
            "per user).",
            key="engine.recommend.too_few_to_evaluate", min_items=min_items_per_test_user,
            min_users=min_test_users, n_users=matrix.shape[0], n_eligible=len(eligible)
        )
    test_rows = np.sort(rng.choice(eligible, size=n_test, replace=False))
    train_rows = np.setdiff1d(np.arange(matrix.shape[0]), test_rows)
    test = matrix[test_rows].tocsr()
    times = first_seen[test_rows].tocsr() if by_time else None
    fold_mask = np.zeros(test.nnz, dtype=bool)
    for row in range(test.shape[0]):
        start, end = test.indptr[row], test.indptr[row + 1]
        n = end - start
        n_fold = min(n - 1, max(1, int(round(fold_in_fraction * n))))
        if times is not None:
            # The same sparsity pattern as `test`, so positions line up once both rows are sorted by column.
            order = np.argsort(times.data[times.indptr[row]:times.indptr[row + 1]], kind="stable")
            fold_mask[start + order[:n_fold]] = True
        else:
            fold_mask[start + rng.choice(n, size=n_fold, replace=False)] = True
    fold_in, held_out = test.copy(), test.copy()
    fold_in.data = fold_mask.astype(np.float32)
    held_out.data = (~fold_mask).astype(np.float32)
    fold_in.eliminate_zeros()
    held_out.eliminate_zeros()
    return HeldOutSplit(matrix[train_rows].tocsr(), fold_in, held_out, train_rows, test_rows)


def ranking_metrics(scores: np.ndarray, fold_in: sp.spmatrix, held_out: sp.spmatrix, recall_k: int = RECALL_K,
                    ndcg_k: int = NDCG_K, coverage_k: int = COVERAGE_K) -> dict[str, float]:
    """Recall@`recall_k`, NDCG@`ndcg_k` and coverage@`coverage_k` of a score matrix (test users x items), with
    fold-in items excluded from the ranking. Keys: `recall@20`, `ndcg@100`, `coverage@20` (for the default
    ks)."""
    scores = np.array(scores, dtype=np.float64, copy=True)
    fold_in, held_out = as_binary_csr(fold_in), as_binary_csr(held_out)
    if scores.shape != held_out.shape or fold_in.shape != held_out.shape:
        raise InvalidDataError(f"scores {scores.shape}, fold-in {fold_in.shape} and held-out "
                               f"{held_out.shape} must have the same shape.",
                               key="engine.recommend.shape_mismatch", scores_shape=scores.shape,
                               fold_in_shape=fold_in.shape, held_out_shape=held_out.shape)
    scores[fold_in.nonzero()] = -np.inf
    truth = held_out.toarray() > 0
    n_relevant = truth.sum(axis=1)
    users = n_relevant > 0
    deepest = max(recall_k, ndcg_k, coverage_k)
    ranked, _ = top_k(scores, deepest)
    hits = np.take_along_axis(truth, np.maximum(ranked, 0), axis=1) & (ranked >= 0)
    recall = hits[:, :recall_k].sum(axis=1) / np.maximum(np.minimum(recall_k, n_relevant), 1)
    discounts = 1.0 / np.log2(np.arange(2, ndcg_k + 2))
    dcg = (hits[:, :ndcg_k] * discounts).sum(axis=1)
    ideal = np.array([discounts[:min(n, ndcg_k)].sum() for n in n_relevant])
    ndcg = dcg / np.maximum(ideal, 1e-12)
    shown = ranked[:, :coverage_k]
    coverage = len(np.unique(shown[shown >= 0])) / scores.shape[1]
    return {
        f"recall@{recall_k}": float(recall[users].mean()) if users.any() else float("nan"),
        f"ndcg@{ndcg_k}": float(ndcg[users].mean()) if users.any() else float("nan"),
        f"coverage@{coverage_k}": float(coverage),
    }


def evaluate_recommender(model: Recommender, split: HeldOutSplit, fit: bool = True, on_progress=None,
                         cancel: CancelToken | None = None) -> dict[str, float]:
    """Fit `model` on the split's train users (unless `fit` is False), score the test users from their fold-in
    items, and return the ranking metrics plus `fit_seconds`."""
    if fit:
        model.fit(split.train, on_progress=on_progress, cancel=cancel)
    metrics = ranking_metrics(model.predict(split.fold_in), split.fold_in, split.held_out)
    metrics["fit_seconds"] = float(model.fit_seconds_)
    return metrics


def oracle_metrics(true_scores: np.ndarray, split: HeldOutSplit) -> dict[str, float]:
    """The metrics of ranking each test user's items by the simulator's true preference scores; `true_scores`
    has one row per user of the source matrix (in its row order) and one column per item."""
    true_scores = np.asarray(true_scores, dtype=np.float64)
    n_users = len(split.train_rows) + len(split.test_rows)
    if true_scores.shape != (n_users, split.fold_in.shape[1]):
        raise InvalidDataError("The true scores must be users x items = "
                               f"{(n_users, split.fold_in.shape[1])}; got {true_scores.shape}.",
                               key="engine.recommend.bad_true_scores",
                               expected=(n_users, split.fold_in.shape[1]), shape=true_scores.shape)
    metrics = ranking_metrics(true_scores[split.test_rows], split.fold_in, split.held_out)
    metrics["fit_seconds"] = 0.0
    return metrics


def compare_recommenders(models: Sequence[Recommender], split: HeldOutSplit,
                         true_scores: np.ndarray | None = None,
                         on_model: Callable[[str], Callable | None] | None = None,
                         cancel: CancelToken | None = None) -> pd.DataFrame:
    """The leaderboard: one row per model (and one for the oracle when `true_scores` is given) with
    `model`, `recall@20`, `ndcg@100`, `coverage@20`, `fit_seconds` and, with an oracle, `% of oracle recall`.
    `on_model(label)` may return a progress callback for that model's training."""
    rows = []
    for model in models:
        started = time.perf_counter()
        callback = on_model(model.label) if on_model else None
        metrics = evaluate_recommender(model, split, on_progress=callback, cancel=cancel)
        metrics["evaluate_seconds"] = time.perf_counter() - started
        rows.append({"model": model.label, **metrics})
    if true_scores is not None:
        rows.append({"model": "Oracle (true preferences)", **oracle_metrics(true_scores, split)})
    board = pd.DataFrame(rows)
    if true_scores is not None:
        oracle_recall = board.loc[board["model"].str.startswith("Oracle"), f"recall@{RECALL_K}"].iloc[0]
        board["% of oracle recall"] = 100.0 * board[f"recall@{RECALL_K}"] / oracle_recall
    return board


def tune_ease_l2(train: InteractionMatrix | sp.spmatrix,
                 grid: Sequence[float] = EASE_L2_GRID,
                 random_state: int = 0) -> float:
    """The EASE regulariser from `grid` with the best Recall@20 on validation users carved out of `train`
    (never the test users), so the baseline is tuned as fairly as the model it is compared with. Falls back to
    the grid's middle value when `train` is too small to hold validation users."""
    from engines.recommend.baselines import EASERecommender

    try:
        validation = split_held_out_users(train, random_state=random_state + 1)
    except InvalidDataError:
        return float(grid[len(grid) // 2])
    recalls = [evaluate_recommender(EASERecommender(l2=float(l2)), validation)[f"recall@{RECALL_K}"]
               for l2 in grid]
    return float(grid[int(np.argmax(recalls))])
