"""Three generators of 2-D points, on the lab's one model contract: a GAN (with PacGAN packing as an option),
a VAE and a diffusion model in its flow-matching form.

Why flow matching for the diffusion model (Lipman et al. 2023; Liu et al. 2023 "rectified flow"): it is the
same idea as DDPM (learn to turn noise into data a little at a time) with a simpler loss, a plain regression of
the velocity that carries a noise point to a data point along a straight line, and a deterministic path that
needs tens of steps instead of DDPM's 1000, which matters on a CPU and makes the denoising path easy to replay
step by step. Current image models (Stable Diffusion 3, Flux) are trained this way.

All three standardise the points (`mean_`, `scale_`) so a table's two columns of any scale can be learned, and
all three can hand a preview of their samples to `on_preview(step, points)` during training, so a page can
show the generated cloud as it forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from engines.core.device import configure_cpu_threads, inference_threads, make_generator, resolve_device
from engines.core.model import BaseModel, register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult, adam, run_training
from engines.core.validation import check_non_negative_int, check_positive_int, check_positive_number
from engines.errors import InvalidDataError, InvalidParameterError
from engines.generative_basics._torch_parts import (
    check_sample_count,
    load_arrays,
    seeded_init,
    state_arrays,
)

STEPS_PER_EPOCH = 100  # one loss-history record per 100 steps
PreviewCallback = Callable[[int, np.ndarray], None]


def check_points(points: Any) -> np.ndarray:
    """A table or array of 2-D points as a float32 (n, 2) array; `InvalidDataError` for anything else."""
    if isinstance(points, pd.DataFrame):
        points = points.to_numpy()
    try:
        array = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidDataError("The points must be numbers: two numeric columns.",
                               key="engine.points.not_numeric") from None
    if array.ndim != 2 or array.shape[1] != 2:
        raise InvalidDataError(f"The points must have exactly two columns (x and y); got shape {array.shape}.",
                               key="engine.points.bad_shape", shape=array.shape)
    if not np.isfinite(array).all():
        bad = int((~np.isfinite(array)).any(axis=1).sum())
        raise InvalidDataError(f"{bad} point(s) have a missing or infinite value; drop them before training.",
                               key="engine.points.not_finite", bad=bad)
    if len(array) < 10:
        raise InvalidDataError(f"At least 10 points are needed to learn a shape; got {len(array)}.",
                               key="engine.points.too_few", n_points=len(array))
    return array.astype(np.float32)


def _mlp(inputs: int, hidden: int, outputs: int, layers: int = 3) -> nn.Sequential:
    parts: list[nn.Module] = []
    width = inputs
    for _ in range(layers):
        parts += [nn.Linear(width, hidden), nn.SiLU()]
        width = hidden
    parts.append(nn.Linear(width, outputs))
    return nn.Sequential(*parts)


class PointGenerator(BaseModel):
    """What the three 2-D generators share: checks, standardisation, the training loop, sampling and save/load.

    A subclass builds its networks (`_build`), takes one optimisation step (`_train_step`) and maps noise to
    points (`_generate`, in standardised units)."""

    def __init__(self, steps: int = 2_000, batch_size: int = 256, learning_rate: float = 1e-3,
                 latent_dim: int = 2, hidden_dim: int = 128, device: str = "auto", random_state: int = 0) -> None:
        self.steps = steps
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.latent_dim = latent_dim
        self.hidden_dim = hidden_dim
        self.device = device
        self.random_state = random_state

    # ------------------------------------------------------------------------------------------- training
    def _check_params(self) -> None:
        for name in ("steps", "batch_size", "latent_dim", "hidden_dim"):
            check_positive_int(name, getattr(self, name))
        check_positive_number("learning_rate", self.learning_rate)

    def _fit(self, points: Any, *, on_progress: ProgressCallback | None, cancel: CancelToken | None,
             on_preview: PreviewCallback | None = None, preview_every: int = 0,
             preview_size: int = 500) -> TrainingResult:
        self._check_params()
        check_non_negative_int("preview_every", preview_every, zero_means="no previews")
        array = check_points(points)
        device = resolve_device(self.device)
        configure_cpu_threads(device, 1)
        self.mean_ = array.mean(axis=0)
        self.scale_ = np.maximum(array.std(axis=0), 1e-6).astype(np.float32)
        data = torch.as_tensor((array - self.mean_) / self.scale_, device=device)
        generator = make_generator(torch.device("cpu"), self.random_state)
        self._networks = self._build()
        for network in self._networks.values():
            seeded_init(network, generator)
            network.to(device)
        noise = generator if device.type == "cpu" else make_generator(device, self.random_state)
        batch = min(int(self.batch_size), len(array))
        rows = np.random.default_rng(self.random_state)

        def train_step(step: int) -> dict[str, torch.Tensor]:
            index = torch.as_tensor(rows.integers(0, len(array), batch), device=device)
            losses = self._train_step(data[index], noise, device)
            # A preview after the first step too, so a page draws its first frame at once, not 40 steps later.
            if on_preview is not None and preview_every and (step == 0 or (step + 1) % int(preview_every) == 0):
                on_preview(step + 1, self._preview(preview_size))
            return losses

        epochs = max(1, int(self.steps) // STEPS_PER_EPOCH)
        steps_per_epoch = min(int(self.steps), STEPS_PER_EPOCH)
        result = run_training(train_step, epochs=epochs, steps_per_epoch=steps_per_epoch,
                              on_progress=on_progress, cancel=cancel)
        for network in self._networks.values():
            network.to("cpu").eval()
        self.networks_ = self._networks
        del self._networks
        return result

    def _preview(self, n: int) -> np.ndarray:
        for network in self._networks.values():
            network.eval()
        device = next(self._networks["main"].parameters()).device
        with torch.no_grad():
            points = self._generate(self._networks, n, make_generator(device, 12345), device)
        for network in self._networks.values():
            network.train()
        return points.cpu().numpy() * self.scale_ + self.mean_

    # ------------------------------------------------------------------------------------------- sampling
    def sample(self, n: int, conditions: Any = None, seed: int | None = None) -> np.ndarray:
        """`n` new points, shape (n, 2), in the units of the training data; the same `seed` gives the same
        points. 2-D generators are unconditional: `conditions` must be None."""
        self._check_fitted()
        n = check_sample_count(n)
        if conditions is not None:
            raise InvalidDataError("These 2-D generators learn one shape and take no conditions.",
                                   key="engine.points.no_conditions")
        device = torch.device("cpu")
        generator = make_generator(device, self.random_state + 1 if seed is None else int(seed))
        with inference_threads(device), torch.no_grad():
            points = self._generate(self.networks_, n, generator, device)
        return (points.numpy() * self.scale_ + self.mean_).astype(np.float32)

    # ------------------------------------------------------------------------------------------- subclass
    def _build(self) -> dict[str, nn.Module]:
        raise NotImplementedError

    def _train_step(self, batch: torch.Tensor, noise: torch.Generator, device: torch.device
                    ) -> dict[str, torch.Tensor]:
        raise NotImplementedError

    def _generate(self, networks: dict[str, nn.Module], n: int, noise: torch.Generator,
                  device: torch.device) -> torch.Tensor:
        raise NotImplementedError

    # ------------------------------------------------------------------------------------------- save/load
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        arrays: dict[str, torch.Tensor] = {"mean": torch.as_tensor(self.mean_), "scale": torch.as_tensor(self.scale_)}
        for name, network in self.networks_.items():
            arrays.update(state_arrays(network, name))
        return {}, arrays

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        self.mean_ = tensors["mean"].numpy().astype(np.float32)
        self.scale_ = tensors["scale"].numpy().astype(np.float32)
        self.networks_ = {name: load_arrays(network, tensors, name) for name, network in self._build().items()}


@register_model
class PointGAN(PointGenerator):
    """A GAN for 2-D points: a generator maps noise to points and a discriminator learns to tell them from real
    ones (non-saturating loss, Goodfellow et al. 2014). `pack` > 1 is PacGAN (Lin et al. 2018): the
    discriminator judges `pack` points at once, so a generator that puts all its points on one blob is easy to
    catch, which counters mode collapse."""

    kind = "point_gan"
    label = "GAN (2-D)"
    description = "Generator against discriminator on 2-D points; PacGAN packing as an option."

    def __init__(self, steps: int = 2_000, batch_size: int = 256, learning_rate: float = 1e-3,
                 latent_dim: int = 2, hidden_dim: int = 128, pack: int = 1, device: str = "auto",
                 random_state: int = 0) -> None:
        super().__init__(steps, batch_size, learning_rate, latent_dim, hidden_dim, device, random_state)
        self.pack = pack

    def _check_params(self) -> None:
        super()._check_params()
        check_positive_int("pack", self.pack)
        if int(self.batch_size) < int(self.pack):
            raise InvalidParameterError("batch_size must be at least pack.",
                                        key="engine.points.batch_below_pack")

    def _build(self) -> dict[str, nn.Module]:
        return {"main": _mlp(int(self.latent_dim), int(self.hidden_dim), 2),
                "discriminator": _mlp(2 * int(self.pack), int(self.hidden_dim), 1)}

    def _fit(self, points: Any, **options: Any) -> TrainingResult:
        self._optimisers: dict[str, torch.optim.Optimizer] | None = None
        try:
            return super()._fit(points, **options)
        finally:
            self._optimisers = None

    def _packed(self, points: torch.Tensor) -> torch.Tensor:
        usable = points.shape[0] - points.shape[0] % int(self.pack)
        return points[:usable].reshape(usable // int(self.pack), 2 * int(self.pack))

    def _train_step(self, batch, noise, device):
        networks = self._networks
        if self._optimisers is None:
            rate = float(self.learning_rate)
            self._optimisers = {name: adam(network.parameters(), rate, betas=(0.5, 0.9))
                                for name, network in networks.items()}
        generator, discriminator = networks["main"], networks["discriminator"]
        z = torch.randn((batch.shape[0], int(self.latent_dim)), generator=noise, device=device)
        fake = generator(z)
        real_logits = discriminator(self._packed(batch))
        fake_logits = discriminator(self._packed(fake.detach()))
        d_loss = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
                  + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
        self._optimisers["discriminator"].zero_grad(set_to_none=True)
        d_loss.backward()
        self._optimisers["discriminator"].step()
        fooled = discriminator(self._packed(fake))
        g_loss = F.binary_cross_entropy_with_logits(fooled, torch.ones_like(fooled))
        self._optimisers["main"].zero_grad(set_to_none=True)
        g_loss.backward()
        self._optimisers["main"].step()
        return {"discriminator": d_loss.detach(), "generator": g_loss.detach()}

    def _generate(self, networks, n, noise, device):
        return networks["main"](torch.randn((n, int(self.latent_dim)), generator=noise, device=device))


@register_model
class PointVAE(PointGenerator):
    """A VAE for 2-D points: an encoder squeezes each point into `latent_dim` numbers (a Gaussian), a decoder
    rebuilds the point; the loss is the rebuild error plus KL to N(0, I). Samples are the decoder's mean for
    z ~ N(0, I): a smooth map from a smooth latent space, which is why a VAE smears points between separate
    blobs (its "blur")."""

    kind = "point_vae"
    label = "VAE (2-D)"
    description = "Encoder and decoder through a small Gaussian latent space, on 2-D points."

    def __init__(self, steps: int = 2_000, batch_size: int = 256, learning_rate: float = 1e-3,
                 latent_dim: int = 2, hidden_dim: int = 128, beta: float = 1.0, device: str = "auto",
                 random_state: int = 0) -> None:
        super().__init__(steps, batch_size, learning_rate, latent_dim, hidden_dim, device, random_state)
        self.beta = beta

    def _check_params(self) -> None:
        super()._check_params()
        check_positive_number("beta", self.beta)

    def _build(self) -> dict[str, nn.Module]:
        decoder = _mlp(int(self.latent_dim), int(self.hidden_dim), 2)
        decoder.register_parameter("log_sigma", nn.Parameter(torch.full((2,), -1.0)))
        return {"main": decoder, "encoder": _mlp(2, int(self.hidden_dim), 2 * int(self.latent_dim))}

    def _fit(self, points: Any, **options: Any) -> TrainingResult:
        self._optimiser: torch.optim.Optimizer | None = None
        try:
            return super()._fit(points, **options)
        finally:
            self._optimiser = None

    def _train_step(self, batch, noise, device):
        decoder, encoder = self._networks["main"], self._networks["encoder"]
        if self._optimiser is None:
            self._optimiser = adam(list(decoder.parameters()) + list(encoder.parameters()),
                                   float(self.learning_rate))
        mu, logvar = encoder(batch).chunk(2, dim=1)
        z = mu + torch.randn(mu.shape, generator=noise, device=device) * torch.exp(0.5 * logvar)
        mean = decoder(z)
        log_sigma = decoder.log_sigma.clamp(min=-5.0)
        # Gaussian log-likelihood with a learned noise level: the model decides how sharp its rebuilds are.
        reconstruction = (0.5 * ((batch - mean) / log_sigma.exp()).pow(2) + log_sigma).sum(dim=1).mean()
        kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
        loss = reconstruction + float(self.beta) * kl
        self._optimiser.zero_grad(set_to_none=True)
        loss.backward()
        self._optimiser.step()
        return {"loss": loss.detach(), "reconstruction": reconstruction.detach(), "kl": kl.detach()}

    def _generate(self, networks, n, noise, device):
        return networks["main"](torch.randn((n, int(self.latent_dim)), generator=noise, device=device))

    def encode(self, points: Any) -> np.ndarray:
        """The latent means of `points` (n, latent_dim): where the encoder puts each real point."""
        self._check_fitted()
        array = (check_points(points) - self.mean_) / self.scale_
        with inference_threads(torch.device("cpu")), torch.no_grad():
            mu, _ = self.networks_["encoder"](torch.as_tensor(array)).chunk(2, dim=1)
        return mu.numpy()


def _time_features(t: torch.Tensor) -> torch.Tensor:
    """t in [0, 1] as sines and cosines of a few frequencies, so a small network can tell nearby times apart."""
    frequencies = torch.arange(1, 9, device=t.device, dtype=t.dtype) * torch.pi
    return torch.cat([torch.sin(t * frequencies), torch.cos(t * frequencies)], dim=1)


@register_model
class PointFlowMatching(PointGenerator):
    """Diffusion in its flow-matching form for 2-D points (see the module docstring): a network learns the
    velocity that moves a noise point x0 to a data point x1 along the straight line x_t = (1 - t) x0 + t x1;
    sampling follows that velocity from pure noise in `sampling_steps` midpoint steps. `latent_dim` is unused
    (the noise has the data's 2 dimensions) and kept for a common set of controls."""

    kind = "point_flow_matching"
    label = "Diffusion (2-D, flow matching)"
    description = "Noise turned into points step by step by a learned velocity field (flow matching)."

    def __init__(self, steps: int = 2_000, batch_size: int = 256, learning_rate: float = 1e-3,
                 latent_dim: int = 2, hidden_dim: int = 128, sampling_steps: int = 25, device: str = "auto",
                 random_state: int = 0) -> None:
        super().__init__(steps, batch_size, learning_rate, latent_dim, hidden_dim, device, random_state)
        self.sampling_steps = sampling_steps

    def _check_params(self) -> None:
        super()._check_params()
        check_positive_int("sampling_steps", self.sampling_steps)

    def _build(self) -> dict[str, nn.Module]:
        return {"main": _mlp(2 + 16, int(self.hidden_dim), 2, layers=4)}

    def _fit(self, points: Any, **options: Any) -> TrainingResult:
        self._optimiser: torch.optim.Optimizer | None = None
        try:
            return super()._fit(points, **options)
        finally:
            self._optimiser = None

    def _train_step(self, batch, noise, device):
        network = self._networks["main"]
        if self._optimiser is None:
            self._optimiser = adam(network.parameters(), float(self.learning_rate))
            # The velocity is a regression target with noise in it: a learning rate that falls to a tenth by
            # the last step settles the field, which sharpens narrow blobs far more than extra steps do.
            self._schedule = torch.optim.lr_scheduler.LambdaLR(
                self._optimiser, lambda step: 1.0 - 0.9 * min(step / max(int(self.steps), 1), 1.0))
        x0 = torch.randn(batch.shape, generator=noise, device=device)
        t = torch.rand((batch.shape[0], 1), generator=noise, device=device)
        x_t = (1 - t) * x0 + t * batch
        predicted = network(torch.cat([x_t, _time_features(t)], dim=1))
        loss = F.mse_loss(predicted, batch - x0)
        self._optimiser.zero_grad(set_to_none=True)
        loss.backward()
        self._optimiser.step()
        self._schedule.step()
        return {"loss": loss.detach()}

    def _path(self, network: nn.Module, n: int, noise: torch.Generator, device: torch.device) -> list[torch.Tensor]:
        x = torch.randn((n, 2), generator=noise, device=device)
        path = [x]
        steps = int(self.sampling_steps)

        def velocity(points: torch.Tensor, time: float) -> torch.Tensor:
            return network(torch.cat([points, _time_features(torch.full((n, 1), time, device=device))], dim=1))

        for i in range(steps):
            # Midpoint rule: the paths bend where blobs separate, and a half-step look-ahead follows the bend
            # for two network calls per step, where plain Euler needs many more steps.
            middle = x + velocity(x, i / steps) / (2 * steps)
            x = x + velocity(middle, (i + 0.5) / steps) / steps
            path.append(x)
        return path

    def _generate(self, networks, n, noise, device):
        return self._path(networks["main"], n, noise, device)[-1]

    def denoising_path(self, n: int, seed: int | None = None) -> np.ndarray:
        """The points at every sampling step, from pure noise (index 0) to the samples (last), shape
        (sampling_steps + 1, n, 2), in data units; the last frame equals `sample(n, seed=seed)`."""
        self._check_fitted()
        n = check_sample_count(n)
        device = torch.device("cpu")
        generator = make_generator(device, self.random_state + 1 if seed is None else int(seed))
        with inference_threads(device), torch.no_grad():
            path = torch.stack(self._path(self.networks_["main"], n, generator, device))
        return (path.numpy() * self.scale_ + self.mean_).astype(np.float32)
