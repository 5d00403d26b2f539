"""The model contract: parameters, fit records training, save/load through the registry, clear errors."""

import json

import numpy as np
import pytest
import torch

from engines import load_model
from engines.core.model import BaseModel, model_class, register_model
from engines.core.training import run_training
from engines.errors import InvalidParameterError, ModelFileError, NotFittedError


@register_model
class MeanModel(BaseModel):
    """A toy model: learns the column means by gradient descent (a real loop, so progress and cancel apply)."""

    kind = "test_mean_model"
    label = "mean model"

    def __init__(self, epochs: int = 5, learning_rate: float = 0.5, device: str = "auto") -> None:
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.device = device

    def _fit(self, data, *, on_progress, cancel):
        values = torch.as_tensor(np.asarray(data, dtype=np.float32))
        self.mean_ = torch.zeros(values.shape[1], requires_grad=True)

        def step(step_index):
            loss = ((values - self.mean_) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                self.mean_ -= self.learning_rate * self.mean_.grad
                self.mean_.grad = None
            return {"loss": loss.detach()}

        return run_training(step, epochs=self.epochs, steps_per_epoch=4, on_progress=on_progress, cancel=cancel)

    def predict(self):
        self._check_fitted()
        return self.mean_.detach().numpy()

    def _get_state(self):
        return {"n_columns": int(self.mean_.numel())}, {"mean": self.mean_.detach()}

    def _set_state(self, state, tensors, device):
        self.mean_ = tensors["mean"].to(device)


@register_model
class OnePassModel(BaseModel):
    """A toy model fitted in one pass: no training loop."""

    kind = "test_one_pass_model"

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale

    def _fit(self, data, *, on_progress, cancel):
        self.total_ = float(np.sum(data)) * self.scale

    def _get_state(self):
        return {"total": self.total_}, {}

    def _set_state(self, state, tensors, device):
        self.total_ = state["total"]


DATA = np.array([[1.0, 2.0], [3.0, 6.0]])


def test_fit_records_the_same_training_attributes_for_every_model():
    """fit returns self and records fit_seconds_, loss_history_, training_steps_, stop_reason_, cancelled_."""
    # Run
    looped = MeanModel(epochs=3).fit(DATA)
    one_pass = OnePassModel().fit(DATA)
    # Assert
    assert looped.training_steps_ == 12 and len(looped.loss_history_) == 3
    assert looped.loss_history_[-1]["loss"] < looped.loss_history_[0]["loss"]
    assert one_pass.training_steps_ == 1 and one_pass.loss_history_ == []
    for model in (looped, one_pass):
        assert model.stop_reason_ == "completed" and model.cancelled_ is False and model.fit_seconds_ > 0


def test_one_pass_models_report_progress_once_done():
    """A model without a training loop still tells the UI it finished: (1, 1)."""
    # Setup
    calls = []
    # Run
    OnePassModel().fit(DATA, on_progress=lambda *report: calls.append(report))
    # Assert
    assert calls == [(1, 1, {})]


def test_cancel_stops_training_and_leaves_a_usable_model():
    """A cancel from the progress callback stops the loop; the model is fitted and says it was cancelled."""
    # Run
    model = MeanModel(epochs=50).fit(DATA, on_progress=lambda step, total, losses: step < 2)
    # Assert
    assert model.cancelled_ and model.stop_reason_ == "cancelled" and model.training_steps_ < 200
    assert model.predict().shape == (2,)


def test_params_round_trip_and_unknown_params_are_refused():
    """get_params returns constructor arguments as given; set_params refuses names the model does not have."""
    # Setup
    model = MeanModel(epochs=2)
    # Run / Assert
    assert model.get_params() == {"epochs": 2, "learning_rate": 0.5, "device": "auto"}
    assert model.set_params(epochs=7).epochs == 7
    with pytest.raises(InvalidParameterError, match="no parameter"):
        model.set_params(epoch=7)
    assert repr(model) == "MeanModel(epochs=7, learning_rate=0.5, device='auto')"


def test_an_unfitted_model_says_so():
    """Using or saving a model before fit raises NotFittedError naming the model."""
    # Setup
    model = MeanModel()
    # Run / Assert
    assert not model.is_fitted
    with pytest.raises(NotFittedError, match="mean model has not been trained"):
        model.predict()
    with pytest.raises(NotFittedError):
        model.save("unused")


def test_save_and_load_any_kind_gives_the_same_model(tmp_path):
    """load_model opens any registered kind; the loaded model predicts the same and keeps its training record."""
    # Setup
    model = MeanModel(epochs=3).fit(DATA)
    # Run
    model.save(tmp_path / "mean")
    OnePassModel(scale=2.0).fit(DATA).save(tmp_path / "one_pass")
    loaded = load_model(tmp_path / "mean", device="cpu")
    loaded_one_pass = MeanModel.__mro__[1].load(tmp_path / "one_pass")
    # Assert
    assert type(loaded) is MeanModel and np.array_equal(loaded.predict(), model.predict())
    assert loaded.loss_history_ == model.loss_history_ and loaded.training_steps_ == 12
    assert loaded.device == "cpu"
    assert type(loaded_one_pass) is OnePassModel and loaded_one_pass.total_ == 24.0


def test_load_refuses_other_kinds_and_damaged_folders(tmp_path):
    """A folder of another kind, an unknown kind or a damaged state raise ModelFileError, never a crash."""
    # Setup
    OnePassModel().fit(DATA).save(tmp_path / "one_pass")
    MeanModel(epochs=1).fit(DATA).save(tmp_path / "mean")
    manifest_path = tmp_path / "mean" / "model.json"
    manifest = json.loads(manifest_path.read_text())
    # Run / Assert
    with pytest.raises(ModelFileError, match="not a mean model"):
        MeanModel.load(tmp_path / "one_pass")
    manifest["kind"] = "no_such_kind"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match="does not know"):
        load_model(tmp_path / "mean")
    manifest["kind"] = "test_mean_model"
    del manifest["config"]["training"]
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ModelFileError, match="incomplete"):
        load_model(tmp_path / "mean")


def test_a_kind_cannot_be_registered_twice():
    """Two classes under one kind would make saved folders ambiguous: registering the second fails."""
    # Setup
    class Impostor(OnePassModel):
        kind = "test_mean_model"

    # Run / Assert
    with pytest.raises(TypeError, match="registered twice"):
        register_model(Impostor)
    assert model_class("test_mean_model") is MeanModel
