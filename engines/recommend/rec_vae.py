"""RecVAE (Shenbin, Alekseev, Tutubalina, Malykh & Nikolenko 2020, "RecVAE: a New Variational Autoencoder for
Top-N Recommendations with Implicit Feedback"): Mult-VAE with the changes that made it stronger on real logs.

- Encoder: five dense layers with swish and layer norm, each fed the sum of the layers before it; a linear
  decoder (latent -> item logits) as in the paper.
- Composite prior: p(z) = 3/20 N(0, I) + 3/4 q_old(z | x) + 1/10 N(0, e^10 I), where q_old is the encoder as
  it was at the end of the previous epoch: each user's taste may move only a little per epoch, which keeps
  the decoder from chasing a moving target.
- The KL weight of a user is gamma x (number of their items), so heavy users are regularised more.
- Alternating updates: each epoch trains the encoder `encoder_passes` times over the users (input dropout on),
  then the decoder once (no dropout, encoder fixed).
Early stopping on validation users' Recall@20 and the step budget work as in `MultVAERecommender`.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from torch import nn

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import reset_parameters
from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import ShuffledBatches, TrainingResult, adam, step_budget
from engines.core.validation import check_non_negative_int, check_positive_int
from engines.errors import InvalidParameterError
from engines.recommend.base import Recommender
from engines.recommend.mult_vae import (
    CPU_THREADS,
    PREDICT_BATCH_USERS,
    train_with_validation_stopping,
    validation_users,
)

LAYERS = 5
PRIOR_WEIGHTS = (3 / 20, 3 / 4, 1 / 10)  # standard normal, previous posterior, wide normal (the paper's)
WIDE_LOGVAR = 10.0
LAYER_NORM_EPS = 0.1  # the authors' code uses a large epsilon: the normalised layers stay smooth


def _gaussian_log_density(z: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    return -0.5 * (logvar + math.log(2 * math.pi) + (z - mu).pow(2) / logvar.exp())


class _Encoder(nn.Module):
    def __init__(self, n_items: int, hidden_dim: int, latent_dim: int) -> None:
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(n_items, hidden_dim)]
                                    + [nn.Linear(hidden_dim, hidden_dim) for _ in range(LAYERS - 1)])
        self.norms = nn.ModuleList([nn.LayerNorm(hidden_dim, eps=LAYER_NORM_EPS) for _ in range(LAYERS)])
        self.to_gaussian = nn.Linear(hidden_dim, 2 * latent_dim)

    def forward(self, items: torch.Tensor, dropout: float, generator: torch.Generator | None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        x = F.normalize(items, p=2, dim=1)
        if dropout > 0:
            keep = torch.rand(x.shape, generator=generator, device=x.device) >= dropout
            x = x * keep / (1.0 - dropout)
        hidden_sum, previous = 0.0, None
        for layer, norm in zip(self.layers, self.norms):
            inputs = x if previous is None else previous
            previous = norm(F.silu(layer(inputs) + hidden_sum))
            hidden_sum = hidden_sum + previous
        mu, logvar = self.to_gaussian(previous).chunk(2, dim=1)
        return mu, logvar


class _RecVAENetwork(nn.Module):
    def __init__(self, n_items: int, hidden_dim: int, latent_dim: int) -> None:
        super().__init__()
        self.encoder = _Encoder(n_items, hidden_dim, latent_dim)
        self.decoder = nn.Linear(latent_dim, n_items)


@register_model
class RecVAERecommender(Recommender):
    """RecVAE (see the module docstring). `hidden_dim` / `latent_dim`: 600 / 200 as in the paper; `dropout`:
    input dropout of the encoder passes; `gamma`: KL weight per item of the user; `encoder_passes`: encoder
    passes per decoder pass; `epochs` (the most), `batch_size`, `learning_rate` drive Adam; `max_steps`
    (0 = none) caps the steps; `validation_fraction` / `patience`: early stopping on validation users'
    Recall@20 (0 = train for the whole budget)."""

    kind = "rec_vae"
    label = "RecVAE"
    description = ("A variational autoencoder with a composite prior and alternating encoder/decoder "
                   "updates (Shenbin et al. 2020).")

    def __init__(self, hidden_dim: int = 600, latent_dim: int = 200, dropout: float = 0.5,
                 gamma: float = 0.005, encoder_passes: int = 3, epochs: int = 50, batch_size: int = 100,
                 learning_rate: float = 1e-3, validation_fraction: float = 0.1, patience: int = 6,
                 max_steps: int = 0, device: str = "auto", random_state: int = 0) -> None:
        self.hidden_dim = hidden_dim
        self.latent_dim = latent_dim
        self.dropout = dropout
        self.gamma = gamma
        self.encoder_passes = encoder_passes
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.max_steps = max_steps
        self.device = device
        self.random_state = random_state

    def _check_params(self, matrix: sp.csr_matrix) -> None:
        for name in ("hidden_dim", "latent_dim", "encoder_passes", "epochs", "batch_size", "patience"):
            check_positive_int(name, getattr(self, name))
        check_non_negative_int("max_steps", self.max_steps, zero_means="no limit")
        if not 0.0 <= float(self.dropout) < 1.0:
            raise InvalidParameterError(f"dropout must be in [0, 1); got {self.dropout!r}.",
                                        key="engine.params.bad_dropout", dropout=repr(self.dropout))
        if not 0.0 <= float(self.validation_fraction) < 0.5:
            raise InvalidParameterError("validation_fraction must be in [0, 0.5) (0 = no early stopping); "
                                        f"got {self.validation_fraction!r}.",
                                        key="engine.params.bad_validation_fraction",
                                        validation_fraction=repr(self.validation_fraction))
        if float(self.gamma) < 0 or not float(self.learning_rate) > 0:
            raise InvalidParameterError("gamma must be >= 0 and learning_rate > 0.",
                                        key="engine.rec_vae.bad_gamma")

    def _fit_matrix(self, matrix: sp.csr_matrix, on_progress: ProgressCallback | None,
                    cancel: CancelToken | None) -> TrainingResult:
        device = resolve_device(self.device)
        configure_cpu_threads(device, CPU_THREADS)
        generator = make_generator(torch.device("cpu"), self.random_state)
        validation = validation_users(matrix, float(self.validation_fraction), int(self.random_state))
        if validation is not None:
            # Validation users train on their fold-in items: their held-out items stay unseen, so the score
            # stays honest, and a small log loses no user.
            matrix = sp.vstack([validation.train, validation.fold_in], format="csr")
        network = _RecVAENetwork(matrix.shape[1], int(self.hidden_dim), int(self.latent_dim))
        reset_parameters(network, generator)
        network.to(device)
        device_generator = generator if device.type == "cpu" else make_generator(device, self.random_state)
        old_encoder = copy.deepcopy(network.encoder).requires_grad_(False)
        encoder_optimizer = adam(network.encoder.parameters(), float(self.learning_rate))
        decoder_optimizer = adam(network.decoder.parameters(), float(self.learning_rate))
        n_users = matrix.shape[0]
        batch_size = min(int(self.batch_size), n_users)
        steps_per_pass = math.ceil(n_users / batch_size)
        passes = int(self.encoder_passes) + 1
        epochs, steps_per_epoch = step_budget(int(self.epochs), passes * steps_per_pass, int(self.max_steps))
        dense = (torch.as_tensor(matrix.toarray(), device=device)
                 if matrix.shape[0] * matrix.shape[1] <= 50_000_000 else None)
        batches = ShuffledBatches(n_users, batch_size, np.random.default_rng(int(self.random_state)))
        log_weights = torch.log(torch.tensor(PRIOR_WEIGHTS, device=device))
        dropout, gamma = float(self.dropout), float(self.gamma)

        def train_step(step: int) -> dict[str, torch.Tensor]:
            network.train()
            position = step % steps_per_epoch
            if position == 0 and step > 0:
                old_encoder.load_state_dict(network.encoder.state_dict())
            rows = batches.next_batch()
            items = (dense[torch.as_tensor(rows, device=device)] if dense is not None
                     else torch.as_tensor(matrix[rows].toarray(), device=device))
            train_encoder = position < int(self.encoder_passes) * steps_per_pass
            mu, logvar = network.encoder(items, dropout if train_encoder else 0.0, device_generator)
            noise = torch.randn(mu.shape, generator=device_generator, device=device)
            z = mu + noise * torch.exp(0.5 * logvar)
            log_probs = F.log_softmax(network.decoder(z), dim=1)
            neg_log_likelihood = -(log_probs * items).sum(dim=1).mean()
            if train_encoder:
                with torch.no_grad():
                    old_mu, old_logvar = old_encoder(items, 0.0, None)
                zeros = torch.zeros_like(mu)
                prior = torch.stack([
                    _gaussian_log_density(z, zeros, zeros),
                    _gaussian_log_density(z, old_mu, old_logvar),
                    _gaussian_log_density(z, zeros, zeros + WIDE_LOGVAR),
                ], dim=-1)
                log_prior = torch.logsumexp(prior + log_weights, dim=-1)
                kl = (_gaussian_log_density(z, mu, logvar) - log_prior).sum(dim=1)
                kl_weight = gamma * items.sum(dim=1)
                loss = neg_log_likelihood + (kl_weight * kl).mean()
                optimizer = encoder_optimizer
            else:
                kl = torch.zeros(())
                loss = neg_log_likelihood
                optimizer = decoder_optimizer
            encoder_optimizer.zero_grad(set_to_none=True)
            decoder_optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            return {"neg_log_likelihood": neg_log_likelihood.detach(), "kl": kl.detach().mean()}

        result, self.best_epoch_ = train_with_validation_stopping(
            train_step, epochs=epochs, steps_per_epoch=steps_per_epoch, network=network, validation=validation,
            patience=self.patience, scores=lambda matrix: _scores(network, matrix, device),
            on_progress=on_progress, cancel=cancel)
        self.network_ = network.to("cpu")
        return result

    def _predict(self, matrix: sp.csr_matrix) -> np.ndarray:
        configure_cpu_threads(torch.device("cpu"), CPU_THREADS)
        return _scores(self.network_, matrix, torch.device("cpu"))

    def _learned_arrays(self) -> dict[str, np.ndarray]:
        return {name: tensor.detach().cpu().numpy() for name, tensor in self.network_.state_dict().items()}

    def _restore_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        network = _RecVAENetwork(self.n_items_, int(self.hidden_dim), int(self.latent_dim))
        network.load_state_dict({name: torch.as_tensor(value) for name, value in arrays.items()})
        network.eval()
        self.network_ = network


def _scores(network: _RecVAENetwork, matrix: sp.csr_matrix, device: torch.device) -> np.ndarray:
    """Item logits of the decoder at the encoder's mean, for each row of `matrix` (higher is better)."""
    network.eval()
    scores = np.empty(matrix.shape, dtype=np.float32)
    with torch.no_grad():
        for start in range(0, matrix.shape[0], PREDICT_BATCH_USERS):
            items = torch.as_tensor(matrix[start:start + PREDICT_BATCH_USERS].toarray(), device=device)
            mu, _ = network.encoder(items, 0.0, None)
            scores[start:start + PREDICT_BATCH_USERS] = network.decoder(mu).cpu().numpy()
    return scores
