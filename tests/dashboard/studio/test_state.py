"""The Studio's session state: a finished job is collected once, results are grouped by data set, and jobs
are cancelled when the session ends."""

import time

from dashboard.jobs import BackgroundJob
from dashboard.studio.state import StudioState, _cancel_jobs
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


def test_session_release_cancels_running_jobs():
    """The release hook of the session's job list cancels a job that is still running."""
    # Setup
    def endless(report):
        step = 0
        while report(step, 10**9, {}) is not False:
            step += 1
            time.sleep(0.01)
        return step

    job = BackgroundJob([("endless", endless)]).start()
    # Run
    _cancel_jobs([job])
    # Assert
    assert job.wait(timeout=10)
    assert job.snapshot()[0].state == "cancelled"
