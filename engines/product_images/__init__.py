"""Product pictures conditioned on several attributes at once (category, colour, pattern): the image
generators of `engines.generative_basics` with one one-hot block per attribute, restyling ("try it in another
colour"), and an independent judge (one scoring classifier per attribute) with the Frechet distance and
near-copy checks of the digits page."""

from __future__ import annotations

from engines.lazy_exports import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "ProductImageVAE": "generators", "ProductImageGAN": "generators", "ProductJudge": "judge",
    "ProductScores": "judge", "train_product_scorers": "judge",
})
