"""Differential privacy for training: DP-SGD (Abadi et al. 2016) with Opacus, and an independent accountant.

DP-SGD bounds what one training row can change: each row's gradient is clipped to `max_grad_norm`, the clipped
gradients are summed, Gaussian noise of standard deviation `noise_multiplier * max_grad_norm` is added, and rows
enter each step by Poisson sampling (each row independently with probability `sample_rate`), which is what the
privacy accounting assumes. Opacus (Apache-2.0) supplies the per-sample gradients (`GradSampleModule`), the
clipping and noise (`DPOptimizer`) and the Renyi-DP accountant that turns (noise, sample rate, steps, delta) into
epsilon. `rdp_epsilon` is a second, independent implementation of that accountant (the integer-order bound for
the subsampled Gaussian of Mironov, Talwar and Zhang 2019), so the epsilon we print is checked by other code.

What DP-SGD does not cover: anything computed from the data outside the noisy gradient steps. In the lab's
generators that is the column encoding (category lists, quantiles of each number): a model card states it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import torch
from torch import nn

from engines.errors import InvalidParameterError

# Opacus's default orders: fractional ones near 1 matter for large noise, integer ones for small noise.
RDP_ORDERS: tuple[float, ...] = tuple([1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64)))


def _check_privacy_arguments(sample_rate: float, steps: int, delta: float) -> None:
    if not 0 < sample_rate <= 1:
        raise InvalidParameterError(f"sample_rate must be in (0, 1]; got {sample_rate!r}.",
                                    key="engine.dp.bad_sample_rate", sample_rate=repr(sample_rate))
    if steps < 1:
        raise InvalidParameterError(f"steps must be at least 1; got {steps!r}.",
                                    key="engine.dp.bad_steps", steps=repr(steps))
    if not 0 < delta < 1:
        raise InvalidParameterError(f"delta must be in (0, 1); got {delta!r}.",
                                    key="engine.dp.bad_delta", delta=repr(delta))


def epsilon_spent(noise_multiplier: float, sample_rate: float, steps: int, delta: float) -> float:
    """Epsilon of `steps` DP-SGD steps with this noise and Poisson sample rate, at `delta` (Opacus's RDP
    accountant, Balle et al. 2020 conversion)."""
    from opacus.accountants import RDPAccountant

    _check_privacy_arguments(sample_rate, steps, delta)
    accountant = RDPAccountant()
    accountant.history = [(float(noise_multiplier), float(sample_rate), int(steps))]
    return float(accountant.get_epsilon(delta=float(delta)))


def noise_multiplier_for_epsilon(epsilon: float, delta: float, sample_rate: float, steps: int) -> float:
    """The smallest noise multiplier whose `steps` steps at `sample_rate` spend at most `epsilon` at `delta`
    (Opacus's search over its RDP accountant)."""
    from opacus.accountants.utils import get_noise_multiplier

    if not epsilon > 0:
        raise InvalidParameterError(f"epsilon must be positive; got {epsilon!r}.",
                                    key="engine.dp.bad_epsilon", epsilon=repr(epsilon))
    _check_privacy_arguments(sample_rate, steps, delta)
    return float(get_noise_multiplier(target_epsilon=float(epsilon), target_delta=float(delta),
                                      sample_rate=float(sample_rate), steps=int(steps), accountant="rdp",
                                      epsilon_tolerance=0.005))


def _log_add(a: float, b: float) -> float:
    high, low = max(a, b), min(a, b)
    return high if low == -math.inf else high + math.log1p(math.exp(low - high))


def _subsampled_gaussian_rdp(order: int, sample_rate: float, noise_multiplier: float) -> float:
    """RDP of one Poisson-subsampled Gaussian step at integer `order` (Mironov et al. 2019, Section 3.3):
    log( sum_k C(order, k) q^k (1-q)^(order-k) exp((k^2 - k) / (2 sigma^2)) ) / (order - 1)."""
    if sample_rate == 1.0:
        return order / (2 * noise_multiplier**2)
    log_total = -math.inf
    for k in range(order + 1):
        log_term = (math.lgamma(order + 1) - math.lgamma(k + 1) - math.lgamma(order - k + 1)
                    + k * math.log(sample_rate) + (order - k) * math.log1p(-sample_rate)
                    + (k * k - k) / (2 * noise_multiplier**2))
        log_total = _log_add(log_total, log_term)
    return log_total / (order - 1)


def rdp_epsilon(noise_multiplier: float, sample_rate: float, steps: int, delta: float,
                orders: Iterable[int] = range(2, 257), conversion: str = "improved") -> float:
    """Epsilon from our own RDP accountant at integer `orders` (independent of Opacus, for checking it).

    `conversion` "improved" is the RDP-to-(epsilon, delta) bound of Balle et al. 2020 that Opacus uses;
    "classic" is Mironov 2017's `rdp + log(1/delta) / (order - 1)`, used by TF Privacy's published tables.
    """
    _check_privacy_arguments(sample_rate, steps, delta)
    if conversion not in ("improved", "classic"):
        raise InvalidParameterError(f"conversion must be 'improved' or 'classic'; got {conversion!r}.",
                                    key="engine.dp.bad_conversion", conversion=repr(conversion))
    best = math.inf
    for order in orders:
        rdp = steps * _subsampled_gaussian_rdp(int(order), sample_rate, noise_multiplier)
        if conversion == "classic":
            epsilon = rdp + math.log(1 / delta) / (order - 1)
        else:
            epsilon = rdp + math.log1p(-1 / order) - (math.log(delta) + math.log(order)) / (order - 1)
        best = min(best, epsilon)
    return float(best)


class DPSGDTrainer:
    """DP-SGD for a training loop that owns its own batches: per-sample gradients of `modules` (Opacus
    `GradSampleModule`), clipping and noise (`DPOptimizer` around `optimizer`), Poisson batches, and the privacy
    spent so far.

    Use: build the modules and the optimizer over their trainable parameters, create this (which wraps the
    modules in place: call the returned `wrapped` modules in the forward pass), then per step
    `rows = trainer.batch(rng)`, compute the mean loss over `rows`, `loss.backward()`, `trainer.step()`. Call
    `close()` at the end to remove the hooks (the original modules keep the trained weights). Parameters that
    are not inside a layer Opacus knows (a bare `nn.Parameter`) must be frozen before.
    """

    def __init__(self, modules: Sequence[nn.Module], optimizer: torch.optim.Optimizer, *, n_rows: int,
                 batch_size: int, steps: int, epsilon: float, delta: float, max_grad_norm: float = 1.0,
                 generator: torch.Generator | None = None) -> None:
        from opacus import GradSampleModule
        from opacus.optimizers import DPOptimizer

        if n_rows < 2:
            raise InvalidParameterError("Differentially private training needs at least two rows.",
                                        key="engine.dp.too_few_rows")
        if not max_grad_norm > 0:
            raise InvalidParameterError(f"max_grad_norm must be positive; got {max_grad_norm!r}.",
                                        key="engine.dp.bad_max_grad_norm", max_grad_norm=repr(max_grad_norm))
        self.n_rows = int(n_rows)
        self.sample_rate = min(1.0, batch_size / n_rows)
        self.expected_batch_size = max(1, int(round(self.sample_rate * n_rows)))
        self.planned_steps = int(steps)
        self.delta = float(delta)
        self.target_epsilon = float(epsilon)
        self.max_grad_norm = float(max_grad_norm)
        self.noise_multiplier = noise_multiplier_for_epsilon(epsilon, delta, self.sample_rate, steps)
        self.wrapped = [GradSampleModule(module, loss_reduction="mean") for module in modules]
        self.optimizer = DPOptimizer(optimizer, noise_multiplier=self.noise_multiplier,
                                     max_grad_norm=self.max_grad_norm,
                                     expected_batch_size=self.expected_batch_size, loss_reduction="mean",
                                     generator=generator)
        self.steps_done = 0

    def batch(self, rng: np.random.Generator) -> np.ndarray:
        """Row indices of one Poisson batch (each row in with probability `sample_rate`). An empty draw is
        redrawn; with the lab's batch sizes (hundreds of rows expected) that never happens in practice."""
        while True:
            rows = np.flatnonzero(rng.random(self.n_rows) < self.sample_rate)
            if len(rows):
                return rows

    def step(self) -> None:
        """Clip each row's gradient, add noise, take the optimiser step and clear the gradients."""
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.steps_done += 1

    @property
    def epsilon(self) -> float:
        """Epsilon spent by the steps taken so far, at `delta`."""
        if self.steps_done == 0:
            return 0.0
        return epsilon_spent(self.noise_multiplier, self.sample_rate, self.steps_done, self.delta)

    def close(self) -> None:
        """Remove Opacus's hooks and per-sample gradients; the original modules keep their weights."""
        for module in self.wrapped:
            module._close()
        for module in self.wrapped:
            for parameter in module._module.parameters():
                parameter.grad_sample = None
                parameter.grad = None
