"""Background jobs for long work (training), owned by the browser session that started them.

Why a thread and not the script run: a Streamlit script must finish quickly for the page to stay usable, and the
docs forbid ``st.*`` calls from other threads. So a job runs plain engine code in a daemon thread and only
records progress in this object; a fragment with ``run_every`` reads ``snapshot()`` and draws it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engines.errors import EngineError

logger = logging.getLogger("aigc_lab.jobs")


@dataclass
class JobStep:
    """One unit of a job (say, fitting one generator), with its progress and loss history."""

    name: str
    step: int = 0
    total: int = 0
    losses: list[dict[str, float]] = field(default_factory=list)
    started_at: float | None = None
    finished_at: float | None = None
    state: str = "queued"  # queued | running | done | cancelled | failed
    error: str | None = None
    result: Any = None

    @property
    def fraction(self) -> float:
        """Share of this step done, 0..1."""
        return min(self.step / self.total, 1.0) if self.total else (1.0 if self.state == "done" else 0.0)

    @property
    def elapsed_seconds(self) -> float:
        """Seconds since the step started (until it finished)."""
        if self.started_at is None:
            return 0.0
        return (self.finished_at or time.monotonic()) - self.started_at

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the current pace, or None before there is a pace."""
        if self.state != "running" or not self.step or not self.total:
            return None
        return self.elapsed_seconds * (self.total - self.step) / self.step


StepWork = Callable[[Callable[[int, int, dict], bool]], Any]


class BackgroundJob:
    """Runs named pieces of work one after another in a daemon thread.

    Each piece is a callable taking a progress callback ``report(step, total, losses) -> bool`` (the engines'
    ``on_progress`` signature) and returning its result; ``report`` returns False once ``cancel()`` was called,
    which the engines take as 'stop cleanly'. Errors are caught per piece and kept as messages, so one failed
    generator does not lose the others."""

    def __init__(self, steps: list[tuple[str, StepWork]], max_loss_points: int = 2_000) -> None:
        self._work = [work for _, work in steps]
        self.steps = [JobStep(name) for name, _ in steps]
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._max_loss_points = max_loss_points
        self._thread = threading.Thread(target=self._run, name="aigc-lab-job", daemon=True)
        self.started_at = time.monotonic()

    def start(self) -> BackgroundJob:
        """Start the thread; returns self for chaining."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the running piece to stop after its current step, and skip the rest."""
        self._cancel.set()

    @property
    def cancel_event(self) -> threading.Event:
        """The event that engines accepting a cancel event can watch."""
        return self._cancel

    @property
    def is_running(self) -> bool:
        """True while the thread is alive."""
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends (tests and scripts); True when it ended within ``timeout``."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def snapshot(self) -> list[JobStep]:
        """A consistent copy of every step's state, safe to read from the script thread."""
        with self._lock:
            return [
                JobStep(s.name, s.step, s.total, list(s.losses), s.started_at, s.finished_at, s.state, s.error, s.result)
                for s in self.steps
            ]

    @property
    def fraction(self) -> float:
        """Share of the whole job done, 0..1."""
        with self._lock:
            return sum(step.fraction for step in self.steps) / max(len(self.steps), 1)

    def _run(self) -> None:
        for index, work in enumerate(self._work):
            step = self.steps[index]
            if self._cancel.is_set():
                with self._lock:
                    step.state = "cancelled"
                continue
            with self._lock:
                step.state, step.started_at = "running", time.monotonic()
            try:
                result = work(lambda s, t, losses, step=step: self._report(step, s, t, losses))
            except Exception as error:  # noqa: BLE001 - kept and shown in the page; the thread must not die silently
                logger.exception("Job step %s failed", step.name)
                with self._lock:
                    step.state, step.error, step.finished_at = "failed", _message(error), time.monotonic()
                continue
            with self._lock:
                step.result, step.finished_at = result, time.monotonic()
                step.state = "cancelled" if self._cancel.is_set() else "done"
                if step.state == "done" and step.total:
                    step.step = step.total

    def _report(self, step: JobStep, current: int, total: int, losses: dict | None) -> bool:
        with self._lock:
            step.step, step.total = int(current), int(total)
            if losses:
                step.losses.append({"step": int(current), **{k: float(v) for k, v in losses.items()}})
                if len(step.losses) > self._max_loss_points:
                    # Keep every other point: the curve's shape survives and memory stays bounded.
                    step.losses[:] = step.losses[::2]
        return not self._cancel.is_set()


def _message(error: Exception) -> str:
    """The engines' own messages are written for people; for anything else name the error type too."""
    return str(error) if isinstance(error, EngineError) else f"{type(error).__name__}: {error}"
