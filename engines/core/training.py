"""The one training loop every engine uses: epochs of steps, budgets, best weights, progress, cancellation.

An engine supplies `train_step(step) -> {loss name: value}` (one optimisation step, tensors or floats) and,
optionally, `end_of_epoch(epoch, record)` that adds validation figures to the epoch's record. The loop owns
everything else, so no engine re-writes it:
- budgets: `max_steps` (fewer epochs or shorter epochs, see `step_budget`) and `max_seconds` (checked at the end
  of every epoch);
- best weights: a `KeepBest` keeps the weights of the epoch with the best score in the record, stops after
  `patience` epochs without gain, and is restored when training ends for any reason (cancel included);
- what the UI sees: `on_progress(step, total, losses)` at least every `report_interval_seconds`, a clean stop
  when the callback returns False or the cancel event is set (the model keeps the weights of the last finished
  step, or the best ones when a `KeepBest` is given), and a per-epoch `loss_history`.
Loss values are averaged on the device and turned into floats only when reported, so a GPU is not synchronised
every step.

Under `torchrun` the same loop trains one model in several processes (`engines.core.distributed`): `adam`
starts every rank from rank 0's weights and averages gradients before each step, `ShuffledBatches` gives each
rank its share of every batch, only rank 0 reports progress (its own rows' losses), and the decision to stop
after an epoch (early stopping, time limit, cancel) is taken by all ranks together. Outside torchrun nothing
changes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from engines.core import distributed
from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter
from engines.errors import InvalidParameterError, TrainingDivergedError

StepLosses = Mapping[str, "torch.Tensor | float"]

COMPLETED = "completed"
CANCELLED = "cancelled"
EARLY_STOPPED = "early_stopped"
TIME_LIMIT = "time_limit"


@dataclass
class TrainingResult:
    """What a training run did: per-epoch losses, steps run, why it stopped and how long it took."""

    loss_history: list[dict[str, float]] = field(default_factory=list)
    steps_completed: int = 0
    total_steps: int = 0
    stop_reason: str = COMPLETED
    seconds: float = 0.0

    @property
    def cancelled(self) -> bool:
        """True when the user stopped the run (callback returned False or the cancel event was set)."""
        return self.stop_reason == CANCELLED


def step_budget(epochs: int, steps_per_epoch: int, max_steps: int = 0) -> tuple[int, int]:
    """Epochs and steps per epoch after applying the `max_steps` bound (0 = no bound).

    Fewer epochs are run when an epoch fits the budget; otherwise one shortened epoch. Engines that plan
    around the epoch count (learning-rate schedules, checkpoints) call this before `run_training`, which
    applies the same rule."""
    if max_steps and epochs * steps_per_epoch > max_steps:
        if steps_per_epoch >= max_steps:
            return 1, max_steps
        return max(1, max_steps // steps_per_epoch), steps_per_epoch
    return epochs, steps_per_epoch


class KeepBest:
    """Keeps the weights of `module` from the epoch with the best `metric`, for early stopping with patience.

    Give it to `run_training`: after each epoch's `end_of_epoch` it reads `record[metric]` (epochs without that
    entry are skipped, so a costly score can be computed only on some epochs), copies the weights when the
    score improves by more than `min_improvement` (lower is better, or higher with `higher_is_better`), and
    asks the loop to stop after `patience` scored epochs without gain (None: never). `on_stall()` runs on
    every scored epoch without gain (e.g. to halve the learning rate). When training ends, for whatever
    reason, the loop calls `restore()`, which loads the best weights seen (if any epoch was scored).
    """

    def __init__(
        self,
        module: nn.Module,
        metric: str = "validation_loss",
        higher_is_better: bool = False,
        patience: int | None = None,
        min_improvement: float = 0.0,
        on_stall: Callable[[], None] | None = None,
    ) -> None:
        self.module = module
        self.metric = metric
        self.higher_is_better = higher_is_better
        self.patience = patience
        self.min_improvement = min_improvement
        self.on_stall = on_stall
        self.best_score: float | None = None
        self.best_epoch = 0
        self.epochs_without_gain = 0
        self._weights: dict[str, torch.Tensor] | None = None

    def observe(self, epoch: int, record: Mapping[str, float]) -> bool:
        """Score the epoch `epoch` (0-based) from its record; return False once patience has run out."""
        if self.metric not in record:
            return True
        score = float(record[self.metric])
        signed = score if self.higher_is_better else -score
        best = None if self.best_score is None else (
            self.best_score if self.higher_is_better else -self.best_score)
        if best is None or signed > best + self.min_improvement:
            self.best_score, self.best_epoch, self.epochs_without_gain = score, epoch + 1, 0
            self._weights = {name: value.detach().clone() for name, value in self.module.state_dict().items()}
        else:
            self.epochs_without_gain += 1
            if self.on_stall is not None:
                self.on_stall()
        return self.patience is None or self.epochs_without_gain < self.patience

    def restore(self) -> None:
        """Load the best weights seen into the module (nothing happens if no epoch was scored)."""
        if self._weights is not None:
            self.module.load_state_dict(self._weights)


class _EpochMeans:
    """Running per-epoch means of the step losses, kept as tensors until someone asks for floats."""

    def __init__(self) -> None:
        self.sums: dict[str, torch.Tensor | float] = {}
        self.count = 0

    def add(self, losses: StepLosses) -> None:
        for name, value in losses.items():
            value = value.detach().float() if isinstance(value, torch.Tensor) else float(value)
            self.sums[name] = self.sums.get(name, 0.0) + value
        self.count += 1

    def floats(self) -> dict[str, float]:
        return {name: float(total) / max(self.count, 1) for name, total in self.sums.items()}


def run_training(
    train_step: Callable[[int], StepLosses],
    *,
    epochs: int,
    steps_per_epoch: int,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    end_of_epoch: Callable[[int, dict[str, float]], bool | None] | None = None,
    max_steps: int = 0,
    max_seconds: float | None = None,
    keep_best: KeepBest | None = None,
    report_interval_seconds: float = 0.25,
) -> TrainingResult:
    """Run up to `epochs * steps_per_epoch` calls of `train_step`, reporting progress and honouring
    cancellation and budgets.

    `train_step(step)` performs one optimisation step and returns its losses. After each epoch the mean losses
    are appended to `loss_history` as `{"epoch", "step", <loss>...}`; `end_of_epoch(epoch, record)` may add
    entries to that record (e.g. a validation loss) and return False to stop early. `max_steps` (0 = none)
    bounds the steps as `step_budget` does; `max_seconds` (None = none) stops at the end of the first epoch
    that finishes past it (`stop_reason` "time_limit"); `keep_best` keeps and finally restores the best weights
    and may stop early (see `KeepBest`). Progress is reported at step 0, at least every
    `report_interval_seconds` while steps complete, at the end of every epoch, and as (total, total) after an
    early stop; the callback's answer is honoured at every report. Returns a `TrainingResult`; a cancelled run
    is not an error.
    """
    if epochs < 1 or steps_per_epoch < 1:
        raise InvalidParameterError(
            f"Training needs at least one epoch of at least one step; got epochs={epochs}, "
            f"steps_per_epoch={steps_per_epoch}.",
            key="engine.training.no_steps", epochs=epochs, steps_per_epoch=steps_per_epoch
        )
    epochs, steps_per_epoch = step_budget(epochs, steps_per_epoch, max_steps)
    total = epochs * steps_per_epoch
    if not distributed.current().is_main:
        on_progress = None  # rank 0 reports for the whole job
    reporter = ProgressReporter(on_progress, cancel, report_interval_seconds)
    result = TrainingResult(total_steps=total)
    started = time.perf_counter()
    deadline = None if max_seconds is None else time.monotonic() + float(max_seconds)
    if not reporter.update(0, total, {}, force=True):
        result.stop_reason = CANCELLED
        return result
    try:
        _run_epochs(train_step, epochs, steps_per_epoch, reporter, result, end_of_epoch, deadline, keep_best)
    finally:
        if keep_best is not None:
            keep_best.restore()
    result.seconds = time.perf_counter() - started
    if result.stop_reason in (EARLY_STOPPED, TIME_LIMIT):
        last = result.loss_history[-1] if result.loss_history else {}
        losses = {k: v for k, v in last.items() if k not in ("epoch", "step")}
        reporter.update(total, total, losses, force=True)
    return result


def _run_epochs(
    train_step: Callable[[int], StepLosses],
    epochs: int,
    steps_per_epoch: int,
    reporter: ProgressReporter,
    result: TrainingResult,
    end_of_epoch: Callable[[int, dict[str, float]], bool | None] | None,
    deadline: float | None,
    keep_best: KeepBest | None,
) -> None:
    total = epochs * steps_per_epoch
    # Several processes must run the same number of steps (each step's all-reduce waits for every rank), so
    # under torchrun a cancel takes effect at the end of the epoch, decided by all ranks together.
    together = distributed.current().is_distributed
    step = 0
    for epoch in range(epochs):
        means = _EpochMeans()
        for step_in_epoch in range(steps_per_epoch):
            means.add(train_step(step))
            step += 1
            result.steps_completed = step
            distributed.WORK.steps += 1
            # Every epoch end is reported too, so a loss chart gets each epoch's point.
            epoch_done = step_in_epoch == steps_per_epoch - 1
            if not reporter.update(step, total, means.floats, force=epoch_done):
                result.stop_reason = CANCELLED
                if not together:
                    break
        if together and distributed.any_rank(result.stop_reason == CANCELLED):
            result.stop_reason = CANCELLED
        record = {"epoch": float(epoch + 1), "step": float(step), **means.floats()}
        _check_finite(record, step)
        if means.count:
            result.loss_history.append(record)
        if result.stop_reason == CANCELLED:
            break
        go_on = end_of_epoch is None or end_of_epoch(epoch, record) is not False
        if keep_best is not None:
            go_on = keep_best.observe(epoch, record) and go_on
        if together:
            go_on = not distributed.any_rank(not go_on)
        if not go_on:
            result.stop_reason = EARLY_STOPPED
            break
        past_deadline = deadline is not None and time.monotonic() > deadline
        if together:
            past_deadline = distributed.any_rank(past_deadline)
        if past_deadline and epoch < epochs - 1:
            result.stop_reason = TIME_LIMIT
            break


def _check_finite(record: dict[str, float], step: int) -> None:
    """Stop a training whose loss became NaN or infinite: every step after that only spreads the NaN through
    the weights, and a model saved from them samples garbage (seen when a product-picture VAE ran twice the
    steps at learning rate 3e-3)."""
    broken = [name for name, value in record.items() if not math.isfinite(value)]
    if broken:
        raise TrainingDivergedError(
            f"Training diverged at step {step:,}: the {', '.join(broken)} loss is no longer a number. Train "
            "again with a lower learning rate (or fewer steps).",
            key="engine.training_diverged", step=step, losses=", ".join(broken))


class ShuffledBatches:
    """Row indices for mini-batches: passes over `n_rows` rows in a fresh random order each pass.

    `next_batch()` always returns `batch_size` indices (a batch that crosses the end of a pass continues into
    the next shuffled pass), so tiny tables still give full batches. The order comes from the engine's own
    `numpy.random.Generator`, never from global state.

    Under torchrun every rank shuffles with rank 0's seed and keeps its share of each batch (positions rank,
    rank + N, ... of it, as DistributedSampler deals rows), so the ranks together see exactly the batch one
    process would, and each sees 1/N of the rows. `rows_served` counts the indices handed out.
    """

    def __init__(self, n_rows: int, batch_size: int, rng: np.random.Generator) -> None:
        self.n_rows = n_rows
        self.batch_size = batch_size
        self.group = distributed.current()
        if self.group.is_distributed:
            rng = np.random.default_rng(distributed.shared_seed(int(rng.integers(2**63))))
        self.rng = rng
        self._order = rng.permutation(n_rows)
        self._position = 0
        self.rows_served = 0

    def next_batch(self) -> np.ndarray:
        """The next `batch_size` row indices (this rank's share of them under torchrun)."""
        rows = self._next_global_batch()
        if self.group.is_distributed:
            rows = rows[self.group.rank :: self.group.world_size]
        self.rows_served += len(rows)
        distributed.WORK.rows += len(rows)
        return rows

    def _next_global_batch(self) -> np.ndarray:
        parts, needed = [], self.batch_size
        while needed > 0:
            if self._position >= self.n_rows:
                self._order = self.rng.permutation(self.n_rows)
                self._position = 0
            take = self._order[self._position : self._position + needed]
            self._position += len(take)
            needed -= len(take)
            parts.append(take)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


def adam(parameters, learning_rate: float, **options: object) -> torch.optim.Adam:
    """Adam with the fused kernel where torch has one (about 3x faster per step on small CPU models than the
    default per-tensor loop); otherwise the standard implementation. `options` go to `torch.optim.Adam`.
    Under torchrun the optimiser also keeps the ranks in step (see the module docstring)."""
    parameters = list(parameters)
    try:
        optimizer = torch.optim.Adam(parameters, lr=learning_rate, fused=True, **options)
    except (RuntimeError, TypeError, ValueError):
        optimizer = torch.optim.Adam(parameters, lr=learning_rate, **options)
    if distributed.current().is_distributed:
        # What DistributedDataParallel does, for any engine that builds its optimiser here: one starting point
        # (rank 0's weights) and gradients averaged over the ranks before every step.
        tensors = [p for group in optimizer.param_groups for p in group["params"]]
        distributed.broadcast_parameters(tensors)
        optimizer.register_step_pre_hook(lambda *_: distributed.average_gradients(tensors))
    return optimizer
