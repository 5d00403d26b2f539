"""The 2-D playground's background job: a GAN, a VAE and a diffusion model learn the same shape one after
another, each handing previews of its samples to a `PlaygroundRun` that the page's fragment draws twice a
second. No streamlit here: the job runs in the server's scheduler thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dashboard.i18n import percent, t
from dashboard.jobs import BackgroundJob

MODEL_NAMES = ("GAN", "VAE", "Diffusion")
PREVIEW_POINTS = 600
SCORED_POINTS = 2_000
TARGET_POINTS = 4_000


@dataclass(frozen=True)
class PlaygroundSettings:
    """What the visitor picked: the target, and the controls every model shares."""

    target: str = "ring"
    steps: int = 1_500
    # 3e-3 (with the diffusion model's decay) puts diffusion on all 8 blobs in 1,500 steps; at 1e-3 it needed
    # about 4,000. The GAN collapses at either rate.
    learning_rate: float = 3e-3
    latent_dim: int = 2
    seed: int = 0
    pack: int = 1

    def make(self, name: str):
        from engines.generative_basics.points import PointFlowMatching, PointGAN, PointVAE

        common = dict(steps=int(self.steps), learning_rate=float(self.learning_rate),
                      latent_dim=int(self.latent_dim), random_state=int(self.seed))
        if name == "GAN":
            return PointGAN(pack=int(self.pack), **common)
        if name == "VAE":
            return PointVAE(**common)
        return PointFlowMatching(**common)


@dataclass
class TrainedPoints:
    """One finished 2-D model with its samples and scores."""

    model: Any
    samples: np.ndarray
    scores: dict[str, Any]


@dataclass
class PlaygroundRun:
    """The shared state of one playground run: the real points, the latest preview of each model (written by
    the job thread, read by the page) and the settings."""

    settings: PlaygroundSettings
    real: np.ndarray
    axis_names: tuple[str, str] = ("x", "y")
    source_label: str = ""
    previews: dict[str, tuple[int, np.ndarray]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, name: str, step: int, points: np.ndarray) -> None:
        with self._lock:
            self.previews[name] = (step, points)

    def latest(self) -> dict[str, tuple[int, np.ndarray]]:
        with self._lock:
            return dict(self.previews)


def target_data(settings: PlaygroundSettings) -> np.ndarray:
    """The real points of the chosen target (seeded by the run's seed)."""
    from engines.generative_basics.targets import target_points

    return target_points(settings.target, TARGET_POINTS, seed=int(settings.seed))


def playground_job(settings: PlaygroundSettings, real: np.ndarray | None = None,
                   axis_names: tuple[str, str] = ("x", "y"), source_label: str = ""
                   ) -> tuple[BackgroundJob, PlaygroundRun]:
    """A job that trains the three models on `real` (the target's points when None; two columns of a table
    otherwise, named by `axis_names`) one after another; each step's result is a `TrainedPoints`."""
    if real is None:
        real = target_data(settings)
    run = PlaygroundRun(settings, np.asarray(real, dtype=np.float32), axis_names, source_label)
    ring = settings.target == "ring"

    def work(name: str):
        def train(report):
            from engines.generative_basics.evaluation import point_scores

            model = settings.make(name)
            # A preview every ~40 steps: a few per second on this CPU, so the first frame comes within a second.
            model.fit(run.real, on_progress=report, on_preview=lambda step, points: run.record(name, step, points),
                      preview_every=40, preview_size=PREVIEW_POINTS)
            samples = model.sample(SCORED_POINTS, seed=int(settings.seed))
            run.record(name, model.training_steps_, samples[:PREVIEW_POINTS])
            return TrainedPoints(model, samples, point_scores(samples, run.real, ring=ring).to_dict())
        return train

    job = BackgroundJob([(name, work(name)) for name in MODEL_NAMES], expected_seconds=30.0)
    return job, run


def diagnosis(name: str, scores: dict[str, Any], ring: bool) -> str:
    """One plain sentence on what went wrong (or right) with a model's samples, in the reader's language."""
    covered, quality = scores.get("modes_covered"), scores.get("high_quality_share", 0.0)
    if ring and covered is not None and covered < 8:
        return t("how.diagnosis.collapse" if name == "GAN" else "how.diagnosis.covers", covered=int(covered))
    share = percent(quality, 0)
    if name == "VAE" and quality < 0.7:
        return t("how.diagnosis.blur", share=share)
    if quality < 0.5:
        return t("how.diagnosis.needs_steps", share=share)
    return t("how.diagnosis.ring_done" if ring else "how.diagnosis.done", share=share)
