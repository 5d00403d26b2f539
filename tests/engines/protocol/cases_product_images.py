"""Protocol cases of the product-picture generators (several attributes per picture)."""

from functools import lru_cache

import numpy as np

from engines.product_images.generators import ProductImageGAN, ProductImageVAE
from tests.engines.protocol import ProtocolCase

TINY = dict(condition_sizes=(3, 2, 2), image_size=8, channels=3, steps=100, batch_size=8, base_width=8)


@lru_cache(maxsize=1)
def _pictures() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    codes = np.stack([np.arange(24) % 3, np.arange(24) // 3 % 2, np.arange(24) // 6 % 2], axis=1)
    images = np.clip(rng.random((24, 3, 8, 8)) * 0.3 + codes[:, 0, None, None, None] * 0.3, 0, 1)
    return images.astype(np.float32), codes


def _bad_pictures() -> tuple:
    images, codes = _pictures()
    bad = codes.copy()
    bad[0, 1] = 5  # the second attribute has values 0 and 1 only
    return images, bad


def _some_pictures(model):
    return model.sample_designs(4, [[0, 1, 0], [1, 0, 1], [2, 1, 1], [0, 0, 0]], seed=3)


CASES: dict[str, ProtocolCase] = {
    "product_image_vae": ProtocolCase(lambda seed: ProductImageVAE(**TINY, latent_dim=4, random_state=seed),
                                      _pictures, _some_pictures, _bad_pictures),
    "product_image_gan": ProtocolCase(lambda seed: ProductImageGAN(**TINY, latent_dim=4, random_state=seed),
                                      _pictures, _some_pictures, _bad_pictures),
}
