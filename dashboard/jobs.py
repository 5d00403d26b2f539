"""Background jobs for long work (training), owned by the browser session that started them, and the one
server-wide scheduler that decides when each runs.

Why a thread and not the script run: a Streamlit script must finish quickly for the page to stay usable, and the
docs forbid ``st.*`` calls from other threads. So a job runs plain engine code in a daemon thread and only
records progress in this object; a fragment with ``run_every`` reads ``snapshot()`` and draws it.

Why a scheduler: on a 2-core machine four trainings at once made every one of them, and the server itself,
crawl (a fifth visitor waited minutes for the home page). `JobScheduler` runs at most `max_running` jobs at a
time (one per two cores by default), queues the rest in order with their position and an estimated wait, limits
each browser session to one running and a few queued jobs, and cancels a session's jobs when it ends.

A lower CPU priority (nice) for training threads was tried and dropped: on one shared machine the visitors'
browsers run beside the server, and a niced training thread was starved by them (scoring one generator took
minutes instead of a second in the browser test)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dashboard.data import DataLayerError
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


@dataclass(frozen=True)
class FinishingStep:
    """Marks a step that still runs after a cancel when the step before it ran: e.g. scoring a generator whose
    training was stopped early, so that the weights it kept are not thrown away."""

    work: StepWork


class BackgroundJob:
    """Runs named pieces of work one after another in a daemon thread.

    Each piece is a callable taking a progress callback ``report(step, total, losses) -> bool`` (the engines'
    ``on_progress`` signature) and returning its result; ``report`` returns False once ``cancel()`` was called,
    which the engines take as 'stop cleanly'. After a cancel the remaining pieces are skipped, except a
    `FinishingStep` right after a piece that ran. Errors are caught per piece and kept as messages, so one
    failed generator does not lose the others."""

    def __init__(
        self,
        steps: list[tuple[str, StepWork | FinishingStep]],
        max_loss_points: int = 2_000,
        expected_seconds: float | None = None,
    ) -> None:
        self._work = [work.work if isinstance(work, FinishingStep) else work for _, work in steps]
        self._finishing = [isinstance(work, FinishingStep) for _, work in steps]
        self.steps = [JobStep(name) for name, _ in steps]
        self.expected_seconds = expected_seconds
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._max_loss_points = max_loss_points
        self._thread = threading.Thread(target=self._run, name="aigc-lab-job", daemon=True)
        self._on_finish: Callable[[BackgroundJob], None] | None = None
        self._submitted = False
        self.started_at = time.monotonic()

    def start(self) -> BackgroundJob:
        """Start the thread now (scripts and tests; pages submit to the `JobScheduler`); returns self."""
        self.started_at = time.monotonic()
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the running piece to stop after its current step, and skip the rest (a queued job never starts)."""
        self._cancel.set()

    @property
    def has_started(self) -> bool:
        """True once the thread was started (False while the job waits in the queue)."""
        return self._thread.ident is not None

    @property
    def is_finished(self) -> bool:
        """True once the job ran to its end (done, stopped or failed), or was cancelled before it started."""
        if self.has_started:
            return not self._thread.is_alive()
        return self._cancel.is_set()

    @property
    def remaining_seconds(self) -> float | None:
        """Seconds this job still needs at its current pace (its expected time before it starts), or None."""
        if not self.has_started:
            return self.expected_seconds
        with self._lock:
            done = self._fraction()
        if done <= 0:
            return self.expected_seconds
        return (time.monotonic() - self.started_at) * (1 - done) / done

    @property
    def cancel_event(self) -> threading.Event:
        """The event that engines accepting a cancel event can watch."""
        return self._cancel

    @property
    def is_running(self) -> bool:
        """True from the moment the job is started or queued until it has finished (a queued job counts: the
        page keeps showing it, with its place in the queue)."""
        return (self._submitted or self.has_started) and not self.is_finished

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends (tests and scripts); True when it ended within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.has_started and not self.is_finished:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        if self.has_started:
            self._thread.join(None if deadline is None else max(deadline - time.monotonic(), 0.0))
        return self.is_finished

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
            return self._fraction()

    def _fraction(self) -> float:
        return sum(step.fraction for step in self.steps) / max(len(self.steps), 1)

    def _run(self) -> None:
        try:
            self._run_steps()
        finally:
            if self._on_finish is not None:
                self._on_finish(self)

    def _run_steps(self) -> None:
        for index, work in enumerate(self._work):
            step = self.steps[index]
            finishing = self._finishing[index] and index > 0 and self.steps[index - 1].started_at is not None
            if self._cancel.is_set() and not finishing:
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
                step.state = "cancelled" if self._cancel.is_set() and not finishing else "done"
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


def duration_text(seconds: float) -> str:
    """'12 s', '3 min' or '1.5 h', as a person says it (in the reader's language)."""
    from dashboard.i18n import t  # noqa: PLC0415

    if seconds < 90:
        return t("duration.seconds", value=f"{max(seconds, 1):.0f}")
    if seconds < 90 * 60:
        return t("duration.minutes", value=f"{seconds / 60:.0f}")
    return t("duration.hours", value=f"{seconds / 3600:.1f}")


