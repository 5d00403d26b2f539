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
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from torch import nn

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import SeededDropout, reset_parameters, set_dropout_generator
from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import KeepBest, ShuffledBatches, TrainingResult, adam, run_training, step_budget
from engines.core.validation import check_non_negative_int, check_positive_int
from engines.errors import InvalidDataError, InvalidParameterError
from engines.recommend.base import Recommender
from engines.recommend.evaluation import RECALL_K, HeldOutSplit, ranking_metrics, split_held_out_users

PREDICT_BATCH_USERS = 2_048
VALIDATION_METRIC = f"validation_recall@{RECALL_K}"
VALIDATION_MIN_USERS = 20  # fewer validation users make the early-stopping signal mostly noise
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
    """Mult-VAE with the paper's recipe, sized and stopped for catalogues of hundreds to thousands of items.

    `hidden_dim` / `latent_dim`: the paper's 600 / 200; `dropout`: input dropout; `beta_max` and
    `anneal_fraction`: beta rises from 0 to `beta_max` over that share of the planned training steps, then
    stays; `epochs` (the most), `batch_size`, `learning_rate` and `weight_decay` (L2 on the weights) drive
    Adam; `max_steps` (0 = none) caps the optimisation steps (fewer epochs), so an app can bound the time.
    Early stopping: `validation_fraction` of the training users are held out as validation users (80% of their
    items in, the rest to find); after every epoch their Recall@20 is measured, the best epoch's weights are
    kept and training stops after `patience` epochs without gain. With too few users for validation, it
    trains for the full budget. On small logs the paper's batch of 500 users means a handful of steps per
    epoch, which is why the defaults use smaller batches and more epochs.
    """

    kind = "mult_vae"
    label = "Mult-VAE"
    description = "A variational autoencoder of each user's item choices (Liang et al. 2018)."

    def __init__(self, hidden_dim: int = 600, latent_dim: int = 200, dropout: float = 0.5,
                 beta_max: float = 0.2, anneal_fraction: float = 0.8, epochs: int = 200,
                 batch_size: int = 100, learning_rate: float = 1e-3, weight_decay: float = 0.0,
                 validation_fraction: float = 0.1, patience: int = 20, max_steps: int = 0,
                 device: str = "auto", random_state: int = 0) -> None:
        self.hidden_dim = hidden_dim
        self.latent_dim = latent_dim
        self.dropout = dropout
        self.beta_max = beta_max
        self.anneal_fraction = anneal_fraction
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.max_steps = max_steps
        self.device = device
        self.random_state = random_state

    def _check_params(self, matrix: sp.csr_matrix) -> None:
        for name in ("hidden_dim", "latent_dim", "epochs", "batch_size", "patience"):
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
        if float(self.beta_max) < 0 or not 0.0 <= float(self.anneal_fraction) <= 1.0:
            raise InvalidParameterError("beta_max must be >= 0 and anneal_fraction in [0, 1].",
                                        key="engine.mult_vae.bad_beta")
        if not float(self.learning_rate) > 0 or float(self.weight_decay) < 0:
            raise InvalidParameterError("learning_rate must be > 0 and weight_decay >= 0.",
                                        key="engine.mult_vae.bad_learning_rate")

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
        network = _MultVAENetwork(matrix.shape[1], self.hidden_dim, self.latent_dim, float(self.dropout))
        reset_parameters(network, generator)
        network.to(device)
        device_generator = generator if device.type == "cpu" else make_generator(device, self.random_state)
        set_dropout_generator(network, device_generator)
        optimizer = adam(network.parameters(), float(self.learning_rate),
                         weight_decay=float(self.weight_decay))
        n_users = matrix.shape[0]
        batch_size = min(int(self.batch_size), n_users)
        epochs, steps_per_epoch = step_budget(int(self.epochs), math.ceil(n_users / batch_size),
                                              int(self.max_steps))
        anneal_steps = max(1.0, float(self.anneal_fraction) * epochs * steps_per_epoch)
        # Small catalogues fit on the device whole; big ones are densified one batch at a time.
        dense = (torch.as_tensor(matrix.toarray(), device=device)
                 if matrix.shape[0] * matrix.shape[1] <= 50_000_000 else None)
        batches = ShuffledBatches(n_users, batch_size, np.random.default_rng(int(self.random_state)))

        def train_step(step: int) -> dict[str, torch.Tensor]:
            network.train()
            rows = batches.next_batch()
            items = (dense[torch.as_tensor(rows, device=device)] if dense is not None
                     else torch.as_tensor(matrix[rows].toarray(), device=device))
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

        result, self.best_epoch_ = train_with_validation_stopping(
            train_step, epochs=epochs, steps_per_epoch=steps_per_epoch, network=network, validation=validation,
            patience=self.patience, scores=lambda matrix: _log_softmax_scores(network, matrix, device),
            on_progress=on_progress, cancel=cancel)
        self.network_ = network.to("cpu")
        return result

    def _predict(self, matrix: sp.csr_matrix) -> np.ndarray:
        configure_cpu_threads(torch.device("cpu"), CPU_THREADS)
        self.network_.eval()
        return _log_softmax_scores(self.network_, matrix, torch.device("cpu"))

    def _learned_arrays(self) -> dict[str, np.ndarray]:
        return {name: tensor.detach().cpu().numpy() for name, tensor in self.network_.state_dict().items()}

    def _restore_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        network = _MultVAENetwork(self.n_items_, int(self.hidden_dim), int(self.latent_dim),
                                  float(self.dropout))
        network.load_state_dict({name: torch.as_tensor(value) for name, value in arrays.items()})
        network.eval()
        self.network_ = network


