"""`BaseSynthesizer`: what every tabular generator shares on top of the lab's `BaseModel` contract (SDV's
template method, sklearn's estimator contract).

The public methods live here and are the same for every generator:
- `fit(data, metadata=None, on_progress=None, cancel=None)` goes through `BaseModel.fit` (which records
  `fit_seconds_`, `loss_history_`, `stop_reason_`...) to `_fit`: validate the table, detect or check the
  metadata, fit the shared `TablePreprocessor`, then the subclass's `_fit_model`.
- `sample(num_rows, conditions=None, seed=None)` generates in batches through the subclass's `_generate`,
  keeps only rows that meet the conditions (topping up until there are enough), and decodes to a DataFrame.
- `save(path)` / `load(path)` are `BaseModel`'s; `BaseSynthesizer.load(path)` opens any registered generator.
A subclass sets `kind`, `label`, `description` and `PRESETS`, is registered with `@register_model`, and
implements `_fit_model`, `_generate`, `_model_state`, `_model_tensors` and `_restore_model`.
Hyper-parameters are constructor arguments stored unchanged; `None` means "take it from the preset". Learned
attributes end with `_`.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

import numpy as np
import pandas as pd
import torch

from engines.core.device import configure_cpu_threads, inference_threads, make_generator, resolve_device
from engines.core.metadata import TableMetadata, check_table
from engines.core.model import BaseModel
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import KeepBest, TrainingResult, step_budget
from engines.core.validation import check_fraction, check_non_negative_int, check_positive_int
from engines.errors import InvalidDataError, InvalidParameterError
from engines.synth.preprocessing import PreparedTable, TablePreprocessor

SAMPLE_BATCH_ROWS = 32_768
# Early stopping on quality checks: a gain smaller than this does not reset the patience count.
_MIN_QUALITY_GAIN = 0.002
# Conditional sampling draws until it has enough matching rows, or this many rows per row asked for.
_MAX_DRAWS_PER_CONDITIONED_ROW = 200
# Every generator offers these presets, from fastest to most faithful.
PRESETS = ("quick", "balanced", "best")

SynthesizerT = TypeVar("SynthesizerT", bound="BaseSynthesizer")


class BaseSynthesizer(BaseModel):
    """Base class of every tabular generator; see the module docstring for the protocol."""

    label: ClassVar[str] = "table generator"
    PRESETS: ClassVar[dict[str, dict[str, Any]]] = {}
    DEFAULT_PRESET: ClassVar[str] = "balanced"

    # ------------------------------------------------------------------------------------------ parameters
    @classmethod
    def from_preset(cls: type[SynthesizerT], preset: str, **overrides: Any) -> SynthesizerT:
        """A generator configured by a named preset ("quick", "balanced", "best"), with optional overrides."""
        return cls(preset=preset, **overrides)

    def resolved_params(self) -> dict[str, Any]:
        """The hyper-parameters `fit` will use: the preset's values, overridden by every argument not None."""
        preset = getattr(self, "preset", None) or self.DEFAULT_PRESET
        if preset not in self.PRESETS:
            raise InvalidParameterError(
                f"Unknown preset {preset!r} for {self.label}; choose one of: {', '.join(self.PRESETS)}.",
                key="engine.synth.unknown_preset", preset=repr(preset), model=self.label,
                presets=', '.join(self.PRESETS)
            )
        params = dict(self.PRESETS[preset])
        params.update({k: v for k, v in self.get_params().items() if v is not None and k != "preset"})
        self._check_params(params)
        return params

    def planned_steps(self, n_rows: int) -> int:
        """The most optimisation steps `fit` will run on a table of `n_rows` rows with these settings (early
        stopping may end sooner); 1 for a generator fitted in one pass. For time estimates before training."""
        params = self.resolved_params()
        if "epochs" not in params:
            return 1
        batch = max(1, min(int(params["batch_size"]), n_rows))
        return self._planned_epochs_and_steps(params, max(1, n_rows // batch))

    @staticmethod
    def _planned_epochs_and_steps(params: dict[str, Any], steps_per_epoch: int) -> int:
        epochs, steps = step_budget(int(params["epochs"]), steps_per_epoch, int(params.get("max_steps") or 0))
        return epochs * steps

    def _check_params(self, params: dict[str, Any]) -> None:
        for name in ("epochs", "batch_size"):
            if name in params:
                check_positive_int(name, params[name])
        if "max_steps" in params:
            check_non_negative_int("max_steps", params["max_steps"], zero_means="no limit")
        if "learning_rate" in params:
            check_fraction("learning_rate", params["learning_rate"])

    # ------------------------------------------------------------------------------------------------ fit
    def fit(
        self: SynthesizerT,
        data: pd.DataFrame,
        metadata: TableMetadata | Mapping | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> SynthesizerT:
        """Learn the table `data`; returns self.

        `metadata` (a `TableMetadata` or its dict) fixes the column types; when None they are detected and
        kept in `metadata_`. `on_progress(step, total, losses)` is called at least once a second; returning
        False, or setting the `cancel` event, stops training early and leaves a usable model (`cancelled_` is
        then True). Raises `InvalidDataError` for tables that cannot be learned, with the reason.
        """
        return super().fit(data, metadata, on_progress=on_progress, cancel=cancel)

    def _fit(
        self,
        data: pd.DataFrame,
        metadata: TableMetadata | Mapping | None = None,
        *,
        on_progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> TrainingResult | None:
        check_table(data)
        params = self.resolved_params()
        if metadata is None:
            metadata = TableMetadata.detect(data)
        elif isinstance(metadata, Mapping):
            metadata = TableMetadata.from_dict(metadata)
        elif isinstance(metadata, TableMetadata):
            metadata = metadata.copy()
        else:
            raise InvalidDataError("metadata must be a TableMetadata, its dict form, or None to detect it.",
                                   key="engine.synth.bad_metadata")
        metadata.validate(data)
        device = resolve_device(params.get("device", "auto"))
        configure_cpu_threads(device)
        seed = params.get("random_state")
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        rng = np.random.default_rng(seed)
        preprocessor = TablePreprocessor(params.get("max_category_levels", 200))
        prepared = preprocessor.fit(data, metadata, rng)
        self.metadata_ = metadata
        self.preprocessor_ = preprocessor
        self.device_ = device
        self.params_ = params
        self.n_rows_seen_ = len(data)
        self._sample_lock = threading.Lock()
        self._sample_rng = np.random.default_rng(rng.integers(2**63))
        if not self._has_model_columns():
            return None  # only ids and constants: nothing to learn, sampling just regenerates them
        return self._fit_model(prepared, params, device, rng, on_progress, cancel)

    @abstractmethod
    def _fit_model(
        self,
        prepared: PreparedTable,
        params: dict[str, Any],
        device: torch.device,
        rng: np.random.Generator,
        on_progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> TrainingResult:
        """Fit the model on the prepared table; return what the training loop returned."""

    # --------------------------------------------------------------------------------------------- sample
    def sample(
        self, num_rows: int, conditions: Mapping[str, object] | None = None, seed: int | None = None
    ) -> pd.DataFrame:
        """Generate `num_rows` synthetic rows as a DataFrame with the training table's columns and dtypes.

        `conditions` ({column: value}, categorical or boolean columns) makes every row take those values.
        The same `seed` gives the same rows (on the CPU), also after `save`/`load`; without a seed each call
        differs.
        """
        self._check_fitted()
        if isinstance(num_rows, bool) or not isinstance(num_rows, (int, np.integer)) or num_rows < 0:
            raise InvalidParameterError(f"num_rows must be a whole number of 0 or more; got {num_rows!r}.",
                                        key="engine.synth.bad_num_rows", num_rows=repr(num_rows))
        num_rows = int(num_rows)
        with inference_threads(self.device_):
            return self._sample(num_rows, conditions, seed)

    def _sample(
        self, num_rows: int, conditions: Mapping[str, object] | None, seed: int | None
    ) -> pd.DataFrame:
        """`sample` once the arguments are checked and the thread setting is made."""
        condition_codes, forced = {}, {}
        if conditions:
            condition_codes, forced = self.preprocessor_.condition_codes(conditions)
        if seed is None:
            with self._sample_lock:
                seed = int(self._sample_rng.integers(2**63))
        rng = np.random.default_rng(seed)
        generator = make_generator(self.device_, int(rng.integers(2**63)))
        parts = []
        remaining = num_rows
        while remaining > 0:
            batch = min(remaining, SAMPLE_BATCH_ROWS)
            parts.append(self._generate_matching(batch, condition_codes, generator, rng))
            remaining -= batch
        if parts:
            prepared = PreparedTable(
                np.concatenate([p.numeric for p in parts]), np.concatenate([p.categorical for p in parts])
            )
        else:
            prepared = self._empty_prepared()
        enforce_bounds = self.params_.get("enforce_bounds", True)
        frame = self.preprocessor_.inverse_transform(prepared, rng, enforce_bounds=enforce_bounds)
        for name, value in forced.items():
            column = frame[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                frame[name] = pd.Categorical([value] * len(frame), categories=column.cat.categories)
            else:
                frame[name] = pd.Series([value] * len(frame), dtype=column.dtype if len(frame) else None)
        return frame

    def _has_model_columns(self) -> bool:
        return bool(self.preprocessor_.numeric_ or self.preprocessor_.categorical_)

    def _empty_prepared(self, num_rows: int = 0) -> PreparedTable:
        n_numeric, n_categorical = len(self.preprocessor_.numeric_), len(self.preprocessor_.categorical_)
        return PreparedTable(
            np.zeros((num_rows, n_numeric)), np.zeros((num_rows, n_categorical), dtype=np.int64)
        )

    def _generate_matching(
        self, num_rows: int, conditions: dict[int, int], generator: torch.Generator, rng: np.random.Generator
    ) -> PreparedTable:
        """`num_rows` generated rows meeting `conditions` ({categorical index: code}).

        Rows that miss a condition are dropped and more are drawn, growing the draw by the observed acceptance
        rate. If a combination is so rare that the model hardly ever produces it, the remaining rows get the
        conditioned codes written in, so the call always returns `num_rows` rows.
        """
        if not self._has_model_columns():
            return self._empty_prepared(num_rows)
        if not conditions:
            return self._generate(num_rows, {}, generator, rng)
        columns = np.array(list(conditions))
        wanted = np.array([conditions[c] for c in columns])
        kept: list[PreparedTable] = []
        have, drawn = 0, 0
        draw = num_rows
        while have < num_rows and drawn < _MAX_DRAWS_PER_CONDITIONED_ROW * num_rows:
            batch = self._generate(draw, conditions, generator, rng)
            drawn += draw
            match = np.all(batch.categorical[:, columns] == wanted, axis=1)
            if match.any():
                kept.append(batch.take(np.flatnonzero(match)))
                have += int(match.sum())
            rate = max(have / drawn, 1.0 / (_MAX_DRAWS_PER_CONDITIONED_ROW * num_rows))
            draw = int(min(SAMPLE_BATCH_ROWS, max(64, 1.2 * (num_rows - have) / rate)))
        if have < num_rows:
            filler = self._generate(num_rows - have, conditions, generator, rng)
            filler.categorical[:, columns] = wanted
            kept.append(filler)
        rows = PreparedTable(
            np.concatenate([k.numeric for k in kept]), np.concatenate([k.categorical for k in kept])
        )
        return rows.take(np.arange(num_rows))

    def _quality_checkpoints(
        self, prepared: PreparedTable, rng: np.random.Generator, module: torch.nn.Module, n_checks: int,
        epochs: int, max_rows: int = 2000, patience: int | None = None,
    ) -> tuple[Callable[[int, dict[str, float]], bool], KeepBest]:
        """Keep the weights of `module` that score best on the quality report, for models whose loss does not
        say how good the rows are (a GAN's does not).

        Returns `(end_of_epoch, keep_best)` for `run_training`: the first scores up to `n_checks` evenly
        spaced epochs after the first tenth of training on `max_rows` generated rows against as many training
        rows (`quality` in the loss history); the second keeps, and finally restores, the best-scoring
        weights. With `patience`, training stops after that many checks in a row without a gain, once half
        of the epochs are done: early stopping on what the user cares about rather than on a loss.
        """
        from engines.evaluation.quality import quality_report

        rows = rng.choice(len(prepared), min(max_rows, len(prepared)), replace=False)
        real = self.preprocessor_.inverse_transform(prepared.take(rows), np.random.default_rng(0))
        metadata = self.metadata_.to_sdmetrics_dict()
        first = epochs // 10
        check_epochs = set(np.linspace(first, epochs - 1, max(1, n_checks)).round().astype(int).tolist())
        # A GAN's quality swings early in training: no early stop in the first half, whatever the checks say.
        earliest_stop = epochs // 2
        progress = {"best": -np.inf, "checks_without_gain": 0}

        def end_of_epoch(epoch: int, record: dict[str, float]) -> bool:
            if epoch not in check_epochs:
                return True
            module.eval()
            with torch.no_grad():
                generated = self._generate(
                    len(rows), {}, make_generator(self.device_, 0), np.random.default_rng(1)
                )
            module.train()
            synthetic = self.preprocessor_.inverse_transform(generated, np.random.default_rng(2))
            score = quality_report(real, synthetic, metadata).overall_score
            record["quality"] = score
            if score > progress["best"] + _MIN_QUALITY_GAIN:
                progress["best"], progress["checks_without_gain"] = score, 0
            else:
                progress["checks_without_gain"] += 1
            return not (patience and epoch >= earliest_stop and progress["checks_without_gain"] >= patience)

        return end_of_epoch, KeepBest(module, metric="quality", higher_is_better=True)

    @abstractmethod
    def _generate(
        self, num_rows: int, conditions: dict[int, int], generator: torch.Generator, rng: np.random.Generator
    ) -> PreparedTable:
        """Draw `num_rows` prepared rows; `conditions` are a hint the model may use (the caller filters)."""

    # ------------------------------------------------------------------------------------------ save/load
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        has_model = self._has_model_columns()
        state = {
            "resolved_params": self.params_,
            "metadata": self.metadata_.to_dict(),
            "preprocessor": self.preprocessor_.to_state(),
            "model": self._model_state() if has_model else {},
            "n_rows_seen": self.n_rows_seen_,
        }
        return state, self._model_tensors() if has_model else {}

    @classmethod
    def _upgrade_config(cls, config: dict[str, Any]) -> dict[str, Any]:
        if "state" in config:
            return config
        # A generator saved before the one model contract (e.g. a Studio zip downloaded earlier): the same
        # content in the older layout, where the learned state sat beside the parameters.
        training = dict(config["training"])
        state = {name: config[name] for name in ("resolved_params", "metadata", "preprocessor", "model")}
        state["n_rows_seen"] = training.pop("n_rows_seen")
        return {"params": config["params"], "training": training, "state": state}

    def _set_state(
        self, state: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device
    ) -> None:
        self.params_ = dict(state["resolved_params"])
        self.params_["device"] = self.device
        self.metadata_ = TableMetadata.from_dict(state["metadata"])
        self.preprocessor_ = TablePreprocessor.from_state(state["preprocessor"])
        self.device_ = device
        self.n_rows_seen_ = int(state["n_rows_seen"])
        self._sample_lock = threading.Lock()
        self._sample_rng = np.random.default_rng()
        if self._has_model_columns():
            self._restore_model(state["model"], tensors, device)

    def _model_state(self) -> dict:
        """JSON-able model state (besides tensors)."""
        return {}

    def _model_tensors(self) -> dict[str, torch.Tensor]:
        """The model's tensors (weights)."""
        return {}

    def _restore_model(self, state: dict, tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        """Rebuild the model from `_model_state` and `_model_tensors` output."""