def _message(error: Exception) -> str:
    """The engines' own messages are written for people (a keyed one as a dashboard.i18n.Message, which the panel
    shows in the reader's language); for anything else name the error type too."""
    from dashboard.i18n import Message, has_key  # noqa: PLC0415

    key = getattr(error, "key", None)
    if isinstance(error, EngineError) and key and has_key(key):
        return Message(key, **error.values)
    return str(error) if isinstance(error, EngineError) else f"{type(error).__name__}: {error}"


class JobLimitError(DataLayerError):
    """A session asked for more jobs than it may have at once; the message says what to do."""


def default_max_running() -> int:
    """How many trainings run at once: `AIGC_LAB_MAX_RUNNING_JOBS` when set, else one per two CPU cores."""
    configured = os.environ.get("AIGC_LAB_MAX_RUNNING_JOBS", "").strip()
    if configured.isdigit() and int(configured) >= 1:
        return int(configured)
    return max(1, (os.cpu_count() or 1) // 2)


class JobScheduler:
    """The server's one queue of background jobs (see the module docstring).

    `submit(job, session_id)` queues a job, or starts it when a slot is free; jobs start in the order they were
    submitted. A session may have `max_running_per_session` running and `max_queued_per_session` waiting jobs;
    one more raises `JobLimitError`. `position(job)` and `wait_seconds(job)` say where a queued job stands."""

    def __init__(
        self, max_running: int | None = None, max_running_per_session: int = 1, max_queued_per_session: int = 2
    ) -> None:
        self.max_running = max_running or default_max_running()
        self.max_running_per_session = max_running_per_session
        self.max_queued_per_session = max_queued_per_session
        self._lock = threading.RLock()
        self._queue: deque[tuple[str, BackgroundJob]] = deque()
        self._running: dict[BackgroundJob, str] = {}

    def submit(self, job: BackgroundJob, session_id: str) -> BackgroundJob:
        """Queue `job` for `session_id` (or start it at once); returns the job."""
        with self._lock:
            running = sum(1 for owner in self._running.values() if owner == session_id)
            queued = sum(1 for owner, _ in self._queue if owner == session_id)
            if queued >= self.max_queued_per_session or (
                running + queued >= self.max_running_per_session + self.max_queued_per_session
            ):
                raise JobLimitError(
                    f"You already have {running} job(s) running and {queued} waiting. Wait for one to finish, "
                    "or stop one, before starting another.",
                    key="data.jobs.limit", running=running, queued=queued
                )
            job._on_finish = self._finished
            job._submitted = True
            self._queue.append((session_id, job))
            self._dispatch()
        return job

    def cancel(self, job: BackgroundJob) -> None:
        """Cancel `job`: a queued job leaves the queue at once, a running one stops after its current step."""
        job.cancel()
        with self._lock:
            self._queue = deque((owner, queued) for owner, queued in self._queue if queued is not job)

    def cancel_session(self, session_id: str) -> int:
        """Cancel every job of an ended session (queued and running); returns how many were cancelled."""
        with self._lock:
            mine = [job for owner, job in self._queue if owner == session_id]
            mine += [job for job, owner in self._running.items() if owner == session_id]
        for job in mine:
            self.cancel(job)
        return len(mine)

    def position(self, job: BackgroundJob) -> int | None:
        """1-based place of `job` in the queue, or None when it is not waiting."""
        with self._lock:
            for index, (_, queued) in enumerate(self._queue):
                if queued is job:
                    return index + 1
        return None

    def queue_length(self) -> int:
        """How many jobs wait, all sessions together."""
        with self._lock:
            return len(self._queue)

    def running_count(self) -> int:
        """How many jobs run now."""
        with self._lock:
            return len(self._running)

    def wait_seconds(self, job: BackgroundJob) -> float | None:
        """An estimate of how long `job` waits before it starts: the time left of the running jobs and of the
        jobs ahead of it, shared by the free slots. None when any of those has no estimate yet."""
        with self._lock:
            place = self.position(job)
            if place is None:
                return 0.0 if job.has_started else None
            ahead = [queued for _, queued in list(self._queue)[: place - 1]]
            running = list(self._running)
        remaining = [other.remaining_seconds for other in running + ahead]
        if any(seconds is None for seconds in remaining):
            return None
        return float(sum(remaining)) / self.max_running

    def _dispatch(self) -> None:
        with self._lock:
            waiting = deque()
            while self._queue:
                owner, job = self._queue.popleft()
                if job.cancel_event.is_set():
                    continue
                busy = sum(1 for other in self._running.values() if other == owner)
                if len(self._running) < self.max_running and busy < self.max_running_per_session:
                    self._running[job] = owner
                    job.start()
                else:
                    waiting.append((owner, job))
            self._queue = waiting

    def _finished(self, job: BackgroundJob) -> None:
        with self._lock:
            self._running.pop(job, None)
            self._dispatch()
