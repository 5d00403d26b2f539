"""Checking a labelled table: the label, the features chosen, the time-ordered split, and bad inputs."""

import numpy as np
import pytest

from engines.errors import InvalidDataError
from engines.rebalancing import LabelledTable


def test_split_is_time_ordered_and_features_are_chosen(frame):
    """The test set holds the latest 25% of rows; ids, the time and the group are not features."""
    # Run
    table = LabelledTable.from_frame(frame, "label", time_column="when", group_column="band")
    # Assert
    ordered = frame.sort_values("when")
    cutoff = ordered["when"].iloc[int(len(frame) * 0.75)]
    assert table.is_test.sum() == 300
    assert set(table.numeric_columns) == {"x1", "x2"} and table.categorical_columns == ["channel", "region"]
    assert any("row_id" in note for note in table.notes)
    test_times = frame.set_index("row_id").loc[ordered["row_id"].to_numpy()[table.is_test], "when"]
    assert test_times.min() >= cutoff
    assert table.label.sum() == frame["label"].sum()


def test_one_class_label_is_explained(frame):
    """A label with one value gives a message naming the column and what to do."""
    with pytest.raises(InvalidDataError, match="only one value"):
        LabelledTable.from_frame(frame.assign(label=0), "label")


def test_non_binary_label_is_explained(frame):
    """A label with more than two values is refused with the count of values."""
    with pytest.raises(InvalidDataError, match="3 different values"):
        LabelledTable.from_frame(frame.assign(label=frame["x1"].round().clip(-1, 1)), "label")


def test_too_few_minority_rows_is_explained(frame):
    """With 3 positives SMOTE and the generators cannot learn: the message says how many there are."""
    labels = np.zeros(len(frame), dtype=int)
    labels[:3] = 1
    with pytest.raises(InvalidDataError, match="Too few rows of the rarer class"):
        LabelledTable.from_frame(frame.assign(label=labels), "label")


def test_text_labels_pick_the_rarer_class(frame):
    """Yes/no text labels work; the rarer value becomes the positive class."""
    table = LabelledTable.from_frame(frame.assign(label=np.where(frame["label"] == 1, "fraud", "ok")), "label")
    assert table.positive_value == "fraud"
    assert table.label.mean() < 0.5