def validation_users(matrix: sp.csr_matrix, fraction: float, random_state: int) -> HeldOutSplit | None:
    """A held-out-user split of the training matrix for early stopping (`fraction` of the users, at least
    VALIDATION_MIN_USERS of them), or None when `fraction` is 0 or the matrix is too small to spare them."""
    if fraction <= 0:
        return None
    try:
        return split_held_out_users(matrix, test_fraction=fraction, min_test_users=VALIDATION_MIN_USERS,
                                    random_state=random_state + 7)
    except InvalidDataError:
        return None


def train_with_validation_stopping(
    train_step: Callable[[int], dict[str, torch.Tensor]], *, epochs: int, steps_per_epoch: int,
    network: nn.Module, validation: HeldOutSplit | None, patience: int,
    scores: Callable[[sp.csr_matrix], np.ndarray], on_progress: ProgressCallback | None,
    cancel: CancelToken | None,
) -> tuple[TrainingResult, int]:
    """`run_training` for a generative recommender, stopping on what the leaderboard ranks by: after each epoch
    the validation users' held-out items are scored with `scores(fold_in)` (their Recall@20, recorded as
    `VALIDATION_METRIC`), the best weights are kept and training stops after `patience` epochs without a gain.
    Without validation users it simply trains. Returns the result and the epoch whose weights were kept."""
    keep_best, end_of_epoch = None, None
    if validation is not None:
        keep_best = KeepBest(network, VALIDATION_METRIC, higher_is_better=True, patience=int(patience))

        def end_of_epoch(epoch: int, record: dict[str, float]) -> None:
            network.eval()
            record[VALIDATION_METRIC] = ranking_metrics(scores(validation.fold_in), validation.fold_in,
                                                        validation.held_out)[f"recall@{RECALL_K}"]

    result = run_training(train_step, epochs=epochs, steps_per_epoch=steps_per_epoch, on_progress=on_progress,
                          cancel=cancel, end_of_epoch=end_of_epoch, keep_best=keep_best)
    network.eval()
    best_epoch = keep_best.best_epoch if keep_best is not None else len(result.loss_history)
    return result, best_epoch


def _log_softmax_scores(network: _MultVAENetwork, matrix: sp.csr_matrix, device: torch.device) -> np.ndarray:
    """The decoder's log-probabilities of every item for each row of `matrix`, from the encoder's mean."""
    scores = np.empty(matrix.shape, dtype=np.float32)
    with torch.no_grad():
        for start in range(0, matrix.shape[0], PREDICT_BATCH_USERS):
            items = torch.as_tensor(matrix[start:start + PREDICT_BATCH_USERS].toarray(), device=device)
            mu, _ = network.encode(items)
            scores[start:start + PREDICT_BATCH_USERS] = (
                F.log_softmax(network.decode(mu), dim=1).cpu().numpy())
    return scores
