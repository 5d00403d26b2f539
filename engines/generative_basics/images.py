"""Three class-conditional image generators on the lab's one model contract: a DCGAN-style GAN with a
projection discriminator, a conditional VAE and a small conditional diffusion model (flow matching, as the
2-D one; see `engines.generative_basics.points`).

Images are float arrays in [0, 1], shaped (n, channels, size, size) (a (n, size, size) array is taken as one
channel); `image_size` and `channels` are parameters (the size must be a multiple of 4: two halvings), so the
same generators serve 28x28 grey digits and small colour product pictures. `sample(n, conditions, seed)` takes
one class for all `n` images, a list of `n` classes, or None (classes in turn).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
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

STEPS_PER_EPOCH = 25  # one loss record (and one check of the time budget) per 25 steps
# One intra-op thread for training: the networks are small, and on a shared 2-core machine a second thread
# mostly spin-waits for a core another process holds (see engines.core.device).
TRAINING_THREADS = 1
SAMPLE_BATCH = 256
PRIORS = ("fitted", "standard")  # the VAE's sampling distribution over its latent space (see ConditionalImageVAE)
ImagePreview = Callable[[int, np.ndarray, np.ndarray], None]


def check_images(images: Any, labels: Any, image_size: int, channels: int, n_classes: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Images as float32 (n, channels, size, size) in [0, 1] and labels as int64 (n,); `InvalidDataError`
    naming what is wrong otherwise."""
    try:
        array = np.asarray(images, dtype=np.float32)
        classes = np.asarray(labels)
    except (TypeError, ValueError):
        raise InvalidDataError("Images must be a numeric array and labels a list of class numbers.",
                               key="engine.images.not_numeric") from None
    if array.ndim == 3 and channels == 1:
        array = array[:, None]
    expected = (channels, image_size, image_size)
    if array.ndim != 4 or array.shape[1:] != expected:
        raise InvalidDataError(f"Images must have shape (n, {channels}, {image_size}, {image_size}); "
                               f"got {array.shape}.",
                               key="engine.images.bad_shape", channels=channels, image_size=image_size,
                               shape=array.shape)
    if len(array) < 2:
        raise InvalidDataError(f"At least 2 images are needed to train; got {len(array)}.",
                               key="engine.images.too_few", n_images=len(array))
    if not np.isfinite(array).all() or array.min() < 0 or array.max() > 1:
        raise InvalidDataError("Pixel values must be finite and scaled to [0, 1] (divide 0-255 images by 255).",
                               key="engine.images.bad_pixels")
    if classes.shape != (len(array),):
        raise InvalidDataError(f"Give one label per image: {len(array)} images, labels of shape {classes.shape}.",
                               key="engine.images.label_mismatch", n_images=len(array), shape=classes.shape)
    return array, check_classes(classes, n_classes)


def check_classes(classes: Any, n_classes: int) -> np.ndarray:
    """Class numbers as int64; `InvalidDataError` for a class outside 0..n_classes-1."""
    array = np.asarray(classes)
    if array.size and (not np.issubdtype(array.dtype, np.integer)):
        if not np.issubdtype(array.dtype, np.floating) or not np.all(np.mod(array, 1) == 0):
            raise InvalidDataError("Classes must be whole numbers.", key="engine.images.classes_not_whole")
    array = array.astype(np.int64)
    unknown = sorted(set(array[(array < 0) | (array >= n_classes)].tolist()))
    if unknown:
        raise InvalidDataError(f"Unknown class(es) {unknown[:5]}: this model knows classes 0 to {n_classes - 1}.",
                               key="engine.images.unknown_classes", unknown=unknown[:5],
                               max_class=n_classes - 1)
    return array


