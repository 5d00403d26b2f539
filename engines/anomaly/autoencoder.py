"""An autoencoder that flags unusual rows by how badly it can rebuild them, and says which features were unusual.

Unsupervised: it learns to compress and rebuild ordinary rows (no labels), so a row unlike the bulk (a card-testing
burst, a large purchase abroad at night from a new device) rebuilds poorly. Numbers are scaled robustly (median and
inter-quartile range, clipped) and rebuilt with squared error; categories are rebuilt as a probability over their
levels and cost -log p(actual level). Each feature's error is divided by its average error on the training rows,
so "3" means "three times the usual miss for this feature"; the row's anomaly score is the mean of these ratios,
and the ratios themselves are the per-feature attributions shown in risk warnings.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import reset_parameters
from engines.core.metadata import BOOLEAN, CATEGORICAL, CONTINUOUS, DATETIME, ID, INTEGER
from engines.core.model import BaseModel, register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.table_encoder import TableEncoder
from engines.core.training import TrainingResult, run_training
from engines.core.validation import check_fraction, check_non_negative_int, check_positive_int
from engines.errors import InvalidDataError, InvalidParameterError

_CLIP = 8.0  # scaled numbers beyond +-8 IQRs are clipped: one extreme value must not dominate the training loss
_OTHER = "other"
# Numbers robustly scaled (median, IQR) and clipped; categories compared as text (missing is the level
# "missing"), the most frequent `max_category_levels` kept. Numbers that do not parse count as missing.
_ENCODING = {"scaling": "robust", "clip": _CLIP, "category_order": "frequency", "categories_as_text": True,
             "coerce_numbers": True, "number_sdtypes": [CONTINUOUS, INTEGER, BOOLEAN],
             "category_sdtypes": [CATEGORICAL, DATETIME, ID]}
# Floor of a feature's "usual" error, so a feature rebuilt perfectly in training cannot divide by zero.
_MIN_USUAL_ERROR = 1e-3


class _Network(nn.Module):
    def __init__(self, width: int, hidden: tuple[int, ...]) -> None:
        super().__init__()
        sizes = [width, *hidden]
        encoder: list[nn.Module] = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            encoder += [nn.Linear(a, b), nn.Tanh()]
        decoder: list[nn.Module] = []
        reverse = sizes[::-1]
        for a, b in zip(reverse[:-2], reverse[1:-1]):
            decoder += [nn.Linear(a, b), nn.Tanh()]
        decoder.append(nn.Linear(reverse[-2], width))
        self.encoder = nn.Sequential(*encoder)
        self.decoder = nn.Sequential(*decoder)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(inputs))


@register_model
class TabularAutoencoder(BaseModel):
    """Reconstruction-error anomaly scorer for a table of numbers and categories (see the module docstring).

    `fit(data)` learns from the rows of `data` (all columns are features); `score(data)` returns one anomaly score
    per row (1 = as hard to rebuild as a typical training row); `feature_errors(data)` returns the per-feature
    ratios behind it; `save(path)` / `load(path)` use a model folder (JSON + safetensors).
    """

    kind = "tabular_autoencoder"
    label = "anomaly autoencoder"
    description = "Flags rows it cannot rebuild well and names the features it missed most."

    def __init__(
        self,
        hidden_dims: tuple[int, ...] = (48, 12),
        epochs: int = 10,
        batch_size: int = 512,
        learning_rate: float = 2e-3,
        max_steps: int = 2000,
        max_category_levels: int = 30,
        device: str = "auto",
        random_state: int | None = None,
    ) -> None:
        self.hidden_dims = hidden_dims
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.max_steps = max_steps
        self.max_category_levels = max_category_levels
        self.device = device
        self.random_state = random_state

    # ----------------------------------------------------------------------------------------------- fit
    def fit(
        self, data: pd.DataFrame, on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> TabularAutoencoder:
        """Learn to rebuild the rows of `data`; returns self. Stopping early through `on_progress` or `cancel`
        leaves a usable model (`cancelled_` is then True)."""
        return super().fit(data, on_progress=on_progress, cancel=cancel)

    def _fit(self, data: pd.DataFrame, *, on_progress: ProgressCallback | None,
             cancel: CancelToken | None) -> TrainingResult:
        self._check_params()
        if not isinstance(data, pd.DataFrame) or len(data) < 10 or data.shape[1] == 0:
            raise InvalidDataError("The autoencoder needs a table of at least 10 rows and one column.",
                                   key="engine.anomaly.too_small")
        device = resolve_device(self.device)
        # One thread: for a network this small, a second thread only spin-waits (on a busy 2-core machine one
        # 128-row step took 95 ms with two threads and 2 ms with one).
        configure_cpu_threads(device, max_threads=1)
        seed = self.random_state
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        rng = np.random.default_rng(seed)
        self._learn_encoding(data)
        matrix, targets = self._encode(data)
        self.device_ = device
        self.network_ = _Network(matrix.shape[1], tuple(self.hidden_dims)).to(device)
        reset_parameters(self.network_, make_generator(torch.device("cpu"), int(rng.integers(2**63))))
        inputs = torch.as_tensor(matrix, dtype=torch.float32, device=device)
        numeric_targets = torch.as_tensor(targets[:, : len(self.numeric_)], dtype=torch.float32, device=device)
        code_targets = torch.as_tensor(targets[:, len(self.numeric_):], dtype=torch.long, device=device)
        optimizer = torch.optim.Adam(self.network_.parameters(), lr=self.learning_rate)
        batch = min(self.batch_size, len(data))
        generator = make_generator(device, int(rng.integers(2**63)))
        self.network_.train()

        def train_step(step: int) -> dict[str, torch.Tensor]:
            rows = torch.randint(0, len(inputs), (batch,), generator=generator, device=device)
            errors = self._errors(self.network_(inputs[rows]), numeric_targets[rows], code_targets[rows])
            loss = errors.mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            return {"reconstruction": loss.detach()}

        result = run_training(train_step, epochs=self.epochs, steps_per_epoch=max(1, len(data) // batch),
                              max_steps=self.max_steps, on_progress=on_progress, cancel=cancel)
        self.network_.eval()
        raw = self._raw_feature_errors(matrix, targets)
        self.feature_scale_ = np.maximum(raw.mean(axis=0), _MIN_USUAL_ERROR)
        return result

    def _check_params(self) -> None:
        for name in ("epochs", "batch_size", "max_category_levels"):
            check_positive_int(name, getattr(self, name))
        check_non_negative_int("max_steps", self.max_steps, zero_means="no limit")
        check_fraction("learning_rate", self.learning_rate)
        if not self.hidden_dims:
            raise InvalidParameterError("hidden_dims must list at least one layer width; got none.",
                                        key="engine.anomaly.no_hidden_layers")
        for width in self.hidden_dims:
            check_positive_int("each of hidden_dims", width)

    # ------------------------------------------------------------------------------------------ encoding
    def _learn_encoding(self, data: pd.DataFrame) -> None:
        # Column types from the lab's vocabulary: numbers and yes/no flags are scaled, every other column
        # (categories, dates and keys written as text) is a category; see `_table_encoder` for the encoding.
        encoder = TableEncoder(**_ENCODING, max_categories=self.max_category_levels).fit(data)
        numbers, categories = encoder.number_columns_, encoder.category_columns_
        self.numeric_ = [column.name for column in numbers]
        self.categorical_ = [column.name for column in categories]
        self.features_ = self.numeric_ + self.categorical_
        self.medians_ = [column.center for column in numbers]
        self.scales_ = [column.scale for column in numbers]
        # The last level is "other" (a level not kept, or never seen in training).
        self.levels_ = [[*column.levels, _OTHER] for column in categories]

    def _table_encoder(self) -> TableEncoder:
        """The shared encoder described by the saved state (medians, scales, levels), ready to transform."""
        numbers = [{"name": name, "sdtype": CONTINUOUS, "kind": "number", "fill": median, "center": median,
                    "scale": scale}
                   for name, median, scale in zip(self.numeric_, self.medians_, self.scales_)]
        categories = [{"name": name, "sdtype": CATEGORICAL, "kind": "category", "levels": list(levels[:-1])}
                      for name, levels in zip(self.categorical_, self.levels_)]
        params = dict(_ENCODING, max_categories=self.max_category_levels)
        return TableEncoder.from_state({"params": params, "columns": numbers + categories})

    def _encode(self, data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        missing = [c for c in self.features_ if c not in data.columns]
        if missing:
            raise InvalidDataError(f"The table lacks the column(s) {missing} the autoencoder was trained on.",
                                   key="engine.anomaly.missing_columns", missing=missing)
        encoder = self._table_encoder()
        parts, targets = [], []
        for column in encoder.number_columns_:
            scaled = encoder.numbers(data, column)[0]
            parts.append(scaled[:, None])
            targets.append(scaled[:, None])
        for column in encoder.category_columns_:
            codes = encoder.category_codes(data, column)
            parts.append(encoder.one_hot(codes, len(column.levels) + 1))
            targets.append(codes[:, None].astype(np.float64))
        return np.hstack(parts), np.hstack(targets)

    def _errors(self, output: torch.Tensor, numeric_targets: torch.Tensor, code_targets: torch.Tensor) -> torch.Tensor:
        """Per-row, per-feature errors (rows x features) of a network output."""
        n_numeric = len(self.numeric_)
        columns = [(output[:, :n_numeric] - numeric_targets) ** 2] if n_numeric else []
        start = n_numeric
        for index, levels in enumerate(self.levels_):
            logits = output[:, start:start + len(levels)]
            columns.append(nn.functional.cross_entropy(logits, code_targets[:, index], reduction="none")[:, None])
            start += len(levels)
        return torch.cat(columns, dim=1)

    def _raw_feature_errors(self, matrix: np.ndarray, targets: np.ndarray, batch: int = 65_536) -> np.ndarray:
        outputs = []
        with torch.no_grad():
            for start in range(0, len(matrix), batch):
                inputs = torch.as_tensor(matrix[start:start + batch], dtype=torch.float32, device=self.device_)
                part = targets[start:start + batch]
                numeric = torch.as_tensor(part[:, : len(self.numeric_)], dtype=torch.float32, device=self.device_)
                codes = torch.as_tensor(part[:, len(self.numeric_):], dtype=torch.long, device=self.device_)
                outputs.append(self._errors(self.network_(inputs), numeric, codes).cpu().numpy())
        return np.concatenate(outputs).astype(np.float64)

    # ------------------------------------------------------------------------------------------- scoring
    def feature_errors(self, data: pd.DataFrame) -> pd.DataFrame:
        """Each feature's reconstruction error as a multiple of its average on the training rows (rows x features)."""
        self._check_fitted()
        matrix, targets = self._encode(data)
        ratios = self._raw_feature_errors(matrix, targets) / self.feature_scale_
        return pd.DataFrame(ratios, columns=self.features_, index=data.index)

    def score(self, data: pd.DataFrame) -> np.ndarray:
        """Anomaly score per row: the mean of `feature_errors` (about 1 for a typical row, higher = more unusual)."""
        return self.feature_errors(data).to_numpy().mean(axis=1)

    # ----------------------------------------------------------------------------------------- save/load
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        state = {"numeric": self.numeric_, "categorical": self.categorical_, "medians": self.medians_,
                 "scales": self.scales_, "levels": self.levels_,
                 "feature_scale": self.feature_scale_.tolist()}
        return state, self.network_.state_dict()

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        self.hidden_dims = tuple(self.hidden_dims)  # JSON gave it back as a list
        self.numeric_, self.categorical_ = list(state["numeric"]), list(state["categorical"])
        self.features_ = self.numeric_ + self.categorical_
        self.medians_, self.scales_, self.levels_ = state["medians"], state["scales"], state["levels"]
        self.feature_scale_ = np.asarray(state["feature_scale"], dtype=np.float64)
        self.device_ = device
        width = len(self.numeric_) + sum(len(levels) for levels in self.levels_)
        self.network_ = _Network(width, self.hidden_dims)
        self.network_.load_state_dict(tensors)
        self.network_.to(self.device_).eval()
