"""The shared training loop: progress reports, cancellation, early stopping, loss history, batches."""

import threading
import time

import numpy as np
import pytest
import torch

from engines.core.training import (
    CANCELLED,
    COMPLETED,
    EARLY_STOPPED,
    TIME_LIMIT,
    KeepBest,
    ShuffledBatches,
    run_training,
    step_budget,
)
from engines.errors import InvalidParameterError


def constant_step(step):
    return {"loss": torch.tensor(float(10 - step % 10))}


def test_runs_every_step_and_records_one_history_entry_per_epoch():
    """All epochs x steps run; history holds per-epoch mean losses with epoch and step counters."""
    # Run
    result = run_training(constant_step, epochs=3, steps_per_epoch=10)
    # Assert
    assert result.stop_reason == COMPLETED and result.steps_completed == 30 == result.total_steps
    assert [r["epoch"] for r in result.loss_history] == [1.0, 2.0, 3.0]
    assert [r["step"] for r in result.loss_history] == [10.0, 20.0, 30.0]
    assert result.loss_history[0]["loss"] == pytest.approx(5.5)


def test_progress_is_reported_at_start_end_and_at_least_every_second():
    """on_progress gets (step, total, losses) at step 0, at the end, and never more than a second apart."""
    # Setup
    calls = []

    def slow_step(step):
        time.sleep(0.02)
        return {"loss": 1.0}

    # Run
    run_training(
        slow_step, epochs=2, steps_per_epoch=40, on_progress=lambda *a: calls.append((time.monotonic(), *a))
    )
    # Assert
    assert calls[0][1:3] == (0, 80) and calls[-1][1:3] == (80, 80)
    gaps = np.diff([c[0] for c in calls])
    assert gaps.max() < 1.0
    assert calls[-1][3] == {"loss": 1.0}


def test_callback_returning_false_cancels_cleanly():
    """Returning False from on_progress stops after the current step; history keeps the partial epoch."""
    # Run
    result = run_training(constant_step, epochs=5, steps_per_epoch=10, on_progress=lambda s, t, l: s < 3,
                          report_interval_seconds=0.0)
    # Assert
    assert result.stop_reason == CANCELLED and result.cancelled
    assert result.steps_completed == 3
    assert len(result.loss_history) == 1


def test_cancel_event_stops_before_the_first_step():
    """A cancel event that is already set stops the run before any step."""
    # Setup
    event = threading.Event()
    event.set()
    # Run
    result = run_training(constant_step, epochs=5, steps_per_epoch=10, cancel=event)
    # Assert
    assert result.cancelled and result.steps_completed == 0 and result.loss_history == []


def test_cancel_event_set_from_another_thread_stops_training():
    """Setting the event while training runs in a background thread stops it promptly."""
    # Setup
    event = threading.Event()
    results = []

    def slow_step(step):
        time.sleep(0.005)
        return {"loss": 1.0}

    worker = threading.Thread(target=lambda: results.append(
        run_training(slow_step, epochs=1000, steps_per_epoch=10, cancel=event)))
    # Run
    worker.start()
    time.sleep(0.1)
    event.set()
    worker.join(timeout=5)
    # Assert
    assert not worker.is_alive()
    assert results[0].cancelled and results[0].steps_completed < 10_000


def test_end_of_epoch_can_add_metrics_and_stop_early():
    """end_of_epoch may add values to the epoch record and return False to stop early."""
    # Setup
    def end_of_epoch(epoch, record):
        record["validation_loss"] = 1.0 / (epoch + 1)
        return epoch < 1

    # Run
    result = run_training(constant_step, epochs=10, steps_per_epoch=5, end_of_epoch=end_of_epoch)
    # Assert
    assert result.stop_reason == EARLY_STOPPED
    assert [r["validation_loss"] for r in result.loss_history] == [1.0, 0.5]


def test_invalid_budget_is_refused():
    """Zero epochs or steps raise InvalidParameterError."""
    # Run / Assert
    with pytest.raises(InvalidParameterError):
        run_training(constant_step, epochs=0, steps_per_epoch=1)


