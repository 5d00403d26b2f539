"""How a long job tells the UI how far it is, and how the UI stops it.

An engine takes `on_progress(step, total, losses)` and an optional cancel token (a `threading.Event`).
Returning `False` from the callback, or setting the event, stops the job at the next step and leaves a usable
model. `TrainingProgress` is a ready-made, thread-safe callback object for a UI that trains in a background
thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Protocol

ProgressCallback = Callable[[int, int, dict[str, float]], "bool | None"]


class CancelToken(Protocol):
    """Anything with `is_set()`, such as `threading.Event`."""

    def is_set(self) -> bool: ...


class ProgressReporter:
    """Calls `on_progress` at most every `interval_seconds` (plus the first and last step and forced
    reports) and checks cancellation.

    `update` returns `False` once the caller should stop. Losses are passed as a callable so that turning
    tensors into floats (a GPU sync) happens only when a report is actually sent.
    """

    def __init__(
        self,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        interval_seconds: float = 0.25,
    ) -> None:
        self.on_progress = on_progress
        self.cancel = cancel
        self.interval_seconds = interval_seconds
        self._last_report = -float("inf")
        self.stopped = False

    def update(
        self,
        step: int,
        total: int,
        losses: Mapping[str, float] | Callable[[], Mapping[str, float]] = (),
        force: bool = False,
    ) -> bool:
        """Report `step` of `total` if it is time to (or `force`); return whether the job should go on."""
        if self.cancel is not None and self.cancel.is_set():
            self.stopped = True
            return False
        if self.on_progress is None:
            return True
        now = time.monotonic()
        if not force and step not in (0, total) and now - self._last_report < self.interval_seconds:
            return True
        self._last_report = now
        values = losses() if callable(losses) else losses
        answer = self.on_progress(int(step), int(total), {k: float(v) for k, v in dict(values).items()})
        if answer is False:
            self.stopped = True
            return False
        return True


class TrainingProgress:
    """A thread-safe progress callback that records the latest report and can cancel the job.

    Pass the instance as `on_progress` and its `cancel_event` as `cancel`; read `step`, `total`, `losses`,
    `fraction` and `history` from another thread (for example a UI fragment that refreshes twice a second).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.cancel_event = threading.Event()
        self.step = 0
        self.total = 0
        self.losses: dict[str, float] = {}
        self.history: list[dict[str, float]] = []

    def __call__(self, step: int, total: int, losses: dict[str, float]) -> bool:
        with self._lock:
            self.step, self.total, self.losses = step, total, dict(losses)
            self.history.append({"step": float(step), **losses})
        return not self.cancel_event.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next step."""
        self.cancel_event.set()

    @property
    def fraction(self) -> float:
        """Share of the work done, from 0 to 1."""
        with self._lock:
            return self.step / self.total if self.total else 0.0