class ImageGenerator(BaseModel):
    """What the three image generators share: checks, the training loop with previews, class handling,
    batched seeded sampling and save/load. A subclass builds its networks, takes one step, and generates."""

    def __init__(self, image_size: int = 28, channels: int = 1, n_classes: int = 10, steps: int = 3_000,
                 batch_size: int = 64, learning_rate: float = 2e-4, latent_dim: int = 32, base_width: int = 32,
                 max_seconds: float = 0.0, device: str = "auto", random_state: int = 0,
                 ema_decay: float = 0.0) -> None:
        self.image_size = image_size
        self.channels = channels
        self.n_classes = n_classes
        self.steps = steps
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.latent_dim = latent_dim
        self.base_width = base_width
        self.max_seconds = max_seconds
        self.device = device
        self.random_state = random_state
        self.ema_decay = ema_decay

    def _check_params(self) -> None:
        if not 0 <= float(self.ema_decay) < 1:
            raise InvalidParameterError(f"ema_decay must be in [0, 1) (0 = no average); got {self.ema_decay}.",
                                        key="engine.images.bad_ema_decay", ema_decay=self.ema_decay)
        for name in ("channels", "n_classes", "steps", "batch_size", "latent_dim", "base_width"):
            check_positive_int(name, getattr(self, name))
        check_positive_int("image_size", self.image_size, minimum=4)
        if int(self.image_size) % 4:
            raise InvalidParameterError(f"image_size must be a multiple of 4; got {self.image_size}.",
                                        key="engine.images.bad_image_size", image_size=self.image_size)
        check_positive_number("learning_rate", self.learning_rate)
        if float(self.max_seconds) < 0:
            raise InvalidParameterError("max_seconds must be >= 0 (0 = no time limit).",
                                        key="engine.images.bad_max_seconds")

    def _fit(self, images: Any, labels: Any, *, on_progress: ProgressCallback | None,
             cancel: CancelToken | None, on_preview: ImagePreview | None = None, preview_every: int = 0,
             preview_per_class: int = 4) -> TrainingResult:
        self._check_params()
        check_non_negative_int("preview_every", preview_every, zero_means="no previews")
        array, classes = check_images(images, labels, int(self.image_size), int(self.channels),
                                      int(self.n_classes))
        device = resolve_device(self.device)
        configure_cpu_threads(device, TRAINING_THREADS)
        data = torch.as_tensor(array * 2 - 1, device=device)  # networks work in [-1, 1]
        targets = torch.as_tensor(classes, device=device)
        generator = make_generator(torch.device("cpu"), self.random_state)
        self._networks = self._build()
        for network in self._networks.values():
            seeded_init(network, generator)
            network.to(device).train()
        self._optimisers = self._optimise(self._networks)
        noise = generator if device.type == "cpu" else make_generator(device, self.random_state)
        rows = np.random.default_rng(self.random_state)
        batch = min(int(self.batch_size), len(array))
        preview_classes = np.repeat(np.arange(int(self.n_classes)), preview_per_class)
        average = self._weight_average(self._networks["main"])

        def sampling_networks() -> dict[str, nn.Module]:
            return self._networks if average is None else {**self._networks, "main": average.module}

        def train_step(step: int) -> dict[str, torch.Tensor]:
            index = torch.as_tensor(rows.integers(0, len(array), batch), device=device)
            losses = self._train_step(data[index], targets[index], noise, device)
            if average is not None:
                average.update_parameters(self._networks["main"])
            if on_preview is not None and preview_every and (step + 1) % int(preview_every) == 0:
                on_preview(step + 1, self._images(sampling_networks(), preview_classes, 12345, device),
                           preview_classes)
            return losses

        epochs = max(1, math.ceil(int(self.steps) / STEPS_PER_EPOCH))
        try:
            result = run_training(train_step, epochs=epochs, steps_per_epoch=min(int(self.steps), STEPS_PER_EPOCH),
                                  on_progress=on_progress, cancel=cancel, max_steps=int(self.steps),
                                  max_seconds=float(self.max_seconds) or None)
        finally:
            self._optimisers = None
        self._networks = sampling_networks()
        for network in self._networks.values():
            network.to("cpu").eval()
        self.networks_ = self._networks
        del self._networks
        self._after_training(array, classes)
        return result

    def _weight_average(self, network: nn.Module) -> torch.optim.swa_utils.AveragedModel | None:
        """An exponential moving average of the sampling network's weights (and batch-norm statistics), which
        is what gets sampled and saved when `ema_decay` > 0: it averages out the step-to-step jitter of the last
        few hundred updates, the standard practice for diffusion models and GAN generators (Karras et al. 2018,
        Ho et al. 2020). The decay warms up as (1 + n) / (10 + n) so the first, random weights fade at once."""
        decay = float(self.ema_decay)
        if decay <= 0:
            return None

        def blend(averaged: torch.Tensor, current: torch.Tensor, count: torch.Tensor) -> torch.Tensor:
            rate = min(decay, (1.0 + float(count)) / (10.0 + float(count)))
            return rate * averaged + (1 - rate) * current

        return torch.optim.swa_utils.AveragedModel(network, avg_fn=blend, use_buffers=True)

    def _after_training(self, images: np.ndarray, classes: np.ndarray) -> None:
        """Learn what the networks alone do not hold, from the training images (the VAE's fitted prior)."""

    def _images(self, networks: dict[str, nn.Module], classes: np.ndarray, seed: int, device: torch.device
                ) -> np.ndarray:
        """Images for `classes` in [0, 1] as float32 (n, C, H, W), generated in batches from `seed`."""
        training = any(network.training for network in networks.values())
        for network in networks.values():
            network.eval()
        noise = make_generator(device, seed)
        parts = []
        with torch.no_grad():
            for start in range(0, len(classes), SAMPLE_BATCH):
                chunk = torch.as_tensor(classes[start:start + SAMPLE_BATCH], device=device)
                parts.append(((self._generate(networks, chunk, noise, device).clamp(-1, 1) + 1) / 2).cpu())
        if training:
            for network in networks.values():
                network.train()
        return torch.cat(parts).numpy().astype(np.float32)

    def _condition_width(self) -> int:
        """How many numbers carry the class into the networks: one one-hot block of `n_classes` (a subclass
        with several attributes per image, e.g. engines.product_images, concatenates one block per attribute)."""
        return int(self.n_classes)

    def _condition_vectors(self, classes: torch.Tensor) -> torch.Tensor:
        """The networks' condition input for each class number, (n, `_condition_width()`): its one-hot vector."""
        return F.one_hot(classes, int(self.n_classes)).float()

    def conditions_for(self, n: int, conditions: Any = None) -> np.ndarray:
        """The class of each of `n` images: `conditions` may be one class, `n` classes, or None (in turn)."""
        n = check_sample_count(n)
        if conditions is None:
            return np.arange(n, dtype=np.int64) % int(self.n_classes)
        classes = np.atleast_1d(np.asarray(conditions))
        if classes.size == 1:
            classes = np.repeat(classes, n)
        if classes.shape != (n,):
            raise InvalidDataError(f"Give one class for all images or one per image ({n}); got {classes.size}.",
                                   key="engine.images.class_count_mismatch", n=n, n_classes=classes.size)
        return check_classes(classes, int(self.n_classes))

    def sample(self, n: int, conditions: Any = None, seed: int | None = None) -> np.ndarray:
        """`n` images of the given classes (see `conditions_for`), float32 (n, C, H, W) in [0, 1]; the same
        `seed` gives the same images."""
        self._check_fitted()
        classes = self.conditions_for(n, conditions)
        device = torch.device("cpu")
        with inference_threads(device, 2):
            return self._images(self.networks_, classes, self.random_state + 1 if seed is None else int(seed), device)

    # ------------------------------------------------------------------------------------------- subclass
    def _build(self) -> dict[str, nn.Module]:
        raise NotImplementedError

    def _optimise(self, networks: dict[str, nn.Module]) -> dict[str, torch.optim.Optimizer]:
        return {"main": adam([p for n in networks.values() for p in n.parameters()], float(self.learning_rate))}

    def _train_step(self, images: torch.Tensor, classes: torch.Tensor, noise: torch.Generator,
                    device: torch.device) -> dict[str, torch.Tensor]:
        raise NotImplementedError

    def _generate(self, networks: dict[str, nn.Module], classes: torch.Tensor, noise: torch.Generator,
                  device: torch.device) -> torch.Tensor:
        raise NotImplementedError

    # ------------------------------------------------------------------------------------------- save/load
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        arrays: dict[str, torch.Tensor] = {}
        for name, network in self.networks_.items():
            arrays.update(state_arrays(network, name))
        return {}, arrays

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        self.networks_ = {name: load_arrays(network, tensors, name) for name, network in self._build().items()}


