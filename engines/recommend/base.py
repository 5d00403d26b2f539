"""`Recommender`: the protocol every recommender follows, whatever its model.

- `fit(interactions, on_progress=None, cancel=None)` validates the user x item matrix and calls the subclass's
  `_fit`; it records `n_items_`, `item_ids_` and `fit_seconds_` and returns `self`.
- `predict(user_items)` scores every item for each row of a user x item matrix ("fold-in": the users need not
  have been seen in training); higher is better, and scores are comparable within a row only.
- `recommend(user_items, k)` returns the top-k unseen items per row, with their scores.
- `save(path)` / `Recommender.load(path)` write and read a model folder (JSON + safetensors, never pickle).
A subclass sets `name` and `label`, and implements `_fit`, `_predict`, `_state` and `_restore`. Constructor
arguments are hyper-parameters stored unchanged; learned attributes end with `_`.
"""

from __future__ import annotations

import inspect
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
import torch

from engines.core.persistence import load_model_folder, read_manifest, save_model_folder
from engines.core.progress import CancelToken, ProgressCallback
from engines.errors import InvalidDataError, InvalidParameterError, ModelFileError, NotFittedError
from engines.recommend.interactions import InteractionMatrix, as_binary_csr

KIND_PREFIX = "recommend/"


class Recommender(ABC):
    """Base class of every recommender; see the module docstring for the protocol."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""

    # ------------------------------------------------------------------------------------------ parameters
    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as given (sklearn's contract)."""
        names = [n for n in inspect.signature(type(self).__init__).parameters if n != "self"]
        return {name: getattr(self, name) for name in names}

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({params})"

    # ------------------------------------------------------------------------------------------ protocol
    def fit(self, interactions: InteractionMatrix | sp.spmatrix | np.ndarray,
            on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> Recommender:
        """Learn from a user x item matrix of implicit feedback (any non-zero counts as an interaction)."""
        matrix = as_binary_csr(interactions)
        if matrix.shape[0] < 2 or matrix.shape[1] < 2 or matrix.nnz == 0:
            raise InvalidDataError(
                f"A recommender needs at least 2 users and 2 items with interactions; got {matrix.shape[0]} "
                f"users x {matrix.shape[1]} items with {matrix.nnz} interactions."
            )
        self._check_params(matrix)
        self.item_ids_ = (np.asarray(interactions.item_ids) if isinstance(interactions, InteractionMatrix)
                          else np.arange(matrix.shape[1]))
        self.n_items_ = matrix.shape[1]
        started = time.perf_counter()
        self._fit(matrix, on_progress, cancel)
        self.fit_seconds_ = time.perf_counter() - started
        return self

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
        if not isinstance(k, (int, np.integer)) or k < 1:
            raise InvalidParameterError(f"k must be a positive whole number; got {k!r}.")
        matrix = as_binary_csr(user_items, getattr(self, "n_items_", None), "user_items")
        scores = self.predict(matrix)
        if exclude_seen:
            scores[matrix.nonzero()] = -np.inf
        return top_k(scores, k)

    # ------------------------------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> Path:
        """Write the fitted model to the folder `path` (model.json + weights.safetensors)."""
        self._check_fitted()
        tensors = {name: torch.as_tensor(np.ascontiguousarray(value))
                   for name, value in self._state().items()}
        config = {
            "params": self.get_params(),
            "n_items": self.n_items_,
            "item_ids": self.item_ids_.tolist(),
            "fit_seconds": self.fit_seconds_,
            "extra": self._extra_config(),
        }
        return save_model_folder(path, kind=KIND_PREFIX + self.name, config=config, tensors=tensors)

    @classmethod
    def load(cls, path: str | Path) -> Recommender:
        """Read a folder written by `save`. Called on `Recommender` it returns whichever model the folder
        holds; called on a subclass it refuses folders of another kind."""
        kinds = {KIND_PREFIX + model.name: model for model in _all_subclasses(Recommender) if model.name}
        if cls is not Recommender:
            config, tensors = load_model_folder(path, expected_kind=KIND_PREFIX + cls.name)
            model_class = cls
        else:
            kind = read_manifest(path)["kind"]
            if kind not in kinds:
                raise ModelFileError(f"{str(path)!r} does not hold a recommender (it holds {kind!r}).")
            config, tensors = load_model_folder(path, expected_kind=kind)
            model_class = kinds[kind]
        try:
            model = model_class(**config["params"])
            model.n_items_ = int(config["n_items"])
            model.item_ids_ = np.asarray(config["item_ids"])
            model.fit_seconds_ = float(config["fit_seconds"])
            model._restore({name: tensor.numpy() for name, tensor in tensors.items()},
                           config.get("extra", {}))
        except (KeyError, TypeError, ValueError, RuntimeError) as error:
            message = f"The recommender in {str(path)!r} is incomplete or damaged ({error})."
            raise ModelFileError(message) from None
        return model

    # ---------------------------------------------------------------------------------------- subclass hooks
    def _check_params(self, matrix: sp.csr_matrix) -> None:
        """Raise InvalidParameterError for hyper-parameters that cannot work on `matrix`."""

    @abstractmethod
    def _fit(self, matrix: sp.csr_matrix, on_progress: ProgressCallback | None,
             cancel: CancelToken | None) -> None:
        """Learn from the binary CSR matrix."""

    @abstractmethod
    def _predict(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Scores for each row of the binary CSR matrix."""

    @abstractmethod
    def _state(self) -> dict[str, np.ndarray]:
        """The learned arrays to save."""

    @abstractmethod
    def _restore(self, arrays: dict[str, np.ndarray], extra: dict) -> None:
        """Set the learned attributes from saved arrays."""

    def _extra_config(self) -> dict:
        """JSON-able learned state beyond the arrays (training history, ...)."""
        return {}

    def _check_fitted(self) -> None:
        if not hasattr(self, "n_items_"):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet: call fit(...) or load(...) "
                                 "first.")


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


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found
