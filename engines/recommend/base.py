"""`Recommender`: the family base of every recommender, on the lab's model contract (`engines.core.model`).

- `fit(interactions, on_progress=None, cancel=None)` validates the user x item matrix, records `n_items_` and
  `item_ids_`, and calls the subclass's `_fit_matrix`; the contract's wrapper records the training attributes
  (`fit_seconds_`, `loss_history_`, `stop_reason_`, ...) and returns `self`.
- `predict(user_items)` scores every item for each row of a user x item matrix ("fold-in": the users need not
  have been seen in training); higher is better, and scores are comparable within a row only.
- `recommend(user_items, k)` returns the top-k unseen items per row, with their scores.
- `save(path)` / `Recommender.load(path)` write and read a model folder (JSON + safetensors, never pickle);
  `Recommender.load` opens a folder of any registered recommender.
A subclass sets `kind` and `label`, is registered with `@register_model`, and implements `_fit_matrix`,
`_predict`, `_learned_arrays` and `_restore_arrays`.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch

from engines.core.model import BaseModel
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult
from engines.core.validation import check_positive_int
from engines.errors import InvalidDataError
from engines.recommend.interactions import InteractionMatrix, as_binary_csr


class Recommender(BaseModel):
    """Base class of every recommender; see the module docstring for the protocol."""

    # ------------------------------------------------------------------------------------------ protocol
    def fit(self, interactions: InteractionMatrix | sp.spmatrix | np.ndarray,
            on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> Recommender:
        """Learn from a user x item matrix of implicit feedback (any non-zero counts as an interaction);
        returns self. `on_progress(step, total, losses)` and `cancel` work as in `BaseModel.fit`."""
        return super().fit(interactions, on_progress=on_progress, cancel=cancel)

    def _fit(self, interactions: InteractionMatrix | sp.spmatrix | np.ndarray, *,
             on_progress: ProgressCallback | None, cancel: CancelToken | None) -> TrainingResult | None:
        matrix = as_binary_csr(interactions)
        if matrix.shape[0] < 2 or matrix.shape[1] < 2 or matrix.nnz == 0:
            raise InvalidDataError(
                f"A recommender needs at least 2 users and 2 items with interactions; got {matrix.shape[0]} "
                f"users x {matrix.shape[1]} items with {matrix.nnz} interactions.",
                key="engine.recommend.too_small", n_users=matrix.shape[0], n_items=matrix.shape[1],
                n_interactions=matrix.nnz
            )
        self._check_params(matrix)
        self.item_ids_ = (np.asarray(interactions.item_ids) if isinstance(interactions, InteractionMatrix)
                          else np.arange(matrix.shape[1]))
        self.n_items_ = matrix.shape[1]
        return self._fit_matrix(matrix, on_progress, cancel)

    def predict(self, user_items: InteractionMatrix | sp.spmatrix | np.ndarray) -> np.ndarray:
        """Scores (users x items, float32) of every item for each row of `user_items`; higher is better."""
        self._check_fitted()
        matrix = as_binary_csr(user_items, self.n_items_, "user_items")
        return np.asarray(self._predict(matrix), dtype=np.float32)

    def recommend(self, user_items: InteractionMatrix | sp.spmatrix | np.ndarray, k: int = 10,
                  exclude_seen: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """The top-`k` items per row as `(column indices, scores)`, best first; items a user already has are
        skipped unless `exclude_seen` is False. Rows are padded with -1 / nan when fewer than `k` items
        remain."""
        check_positive_int("k", k)
        matrix = as_binary_csr(user_items, getattr(self, "n_items_", None), "user_items")
        scores = self.predict(matrix)
        if exclude_seen:
            scores[matrix.nonzero()] = -np.inf
        return top_k(scores, k)

    # ------------------------------------------------------------------------------------------ persistence
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor | np.ndarray]]:
        return {"n_items": int(self.n_items_), "item_ids": self.item_ids_.tolist()}, self._learned_arrays()

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        self.n_items_ = int(state["n_items"])
        self.item_ids_ = np.asarray(state["item_ids"])
        self._restore_arrays({name: tensor.numpy() for name, tensor in tensors.items()})

    # ---------------------------------------------------------------------------------------- subclass hooks
    def _check_params(self, matrix: sp.csr_matrix) -> None:
        """Raise InvalidParameterError for hyper-parameters that cannot work on `matrix`."""

    @abstractmethod
    def _fit_matrix(self, matrix: sp.csr_matrix, on_progress: ProgressCallback | None,
                    cancel: CancelToken | None) -> TrainingResult | None:
        """Learn from the binary CSR matrix; return `run_training`'s result (None when fitted in one pass)."""

    @abstractmethod
    def _predict(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Scores for each row of the binary CSR matrix."""

    @abstractmethod
    def _learned_arrays(self) -> dict[str, np.ndarray]:
        """The learned arrays to save."""

    @abstractmethod
    def _restore_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        """Set the learned attributes from saved arrays."""


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of the `k` largest finite scores per row, best first (-1 / nan padding)."""
    scores = np.atleast_2d(scores)
    k_eff = min(k, scores.shape[1])
    part = np.argpartition(-scores, k_eff - 1, axis=1)[:, :k_eff]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    indices = np.take_along_axis(part, order, axis=1)
    values = np.take_along_axis(part_scores, order, axis=1).astype(np.float64)
    missing = ~np.isfinite(values)
    indices[missing], values[missing] = -1, np.nan
    if k_eff < k:
        indices = np.pad(indices, ((0, 0), (0, k - k_eff)), constant_values=-1)
        values = np.pad(values, ((0, 0), (0, k - k_eff)), constant_values=np.nan)
    return indices, values

