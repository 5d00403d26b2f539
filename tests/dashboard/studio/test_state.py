"""The Studio's session state: a finished job is collected once, results are grouped by data set, and jobs
are cancelled when the session ends."""

import time

from dashboard.jobs import BackgroundJob
from dashboard.job_view import _cancel_session_jobs, _SessionJobs, server_scheduler
from dashboard.studio.state import StudioState
from dashboard.studio.training import TrainedGenerator, TrainingData
from tests.dashboard.studio.conftest import TABLE_TYPES, make_report, mixed_table


def _data(key: str) -> TrainingData:
    frame = mixed_table(60)
    return TrainingData("t", frame, frame, TABLE_TYPES, key=key)


def _job_returning(*models: TrainedGenerator) -> BackgroundJob:
    steps = []
    for model in models:
        steps += [(f"Train {model.report.generator}", lambda report: None),
                  (f"Score {model.report.generator}", lambda report, model=model: model)]
    return BackgroundJob(steps)


def test_finished_job_is_collected_once_and_grouped_by_data_set():
    """Generators of a finished job join ``trained`` once; leaderboards are per data set, newest first."""
    # Setup
    first, second = _data("one"), _data("two")
    state = StudioState()
    a = TrainedGenerator(None, make_report("a", 0.8, 0.5), first)
    b = TrainedGenerator(None, make_report("b", 0.7, 0.5), first)
    c = TrainedGenerator(None, make_report("c", 0.9, 0.5), second)
    # Run
    state.start_training(_job_returning(a, b), first)
    state.job.wait(timeout=10)
    collected = [state.collect_finished_job(), state.collect_finished_job()]
    state.start_training(_job_returning(c), second)
    state.job.wait(timeout=10)
    state.collect_finished_job()
    # Assert
    assert collected == [True, False]
    assert [d.key for d in state.datasets()] == ["two", "one"]
    assert [r.key for r in state.reports_for("one")] == ["a", "b"]
    assert [m.key for m in state.models()] == ["c", "b", "a"] and state.model("b") is b


def test_session_release_cancels_the_sessions_jobs_on_the_server_scheduler():
    """When a browser session ends, its running job is stopped and other sessions' jobs go on."""
    # Setup
    def endless(report):
        step = 0
        while report(step, 10**9, {}) is not False:
            step += 1
            time.sleep(0.01)
        return step

    scheduler = server_scheduler()
    mine = scheduler.submit(BackgroundJob([("endless", endless)]), "ended session")
    theirs = scheduler.submit(BackgroundJob([("endless", endless)]), "open session")
    # Run
    _cancel_session_jobs(_SessionJobs("ended session"))
    # Assert
    assert mine.wait(timeout=10) and mine.snapshot()[0].state == "cancelled"
    assert theirs.is_running
    scheduler.cancel_session("open session")
    assert theirs.wait(timeout=10)
