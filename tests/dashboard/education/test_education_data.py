"""The Education page's data: SQL analytics on the shipped platform checked against pandas, the struggling-student
rule and one student's history. (The "Your data" attempt logs are tested in test_your_data.py.)"""

import numpy as np
import pandas as pd
import pytest

from dashboard.data import SessionDatabase
from dashboard.data import education_queries as queries
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
