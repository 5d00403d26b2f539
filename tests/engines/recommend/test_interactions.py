"""Turning interaction logs into the user x item matrix: validation, notes, and bad logs."""

import numpy as np
import pandas as pd
import pytest

from engines.errors import InvalidDataError
from engines.recommend import InteractionMatrix


def test_log_becomes_a_binary_matrix_with_notes():
    """Duplicates count once, blanks are dropped, text ids are labels, and each is reported."""
    # Setup
    log = pd.DataFrame({"user": ["u1", "u1", "u1", "u2", None, "u3"], "item": ["x", "x", "y", "y", "x", " "]})
    # Run
    interactions = InteractionMatrix.from_log(log, "user", "item")
    # Assert
    assert interactions.user_ids.tolist() == ["u1", "u2"]
    assert interactions.item_ids.tolist() == ["x", "y"]
    assert interactions.matrix.toarray().tolist() == [[1.0, 1.0], [0.0, 1.0]]
    notes = " ".join(interactions.notes)
    assert "2 rows with a blank" in notes and "1 repeated" in notes and "not numbers" in notes


def test_fixed_catalogue_keeps_untouched_items_and_drops_unknown_ones():
    """With item_ids given, columns follow the catalogue and other items are left out with a note."""
    # Setup
    log = pd.DataFrame({"c": [1, 1, 2], "p": [3, 99, 1]})
    # Run
    interactions = InteractionMatrix.from_log(log, "c", "p", item_ids=np.array([1, 2, 3]))
    # Assert
    assert interactions.matrix.toarray().tolist() == [[0, 0, 1], [1, 0, 0]]
    assert any("outside the catalogue" in note for note in interactions.notes)


@pytest.mark.parametrize("log, columns, message", [
    (pd.DataFrame({"user": [1, 2]}), ("user", "item"), "no column 'item'"),
    (pd.DataFrame({"user": [1, 1, 1], "item": [1, 2, 3]}), ("user", "item"), "holds 1 user"),
    (pd.DataFrame({"user": [1, 2, 3], "item": [7, 7, 7]}), ("user", "item"), "fewer than 2 distinct items"),
    (pd.DataFrame({"user": [None, None], "item": [1, 2]}), ("user", "item"), "no rows with both"),
    (pd.DataFrame({"user": [1, 2], "item": [1, 2]}), ("user", "user"), "two different columns"),
])
def test_unusable_logs_raise_a_message(log, columns, message):
    """Missing columns, a single user, a single item or no complete rows give InvalidDataError with the
    reason.
    """
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        InteractionMatrix.from_log(log, *columns)


def test_time_column_records_first_contact_and_unreadable_times_count_as_latest():
    """With a time column, first_seen keeps each pair's earliest time; a blank time is the latest, with a
    note.
    """
    # Setup
    log = pd.DataFrame({"u": [1, 1, 1, 2, 2], "i": [5, 6, 5, 5, 6],
                        "t": ["2024-01-03", "2024-01-02", "2024-01-01", None, "2024-01-05"]})
    # Run
    interactions = InteractionMatrix.from_log(log, "u", "i", time_column="t")
    # Assert
    days = interactions.first_seen.toarray() / 86_400
    assert days[0, 0] == pd.Timestamp("2024-01-01").timestamp() / 86_400
    assert days[0, 1] < days[1, 1] and np.isinf(days[1, 0])
    assert any("cannot be read" in note for note in interactions.notes)
    with pytest.raises(InvalidDataError, match="time"):
        InteractionMatrix.from_log(log.assign(t="soon"), "u", "i", time_column="t")
