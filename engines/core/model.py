"""`BaseModel`: the one contract every model of the lab follows, and the registry that opens any saved model.

In the spirit of scikit-learn's estimators and SDV's template method:
- Hyper-parameters are the constructor's arguments, stored unchanged (no work in `__init__`); `get_params` and
  `set_params` read and change them.
- `fit(data..., on_progress=None, cancel=None)` calls the subclass's `_fit` and records, for every model, the
  same learned attributes from what training did: `fit_seconds_` (the whole fit, wall clock), `loss_history_`
  (one record per epoch), `training_steps_`, `stop_reason_` ("completed", "cancelled", "early_stopped",
  "time_limit") and `cancelled_`. It returns `self`. Learned attributes end with `_`; a model is fitted once it
  has any (`is_fitted`), and every method that needs a fitted model calls `_check_fitted`.
- `save(dir)` writes a model folder (JSON + safetensors; `engines.core.persistence`) from the subclass's
  `_get_state`; `load(dir, device="auto")` reads any folder of a registered kind and restores it through
  `_set_state`. Nothing is unpickled.
- Inference verbs stay the domain's (`sample`, `recommend`, `predict_proba`, `generate`, `answer`, `score`).

A concrete model declares `kind` (its registry name, saved in the folder), `label` and `description` (for
people), and is registered with `@register_model`. `load_model(path)` opens any saved model, whatever its kind.
"""

from __future__ import annotations

import importlib
import inspect
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np
import torch

from engines.core.device import resolve_device
from engines.core.fitted import LearnsFromData
from engines.core.persistence import load_model_folder, read_manifest, save_model_folder
from engines.core.progress import ProgressReporter
from engines.core.training import TrainingResult
from engines.errors import InvalidParameterError, ModelFileError

ModelT = TypeVar("ModelT", bound="BaseModel")

# Packages (or modules) whose import registers every kind of model; `load_model` imports them on first use so
# that a page that never opens a model file never pays for torch-heavy imports it does not need. The anomaly,
# FAQ and product packages import their names lazily (their pages stay torch-free), so their model modules are
# named here.
MODEL_PACKAGES = (
    "engines.synth",
    "engines.recommend",
    "engines.sequence.knowledge_tracing",
    "engines.sequence.copywriter",
    "engines.sequence.copywriter_zh",
    "engines.anomaly.autoencoder",
    "engines.faq.assistant",
    "engines.product_suitability.recommender",
    "engines.generative_basics.points",
    "engines.generative_basics.images",
    "engines.generative_basics.evaluation",
    "engines.product_images.generators",
)

_REGISTRY: dict[str, type[BaseModel]] = {}


def register_model(cls: type[ModelT]) -> type[ModelT]:
    """Class decorator: make `cls` loadable by `load_model` under its `kind`. Kinds are unique."""
    kind = cls.__dict__.get("kind")
    if not kind or not isinstance(kind, str):
        raise TypeError(f"{cls.__name__} needs a class attribute `kind` to be registered.")
    if kind in _REGISTRY and _REGISTRY[kind] is not cls:
        raise TypeError(f"Model kind {kind!r} is registered twice ({_REGISTRY[kind].__name__}, {cls.__name__}).")
    _REGISTRY[kind] = cls
    return cls


def registered_models() -> dict[str, type[BaseModel]]:
    """Every registered model kind and its class (all model packages imported)."""
    for package in MODEL_PACKAGES:
        importlib.import_module(package)
    return dict(sorted(_REGISTRY.items()))


def model_class(kind: str) -> type[BaseModel]:
    """The class registered under `kind`; `ModelFileError` when no model of the lab has that kind."""
    if kind not in _REGISTRY:
        registered_models()
    if kind not in _REGISTRY:
        raise ModelFileError(f"This folder holds a {kind!r} model, which this app does not know.",
                             key="engine.model.unknown_kind", kind=repr(kind))
    return _REGISTRY[kind]


def load_model(path: str | Path, device: str = "auto") -> BaseModel:
    """Open any model saved by `save`, whatever its kind, on `device` ("auto": CUDA when present)."""
    return BaseModel.load(path, device=device)


