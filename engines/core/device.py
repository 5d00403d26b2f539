"""One device choice for every engine: `"auto"` means CUDA when present, else the CPU.

Also the two per-device policies the engines share: how many CPU threads torch may use (the app runs on small
shared machines) and whether to train in mixed precision (GPU only: bfloat16 on CPU is not faster for our
small networks and changes results between machines).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import torch
from threadpoolctl import threadpool_limits

from engines.errors import DeviceNotAvailableError, InvalidParameterError

CPU_THREADS = 2


def resolve_device(device: str | torch.device = "auto") -> torch.device:
    """Turn a device name into a `torch.device`: `"auto"` picks `cuda` when available, otherwise `cpu`.

    `"cpu"`, `"cuda"` and `"cuda:N"` are accepted as given; asking for CUDA on a machine without it raises
    `DeviceNotAvailableError` rather than failing later inside torch.
    """
    if isinstance(device, torch.device):
        name = str(device)
    elif isinstance(device, str):
        name = device.strip().lower()
    else:
        raise InvalidParameterError(f"device must be 'auto', 'cpu' or 'cuda'; got {device!r}.",
                                    key="engine.device.unknown", device=repr(device))
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda" or name.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise DeviceNotAvailableError(
                "device='cuda' was requested but this machine has no usable CUDA GPU; "
                "use device='auto' or 'cpu'.", key="engine.device.cuda_missing"
            )
        return torch.device(name)
    raise InvalidParameterError(f"device must be 'auto', 'cpu' or 'cuda'; got {device!r}.",
                                key="engine.device.unknown", device=repr(device))


def configure_cpu_threads(device: torch.device, max_threads: int | None = None) -> None:
    """Limit torch to `max_threads` (default `CPU_THREADS`) intra-op threads when computing on the CPU.

    This and `single_threaded_native_code` are the only thread settings the engines touch: the app shares a small machine with its UI and other
    jobs, and on two cores more threads only add contention.
    """
    if device.type != "cpu":
        return
    # Under torchrun the processes on one machine share its cores: more threads than a share only spin-wait.
    # OMP_NUM_THREADS, when a person sets it, is a ceiling too (the convention of OpenMP and torch).
    processes_here = max(1, int(os.environ.get("LOCAL_WORLD_SIZE", "1") or 1))
    ceiling = (os.cpu_count() or 1) // processes_here
    if os.environ.get("OMP_NUM_THREADS", "").isdigit():
        ceiling = min(ceiling, int(os.environ["OMP_NUM_THREADS"]))
    wanted = max(1, min(max_threads or CPU_THREADS, ceiling))
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


# Sampling runs torch on one thread: measured on the shared 2-core machine (load average 4), a 10-row
# request took 76-450 ms with two intra-op threads (the second thread spin-waits for a core another process
# holds) and 4-10 ms with one, and a million rows of a 10-column table were 3-6 times faster on one thread.
INFERENCE_THREADS = 1


@contextlib.contextmanager
def inference_threads(device: torch.device, threads: int | None = None) -> Iterator[None]:
    """Run torch with `threads` (default `INFERENCE_THREADS`) intra-op threads inside the block when computing
    on the CPU, then restore the previous setting. With OpenMP the setting belongs to the calling thread, so a
    training thread beside it keeps its own."""
    if device.type != "cpu":
        yield
        return
    threads = threads or INFERENCE_THREADS
    previous = torch.get_num_threads()
    if previous != threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        if torch.get_num_threads() != previous:
            torch.set_num_threads(previous)


@contextlib.contextmanager
def single_threaded_native_code() -> Iterator[None]:
    """Run scikit-learn / numpy's BLAS and OpenMP code on one thread inside the block.

    The app trains in background threads beside the UI on a small machine: a library that starts a thread per
    core for each small fit only adds contention (and OpenMP pools in several threads can deadlock). Measured on
    a shared 2-core machine: a 20k-row gradient-boosting fit took 8.5 s instead of 0.3 s, and a logistic
    regression 2.0 s instead of 0.6 s, with threads spin-waiting for a core another process held; one thread
    costs about 10% when the machine is idle."""
    with threadpool_limits(limits=1):
        yield


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    """Mixed precision for forward passes on a GPU (bfloat16, no loss scaling needed); a no-op on the CPU."""
    if device.type == "cuda":
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def make_generator(device: torch.device, seed: int) -> torch.Generator:
    """A private torch random generator on `device`, so engines never draw from (or reseed) the global one."""
    generator = torch.Generator(device=device)
    generator.manual_seed(int(seed))
    return generator