def test_shuffled_batches_cover_every_row_once_per_pass():
    """Batches are full, and every pass visits each row exactly once in a new order."""
    # Setup
    batches = ShuffledBatches(10, 4, np.random.default_rng(0))
    # Run
    rows = np.concatenate([batches.next_batch() for _ in range(5)])
    # Assert
    assert len(rows) == 20
    assert sorted(rows[:10]) == list(range(10)) and sorted(rows[10:]) == list(range(10))


def test_max_steps_shortens_training_to_the_budget():
    """max_steps bounds the run: fewer epochs when an epoch fits, else one shortened epoch (step_budget)."""
    # Run
    fewer_epochs = run_training(constant_step, epochs=10, steps_per_epoch=10, max_steps=35)
    one_short_epoch = run_training(constant_step, epochs=10, steps_per_epoch=50, max_steps=20)
    # Assert
    assert fewer_epochs.total_steps == fewer_epochs.steps_completed == 30
    assert len(fewer_epochs.loss_history) == 3
    assert one_short_epoch.total_steps == 20 and len(one_short_epoch.loss_history) == 1
    assert step_budget(10, 10, 0) == (10, 10)


def test_max_seconds_stops_at_the_end_of_the_epoch_that_passes_it():
    """A time budget ends training with stop_reason 'time_limit' after whole epochs, never mid-epoch."""
    # Setup
    def slow_step(step):
        time.sleep(0.01)
        return {"loss": 1.0}

    # Run
    result = run_training(slow_step, epochs=100, steps_per_epoch=5, max_seconds=0.12)
    # Assert
    assert result.stop_reason == TIME_LIMIT
    assert 1 <= len(result.loss_history) < 100
    assert result.steps_completed == 5 * len(result.loss_history)


def test_keep_best_restores_the_best_weights_and_stops_after_patience():
    """KeepBest copies the weights of the best-scoring epoch, stops after `patience` epochs without gain and
    restores those weights at the end; epochs without the metric are not scored."""
    # Setup
    module = torch.nn.Linear(1, 1, bias=False)
    scores = {0: 3.0, 1: 1.0, 3: 2.0, 4: 2.5}  # epoch 2 is not scored

    def step(step_index):
        with torch.no_grad():
            module.weight.fill_(float(step_index))
        return {"loss": 0.0}

    def score(epoch, record):
        if epoch in scores:
            record["validation_loss"] = scores[epoch]

    stalls = []
    keep_best = KeepBest(module, "validation_loss", patience=2, on_stall=lambda: stalls.append(1))
    # Run
    result = run_training(step, epochs=10, steps_per_epoch=1, end_of_epoch=score, keep_best=keep_best)
    # Assert
    assert result.stop_reason == EARLY_STOPPED and result.steps_completed == 5
    assert keep_best.best_epoch == 2 and keep_best.best_score == 1.0 and len(stalls) == 2
    assert module.weight.item() == 1.0  # the weights after epoch 2 (step index 1)


def test_keep_best_restores_the_best_weights_after_a_cancel():
    """A cancelled run keeps the best finished weights, not the last step's."""
    # Setup
    module = torch.nn.Linear(1, 1, bias=False)

    def step(step_index):
        with torch.no_grad():
            module.weight.fill_(float(step_index))
        return {"loss": 0.0}

    keep_best = KeepBest(module, "quality", higher_is_better=True)
    # Run: quality falls after the first epoch; the user stops at step 3
    result = run_training(step, epochs=10, steps_per_epoch=1, keep_best=keep_best,
                          end_of_epoch=lambda epoch, record: record.update(quality=1.0 / (epoch + 1)),
                          on_progress=lambda step_index, total, losses: step_index < 3)
    # Assert
    assert result.stop_reason == CANCELLED
    assert module.weight.item() == 0.0


def test_a_loss_that_stops_being_a_number_ends_training_with_a_clear_error():
    """A NaN loss raises TrainingDivergedError naming the step and the loss, with the catalogue key."""
    # Setup
    from engines.errors import TrainingDivergedError

    def train_step(step: int) -> dict[str, float]:
        return {"loss": float("nan") if step >= 7 else 1.0}

    # Run / Assert
    with pytest.raises(TrainingDivergedError, match="step 10") as caught:
        run_training(train_step, epochs=3, steps_per_epoch=5)
    assert caught.value.key == "engine.training_diverged" and caught.value.values["losses"] == "loss"