class BaseModel(LearnsFromData, ABC):
    """Base class of every model; see the module docstring for the contract."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    description: ClassVar[str] = ""

    # ------------------------------------------------------------------------------------------ parameters
    @classmethod
    def _param_names(cls) -> list[str]:
        return [name for name in inspect.signature(cls.__init__).parameters if name != "self"]

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as given (scikit-learn's contract)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self: ModelT, **params: Any) -> ModelT:
        """Change constructor arguments; they take effect at the next `fit`. Returns self."""
        unknown = set(params) - set(self._param_names())
        if unknown:
            raise InvalidParameterError(f"{type(self).__name__} has no parameter(s) {sorted(unknown)}.",
                                        key="engine.model.unknown_params", model=type(self).__name__,
                                        unknown=sorted(unknown))
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        given = {k: v for k, v in self.get_params().items() if v is not None}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in given.items())})"

    # ------------------------------------------------------------------------------------------------- fit
    def fit(self: ModelT, *data: Any, on_progress: Callable | None = None, cancel: Any = None,
            **options: Any) -> ModelT:
        """Learn from `data` (what it is depends on the model: a table, an interaction matrix, an attempt log,
        a catalogue); returns self.

        `on_progress(step, total, losses)` is called as training goes; returning False from it, or setting the
        `cancel` event (anything with `is_set()`), stops training at the next step and leaves a usable model
        (`cancelled_` is then True). Models trained in one pass (no steps) report (1, 1) when done.
        """
        started = time.perf_counter()
        result = self._fit(*data, on_progress=on_progress, cancel=cancel, **options)
        if result is None:
            result = TrainingResult(total_steps=1, steps_completed=1)
            ProgressReporter(on_progress).update(1, 1, {}, force=True)
        self._record_training(result, time.perf_counter() - started)
        return self

    @abstractmethod
    def _fit(self, *data: Any, on_progress: Callable | None, cancel: Any, **options: Any) -> TrainingResult | None:
        """Learn the model's state; return what `run_training` returned (None when there is no training loop)."""

    def _record_training(self, result: TrainingResult, seconds: float) -> None:
        self.fit_seconds_ = float(seconds)
        self.loss_history_ = list(result.loss_history)
        self.training_steps_ = int(result.steps_completed)
        self.stop_reason_ = str(result.stop_reason)
        self.cancelled_ = bool(result.cancelled)

    # ------------------------------------------------------------------------------------------- save/load
    def save(self, path: str | Path) -> Path:
        """Write the fitted model to the folder `path` (created if needed): model.json + weights.safetensors.
        Returns the folder."""
        self._check_fitted()
        state, arrays = self._get_state()
        tensors = {
            name: value if isinstance(value, torch.Tensor) else torch.as_tensor(np.ascontiguousarray(value))
            for name, value in arrays.items()
        }
        config = {
            "params": self._saved_params(),
            "training": {
                "fit_seconds": self.fit_seconds_,
                "loss_history": self.loss_history_,
                "training_steps": self.training_steps_,
                "stop_reason": self.stop_reason_,
                "cancelled": self.cancelled_,
            },
            "state": state,
        }
        return save_model_folder(path, kind=self.kind, config=config, tensors=tensors)

    @classmethod
    def load(cls: type[ModelT], path: str | Path, device: str = "auto") -> ModelT:
        """Read a folder written by `save`, on `device` ("auto": CUDA when present). Called on a base class it
        accepts any registered kind below that class; `ModelFileError` when the folder is missing, damaged, or
        holds another kind of model."""
        kind = read_manifest(path)["kind"]
        model_cls = model_class(kind)
        if not issubclass(model_cls, cls):
            wanted = cls.label or cls.__name__
            raise ModelFileError(f"{str(path)!r} holds a {model_cls.label or kind!r} model, not a {wanted}.",
                                 key="engine.model.wrong_kind", path=repr(str(path)),
                                 kind=repr(model_cls.label or kind), wanted=wanted)
        config, tensors = load_model_folder(path, expected_kind=kind)
        resolved = resolve_device(device)
        try:
            config = model_cls._upgrade_config(config)
            params = dict(config["params"])
            if "device" in model_cls._param_names():
                params["device"] = device
            model = model_cls(**params)
            training = config["training"]
            model.fit_seconds_ = float(training["fit_seconds"])
            model.loss_history_ = list(training["loss_history"])
            model.training_steps_ = int(training["training_steps"])
            model.stop_reason_ = str(training["stop_reason"])
            model.cancelled_ = bool(training["cancelled"])
            model._set_state(config["state"], tensors, resolved)
        except (KeyError, TypeError, ValueError, RuntimeError, IndexError, AttributeError) as error:
            raise ModelFileError(
                f"The model in {str(path)!r} is incomplete or was saved by an incompatible version ({error!r}).",
                key="engine.model.incompatible", path=repr(str(path)), error=repr(error)
            ) from None
        return model

    @classmethod
    def _upgrade_config(cls, config: dict[str, Any]) -> dict[str, Any]:
        """The saved config in today's layout {"params", "training", "state"}; a family whose folders were saved
        in an older layout overrides this, so that people's saved models keep opening."""
        return config

    def _saved_params(self) -> dict[str, Any]:
        """The constructor arguments as saved; tuples become lists in JSON, so subclasses may override."""
        return self.get_params()

    @abstractmethod
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor | np.ndarray]]:
        """The learned state: a JSON-able dict and named arrays (tensors or numpy arrays)."""

    @abstractmethod
    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        """Restore the learned state from `_get_state`'s output (tensors arrive on the CPU)."""
