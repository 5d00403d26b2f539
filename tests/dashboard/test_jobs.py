"""Background jobs: progress is recorded, cancel stops work cleanly, and one failure does not lose the rest."""

import time

from dashboard.jobs import BackgroundJob
from engines.errors import InvalidDataError


def counting_work(steps: int, pause: float = 0.0):
    """Work that reports ``steps`` progress calls with a falling loss and stops when told to."""

    def work(report):
        for step in range(1, steps + 1):
            time.sleep(pause)
            if report(step, steps, {"loss": 1.0 / step}) is False:
                return f"stopped at {step}"
        return "finished"

    return work


def test_job_runs_steps_in_order_and_records_losses():
    """Two pieces run to completion; their results, progress and loss histories are kept."""
    # Setup
    job = BackgroundJob([("first", counting_work(5)), ("second", counting_work(3))])
    # Run
    job.start().wait(timeout=10)
    steps = job.snapshot()
    # Assert
    assert [s.state for s in steps] == ["done", "done"]
    assert [s.result for s in steps] == ["finished", "finished"]
    assert [point["loss"] for point in steps[0].losses] == [1.0, 0.5, 1 / 3, 0.25, 0.2]
    assert job.fraction == 1.0 and not job.is_running


def test_cancel_stops_current_piece_and_skips_the_rest():
    """cancel() makes the progress callback return False and later pieces are marked cancelled."""
    # Setup
    job = BackgroundJob([("slow", counting_work(1_000, pause=0.005)), ("never", counting_work(3))]).start()
    time.sleep(0.1)
    # Run
    job.cancel()
    job.wait(timeout=10)
    steps = job.snapshot()
    # Assert
    assert steps[0].state == "cancelled" and steps[0].result.startswith("stopped at")
    assert steps[1].state == "cancelled" and steps[1].result is None


def test_failure_is_kept_as_message_and_next_piece_runs():
    """An engine error becomes the step's message as written; the following piece still runs."""
    # Setup
    def failing(report):
        raise InvalidDataError("The table has only 3 rows; at least 50 are needed to train.")

    job = BackgroundJob([("bad", failing), ("good", counting_work(2))])
    # Run
    job.start().wait(timeout=10)
    steps = job.snapshot()
    # Assert
    assert steps[0].state == "failed" and steps[0].error.startswith("The table has only 3 rows")
    assert steps[1].state == "done"


def test_eta_is_estimated_while_running():
    """A running step with progress has a positive ETA."""
    # Setup
    job = BackgroundJob([("slow", counting_work(200, pause=0.01))]).start()
    time.sleep(0.3)
    # Run
    step = job.snapshot()[0]
    job.cancel()
    job.wait(timeout=10)
    # Assert
    assert step.state == "running" and step.eta_seconds is not None and step.eta_seconds > 0
