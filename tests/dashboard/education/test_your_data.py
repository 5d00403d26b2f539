"""The education "Your data" scenario: attempt logs the models cannot learn from get clear messages, a good log
is split with notes, and the background job trains and scores the three models. (Column guesses and mapping
checks are the shared flow's, tested in tests/dashboard/test_your_data.py.)"""

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.data import SessionDatabase
from dashboard.education.your_data import SCENARIO, job_results, mastery_table, winner_line
from dashboard.your_data import ColumnMapping, prepare, start_comparison
from engines.errors import InvalidDataError


@pytest.fixture(scope="module")
def database():
    """A session database without the shipped data, for uploads."""
    db = SessionDatabase(datasets=())
    yield db
    db.close()


def upload(db: SessionDatabase, name: str, text: str) -> str:
    """Upload CSV text and return its table name."""
    return db.add_upload(name, io.BytesIO(text.encode()), None).table.sql_name


def mapping(table: str, student: str, skill: str, correct: str, timestamp: str | None = None) -> ColumnMapping:
    """A mapping of the three required roles and, optionally, the time."""
    return ColumnMapping(table, {"student": student, "skill": skill, "correct": correct, "timestamp": timestamp})


def test_bad_attempt_logs_are_explained_and_a_good_one_is_split(database):
    """A non-binary correctness column and a single student each get a clear message; a good log is split with
    notes about unsorted times."""
    # Setup
    bad_scores = upload(database, "scores.csv", "learner,topic,score\n1,a,0.5\n2,a,1\n")
    single = upload(database, "single.csv", "learner,topic,correct\n1,a,1\n1,b,0\n1,a,0\n")
    rows = [f"{s},{k},{(s + k) % 2},2024-01-{1 + (7 * i) % 28:02d}" for i, (s, k) in
            enumerate((s, k) for s in range(20) for k in range(3))]
    good = upload(database, "good.csv", "learner,topic,correct,when\n" + "\n".join(rows) + "\n")
    # Run / Assert
    with pytest.raises(InvalidDataError, match="0/1 or true/false"):
        prepare(database, SCENARIO, mapping(bad_scores, "learner", "topic", "score"))
    with pytest.raises(InvalidDataError, match="1 student"):
        prepare(database, SCENARIO, mapping(single, "learner", "topic", "correct"))
    prepared = prepare(database, SCENARIO, mapping(good, "learner", "topic", "correct", "when"))
    assert prepared.data.test.n_students == 4 and "20 students" in prepared.summary
    assert any("time order" in note for note in prepared.notes)


def test_training_job_scores_three_models_on_a_small_log(database):
    """The background job trains the three models on an uploaded log and reports held-out metrics for each; the
    mastery table of a student has one row per attempt and skill."""
    # Setup
    rng = np.random.default_rng(0)
    ability = rng.normal(size=40)
    rows = [f"{s},{k},{int(rng.random() < 1 / (1 + np.exp(-ability[s])))}" for s in range(40) for k in range(3)
            for _ in range(4)]
    table = upload(database, "practice.csv", "student,skill,correct\n" + "\n".join(rows) + "\n")
    prepared = prepare(database, SCENARIO, mapping(table, "student", "skill", "correct"))
    # Run
    job = start_comparison(SCENARIO, prepared)
    assert job.wait(120)
    metrics, fitted = job_results(job)
    heat = mastery_table(fitted["DKT"], prepared.data.log, 0)
    # Assert
    assert set(metrics["model"]) == {"DKT", "BKT", "Logistic (PFA)"}
    assert metrics["auc"].between(0, 1).all() and (metrics["fit_seconds"] > 0).all()
    assert len(heat) == 12 * 3 and heat["mastery"].between(0, 1).all()


def test_winner_line_names_the_best_model_on_the_analysts_log():
    """The results get their own headline: the best AUC wins; a near tie is called one; without AUC, log loss."""
    # Setup
    table = pd.DataFrame({"model": ["Logistic (PFA)", "BKT", "DKT"], "auc": [0.70, 0.74, 0.742],
                          "log_loss": [0.6, 0.55, 0.54]})
    # Run
    line = winner_line(table)
    without_auc = winner_line(table.assign(auc=float("nan")))
    # Assert
    assert line.startswith("**On your log, DKT predicts the next answer best**") and "too small to matter" in line
    assert "DKT has the lowest penalty" in without_auc and winner_line(table.iloc[:0]) == ""
