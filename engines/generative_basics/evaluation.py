"""Scores for generated points and images that a person can read, each checked against what real data gets.

2-D: modes covered (of the ring's 8), the share of high-quality samples (within 3 sigma of a ring blob, or for
other shapes as close to the real cloud as real points are to each other), and the energy distance to the target
(0 when the two clouds match; Szekely & Rizzo 2013).

Images: an independent classifier (`DigitScorer`, a small CNN trained on real images the generators never see)
reads every generated image. Conditioning accuracy = the share it reads as the asked class. The Frechet distance
between the Gaussians fitted to its penultimate-layer features of generated and of held-out real images is an
FID for digits (Heusel et al. 2017 use Inception features of photos; Inception means nothing for 28x28 digits,
so the lab's own classifier plays its part); it is reported beside the same distance between two real sets of
the same size, the real-vs-real baseline, because the figure has a floor that depends on the sample size.
Diversity is the mean pairwise distance between images of the same class (a collapsed generator scores near 0),
and the near-copy share is the share of generated images closer to a training image than real held-out images
almost ever are (the 1st percentile of their distances).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from scipy import linalg
from torch import nn

from engines.core.device import configure_cpu_threads, inference_threads, make_generator, resolve_device
from engines.core.model import BaseModel, register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult, adam, run_training
from engines.core.validation import check_positive_int, check_positive_number
from engines.errors import InvalidDataError
from engines.generative_basics._torch_parts import load_arrays, seeded_init, state_arrays
from engines.generative_basics.images import TRAINING_THREADS, check_images
from engines.generative_basics.targets import RING_MODES, RING_SIGMA, ring_centres

# ------------------------------------------------------------------------------------------------ 2-D scores
MODE_MIN_SHARE = 0.25  # a ring blob counts as covered when it gets at least a quarter of its fair share


@dataclass(frozen=True)
class PointScores:
    """How well generated 2-D points match a target (see the module docstring)."""

    modes_covered: int | None
    high_quality_share: float
    energy_distance: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def energy_distance(first: np.ndarray, second: np.ndarray, max_points: int = 1_000, seed: int = 0) -> float:
    """The energy distance 2E|X-Y| - E|X-X'| - E|Y-Y'| between two point clouds (0 when they match), on at most
    `max_points` of each (a seeded subsample)."""
    rng = np.random.default_rng(seed)
    a = np.asarray(first, dtype=np.float64)
    b = np.asarray(second, dtype=np.float64)
    a = a[rng.choice(len(a), min(len(a), max_points), replace=False)]
    b = b[rng.choice(len(b), min(len(b), max_points), replace=False)]

    def mean_distance(x: np.ndarray, y: np.ndarray) -> float:
        return float(np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)).mean())

    return max(0.0, 2 * mean_distance(a, b) - mean_distance(a, a) - mean_distance(b, b))


def ring_mode_counts(points: np.ndarray) -> np.ndarray:
    """How many points lie within 3 sigma of each of the ring's 8 blobs."""
    distances = np.linalg.norm(np.asarray(points)[:, None, :] - ring_centres()[None], axis=2)
    near = distances.min(axis=1) < 3 * RING_SIGMA
    return np.bincount(distances.argmin(axis=1)[near], minlength=RING_MODES)


def point_scores(generated: np.ndarray, real: np.ndarray, ring: bool = False) -> PointScores:
    """Scores of `generated` points against `real` ones; `ring=True` for the ring of 8 (modes are counted)."""
    generated = np.asarray(generated, dtype=np.float64)
    real = np.asarray(real, dtype=np.float64)
    if len(generated) == 0 or not np.isfinite(generated).all():
        raise InvalidDataError("The generated points are empty or hold missing values.",
                               key="engine.generative.bad_points")
    if ring:
        counts = ring_mode_counts(generated)
        covered = int((counts >= MODE_MIN_SHARE * len(generated) / RING_MODES).sum())
        high_quality = float(counts.sum() / len(generated))
    else:
        covered = None
        high_quality = _support_share(generated, real)
    return PointScores(covered, high_quality, energy_distance(generated, real))


def _support_share(generated: np.ndarray, real: np.ndarray, max_points: int = 2_000) -> float:
    """Share of generated points as close to the real cloud as 95% of real points are to their neighbours."""
    rng = np.random.default_rng(0)
    reference = real[rng.choice(len(real), min(len(real), max_points), replace=False)]
    scale = np.maximum(reference.std(axis=0), 1e-9)
    reference = reference / scale
    within = np.sqrt(((reference[:, None] - reference[None]) ** 2).sum(-1))
    np.fill_diagonal(within, np.inf)
    threshold = np.quantile(within.min(axis=1), 0.95)
    points = generated[:max_points] / scale
    nearest = np.sqrt(((points[:, None] - reference[None]) ** 2).sum(-1)).min(axis=1)
    return float((nearest <= threshold).mean())


