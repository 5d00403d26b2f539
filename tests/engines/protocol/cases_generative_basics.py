"""Protocol cases of the generative-basics models: 2-D point generators, image generators and the scorer."""

from functools import lru_cache

import numpy as np

from engines.generative_basics.evaluation import DigitScorer
from engines.generative_basics.images import ConditionalImageDiffusion, ConditionalImageGAN, ConditionalImageVAE
from engines.generative_basics.points import PointFlowMatching, PointGAN, PointVAE
from engines.generative_basics.targets import target_points
from tests.engines.protocol import ProtocolCase

TINY_IMAGES = dict(image_size=8, channels=1, n_classes=3, steps=100, batch_size=8, base_width=8)  # two epochs: cancel is seen


@lru_cache(maxsize=1)
def _points() -> np.ndarray:
    return target_points("ring", 200, seed=0)


@lru_cache(maxsize=1)
def _images() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    labels = np.arange(24) % 3
    images = np.clip(rng.random((24, 1, 8, 8)) * 0.3 + labels[:, None, None, None] * 0.3, 0, 1)
    return images.astype(np.float32), labels


def _bad_points() -> tuple:
    points = _points().copy()
    points[3, 1] = np.nan
    return (points,)


def _bad_images() -> tuple:
    images, labels = _images()
    return images, np.where(labels == 2, 7, labels)  # class 7 does not exist in a 3-class model


def _some_points(model):
    return model.sample(20, seed=3)


def _some_images(model):
    return model.sample(6, [0, 1, 2, 0, 1, 2], seed=3)


def _point_case(make):
    return ProtocolCase(make, lambda: (_points(),), _some_points, _bad_points)


def _image_case(make):
    return ProtocolCase(make, _images, _some_images, _bad_images)


CASES: dict[str, ProtocolCase] = {
    "point_gan": _point_case(lambda seed: PointGAN(steps=200, hidden_dim=16, pack=2, random_state=seed)),
    "point_vae": _point_case(lambda seed: PointVAE(steps=200, hidden_dim=16, random_state=seed)),
    "point_flow_matching": _point_case(
        lambda seed: PointFlowMatching(steps=200, hidden_dim=16, sampling_steps=5, random_state=seed)),
    "image_gan": _image_case(lambda seed: ConditionalImageGAN(**TINY_IMAGES, latent_dim=4, random_state=seed)),
    "image_vae": _image_case(lambda seed: ConditionalImageVAE(**TINY_IMAGES, latent_dim=4, random_state=seed)),
    "image_diffusion": _image_case(
        lambda seed: ConditionalImageDiffusion(**TINY_IMAGES, sampling_steps=3, random_state=seed)),
    "digit_scorer": ProtocolCase(
        lambda seed: DigitScorer(image_size=8, n_classes=3, steps=200, batch_size=8, feature_dim=8,
                                 random_state=seed),
        _images, lambda model: model.predict(_images()[0][:6]), _bad_images),
}
