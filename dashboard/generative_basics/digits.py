"""The digits experiment, one function for the page's builder and the benchmark: train the conditional GAN, VAE
and diffusion model on the real MNIST digits within a time budget each, and score them against held-out real
digits with the independent classifier (see `engines.generative_basics.evaluation`). No streamlit here."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sample_data.digits import SOURCE, digit_splits

TRAINING_SECONDS = 160.0  # the target is <= 3 minutes per model; the budget is checked every 25 steps
SCORED_PER_CLASS = 100
SEED = 0


@dataclass(frozen=True)
class DigitModelSpec:
    """One generator of the experiment: its registry kind, a plain name and its settings."""

    kind: str
    label: str
    params: dict[str, Any] = field(default_factory=dict)

    def make(self, max_seconds: float, seed: int = SEED, steps: int = 100_000):
        from engines.core.model import model_class

        return model_class(self.kind)(**self.params, steps=steps, max_seconds=max_seconds, random_state=seed)


DIGIT_MODELS = (
    # Width 16: 2.5x more steps in the budget than 32 on this CPU, which matters more than width here.
    DigitModelSpec("image_gan", "GAN", {"base_width": 16}),
    # A small latent: with 16 numbers the decoder learned to read the digit from z and ignored the class.
    DigitModelSpec("image_vae", "VAE", {"base_width": 16, "latent_dim": 8}),
    DigitModelSpec("image_diffusion", "Diffusion"),
)


def make_judge(seed: int = SEED):
    """The scoring classifier trained on the scorer split, and the judge built on the reference split."""
    from engines.generative_basics.evaluation import DigitJudge, DigitScorer

    splits = digit_splits(seed)
    scorer = DigitScorer(random_state=seed).fit(splits["scorer"].images, splits["scorer"].labels)
    return DigitJudge.build(scorer, splits["reference"].images, splits["reference"].labels,
                            splits["generators"].images)


def real_baseline(judge) -> dict[str, float]:
    """What real digits score: as many real training digits as generated ones, scored like them."""
    training = digit_splits(SEED)["generators"]
    rows = np.concatenate([np.flatnonzero(training.labels == k)[:SCORED_PER_CLASS] for k in range(10)])
    return judge.real_baseline(training.images[rows], training.labels[rows]).to_dict()


def score_model(model, judge, seed: int = SEED) -> dict[str, float]:
    """Scores of `SCORED_PER_CLASS` generated digits per class, plus the sampling speed (images per second)."""
    labels = model.conditions_for(SCORED_PER_CLASS * 10)
    started = time.perf_counter()
    images = model.sample(len(labels), labels, seed=seed)
    seconds = time.perf_counter() - started
    return {**judge.score(images, labels).to_dict(), "fit_seconds": float(model.fit_seconds_),
            "training_steps": int(model.training_steps_), "images_per_second": len(labels) / max(seconds, 1e-9)}


def train_digit_model(spec: DigitModelSpec, max_seconds: float = TRAINING_SECONDS, seed: int = SEED,
                      on_progress: Callable | None = None, cancel: Any = None, **fit_options: Any):
    """One generator trained on the generators' split within `max_seconds` (0: its full step count)."""
    training = digit_splits(seed)["generators"]
    model = spec.make(max_seconds, seed, steps=100_000 if max_seconds else 3_000)
    return model.fit(training.images, training.labels, on_progress=on_progress, cancel=cancel, **fit_options)


def run_experiment(max_seconds: float = TRAINING_SECONDS, seed: int = SEED,
                   report: Callable[[str], None] = print) -> tuple[dict[str, Any], dict[str, Any]]:
    """Train and score every generator; returns (results for JSON, {kind: model}) with the real baseline."""
    started = time.perf_counter()
    judge = make_judge(seed)
    report(f"scorer trained in {time.perf_counter() - started:.0f} s")
    results: dict[str, Any] = {"source": SOURCE, "training_seconds_budget": max_seconds,
                               "real": real_baseline(judge), "models": {}}
    models = {"digit_scorer": judge.scorer}
    for spec in DIGIT_MODELS:
        model = train_digit_model(spec, max_seconds, seed)
        scores = score_model(model, judge, seed)
        results["models"][spec.kind] = {"label": spec.label, **scores}
        models[spec.kind] = model
        report(f"{spec.label}: {scores}")
    return results, models
