"""Training and scoring the product-picture generator (what `python -m dashboard.marketing.build` runs and
bench_marketing measures): the conditional VAE on 12,000 simulated renders within a 9-minute budget, and the
independent judge (one classifier per attribute) trained on 6,000 other renders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sample_data.product_images import ATTRIBUTES, ProductImageSet, split_set

CONDITION_SIZES = tuple(len(values) for values in ATTRIBUTES.values())
TRAINING_SECONDS = 540.0  # the budget is 10 minutes on 2 cores; 9 leaves room for the loading
GENERATOR_PARAMS: dict[str, Any] = {"condition_sizes": CONDITION_SIZES, "decoder": "layered", "steps": 6_000,
                                    "batch_size": 64, "learning_rate": 3e-3, "latent_dim": 16, "base_width": 16,
                                    "max_seconds": TRAINING_SECONDS, "random_state": 0}
SCORER_STEPS = 1_200


def as_float(images: np.ndarray) -> np.ndarray:
    """uint8 (n, H, W, 3) pictures -> float32 (n, 3, H, W) in [0, 1], the generators' layout."""
    return np.ascontiguousarray(np.asarray(images).transpose(0, 3, 1, 2), dtype=np.float32) / 255.0


def as_bytes(images: np.ndarray) -> np.ndarray:
    """float (n, 3, H, W) in [0, 1] -> uint8 (n, H, W, 3), what is shown and stored."""
    return (np.clip(np.asarray(images).transpose(0, 2, 3, 1), 0, 1) * 255 + 0.5).astype(np.uint8)


def train_generator(pictures: ProductImageSet | None = None, seconds: float = TRAINING_SECONDS,
                    on_progress=None, **overrides: Any):
    """The product-picture VAE trained on the "generator" renders (or `pictures`) within `seconds`."""
    from engines.product_images.generators import ProductImageVAE

    pictures = pictures if pictures is not None else split_set("generator")
    params = {**GENERATOR_PARAMS, "max_seconds": seconds, **overrides}
    return ProductImageVAE(**params).fit(as_float(pictures.images), pictures.codes(), on_progress=on_progress)


def train_scorers(pictures: ProductImageSet | None = None, steps: int = SCORER_STEPS):
    """The independent judge's classifiers (one per attribute) trained on the "scorer" renders."""
    from engines.product_images.judge import train_product_scorers

    pictures = pictures if pictures is not None else split_set("scorer")
    return train_product_scorers(as_float(pictures.images), pictures.codes(), list(ATTRIBUTES), CONDITION_SIZES,
                                 steps=steps)


def load_or_train_scorers(folder: Path | None = None) -> dict:
    """The judge's classifiers from `folder` when it holds them, else trained (and saved there if given)."""
    from engines.generative_basics.evaluation import DigitScorer

    if folder is not None and all((folder / name).exists() for name in ATTRIBUTES):
        return {name: DigitScorer.load(folder / name, device="cpu") for name in ATTRIBUTES}
    scorers = train_scorers()
    if folder is not None:
        for name, scorer in scorers.items():
            scorer.save(folder / name)
    return scorers


def restyle_targets(codes: np.ndarray, attribute: str, seed: int = 0) -> np.ndarray:
    """`codes` with `attribute` (colour or pattern) changed to another random value for every row."""
    column = list(ATTRIBUTES).index(attribute)
    size = CONDITION_SIZES[column]
    rng = np.random.default_rng(seed)
    targets = np.array(codes, copy=True)
    targets[:, column] = (targets[:, column] + rng.integers(1, size, len(targets))) % size
    return targets


def evaluate_generator(generator, judge, baseline: ProductImageSet, n_restyle: int = 500) -> dict[str, Any]:
    """The figures the page and the benchmark report: per-attribute accuracy of generated pictures (asked with
    the baseline set's attributes) and of the real baseline set; Frechet distance of generated and of real
    baseline pictures to the reference set; near-copy shares; restyling scores (shape kept = category still
    read, new colour / pattern read)."""
    import time

    codes = baseline.codes()
    started = time.perf_counter()
    generated = generator.sample_designs(len(codes), codes, seed=1)
    sample_seconds = time.perf_counter() - started
    started = time.perf_counter()
    generator.sample_designs(16, codes[0], seed=2)
    sixteen_seconds = time.perf_counter() - started
    real = as_float(baseline.images)
    generated_scores = judge.score(generated, codes)
    real_scores = judge.real_baseline(real, codes)
    restyle = {}
    originals, original_codes = real[:n_restyle], codes[:n_restyle]
    for attribute in ("colour", "pattern"):
        targets = restyle_targets(original_codes, attribute, seed=3)
        restyled = generator.restyle(originals, original_codes, targets)
        accuracy = judge.accuracy(restyled, targets)
        restyle[attribute] = {"category_kept": accuracy["category"], "new_value_read": accuracy[attribute],
                              "other_kept": accuracy["pattern" if attribute == "colour" else "colour"]}
    return {"generated": generated_scores.to_dict(), "real": real_scores.to_dict(), "restyle": restyle,
            "sample_seconds_per_picture": sample_seconds / len(codes), "sixteen_designs_seconds": sixteen_seconds,
            "near_copy_threshold": judge.near_copy_threshold}