class _UpsamplingDecoder(nn.Module):
    """(latent + one-hot class) -> image in [-1, 1]: a linear layer to a quarter-size map of 4*width channels,
    then two transposed convolutions that double the size (the DCGAN generator; also the VAE's decoder)."""

    def __init__(self, inputs: int, size: int, channels: int, width: int, batch_norm: bool, tanh: bool) -> None:
        super().__init__()
        self.quarter, self.width = size // 4, width
        norm = (lambda c: nn.BatchNorm2d(c)) if batch_norm else (lambda c: nn.Identity())
        self.project = nn.Linear(inputs, 4 * width * self.quarter ** 2)
        self.body = nn.Sequential(
            norm(4 * width), nn.ReLU(),
            nn.ConvTranspose2d(4 * width, 2 * width, 4, 2, 1), norm(2 * width), nn.ReLU(),
            nn.ConvTranspose2d(2 * width, channels, 4, 2, 1))
        self.tanh = tanh

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        x = self.project(inputs).view(-1, 4 * self.width, self.quarter, self.quarter)
        x = self.body(x)
        return torch.tanh(x) if self.tanh else x


class _ConvEncoder(nn.Module):
    """image -> features: two stride-2 convolutions and a flatten."""

    def __init__(self, size: int, channels: int, width: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, width, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, 2 * width, 4, 2, 1), nn.LeakyReLU(0.2), nn.Flatten())
        self.features = 2 * width * (size // 4) ** 2

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.body(images)


class _ProjectionDiscriminator(nn.Module):
    """Real-or-fake score with the class by projection (Miyato & Koyama 2018): score = w.h + embed(y).h, which
    conditions far more reliably than feeding the label in as an extra input."""

    def __init__(self, size: int, channels: int, width: int, n_classes: int) -> None:
        super().__init__()
        self.encoder = _ConvEncoder(size, channels, width)
        self.hidden = nn.Linear(self.encoder.features, 256)
        self.score = nn.Linear(256, 1)
        self.embed = nn.Embedding(n_classes, 256)

    def forward(self, images: torch.Tensor, classes: torch.Tensor) -> torch.Tensor:
        h = F.leaky_relu(self.hidden(self.encoder(images)), 0.2)
        return self.score(h).squeeze(1) + (self.embed(classes) * h).sum(dim=1) / 16.0


@register_model
class ConditionalImageGAN(ImageGenerator):
    """DCGAN-style conditional GAN (Radford et al. 2016; Mirza & Osindero 2014): the generator turns noise and
    a class into an image through transposed convolutions with batch norm; a projection discriminator judges
    (image, class) pairs; non-saturating loss, Adam(2e-4, beta1 = 0.5) as in DCGAN."""

    kind = "image_gan"
    label = "Conditional GAN (DCGAN)"
    description = "Generator against a class-aware discriminator, on images."
    # Weight averaging is off by default here: with batch norm it cost the digits GAN (Frechet distance 24.5 ->
    # 29.2 at 3,000 steps); the diffusion model gains from it (36.7 -> 22.0 at 1,800 steps, decay 0.995).

    def __init__(self, image_size: int = 28, channels: int = 1, n_classes: int = 10, steps: int = 3_000,
                 batch_size: int = 64, learning_rate: float = 2e-4, latent_dim: int = 32, base_width: int = 32,
                 max_seconds: float = 0.0, device: str = "auto", random_state: int = 0,
                 ema_decay: float = 0.0) -> None:
        super().__init__(image_size, channels, n_classes, steps, batch_size, learning_rate, latent_dim,
                         base_width, max_seconds, device, random_state, ema_decay)

    def _build(self) -> dict[str, nn.Module]:
        size, channels, width = int(self.image_size), int(self.channels), int(self.base_width)
        return {"main": _UpsamplingDecoder(int(self.latent_dim) + self._condition_width(), size, channels, width,
                                           batch_norm=True, tanh=True),
                "discriminator": _ProjectionDiscriminator(size, channels, width, int(self.n_classes))}

    def _optimise(self, networks):
        rate = float(self.learning_rate)
        return {name: adam(network.parameters(), rate, betas=(0.5, 0.999)) for name, network in networks.items()}

    def _inputs(self, classes: torch.Tensor, noise: torch.Generator, device: torch.device) -> torch.Tensor:
        z = torch.randn((len(classes), int(self.latent_dim)), generator=noise, device=device)
        return torch.cat([z, self._condition_vectors(classes)], dim=1)

    def _train_step(self, images, classes, noise, device):
        generator, discriminator = self._networks["main"], self._networks["discriminator"]
        fake = generator(self._inputs(classes, noise, device))
        real_score = discriminator(images, classes)
        fake_score = discriminator(fake.detach(), classes)
        d_loss = F.softplus(-real_score).mean() + F.softplus(fake_score).mean()
        self._optimisers["discriminator"].zero_grad(set_to_none=True)
        d_loss.backward()
        self._optimisers["discriminator"].step()
        g_loss = F.softplus(-discriminator(fake, classes)).mean()
        self._optimisers["main"].zero_grad(set_to_none=True)
        g_loss.backward()
        self._optimisers["main"].step()
        return {"discriminator": d_loss.detach(), "generator": g_loss.detach()}

    def _generate(self, networks, classes, noise, device):
        return networks["main"](self._inputs(classes, noise, device))


class _VAEEncoder(nn.Module):
    def __init__(self, size: int, channels: int, width: int, n_classes: int, latent: int) -> None:
        super().__init__()
        self.encoder = _ConvEncoder(size, channels, width)
        self.to_gaussian = nn.Linear(self.encoder.features + n_classes, 2 * latent)

    def forward(self, images: torch.Tensor, one_hot: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.to_gaussian(torch.cat([self.encoder(images), one_hot], dim=1)).chunk(2, dim=1)


@register_model
class ConditionalImageVAE(ImageGenerator):
    """Conditional VAE (Kingma & Welling 2014; Sohn et al. 2015): the encoder squeezes an image and its class
    into a Gaussian over `latent_dim` numbers (the style: slant, thickness), the decoder rebuilds the image from
    those numbers and the class. Bernoulli pixel likelihood; samples are the decoder's mean for z ~ N(0, I),
    hence the soft, slightly blurred strokes."""

    kind = "image_vae"
    label = "Conditional VAE"
    description = "Compress-and-rebuild network with the class as a condition, on images."

    def __init__(self, image_size: int = 28, channels: int = 1, n_classes: int = 10, steps: int = 3_000,
                 batch_size: int = 64, learning_rate: float = 1e-3, latent_dim: int = 16, base_width: int = 32,
                 prior: str = "fitted", kl_weight: float = 1.0, max_seconds: float = 0.0, device: str = "auto",
                 random_state: int = 0) -> None:
        super().__init__(image_size, channels, n_classes, steps, batch_size, learning_rate, latent_dim,
                         base_width, max_seconds, device, random_state)
        self.prior = prior
        self.kl_weight = kl_weight

    def _check_params(self) -> None:
        super()._check_params()
        check_positive_number("kl_weight", self.kl_weight)
        if self.prior not in PRIORS:
            raise InvalidParameterError(f"prior must be one of {', '.join(PRIORS)}; got {self.prior!r}.",
                                        key="engine.images.bad_prior", priors=', '.join(PRIORS),
                                        prior=repr(self.prior))

    def _after_training(self, images: np.ndarray, classes: np.ndarray) -> None:
        """The fitted prior (ex-post density estimation, Ghosh et al. 2020): a Gaussian per class over the codes
        the encoder gives that class's training images. Sampling z ~ N(0, I) lands in regions no training image
        was coded to (the aggregate posterior is not N(0, I)), and the decoder draws vague, often wrong digits
        there: measured at 60 s of training, 0.60 of the samples read as the asked digit with N(0, I) and 0.96
        with the fitted prior, and the Frechet distance fell from 160 to 45. A class with too few images for a
        covariance gets the Gaussian of all codes."""
        self.prior_means_, self.prior_scales_ = None, None
        if self.prior != "fitted":
            return
        latent, n_classes = int(self.latent_dim), int(self.n_classes)
        with inference_threads(torch.device("cpu")), torch.no_grad():
            codes = torch.cat([self.networks_["encoder"](
                torch.as_tensor(images[start:start + SAMPLE_BATCH] * 2 - 1),
                self._condition_vectors(torch.as_tensor(classes[start:start + SAMPLE_BATCH])))[0]
                for start in range(0, len(images), SAMPLE_BATCH)]).double()
        labels = torch.as_tensor(classes)

        def gaussian(group: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            covariance = torch.cov(group.T).reshape(latent, latent) + 1e-4 * torch.eye(latent, dtype=torch.float64)
            return group.mean(0), torch.linalg.cholesky(covariance)

        overall = gaussian(codes)
        means = torch.zeros((n_classes, latent), dtype=torch.float64)
        scales = torch.zeros((n_classes, latent, latent), dtype=torch.float64)
        for label in range(n_classes):
            group = codes[labels == label]
            means[label], scales[label] = gaussian(group) if len(group) > latent else overall
        self.prior_means_, self.prior_scales_ = means.float(), scales.float()

    def _build(self) -> dict[str, nn.Module]:
        size, channels, width = int(self.image_size), int(self.channels), int(self.base_width)
        latent, classes = int(self.latent_dim), self._condition_width()
        return {"main": _UpsamplingDecoder(latent + classes, size, channels, width, batch_norm=False, tanh=False),
                "encoder": _VAEEncoder(size, channels, width, classes, latent)}

    def _train_step(self, images, classes, noise, device):
        decoder, encoder = self._networks["main"], self._networks["encoder"]
        one_hot = self._condition_vectors(classes)
        mu, logvar = encoder(images, one_hot)
        z = mu + torch.randn(mu.shape, generator=noise, device=device) * torch.exp(0.5 * logvar)
        logits = decoder(torch.cat([z, one_hot], dim=1))
        targets = (images + 1) / 2
        reconstruction = F.binary_cross_entropy_with_logits(logits, targets, reduction="sum") / len(images)
        kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
        loss = reconstruction + float(self.kl_weight) * kl
        self._optimisers["main"].zero_grad(set_to_none=True)
        loss.backward()
        self._optimisers["main"].step()
        return {"loss": loss.detach(), "reconstruction": reconstruction.detach(), "kl": kl.detach()}

    def _decode(self, networks: dict[str, nn.Module], z: torch.Tensor, class_weights: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(networks["main"](torch.cat([z, class_weights], dim=1))) * 2 - 1

    def _generate(self, networks, classes, noise, device):
        z = torch.randn((len(classes), int(self.latent_dim)), generator=noise, device=device)
        if getattr(self, "prior_means_", None) is not None:  # none during training (previews) or when "standard"
            means, scales = self.prior_means_.to(device)[classes], self.prior_scales_.to(device)[classes]
            z = means + (scales @ z[:, :, None]).squeeze(2)
        return self._decode(networks, z, self._condition_vectors(classes))

    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        state, arrays = super()._get_state()
        if self.prior_means_ is not None:
            arrays.update({"prior.means": self.prior_means_.contiguous(),
                           "prior.scales": self.prior_scales_.contiguous()})
        return state, arrays

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        super()._set_state(state, tensors, device)
        # A model saved before the fitted prior existed samples from N(0, I), as it did then.
        self.prior_means_, self.prior_scales_ = tensors.get("prior.means"), tensors.get("prior.scales")

    def interpolate(self, first: np.ndarray, first_class: int, second: np.ndarray, second_class: int,
                    steps: int = 8) -> np.ndarray:
        """`steps` images on the straight line between two real images in the latent space (the class mixed
        along the same line), float32 (steps, C, H, W) in [0, 1]: the first and last rebuild the two images."""
        self._check_fitted()
        check_positive_int("steps", steps, minimum=2)
        pair, classes = check_images(np.stack([first, second]), [first_class, second_class], int(self.image_size),
                                     int(self.channels), int(self.n_classes))
        with inference_threads(torch.device("cpu")), torch.no_grad():
            one_hot = self._condition_vectors(torch.as_tensor(classes))
            mu, _ = self.networks_["encoder"](torch.as_tensor(pair * 2 - 1), one_hot)
            weights = torch.linspace(0, 1, int(steps))[:, None]
            z = (1 - weights) * mu[0] + weights * mu[1]
            mixed = (1 - weights) * one_hot[0] + weights * one_hot[1]
            images = (self._decode(self.networks_, z, mixed) + 1) / 2
        return images.numpy().astype(np.float32)


class _TimedBlock(nn.Module):
    """Two 3x3 convolutions with group norm and SiLU; the time-and-class embedding shifts the channels."""

    def __init__(self, inputs: int, outputs: int, embedding: int) -> None:
        super().__init__()
        self.first = nn.Conv2d(inputs, outputs, 3, padding=1)
        self.second = nn.Conv2d(outputs, outputs, 3, padding=1)
        self.norm1, self.norm2 = nn.GroupNorm(8, outputs), nn.GroupNorm(8, outputs)
        self.shift = nn.Linear(embedding, outputs)
        self.skip = nn.Conv2d(inputs, outputs, 1) if inputs != outputs else nn.Identity()

    def forward(self, x: torch.Tensor, embedding: torch.Tensor) -> torch.Tensor:
        h = F.silu(self.norm1(self.first(x))) + self.shift(embedding)[:, :, None, None]
        h = F.silu(self.norm2(self.second(h)))
        return h + self.skip(x)


class _SmallUNet(nn.Module):
    """A two-level U-Net sized for a CPU: the image is cut into 2x2 patches first (a stride-2 convolution), so
    all the work happens at a half and a quarter of the image size, with a skip connection between them; the
    time and the class (class `n_classes` = "no class", for guidance) are embedded together."""

    def __init__(self, channels: int, width: int, n_classes: int) -> None:
        super().__init__()
        embedding = 4 * width
        self.time = nn.Sequential(nn.Linear(32, embedding), nn.SiLU(), nn.Linear(embedding, embedding))
        self.classes = nn.Embedding(n_classes + 1, embedding)
        self.inlet = nn.Conv2d(channels, 2 * width, 4, 2, 1)
        self.block1 = _TimedBlock(2 * width, 2 * width, embedding)
        self.down = nn.Conv2d(2 * width, 4 * width, 4, 2, 1)
        self.block2 = _TimedBlock(4 * width, 4 * width, embedding)
        self.up = nn.ConvTranspose2d(4 * width, 2 * width, 4, 2, 1)
        self.block3 = _TimedBlock(4 * width, 2 * width, embedding)
        self.outlet = nn.ConvTranspose2d(2 * width, channels, 4, 2, 1)

    def forward(self, x: torch.Tensor, t: torch.Tensor, classes: torch.Tensor) -> torch.Tensor:
        frequencies = torch.exp(torch.linspace(0, math.log(1000), 16, device=t.device))
        angles = t[:, None] * frequencies
        embedding = self.time(torch.cat([angles.sin(), angles.cos()], dim=1)) + self.classes(classes)
        half = self.block1(self.inlet(x), embedding)
        quarter = self.block2(self.down(half), embedding)
        half_up = self.block3(torch.cat([self.up(quarter), half], dim=1), embedding)
        return self.outlet(half_up)


@register_model
class ConditionalImageDiffusion(ImageGenerator):
    """A small class-conditional diffusion model in flow-matching form: the U-Net learns the velocity from a
    noise image to a real image along a straight line; sampling follows it from noise in `sampling_steps`
    Euler steps. Classifier-free guidance (Ho & Salimans 2022): the class is hidden from the network in
    `class_dropout` of the steps, and at sampling the class-aware velocity is pushed away from the class-free
    one by `guidance` (1 = no push), which sharpens each class."""

    kind = "image_diffusion"
    label = "Conditional diffusion (flow matching)"
    description = "Noise turned into an image of the asked class, step by step, by a small U-Net."

    def __init__(self, image_size: int = 28, channels: int = 1, n_classes: int = 10, steps: int = 3_000,
                 batch_size: int = 64, learning_rate: float = 1e-3, latent_dim: int = 1, base_width: int = 16,
                 sampling_steps: int = 16, guidance: float = 2.0, class_dropout: float = 0.1,
                 max_seconds: float = 0.0, device: str = "auto", random_state: int = 0,
                 ema_decay: float = 0.995) -> None:
        super().__init__(image_size, channels, n_classes, steps, batch_size, learning_rate, latent_dim,
                         base_width, max_seconds, device, random_state, ema_decay)
        self.sampling_steps = sampling_steps
        self.guidance = guidance
        self.class_dropout = class_dropout

    def _check_params(self) -> None:
        super()._check_params()
        check_positive_int("sampling_steps", self.sampling_steps)
        check_positive_number("guidance", self.guidance)
        if int(self.base_width) % 8:
            raise InvalidParameterError("base_width must be a multiple of 8 (group norm of 8 groups).",
                                        key="engine.images.bad_base_width")
        if not 0 <= float(self.class_dropout) < 1:
            raise InvalidParameterError("class_dropout must be in [0, 1).",
                                        key="engine.images.bad_class_dropout")

    def _build(self) -> dict[str, nn.Module]:
        return {"main": _SmallUNet(int(self.channels), int(self.base_width), int(self.n_classes))}

    def _train_step(self, images, classes, noise, device):
        network = self._networks["main"]
        x0 = torch.randn(images.shape, generator=noise, device=device)
        t = torch.rand((len(images),), generator=noise, device=device)
        hidden = torch.rand((len(images),), generator=noise, device=device) < float(self.class_dropout)
        classes = torch.where(hidden, torch.full_like(classes, int(self.n_classes)), classes)
        x_t = (1 - t[:, None, None, None]) * x0 + t[:, None, None, None] * images
        loss = F.mse_loss(network(x_t, t, classes), images - x0)
        self._optimisers["main"].zero_grad(set_to_none=True)
        loss.backward()
        self._optimisers["main"].step()
        return {"loss": loss.detach()}

    def _generate(self, networks, classes, noise, device):
        network = networks["main"]
        n = len(classes)
        shape = (n, int(self.channels), int(self.image_size), int(self.image_size))
        x = torch.randn(shape, generator=noise, device=device)
        guided = float(self.guidance) != 1.0
        both = torch.cat([classes, torch.full_like(classes, int(self.n_classes))]) if guided else classes
        steps = int(self.sampling_steps)
        for i in range(steps):
            t = torch.full((len(both),), i / steps, device=device)
            velocity = network(torch.cat([x, x]) if guided else x, t, both)
            if guided:
                with_class, without = velocity.chunk(2)
                velocity = without + float(self.guidance) * (with_class - without)
            x = x + velocity / steps
        return x
