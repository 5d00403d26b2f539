"""Data-parallel training across processes with PyTorch's own `torch.distributed`, launched by `torchrun`.

Outside `torchrun` nothing here does anything: `current()` says "one process" and every helper is a no-op, so
the engines behave exactly as before. Under `torchrun --nproc-per-node N` (which sets RANK, WORLD_SIZE,
LOCAL_RANK, MASTER_ADDR and MASTER_PORT), `start()` joins the process group (`nccl` when the process computes on
a GPU, `gloo` on the CPU) and the one training loop (`engines.core.training`) does what DistributedDataParallel
does, without each engine wrapping its networks:
- every rank starts from rank 0's weights (`broadcast_parameters`, called by `adam`) and rank 0's data order
  (`shared_seed`, called by `ShuffledBatches`);
- each pass over the rows is split DistributedSampler-style: rank r takes positions r, r + N, r + 2N, ... of the
  shared shuffled order, in batches of `batch_size / N` rows, so the N ranks together see the global batch;
- before every optimiser step the gradients are averaged across ranks with one all-reduce of a flat buffer
  (`average_gradients`, an optimiser step pre-hook installed by `adam`), so every rank takes the same step;
- only rank 0 reports progress and saves; the decision to stop after an epoch is shared (`any_rank`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from engines.errors import InvalidParameterError


@dataclass(frozen=True)
class ProcessGroup:
    """Where this process stands among the processes of one training job."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_distributed(self) -> bool:
        """True when several processes train one model together."""
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """True for the process that reports progress and writes files (rank 0)."""
        return self.rank == 0


@dataclass
class RankWork:
    """What this process did in the training loop: optimisation steps run and training rows it handled (so a
    job can show that each of N ranks processed 1/N of the rows)."""

    steps: int = 0
    rows: int = 0


# Counted by the one training loop in every process; read by the command line after a fit.
WORK = RankWork()


def launched_by_torchrun() -> bool:
    """True when the environment says this process is one of several started by `torchrun`."""
    return int(os.environ.get("WORLD_SIZE", "1") or 1) > 1


def launch_group() -> ProcessGroup:
    """Rank, world size and local rank from torchrun's environment variables (one process without them)."""
    try:
        return ProcessGroup(int(os.environ.get("RANK", "0") or 0), int(os.environ.get("WORLD_SIZE", "1") or 1),
                            int(os.environ.get("LOCAL_RANK", "0") or 0))
    except ValueError:
        raise InvalidParameterError(
            "RANK, WORLD_SIZE and LOCAL_RANK must be whole numbers; start several processes with torchrun.",
            key="engine.distributed.bad_rank"
        ) from None


def current() -> ProcessGroup:
    """This process's place in the running process group; one process when no group has been started."""
    if dist.is_available() and dist.is_initialized():
        return ProcessGroup(dist.get_rank(), dist.get_world_size(), launch_group().local_rank)
    return ProcessGroup()


def start(device: str = "auto") -> ProcessGroup:
    """Join the process group torchrun set up (a no-op outside torchrun, or when already joined).

    The backend follows the device: `nccl` when `device` resolves to CUDA (each process then uses the GPU of its
    LOCAL_RANK), `gloo` on the CPU. Returns this process's place in the group."""
    group = launch_group()
    if not group.is_distributed or dist.is_initialized():
        return current()
    use_cuda = device != "cpu" and torch.cuda.is_available()
    if use_cuda:
        torch.cuda.set_device(group.local_rank % torch.cuda.device_count())
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return current()


def backend() -> str:
    """The process group's backend ("gloo", "nccl"), or "none" outside one."""
    return dist.get_backend() if dist.is_available() and dist.is_initialized() else "none"


def stop() -> None:
    """Leave the process group (after a barrier, so no rank exits while another still talks to it)."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def _collective_device() -> torch.device:
    if dist.get_backend() == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def shared_seed(seed: int) -> int:
    """Rank 0's `seed`, on every rank (the seed itself outside a process group)."""
    if not current().is_distributed:
        return int(seed)
    # Seeds are drawn below 2**63; the tensor is int64.
    value = torch.tensor([int(seed) % 2**63], dtype=torch.int64, device=_collective_device())
    dist.broadcast(value, src=0)
    return int(value.item())


def any_rank(flag: bool) -> bool:
    """True on every rank when `flag` is True on any rank (so all ranks stop training together)."""
    if not current().is_distributed:
        return flag
    value = torch.tensor([1.0 if flag else 0.0], device=_collective_device())
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item() > 0)


def broadcast_parameters(parameters: list[torch.Tensor]) -> None:
    """Copy rank 0's values of `parameters` to every rank (DistributedDataParallel does this at construction)."""
    if not current().is_distributed or not parameters:
        return
    with torch.no_grad():
        flat = torch.cat([p.detach().reshape(-1) for p in parameters])
        dist.broadcast(flat, src=0)
        offset = 0
        for parameter in parameters:
            parameter.copy_(flat[offset : offset + parameter.numel()].view_as(parameter))
            offset += parameter.numel()


def average_gradients(parameters: list[torch.Tensor]) -> None:
    """Replace each gradient by its mean over the ranks, with one all-reduce of a flat buffer (DDP's buckets
    merged into one: our networks are small, so one message beats many). A parameter without a gradient on
    this step counts as zero, the same on every rank, so the message always has the same size."""
    group = current()
    if not group.is_distributed or not parameters:
        return
    grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in parameters]
    flat = torch.cat([g.reshape(-1) for g in grads])
    dist.all_reduce(flat, op=dist.ReduceOp.SUM)
    flat /= group.world_size
    offset = 0
    for parameter, grad in zip(parameters, grads):
        averaged = flat[offset : offset + parameter.numel()].view_as(parameter)
        if parameter.grad is None:
            parameter.grad = averaged.clone()
        else:
            parameter.grad.copy_(averaged)
        offset += parameter.numel()


def shard_size(rows: int) -> int:
    """How many of `rows` this rank handles when they are split evenly (the last ranks get one fewer when
    the split is uneven); `rows` outside a process group."""
    group = current()
    if not group.is_distributed:
        return rows
    return rows // group.world_size + (1 if group.rank < rows % group.world_size else 0)


def gather_objects(value: object) -> list[object]:
    """`value` from every rank, in rank order, on every rank (`[value]` outside a process group)."""
    group = current()
    if not group.is_distributed:
        return [value]
    gathered: list[object] = [None] * group.world_size
    dist.all_gather_object(gathered, value)
    return gathered
