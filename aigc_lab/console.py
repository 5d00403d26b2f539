"""What the command line shows: progress bars and notes on stderr (stdout stays for results a script reads),
and the one-line error that ends a command."""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


NOTES = Console(stderr=True, highlight=False, soft_wrap=True)

# Exit codes a script can rely on (2 is click's own for a wrong option or argument).
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_FAILED = 4
EXIT_INTERNAL = 1


def launch_rank() -> int:
    """This process's rank under torchrun (0 otherwise), from the environment: printing must not import torch."""
    try:
        return int(os.environ.get("RANK", "0") or 0)
    except ValueError:
        return 0


class CommandError(Exception):
    """A command cannot go on: `message` (one line, for the person) and the exit code to end with."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def note(text: str) -> None:
    """A line for the person running the command (stderr; only rank 0 speaks under torchrun)."""
    if launch_rank() == 0:
        NOTES.print(text, markup=False)


def result_line(text: str) -> None:
    """A line of results on stdout (rank 0 only), for scripts to read."""
    if launch_rank() == 0:
        print(text, flush=True)


def fail(message: str, exit_code: int) -> None:
    """Print ``message`` as one line on stderr and leave with ``exit_code``."""
    first_line = " ".join(str(message).split())
    sys.stderr.write(f"error: {first_line}\n")
    sys.stderr.flush()
    raise SystemExit(exit_code)


class ProgressBar:
    """A progress bar on stderr, usable as the engines' ``on_progress(step, total, losses)`` callback.

    It appears only once the job has run for `show_after_seconds` (short jobs print nothing) and only on rank 0
    under torchrun; the loss values, when there are any, are shown beside it."""

    def __init__(self, description: str, show_after_seconds: float = 2.0) -> None:
        self.description = description
        self.show_after_seconds = show_after_seconds
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task = None
        self._enabled = launch_rank() == 0

    def __enter__(self) -> ProgressBar:
        self.started = time.monotonic()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, step: int, total: int, losses: dict | None = None) -> bool:
        if not self._enabled:
            return True
        if self._progress is None:
            if time.monotonic() - self.started < self.show_after_seconds:
                return True
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(), TimeElapsedColumn(),
                TimeRemainingColumn(), TextColumn("{task.fields[losses]}"),
                console=NOTES, transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=max(int(total), 1), losses="")
        shown = "  ".join(f"{name} {value:.3g}" for name, value in (losses or {}).items()
                          if isinstance(value, (int, float)))
        self._progress.update(self._task, completed=int(step), total=max(int(total), 1), losses=shown)
        return True
