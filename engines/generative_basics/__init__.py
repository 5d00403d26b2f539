"""Generative models explained on small data: 2-D point generators (GAN with PacGAN, VAE, flow-matching
diffusion), class-conditional image generators (DCGAN-style GAN, conditional VAE, small diffusion U-Net), the 2-D
targets and the evaluation that scores them (an independent classifier for images)."""

from __future__ import annotations

from engines.lazy_exports import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "PointGAN": "points", "PointVAE": "points", "PointFlowMatching": "points", "PointGenerator": "points",
    "ConditionalImageGAN": "images", "ConditionalImageVAE": "images", "ConditionalImageDiffusion": "images",
    "ImageGenerator": "images", "DigitScorer": "evaluation", "DigitJudge": "evaluation",
    "point_scores": "evaluation", "target_points": "targets", "TARGETS": "targets",
})

