"""The registry the UI lists generators from, and presets."""

import pytest

from engines.core.model import registered_models
from engines.errors import InvalidParameterError
from engines.synth import PRESETS, SYNTHESIZERS, BaseSynthesizer, TabularGAN, make_synthesizer


def test_the_ui_lists_every_registered_generator_with_a_label_a_description_and_the_three_presets():
    """The UI's list holds every registered table generator under its kind, each with a human label, a
    one-line description and quick/balanced/best."""
    # Setup
    generators = {kind for kind, cls in registered_models().items() if issubclass(cls, BaseSynthesizer)}
    # Assert
    assert set(SYNTHESIZERS) == generators == {"tabular_gan", "tabular_vae", "tabular_argn", "gaussian_copula"}
    for kind, cls in SYNTHESIZERS.items():
        assert cls.kind == kind and cls.label and cls.description.endswith(".")
        assert "\n" not in cls.description
        assert tuple(cls.PRESETS) == PRESETS


def test_make_synthesizer_applies_preset_then_overrides():
    """make_synthesizer builds an unfitted generator whose preset values give way to explicit ones."""
    # Run
    model = make_synthesizer("tabular_gan", preset="quick", epochs=7)
    # Assert
    assert isinstance(model, TabularGAN) and not model.is_fitted
    params = model.resolved_params()
    assert params["epochs"] == 7
    assert params["learning_rate"] == TabularGAN.PRESETS["quick"]["learning_rate"]
    assert TabularGAN.from_preset("best").resolved_params()["generator_dims"] == (256, 256)


@pytest.mark.parametrize(
    "kind, params, message",
    [
        ("tabular_gan", {"epochs": 0}, "epochs"),
        ("tabular_gan", {"learning_rate": 5.0}, "learning_rate"),
        ("tabular_vae", {"max_steps": -1}, "max_steps"),
        ("tabular_argn", {"n_bins": 1}, "n_bins"),
        ("tabular_argn", {"validation_share": 0.5}, "validation_share"),
        ("gaussian_copula", {"grid_size": 1.5}, "grid_size"),
        ("gaussian_copula", {"preset": "turbo"}, "quick"),
    ],
)
def test_invalid_hyper_parameters_are_refused(kind, params, message):
    """Out-of-range hyper-parameters and unknown presets raise InvalidParameterError naming the parameter (or
    the valid presets)."""
    # Run / Assert
    with pytest.raises(InvalidParameterError, match=message):
        SYNTHESIZERS[kind](**params).resolved_params()


def test_unknown_generator_is_refused():
    """make_synthesizer names the generators it knows."""
    # Run / Assert
    with pytest.raises(InvalidParameterError, match="Unknown generator"):
        make_synthesizer("diffusion")
