"""Attempt logs: what an uploaded log may look like and what the person is told when it cannot be used."""

import numpy as np
import pandas as pd
import pytest

from engines.errors import InvalidDataError
from engines.sequence.knowledge_tracing import attempt_log_from_frame, split_students


def test_missing_columns_are_named_with_what_exists():
    """A log without the correctness column says which role is missing and lists the columns it has."""
    # Setup
    frame = pd.DataFrame({"student_id": [1, 2], "skill_id": ["a", "b"], "score": [1, 0]})
    # Run / Assert
    with pytest.raises(InvalidDataError, match=r"no correct column 'correct'.*'score'"):
        attempt_log_from_frame(frame)


@pytest.mark.parametrize("values", [[0, 1, 2, 1], [0.5, 1.0, 0.0, 1.0], ["yes", "no", "maybe", "yes"]])
def test_non_binary_correctness_is_explained(values):
    """Scores, partial credit and unknown words are refused with the offending values quoted."""
    # Setup
    frame = pd.DataFrame({"student_id": [1, 1, 2, 2], "skill_id": ["a"] * 4, "correct": values})
    # Run / Assert
    with pytest.raises(InvalidDataError, match="right"):
        attempt_log_from_frame(frame)


def test_words_booleans_and_blanks_are_accepted_with_notes():
    """true/false words become 1/0; rows without a student are dropped and said so."""
    # Setup
    frame = pd.DataFrame({"student_id": [1, 1, None, 2], "skill_id": ["a", "a", "a", "b"],
                          "correct": ["Correct", "wrong", "true", "TRUE"]})
    # Run
    log = attempt_log_from_frame(frame)
    # Assert
    assert log.n_attempts == 3 and log.correct.tolist() == [1, 0, 1]
    assert any("left out" in note for note in log.notes)


def test_unsorted_timestamps_are_sorted_per_student_and_reported():
    """Answers are put in time order within each student, and the note says the rows were re-ordered."""
    # Setup
    frame = pd.DataFrame({"s": ["x", "x", "x", "y"], "k": ["a", "b", "c", "a"], "c": [1, 0, 1, 1],
                          "t": ["2024-01-03", "2024-01-01", "2024-01-02", "2024-01-01"]})
    # Run
    log = attempt_log_from_frame(frame, "s", "k", "c", timestamp="t")
    # Assert
    first = log.attempt_rows(log.student_index("x"))
    assert [log.skills[k] for k in log.skill[first]] == ["b", "c", "a"]
    assert any("time order" in note for note in log.notes)


def test_single_student_and_single_attempt_skills():
    """One student cannot be split into training and held-out students; a skill with one attempt is noted."""
    # Setup
    frame = pd.DataFrame({"student_id": [1, 1, 1], "skill_id": ["a", "a", "rare"], "correct": [1, 0, 1]})
    # Run
    log = attempt_log_from_frame(frame)
    # Assert
    assert any("single attempt" in note for note in log.notes)
    with pytest.raises(InvalidDataError, match="1 student.*at least 2"):
        attempt_log_from_frame(frame, min_students=2)
    with pytest.raises(InvalidDataError, match="2 students"):
        split_students(log)


def test_unreadable_timestamps_and_split_sizes():
    """A timestamp column of words is refused; a split keeps every student whole on one side."""
    # Setup
    frame = pd.DataFrame({"s": np.repeat(np.arange(10), 3), "k": "a", "c": np.tile([0, 1, 1], 10),
                          "t": "soon"})
    # Run / Assert
    with pytest.raises(InvalidDataError, match="dates or times"):
        attempt_log_from_frame(frame, "s", "k", "c", timestamp="t")
    log = attempt_log_from_frame(frame, "s", "k", "c")
    train, test = split_students(log, 0.3, seed=1)
    assert train.n_students == 7 and test.n_students == 3
    assert set(train.students).isdisjoint(test.students) and train.n_attempts + test.n_attempts == 30
