"""The Education page's data: SQL analytics on the shipped platform checked against pandas, the struggling-student
rule, one student's history, and the upload flow's checks on bad attempt logs."""

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.data import QueryError, SessionDatabase
from dashboard.data import education_queries as queries
from dashboard.education import your_data
from engines.errors import InvalidDataError
from sample_data.catalog import SAMPLE_DATA_DIR


@pytest.fixture(scope="module")
def database():
    """A session database with the shipped sample data attached."""
    db = SessionDatabase()
    yield db
    db.close()


@pytest.fixture(scope="module")
def attempts():
    """The shipped attempts, read with pandas, to check the SQL against."""
    return pd.read_parquet(SAMPLE_DATA_DIR / "education" / "attempts.parquet")


def test_kpis_and_accuracy_by_skill_match_pandas(database, attempts):
    """Counts and shares computed in DuckDB equal the same figures computed with pandas."""
    # Run
    kpis = queries.platform_kpis(database)
    by_skill = queries.accuracy_by_skill(database).set_index("skill_id")
    # Assert
    assert kpis["students"] == attempts["student_id"].nunique() and kpis["attempts"] == len(attempts)
    assert kpis["accuracy"] == pytest.approx(attempts["correct"].mean())
    expected = attempts.groupby("skill_id")["correct"].mean()
    np.testing.assert_allclose(by_skill.loc[expected.index, "accuracy"], expected)
    first = attempts.sort_values(["attempted_at", "attempt_id"]).groupby(["student_id", "skill_id"]).head(1)
    np.testing.assert_allclose(by_skill.loc[expected.index, "first_try_accuracy"],
                               first.groupby("skill_id")["correct"].mean().loc[expected.index])


def test_struggling_students_follow_their_rule(database, attempts):
    """Every listed student has >= 20 answers and fewer than half of their last 20 right, weakest first."""
    # Run
    struggling = queries.struggling_students(database, recent_attempts=20, min_attempts=20, limit=10)
    # Assert
    assert 0 < len(struggling) <= 10 and struggling["recent_accuracy"].is_monotonic_increasing
    for student in struggling["student_id"]:
        history = attempts[attempts["student_id"] == student].sort_values(["attempted_at", "attempt_id"])
        assert len(history) >= 20 and history["correct"].tail(20).mean() < 0.5


def test_student_history_is_in_time_order_without_ground_truth(database):
    """One student's attempts come in time order with skill names and difficulty, and no simulator truth."""
    # Run
    history = queries.student_attempts(database, 5)
    # Assert
    assert len(history) > 0 and history["attempted_at"].is_monotonic_increasing
    assert {"skill_name", "difficulty"} <= set(history.columns)
    assert not {"p_correct_true", "mastered_before"} & set(history.columns)


def upload(db: SessionDatabase, name: str, text: str) -> str:
    """Upload CSV text and return its table name."""
    return db.add_upload(name, io.BytesIO(text.encode()), None).table.sql_name


def test_upload_flow_explains_bad_logs(database):
    """A missing column, a non-binary correctness column and a single student each get a clear message; a good
    log is split with notes about unsorted times."""
    # Setup
    bad_scores = upload(database, "scores.csv", "learner,topic,score\n1,a,0.5\n2,a,1\n")
    single = upload(database, "single.csv", "learner,topic,correct\n1,a,1\n1,b,0\n1,a,0\n")
    rows = [f"{s},{k},{(s + k) % 2},2024-01-{1 + (7 * i) % 28:02d}" for i, (s, k) in
            enumerate((s, k) for s in range(20) for k in range(3))]
    good = upload(database, "good.csv", "learner,topic,correct,when\n" + "\n".join(rows) + "\n")
    columns = queries.table_column_names(database, bad_scores)
    # Run / Assert
    assert columns[your_data.guess_column(columns, "student")] == "learner"
    assert columns[your_data.guess_column(columns, "skill")] == "topic"
    with pytest.raises(QueryError, match="no column 'missing'"):
        your_data.prepare_log(database, your_data.LogMapping(bad_scores, "learner", "topic", "missing"))
    with pytest.raises(InvalidDataError, match="0/1 or true/false"):
        your_data.prepare_log(database, your_data.LogMapping(bad_scores, "learner", "topic", "score"))
    with pytest.raises(InvalidDataError, match="1 student"):
        your_data.prepare_log(database, your_data.LogMapping(single, "learner", "topic", "correct"))
    with pytest.raises(InvalidDataError, match="different column"):
        your_data.prepare_log(database, your_data.LogMapping(good, "learner", "learner", "correct"))
    prepared = your_data.prepare_log(database, your_data.LogMapping(good, "learner", "topic", "correct", "when"))
    assert prepared.test.n_students == 4 and "20 students" in prepared.summary
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
    prepared = your_data.prepare_log(database, your_data.LogMapping(table, "student", "skill", "correct"))
    # Run
    job = your_data.training_job(prepared)
    assert job.wait(120)
    metrics, fitted = your_data.job_results(job)
    heat = your_data.mastery_table(fitted["DKT"], prepared, 0)
    # Assert
    assert set(metrics["model"]) == {"DKT", "BKT", "Logistic (PFA)"}
    assert metrics["auc"].between(0, 1).all() and (metrics["fit_seconds"] > 0).all()
    assert len(heat) == 12 * 3 and heat["mastery"].between(0, 1).all()
