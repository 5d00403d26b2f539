"""The shipped digits results of the "How generative AI works" page (sample_data/checkpoints/generative_basics):
the three trained generators, the scoring classifier, results.json with their scores and the real baseline, and
pictures.npz: the pictures the page shows before anyone asks for something new, drawn once by the builder, so a
cold open needs neither torch nor the models (the page opens in about a second instead of six)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dashboard.shipped import ShippedResults

SHIPPED = ShippedResults("generative_basics", "How generative AI works", "dashboard.generative_basics.build",
                         "about 10 minutes")
RESULTS_FILE = "results.json"
PICTURES_FILE = "pictures.npz"

# What pictures.npz holds, and the choices on the page they answer without a model.
GRID_PER_DIGIT = 6  # the overview grid: 6 samples of each digit, seed 0
GENERATED_COUNT = 64  # "generate 64 of digit k": every model and digit at seed 0
DEFAULT_SEED = 0
DEFAULT_PAIR = (3, 8)  # the interpolation's default endpoints
INTERPOLATION_STEPS = 10


def grid_key(kind: str) -> str:
    return f"grid_{kind}"


def generated_key(kind: str, digit: int) -> str:
    return f"generated_{kind}_{digit}"


def interpolation_key(first: int, second: int) -> str:
    return f"interpolation_{first}_{second}"


REFERENCE_KEY = "reference_examples"  # one held-out real example of each digit, the interpolation's endpoints


def to_bytes(images: np.ndarray) -> np.ndarray:
    """Images in [0, 1] as uint8 (what is stored: a quarter of the float size, and exact enough to show)."""
    return np.round(np.clip(images, 0, 1) * 255).astype(np.uint8)


def from_bytes(images: np.ndarray) -> np.ndarray:
    return images.astype(np.float32) / 255.0


def picture_arrays(models: dict[str, Any], reference_images: np.ndarray, reference_labels: np.ndarray
                   ) -> dict[str, np.ndarray]:
    """Everything pictures.npz holds, drawn from the trained generators (`models` by kind, the VAE included)."""
    arrays: dict[str, np.ndarray] = {}
    examples = np.stack([reference_images[np.flatnonzero(reference_labels == d)[0]] for d in range(10)])
    arrays[REFERENCE_KEY] = to_bytes(examples)
    for kind, model in models.items():
        arrays[grid_key(kind)] = to_bytes(model.sample(10 * GRID_PER_DIGIT, np.repeat(np.arange(10), GRID_PER_DIGIT),
                                                       seed=DEFAULT_SEED))
        for digit in range(10):
            arrays[generated_key(kind, digit)] = to_bytes(model.sample(GENERATED_COUNT, digit, seed=DEFAULT_SEED))
    first, second = DEFAULT_PAIR
    vae = models["image_vae"]
    arrays[interpolation_key(first, second)] = to_bytes(
        vae.interpolate(examples[first], first, examples[second], second, steps=INTERPOLATION_STEPS))
    return arrays


def read_pictures() -> dict[str, np.ndarray]:
    """pictures.npz as {key: float images in [0, 1]}; ShippedResultsError when missing or damaged."""
    return {key: from_bytes(array) for key, array in SHIPPED.arrays(PICTURES_FILE).items()}
