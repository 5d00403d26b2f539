"""Mult-VAE (Liang, Krishnan, Hoffman & Jebara 2018, "Variational Autoencoders for Collaborative Filtering").

A user is their binary item vector x. The encoder maps the L2-normalised, dropped-out x to a Gaussian over a
small latent taste vector z; the decoder turns z into a softmax over the whole catalogue, and the loss is the
multinomial log-likelihood of the user's items under it plus beta x KL(q(z|x) || N(0, I)). Beta grows linearly
from 0 to `beta_max` ("KL annealing"): the paper found a partial regulariser ranks better than the full ELBO.
At prediction time z is the encoder's mean, so recommending for a new user is one forward pass over their
history ("fold-in").
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from torch import nn

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import SeededDropout, reset_parameters, set_dropout_generator
from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult, run_training
from engines.core.validation import check_positive_int
from engines.errors import InvalidParameterError
from engines.recommend.base import Recommender

PREDICT_BATCH_USERS = 2_048
# One intra-op thread: the network is small (a few hundred thousand weights), so a second thread gains little
# on an idle machine and, with OpenMP's spinning workers, costs up to 10x when the cores are shared (a web
# server, other jobs).
CPU_THREADS = 1


class _MultVAENetwork(nn.Module):
    """items -> hidden -> (mu, logvar) of `latent` dims -> hidden -> item logits, tanh between layers."""

    def __init__(self, n_items: int, hidden_dim: int, latent_dim: int, dropout: float) -> None:
        super().__init__()
        self.latent_dim = latent_dim
        self.dropout = SeededDropout(dropout)
        self.encoder = nn.Linear(n_items, hidden_dim)
        self.to_gaussian = nn.Linear(hidden_dim, 2 * latent_dim)
        self.decoder_hidden = nn.Linear(latent_dim, hidden_dim)
        self.decoder_out = nn.Linear(hidden_dim, n_items)

    def encode(self, items: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = F.normalize(items, p=2, dim=1)
        x = self.dropout(x)
        hidden = torch.tanh(self.encoder(x))
        mu, logvar = self.to_gaussian(hidden).chunk(2, dim=1)
        return mu, logvar

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder_out(torch.tanh(self.decoder_hidden(z)))


@register_model
class MultVAERecommender(Recommender):
    """Mult-VAE with the paper's recipe; defaults are sized for catalogues of hundreds to thousands of items.

    `hidden_dim` / `latent_dim`: the paper's 600 / 200 for 20k items; `dropout`: input dropout; `beta_max` and
    `anneal_fraction`: beta rises from 0 to `beta_max` over that share of the training steps, then stays;
    `epochs`, `batch_size`, `learning_rate` and `weight_decay` (L2 on the weights) drive Adam.
    """

    kind = "mult_vae"
    label = "Mult-VAE"
    description = "A variational autoencoder of each user's item choices (Liang et al. 2018)."

    def __init__(self, hidden_dim: int = 128, latent_dim: int = 32, dropout: float = 0.5,
                 beta_max: float = 0.2,
                 anneal_fraction: float = 0.8, epochs: int = 60, batch_size: int = 500,
                 learning_rate: float = 1e-3, weight_decay: float = 0.0, device: str = "auto",
                 random_state: int = 0) -> None:
        self.hidden_dim = hidden_dim
        self.latent_dim = latent_dim
        self.dropout = dropout
        self.beta_max = beta_max
        self.anneal_fraction = anneal_fraction
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.device = device
        self.random_state = random_state

    def _check_params(self, matrix: sp.csr_matrix) -> None:
        for name in ("hidden_dim", "latent_dim", "epochs", "batch_size"):
            check_positive_int(name, getattr(self, name))
        if not 0.0 <= float(self.dropout) < 1.0:
            raise InvalidParameterError(f"dropout must be in [0, 1); got {self.dropout!r}.")
        if float(self.beta_max) < 0 or not 0.0 <= float(self.anneal_fraction) <= 1.0:
            raise InvalidParameterError("beta_max must be >= 0 and anneal_fraction in [0, 1].")
        if not float(self.learning_rate) > 0 or float(self.weight_decay) < 0:
            raise InvalidParameterError("learning_rate must be > 0 and weight_decay >= 0.")

    def _fit_matrix(self, matrix: sp.csr_matrix, on_progress: ProgressCallback | None,
                    cancel: CancelToken | None) -> TrainingResult:
        device = resolve_device(self.device)
        configure_cpu_threads(device, CPU_THREADS)
        generator = make_generator(torch.device("cpu"), self.random_state)
        network = _MultVAENetwork(matrix.shape[1], self.hidden_dim, self.latent_dim, float(self.dropout))
        reset_parameters(network, generator)
        network.to(device)
        device_generator = generator if device.type == "cpu" else make_generator(device, self.random_state)
        set_dropout_generator(network, device_generator)
        optimizer = torch.optim.Adam(network.parameters(), lr=float(self.learning_rate),
                                     weight_decay=float(self.weight_decay))
        n_users = matrix.shape[0]
        batch_size = min(int(self.batch_size), n_users)
        steps_per_epoch = math.ceil(n_users / batch_size)
        total_steps = int(self.epochs) * steps_per_epoch
        anneal_steps = max(1.0, float(self.anneal_fraction) * total_steps)
        # Small catalogues fit on the device whole; big ones are densified one batch at a time.
        dense = (torch.as_tensor(matrix.toarray(), device=device)
                 if matrix.shape[0] * matrix.shape[1] <= 50_000_000 else None)
        order = torch.arange(n_users)

        def batch_rows(step: int) -> torch.Tensor:
            nonlocal order
            position = step % steps_per_epoch
            if position == 0:
                order = torch.randperm(n_users, generator=generator)
            rows = order[position * batch_size:(position + 1) * batch_size]
            if dense is not None:
                return dense[rows.to(device)]
            return torch.as_tensor(matrix[rows.numpy()].toarray(), device=device)

        def train_step(step: int) -> dict[str, torch.Tensor]:
            network.train()
            items = batch_rows(step)
            mu, logvar = network.encode(items)
            noise = torch.randn(mu.shape, generator=device_generator, device=device)
            z = mu + noise * torch.exp(0.5 * logvar)
            log_probs = F.log_softmax(network.decode(z), dim=1)
            neg_log_likelihood = -(log_probs * items).sum(dim=1).mean()
            kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
            beta = float(self.beta_max) * min(1.0, step / anneal_steps)
            loss = neg_log_likelihood + beta * kl
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            return {"loss": loss.detach(), "neg_log_likelihood": neg_log_likelihood.detach(),
                    "kl": kl.detach()}

        result = run_training(train_step, epochs=int(self.epochs), steps_per_epoch=steps_per_epoch,
                              on_progress=on_progress, cancel=cancel)
        network.eval()
        self.network_ = network.to("cpu")
        return result

    def _predict(self, matrix: sp.csr_matrix) -> np.ndarray:
        configure_cpu_threads(torch.device("cpu"), CPU_THREADS)
        network = self.network_
        network.eval()
        scores = np.empty(matrix.shape, dtype=np.float32)
        with torch.no_grad():
            for start in range(0, matrix.shape[0], PREDICT_BATCH_USERS):
                items = torch.as_tensor(matrix[start:start + PREDICT_BATCH_USERS].toarray())
                mu, _ = network.encode(items)
                scores[start:start + PREDICT_BATCH_USERS] = F.log_softmax(network.decode(mu), dim=1).numpy()
        return scores

    def _learned_arrays(self) -> dict[str, np.ndarray]:
        return {name: tensor.detach().cpu().numpy() for name, tensor in self.network_.state_dict().items()}

    def _restore_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        network = _MultVAENetwork(self.n_items_, int(self.hidden_dim), int(self.latent_dim),
                                  float(self.dropout))
        network.load_state_dict({name: torch.as_tensor(value) for name, value in arrays.items()})
        network.eval()
        self.network_ = network
