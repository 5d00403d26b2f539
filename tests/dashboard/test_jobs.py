"""Background jobs: progress is recorded, cancel stops work cleanly, and one failure does not lose the rest."""

import time

import pytest

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


def gated_work(gate, started):
    """Work that records that it started, then waits for `gate` (or a cancel) before it finishes."""

    def work(report):
        started.append(time.monotonic())
        while not gate.is_set():
            if report(0, 1, {}) is False:
                return "stopped"
            time.sleep(0.005)
        return "finished"

    return work


def test_scheduler_runs_at_most_max_running_and_starts_the_queue_in_order():
    """With one slot, the second and third jobs wait in submission order and start as slots free up."""
    # Setup
    import threading

    from dashboard.jobs import JobScheduler

    scheduler = JobScheduler(max_running=1, max_running_per_session=1, max_queued_per_session=2)
    gates = [threading.Event() for _ in range(3)]
    started = [[], [], []]
    jobs = [BackgroundJob([(f"job {i}", gated_work(gates[i], started[i]))]) for i in range(3)]
    # Run
    for index, job in enumerate(jobs):
        scheduler.submit(job, session_id=f"session {index}")
    time.sleep(0.05)
    positions_while_first_runs = [scheduler.position(job) for job in jobs]
    gates[0].set()
    jobs[0].wait(5)
    time.sleep(0.05)
    positions_after_first = [scheduler.position(job) for job in jobs]
    gates[1].set(), gates[2].set()
    for job in jobs:
        deadline = time.monotonic() + 5
        while not job.is_finished and time.monotonic() < deadline:
            time.sleep(0.01)
    # Assert
    assert positions_while_first_runs == [None, 1, 2]
    assert positions_after_first == [None, None, 1]
    assert started[0][0] < started[1][0] < started[2][0]
    assert scheduler.running_count() == 0 and scheduler.queue_length() == 0


def test_scheduler_limits_each_session_and_explains_why():
    """One session gets one running and two waiting jobs; a fourth is refused with a message."""
    # Setup
    import threading

    from dashboard.jobs import JobLimitError, JobScheduler

    scheduler = JobScheduler(max_running=2, max_running_per_session=1, max_queued_per_session=2)
    gate = threading.Event()
    jobs = [BackgroundJob([("work", gated_work(gate, []))]) for _ in range(4)]
    # Run
    for job in jobs[:3]:
        scheduler.submit(job, "same session")
    time.sleep(0.05)
    # Assert: one runs although two slots are free (per-session limit), two wait, a fourth is refused
    assert scheduler.running_count() == 1 and scheduler.queue_length() == 2
    with pytest.raises(JobLimitError, match="1 job\\(s\\) running and 2 waiting"):
        scheduler.submit(jobs[3], "same session")
    scheduler.submit(BackgroundJob([("other", gated_work(gate, []))]), "another session")
    time.sleep(0.05)
    assert scheduler.running_count() == 2
    gate.set()


def test_cancel_from_the_queue_and_session_end_cancel_without_running():
    """A queued job cancelled never starts; ending a session cancels its queued and running jobs."""
    # Setup
    import threading

    from dashboard.jobs import JobScheduler

    scheduler = JobScheduler(max_running=1, max_queued_per_session=3)
    gate = threading.Event()
    started = [[], [], []]
    first = BackgroundJob([("first", gated_work(gate, started[0]))])
    queued = BackgroundJob([("queued", gated_work(gate, started[1]))])
    other = BackgroundJob([("other", gated_work(gate, started[2]))])
    scheduler.submit(first, "a")
    scheduler.submit(queued, "b")
    scheduler.submit(other, "c")
    # Run
    scheduler.cancel(queued)
    cancelled = scheduler.cancel_session("a")
    deadline = time.monotonic() + 5
    while not (first.is_finished and other.has_started) and time.monotonic() < deadline:
        time.sleep(0.01)
    gate.set()
    other.wait(5)
    # Assert
    assert cancelled == 1 and first.is_finished and first.snapshot()[0].state == "cancelled"
    assert queued.is_finished and not queued.has_started and started[1] == []
    assert other.snapshot()[0].state == "done"


def test_a_failing_job_does_not_block_the_queue():
    """A job whose work raises ends as failed and the next job in the queue starts."""
    # Setup
    from dashboard.jobs import JobScheduler

    scheduler = JobScheduler(max_running=1)

    def failing(report):
        raise InvalidDataError("bad table")

    broken = BackgroundJob([("broken", failing)])
    following = BackgroundJob([("next", counting_work(3))])
    # Run
    scheduler.submit(broken, "a")
    scheduler.submit(following, "b")
    deadline = time.monotonic() + 5
    while not following.is_finished and time.monotonic() < deadline:
        time.sleep(0.01)
    # Assert
    assert broken.snapshot()[0].state == "failed" and following.snapshot()[0].state == "done"


def test_wait_estimate_adds_the_time_left_ahead():
    """A queued job's wait is the expected time of the jobs ahead of it; unknown when one has no estimate."""
    # Setup
    import threading

    from dashboard.jobs import JobScheduler

    scheduler = JobScheduler(max_running=1, max_queued_per_session=3)
    gate = threading.Event()
    running = BackgroundJob([("running", gated_work(gate, []))], expected_seconds=30)
    second = BackgroundJob([("second", gated_work(gate, []))], expected_seconds=20)
    third = BackgroundJob([("third", gated_work(gate, []))])
    fourth = BackgroundJob([("fourth", gated_work(gate, []))])
    for index, job in enumerate((running, second, third, fourth)):
        scheduler.submit(job, str(index))
    time.sleep(0.05)
    # Run
    third_wait = scheduler.wait_seconds(third)
    fourth_wait = scheduler.wait_seconds(fourth)
    gate.set()
    # Assert
    assert 40 <= third_wait <= 50
    assert fourth_wait is None