# --------------------------------------------------------------------------------------------- image scorer
class _ScorerNetwork(nn.Module):
    def __init__(self, size: int, channels: int, n_classes: int, features: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(32 * (size // 4) ** 2, features), nn.ReLU())
        self.head = nn.Linear(features, n_classes)

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.body(images)
        return features, self.head(features)


@register_model
class DigitScorer(BaseModel):
    """The independent judge of generated images: a small CNN trained on real images held out from the
    generators. `predict(images)` gives classes, `features(images)` the penultimate layer (for the Frechet
    distance). Trained with random shifts of up to 2 pixels, so it reads a digit and not its exact place."""

    kind = "digit_scorer"
    label = "Digit classifier (scorer)"
    description = "A small CNN that reads images, used to score generators."

    def __init__(self, image_size: int = 28, channels: int = 1, n_classes: int = 10, steps: int = 800,
                 batch_size: int = 64, learning_rate: float = 1e-3, feature_dim: int = 64, device: str = "auto",
                 random_state: int = 0) -> None:
        self.image_size = image_size
        self.channels = channels
        self.n_classes = n_classes
        self.steps = steps
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.feature_dim = feature_dim
        self.device = device
        self.random_state = random_state

    def _network(self) -> _ScorerNetwork:
        return _ScorerNetwork(int(self.image_size), int(self.channels), int(self.n_classes), int(self.feature_dim))

    def _fit(self, images: Any, labels: Any, *, on_progress: ProgressCallback | None,
             cancel: CancelToken | None) -> TrainingResult:
        for name in ("image_size", "channels", "n_classes", "steps", "batch_size", "feature_dim"):
            check_positive_int(name, getattr(self, name))
        check_positive_number("learning_rate", self.learning_rate)
        array, classes = check_images(images, labels, int(self.image_size), int(self.channels), int(self.n_classes))
        device = resolve_device(self.device)
        configure_cpu_threads(device, TRAINING_THREADS)
        generator = make_generator(torch.device("cpu"), self.random_state)
        network = self._network()
        seeded_init(network, generator)
        network.to(device).train()
        optimiser = adam(network.parameters(), float(self.learning_rate))
        data = torch.as_tensor(array * 2 - 1, device=device)
        targets = torch.as_tensor(classes, device=device)
        rows = np.random.default_rng(self.random_state)
        batch = min(int(self.batch_size), len(array))

        def train_step(step: int) -> dict[str, torch.Tensor]:
            index = rows.integers(0, len(array), batch)
            dx, dy = (int(v) for v in rows.integers(-2, 3, 2))
            images = torch.roll(data[torch.as_tensor(index, device=device)], shifts=(dy, dx), dims=(2, 3))
            _, logits = network(images)
            loss = F.cross_entropy(logits, targets[torch.as_tensor(index, device=device)])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            return {"loss": loss.detach()}

        result = run_training(train_step, epochs=max(1, math.ceil(int(self.steps) / 100)),
                              steps_per_epoch=min(100, int(self.steps)), max_steps=int(self.steps),
                              on_progress=on_progress, cancel=cancel)
        self.network_ = network.to("cpu").eval()
        return result

    def _run(self, images: Any) -> tuple[np.ndarray, np.ndarray]:
        self._check_fitted()
        array, _ = check_images(images, np.zeros(len(images), dtype=int), int(self.image_size), int(self.channels),
                                int(self.n_classes))
        features, logits = [], []
        with inference_threads(torch.device("cpu"), 2), torch.no_grad():
            for start in range(0, len(array), 512):
                f, out = self.network_(torch.as_tensor(array[start:start + 512] * 2 - 1))
                features.append(f.numpy())
                logits.append(out.numpy())
        return np.concatenate(features), np.concatenate(logits)

    def predict(self, images: Any) -> np.ndarray:
        """The class the scorer reads in each image (n,)."""
        return self._run(images)[1].argmax(axis=1)

    def features(self, images: Any) -> np.ndarray:
        """The penultimate-layer features of each image (n, feature_dim), for the Frechet distance."""
        return self._run(images)[0]

    def _get_state(self):
        return {}, state_arrays(self.network_, "network")

    def _set_state(self, state, tensors, device):
        self.network_ = load_arrays(self._network(), tensors, "network")


# --------------------------------------------------------------------------------------------- image scores
@dataclass(frozen=True)
class ImageScores:
    """Scores of a set of images (see the module docstring); `n_images` were scored."""

    conditioning_accuracy: float
    frechet_distance: float
    diversity: float
    near_copy_share: float
    n_images: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def frechet_distance(first: np.ndarray, second: np.ndarray) -> float:
    """The Frechet distance between Gaussians fitted to two feature sets: |mu1 - mu2|^2 + Tr(S1 + S2 -
    2 (S1 S2)^(1/2)) (the FID formula)."""
    a, b = np.asarray(first, dtype=np.float64), np.asarray(second, dtype=np.float64)
    if len(a) < 2 or len(b) < 2:
        raise InvalidDataError("The Frechet distance needs at least 2 images on each side.",
                               key="engine.generative.fid_too_few")
    mean_gap = float(((a.mean(0) - b.mean(0)) ** 2).sum())
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    # A tiny ridge keeps sqrtm stable when dead ReLU features make a covariance singular.
    ridge = 1e-6 * np.eye(len(cov_a))
    root = np.real(linalg.sqrtm((cov_a + ridge) @ (cov_b + ridge)))
    return max(0.0, mean_gap + float(np.trace(cov_a + cov_b - 2 * root)))


def _flat(images: np.ndarray) -> np.ndarray:
    array = np.asarray(images, dtype=np.float32)
    return array.reshape(len(array), -1)


def diversity(images: np.ndarray, labels: np.ndarray, max_per_class: int = 200) -> float:
    """Mean pairwise distance (root mean square per pixel) between images of the same class, averaged over
    classes: about 0.3 for real digits, near 0 for a generator that draws one image per class."""
    flat, labels = _flat(images), np.asarray(labels)
    values = []
    for label in np.unique(labels):
        group = flat[labels == label][:max_per_class]
        if len(group) < 2:
            continue
        squared = (group ** 2).sum(1)
        distances = np.maximum(squared[:, None] + squared[None] - 2 * group @ group.T, 0) / group.shape[1]
        values.append(float(np.sqrt(distances)[np.triu_indices(len(group), 1)].mean()))
    if not values:
        raise InvalidDataError("Diversity needs at least 2 images of one class.",
                               key="engine.generative.diversity_too_few")
    return float(np.mean(values))


def nearest_distances(images: np.ndarray, training: np.ndarray) -> np.ndarray:
    """Each image's distance (root mean square per pixel) to its nearest training image."""
    flat, train = _flat(images), _flat(training)
    train_squared = (train ** 2).sum(1)
    nearest = []
    for start in range(0, len(flat), 256):
        chunk = flat[start:start + 256]
        squared = np.maximum((chunk ** 2).sum(1)[:, None] + train_squared[None] - 2 * chunk @ train.T, 0)
        nearest.append(np.sqrt(squared.min(axis=1) / flat.shape[1]))
    return np.concatenate(nearest)


@dataclass(frozen=True)
class DigitJudge:
    """Everything the image scores compare against: the scorer, held-out real images (and their features)
    and the generators' training images, with the near-copy threshold taken from real held-out images."""

    scorer: DigitScorer
    reference_images: np.ndarray
    reference_labels: np.ndarray
    training_images: np.ndarray
    near_copy_threshold: float

    @classmethod
    def build(cls, scorer: DigitScorer, reference_images: np.ndarray, reference_labels: np.ndarray,
              training_images: np.ndarray) -> DigitJudge:
        """A judge whose near-copy threshold is the 1st percentile of the real held-out images' distances to
        the training images (so about 1% of real images count as near-copies)."""
        threshold = float(np.quantile(nearest_distances(reference_images, training_images), 0.01))
        return cls(scorer, np.asarray(reference_images), np.asarray(reference_labels), np.asarray(training_images),
                   threshold)

    def score(self, images: np.ndarray, labels: np.ndarray) -> ImageScores:
        """Scores of `images` meant to show `labels`, against the held-out real images."""
        images, labels = np.asarray(images), np.asarray(labels)
        if len(images) < 2 or len(images) != len(labels):
            raise InvalidDataError("Score at least 2 images, with one label each.",
                                   key="engine.generative.score_too_few")
        features, logits = self.scorer._run(images)
        accuracy = float((logits.argmax(1) == labels).mean())
        distance = frechet_distance(features, self.scorer.features(self.reference_images))
        copies = float((nearest_distances(images, self.training_images) < self.near_copy_threshold).mean())
        return ImageScores(accuracy, distance, diversity(images, labels), copies, len(images))

    def real_baseline(self, images: np.ndarray, labels: np.ndarray) -> ImageScores:
        """What real digits score: `images` (real, not in the reference set, as many as the generated ones)
        give the accuracy, Frechet distance and diversity; the near-copy share is that of the reference images
        themselves (about 1% by the threshold's construction), since real training images are copies of
        themselves."""
        scores = self.score(images, labels)
        copies = float((nearest_distances(self.reference_images, self.training_images)
                        < self.near_copy_threshold).mean())
        return ImageScores(scores.conditioning_accuracy, scores.frechet_distance, scores.diversity, copies,
                           scores.n_images)
