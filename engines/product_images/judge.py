"""The independent judge of generated product pictures: one scoring classifier per attribute (the digits page's
`DigitScorer`, trained on renders the generator never saw), and the scores of `engines.generative_basics.
evaluation` computed in its feature space.

- Conditioning accuracy per attribute: the share of generated pictures the classifier reads as the asked
  category, colour and pattern (beside its accuracy on held-out real renders, the ceiling).
- Frechet distance between Gaussians fitted to the classifiers' penultimate features (all attributes'
  features side by side) of generated and of held-out real pictures, beside the same distance between two real
  sets of the same size (the real-vs-real baseline: the figure has a floor that depends on the sample size).
- Near-copies: the share of generated pictures closer to a training picture than the 1st percentile of real
  held-out pictures' distances to the training set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from engines.errors import InvalidDataError
from engines.generative_basics.evaluation import DigitScorer, frechet_distance, nearest_distances


@dataclass(frozen=True)
class ProductScores:
    """Scores of a set of pictures (see the module docstring)."""

    accuracy: dict[str, float]  # per attribute
    frechet_distance: float
    near_copy_share: float
    n_images: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def train_product_scorers(images: np.ndarray, codes: np.ndarray, attribute_names: Sequence[str],
                          condition_sizes: Sequence[int], steps: int = 1_200, random_state: int = 0
                          ) -> dict[str, DigitScorer]:
    """One `DigitScorer` per attribute on float (n, C, H, W) pictures and their (n, k) attribute codes."""
    images = np.asarray(images, dtype=np.float32)
    codes = np.asarray(codes)
    scorers = {}
    for column, (name, size) in enumerate(zip(attribute_names, condition_sizes)):
        scorer = DigitScorer(image_size=images.shape[-1], channels=images.shape[1], n_classes=int(size),
                             steps=steps, random_state=random_state + column)
        scorers[name] = scorer.fit(images, codes[:, column])
    return scorers


@dataclass(frozen=True)
class ProductJudge:
    """The scorers, held-out real pictures (reference) and the generator's training pictures, with the
    near-copy threshold taken from the reference pictures."""

    scorers: dict[str, DigitScorer]
    reference_images: np.ndarray
    training_images: np.ndarray
    near_copy_threshold: float
    reference_near_copy_share: float = 0.01

    @classmethod
    def build(cls, scorers: dict[str, DigitScorer], reference_images: np.ndarray, training_images: np.ndarray
              ) -> ProductJudge:
        """A judge whose near-copy threshold is the 1st percentile of the reference pictures' distances to the
        training pictures (so about 1% of real pictures count as near-copies)."""
        distances = nearest_distances(reference_images, training_images)
        threshold = float(np.quantile(distances, 0.01))
        return cls(dict(scorers), np.asarray(reference_images), np.asarray(training_images), threshold,
                   float((distances < threshold).mean()))

    def read(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(features (n, sum of feature sizes), predicted codes (n, k)) of float (n, C, H, W) pictures."""
        features, predicted = [], []
        for scorer in self.scorers.values():
            f, logits = scorer._run(images)
            features.append(f)
            predicted.append(logits.argmax(1))
        return np.concatenate(features, axis=1), np.stack(predicted, axis=1)

    def accuracy(self, images: np.ndarray, codes: np.ndarray) -> dict[str, float]:
        """Share of pictures read as their attribute, per attribute."""
        _, predicted = self.read(images)
        codes = np.asarray(codes)
        return {name: float((predicted[:, i] == codes[:, i]).mean()) for i, name in enumerate(self.scorers)}

    def score(self, images: np.ndarray, codes: np.ndarray) -> ProductScores:
        """Scores of `images` meant to show `codes`, against the reference pictures."""
        images, codes = np.asarray(images, dtype=np.float32), np.asarray(codes)
        if len(images) < 2 or len(images) != len(codes):
            raise InvalidDataError("Score at least 2 pictures, with one row of attribute codes each.",
                                   key="engine.judge.too_few")
        features, predicted = self.read(images)
        reference_features, _ = self.read(self.reference_images)
        accuracy = {name: float((predicted[:, i] == codes[:, i]).mean()) for i, name in enumerate(self.scorers)}
        copies = float((nearest_distances(images, self.training_images) < self.near_copy_threshold).mean())
        return ProductScores(accuracy, frechet_distance(features, reference_features), copies, len(images))

    def real_baseline(self, images: np.ndarray, codes: np.ndarray) -> ProductScores:
        """What real renders (not in the reference set, as many as the generated ones) score; the near-copy
        share is the reference set's own (about 1% by construction)."""
        scores = self.score(images, codes)
        return ProductScores(scores.accuracy, scores.frechet_distance, self.reference_near_copy_share,
                             scores.n_images)
