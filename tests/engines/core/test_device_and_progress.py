"""Device choice and the thread-safe progress recorder."""

import threading

import pytest
import torch

from engines.core.device import make_generator, resolve_device
from engines.core.progress import ProgressReporter, TrainingProgress
from engines.errors import DeviceNotAvailableError, InvalidParameterError


def test_auto_picks_cuda_only_when_available():
    """'auto' resolves to cuda when torch sees a GPU, else cpu; 'cpu' is always cpu."""
    # Run / Assert
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert resolve_device("cpu") == torch.device("cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_without_gpu_raises_a_clear_error():
    """Asking for cuda on a CPU-only machine raises DeviceNotAvailableError."""
    # Run / Assert
    with pytest.raises(DeviceNotAvailableError, match="no usable CUDA"):
        resolve_device("cuda")


def test_unknown_device_is_refused():
    """Anything but auto/cpu/cuda raises InvalidParameterError."""
    # Run / Assert
    with pytest.raises(InvalidParameterError):
        resolve_device("tpu")


def test_private_generators_are_reproducible_and_leave_global_state_alone():
    """Same seed, same numbers; the global torch generator is not touched."""
    # Setup
    before = torch.random.get_rng_state()
    # Run
    first = torch.rand(3, generator=make_generator(torch.device("cpu"), 5))
    second = torch.rand(3, generator=make_generator(torch.device("cpu"), 5))
    # Assert
    assert torch.equal(first, second)
    assert torch.equal(before, torch.random.get_rng_state())


def test_training_progress_records_reports_and_cancels():
    """TrainingProgress keeps the latest report, its history, and answers False once cancelled."""
    # Setup
    progress = TrainingProgress()
    # Run
    first = progress(1, 4, {"loss": 2.0})
    threading.Thread(target=progress.cancel).start()
    progress.cancel_event.wait(1)
    second = progress(2, 4, {"loss": 1.0})
    # Assert
    assert first is True and second is False
    assert progress.fraction == 0.5 and progress.losses == {"loss": 1.0}
    assert [h["step"] for h in progress.history] == [1.0, 2.0]


def test_reporter_throttles_but_always_reports_first_and_last():
    """ProgressReporter sends step 0 and the last step even inside the throttle interval."""
    # Setup
    calls = []
    reporter = ProgressReporter(lambda *a: calls.append(a[0]), interval_seconds=60)
    # Run
    for step in range(11):
        reporter.update(step, 10, {})
    # Assert
    assert calls == [0, 10]
