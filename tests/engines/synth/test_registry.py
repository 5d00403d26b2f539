"""The registry the UI lists generators from, and presets."""

import pytest

from engines.errors import InvalidParameterError
from engines.synth import PRESETS, SYNTHESIZERS, TabularGAN, make_synthesizer


def test_every_generator_has_a_label_a_description_and_the_three_presets():
    """Each registry entry names its class, a human label, a one-line description and quick/balanced/best."""
    # Assert
    assert set(SYNTHESIZERS) == {"tabular_gan", "tabular_vae", "tabular_argn", "gaussian_copula"}
    for name, info in SYNTHESIZERS.items():
        assert info.cls.name == name and info.label and info.description.endswith(".")
        assert "\n" not in info.description
        assert info.presets == PRESETS


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
    "params, message", [({"epochs": 0}, "epochs"), ({"learning_rate": 5.0}, "learning_rate")]
)
def test_invalid_hyper_parameters_are_refused(params, message):
    """Out-of-range hyper-parameters raise InvalidParameterError naming the parameter."""
    # Run / Assert
    with pytest.raises(InvalidParameterError, match=message):
        TabularGAN(**params).resolved_params()
    with pytest.raises(InvalidParameterError, match="Unknown generator"):
        make_synthesizer("diffusion")
