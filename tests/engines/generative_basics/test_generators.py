"""The 2-D and image generators: they learn (loss falls), honour conditions, reproduce with a seed and refuse bad
input with the engines' errors. Tiny data, few steps."""

import numpy as np
import pytest

from engines.errors import InvalidDataError, InvalidParameterError
from engines.generative_basics.images import ConditionalImageDiffusion, ConditionalImageGAN, ConditionalImageVAE
from engines.generative_basics.points import PointFlowMatching, PointGAN, PointVAE
from engines.generative_basics.targets import TARGETS, target_points
from tests.engines.protocol.cases_generative_basics import _images

TINY = dict(image_size=8, channels=1, n_classes=3, batch_size=8, base_width=8)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_targets_are_seeded_finite_and_two_dimensional(name):
    """Every target gives finite (n, 2) points and the same points for the same seed."""
    # Run
    first, second = target_points(name, 300, seed=4), target_points(name, 300, seed=4)
    # Assert
    assert first.shape == (300, 2) and np.isfinite(first).all()
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("model_class", [PointVAE, PointFlowMatching])
def test_point_models_learn_the_ring(model_class):
    """The loss of the last hundred steps is below that of the first hundred."""
    # Setup
    points = target_points("ring", 1_000, seed=0)
    # Run
    model = model_class(steps=600, hidden_dim=32, random_state=0).fit(points)
    # Assert
    losses = [record["loss"] for record in model.loss_history_]
    assert losses[-1] < losses[0]


def test_flow_matching_path_ends_at_the_samples():
    """The denoising path starts from noise and its last frame is exactly `sample` with the same seed."""
    # Setup
    model = PointFlowMatching(steps=100, hidden_dim=16, sampling_steps=6).fit(target_points("moons", 300))
    # Run
    path = model.denoising_path(50, seed=2)
    # Assert
    assert path.shape == (7, 50, 2)
    np.testing.assert_array_equal(path[-1], model.sample(50, seed=2))


def test_point_models_refuse_bad_input():
    """NaN points, one column, zero samples and conditions are refused with the engines' errors."""
    # Setup
    points = target_points("ring", 100)
    model = PointGAN(steps=100, hidden_dim=8).fit(points)
    broken = points.copy()
    broken[0, 0] = np.nan
    # Run / Assert
    with pytest.raises(InvalidDataError, match="missing"):
        PointGAN(steps=10).fit(broken)
    with pytest.raises(InvalidDataError, match="two columns"):
        PointGAN(steps=10).fit(points[:, :1])
    with pytest.raises(InvalidParameterError):
        model.sample(0)
    with pytest.raises(InvalidDataError):
        model.sample(5, conditions=[1])


@pytest.mark.parametrize("model_class", [ConditionalImageGAN, ConditionalImageVAE, ConditionalImageDiffusion])
def test_image_models_honour_conditions_and_seeds(model_class):
    """Asked classes come back in order; one class for all works; a seed reproduces; other seeds differ."""
    # Setup
    images, labels = _images()
    model = model_class(**TINY, steps=20, random_state=0).fit(images, labels)
    # Run
    first = model.sample(6, [2, 0, 1, 2, 0, 1], seed=5)
    again = model.sample(6, [2, 0, 1, 2, 0, 1], seed=5)
    other = model.sample(6, [2, 0, 1, 2, 0, 1], seed=6)
    # Assert
    assert first.shape == (6, 1, 8, 8) and first.min() >= 0 and first.max() <= 1
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    np.testing.assert_array_equal(model.conditions_for(4, 1), [1, 1, 1, 1])
    np.testing.assert_array_equal(model.conditions_for(5), [0, 1, 2, 0, 1])


@pytest.mark.parametrize("model_class", [ConditionalImageGAN, ConditionalImageVAE, ConditionalImageDiffusion])
def test_image_models_refuse_bad_input(model_class):
    """An unknown class, zero samples, pixels outside [0, 1] and a wrong image size raise the engines' errors."""
    # Setup
    images, labels = _images()
    model = model_class(**TINY, steps=4).fit(images, labels)
    # Run / Assert
    with pytest.raises(InvalidDataError, match="Unknown class"):
        model.sample(3, 9)
    with pytest.raises(InvalidParameterError):
        model.sample(0)
    with pytest.raises(InvalidDataError, match=r"\[0, 1\]"):
        model_class(**TINY, steps=4).fit(images * 255, labels)
    with pytest.raises(InvalidDataError, match="shape"):
        model_class(**{**TINY, "image_size": 12}, steps=4).fit(images, labels)


def test_image_vae_learns_and_interpolates():
    """The VAE's loss falls on tiny images, and interpolation starts and ends at the two rebuilt images."""
    # Setup
    images, labels = _images()
    # Run
    model = ConditionalImageVAE(**TINY, steps=200, latent_dim=4).fit(images, labels)
    path = model.interpolate(images[0], int(labels[0]), images[1], int(labels[1]), steps=5)
    # Assert
    losses = [record["loss"] for record in model.loss_history_]
    assert losses[-1] < losses[0]
    assert path.shape == (5, 1, 8, 8)
    assert not np.allclose(path[0], path[-1])


def test_vae_fitted_prior_is_the_gaussian_of_each_class_codes():
    """The fitted prior's mean for a class is the mean of the encoder's codes of that class's training images;
    "standard" keeps no prior and samples from N(0, I); an unknown prior name is refused."""
    # Setup
    import torch

    images, labels = _images()
    fitted = ConditionalImageVAE(**TINY, latent_dim=2, steps=40, random_state=0).fit(images, labels)
    standard = ConditionalImageVAE(**TINY, latent_dim=2, steps=40, random_state=0, prior="standard").fit(images,
                                                                                                          labels)
    # Run
    with torch.no_grad():
        codes, _ = fitted.networks_["encoder"](torch.as_tensor(images * 2 - 1).float(),
                                               fitted._condition_vectors(torch.as_tensor(labels)))
    # Assert
    for label in range(3):
        np.testing.assert_allclose(fitted.prior_means_[label].numpy(), codes[labels == label].mean(0).numpy(),
                                   atol=1e-5)
    assert standard.prior_means_ is None
    assert not np.array_equal(fitted.sample(6, seed=1), standard.sample(6, seed=1))
    with pytest.raises(InvalidParameterError, match="prior"):
        ConditionalImageVAE(**TINY, prior="uniform").fit(images, labels)


def test_weight_average_is_what_gets_sampled_and_a_seed_reproduces_it():
    """With `ema_decay` the sampled network is the running average, not the last weights (the samples differ
    from a run without it, same seed); the same seed reproduces it; a decay of 1 or more is refused."""
    # Setup
    images, labels = _images()
    settings = dict(TINY, steps=30, random_state=3)
    # Run
    averaged = ConditionalImageDiffusion(**settings, ema_decay=0.9).fit(images, labels)
    again = ConditionalImageDiffusion(**settings, ema_decay=0.9).fit(images, labels)
    last = ConditionalImageDiffusion(**settings, ema_decay=0.0).fit(images, labels)
    # Assert
    np.testing.assert_array_equal(averaged.sample(6, seed=1), again.sample(6, seed=1))
    assert not np.allclose(averaged.sample(6, seed=1), last.sample(6, seed=1))
    with pytest.raises(InvalidParameterError, match="ema_decay"):
        ConditionalImageGAN(**TINY, ema_decay=1.0).fit(images, labels)
