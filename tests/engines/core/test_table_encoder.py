"""The shared table encoder: scaling, top-k categories + other + missing, unseen values, state round trip."""

import json

import numpy as np
import pandas as pd
import pytest

from engines.core.table_encoder import TableEncoder
from engines.errors import InvalidDataError, InvalidParameterError, NotFittedError

REFERENCE = pd.DataFrame({
    "amount": [1.0, 2.0, 3.0, 4.0, np.nan],
    "plan": ["basic", "basic", "pro", None, "team"],
})
TYPES = {"amount": "continuous", "plan": "categorical"}


@pytest.mark.parametrize(("scaling", "expected"), [
    ("minmax", [0.0, 1 / 3, 2 / 3, 1.0, 0.0]),                      # range 1..4; missing -> the low end
    ("standard", [-1.5 / np.sqrt(1.25), -0.5 / np.sqrt(1.25), 0.5 / np.sqrt(1.25), 1.5 / np.sqrt(1.25), 0.0]),
    ("robust", [-1.5 / 1.5, -0.5 / 1.5, 0.5 / 1.5, 1.5 / 1.5, 0.0]),  # median 2.5, IQR 3.25 - 1.75
    ("none", [1.0, 2.0, 3.0, 4.0, 2.5]),                             # missing -> the median
])
def test_numbers_are_scaled_and_missing_values_filled(scaling, expected):
    """Each scaling gives the known values; a missing number is the centre (0 once scaled) and is flagged."""
    # Setup
    encoder = TableEncoder(TYPES, scaling=scaling).fit(REFERENCE)
    # Run
    values, missing = encoder.numbers(REFERENCE, encoder.column("amount"))
    # Assert
    np.testing.assert_allclose(values, expected)
    assert missing.tolist() == [False, False, False, False, True]


def test_clip_bounds_scaled_numbers():
    """Values far outside the reference are clipped to +-clip."""
    # Setup
    encoder = TableEncoder(TYPES, scaling="robust", clip=2.0).fit(REFERENCE)
    # Run
    values, _ = encoder.numbers(pd.DataFrame({"amount": [-100.0, 100.0]}), encoder.column("amount"))
    # Assert
    assert values.tolist() == [-2.0, 2.0]


def test_top_categories_other_and_missing_codes():
    """The most frequent levels are kept; the rest and unseen values share "other"; missing has a code."""
    # Setup
    encoder = TableEncoder(TYPES, max_categories=2).fit(REFERENCE)
    new = pd.DataFrame({"plan": ["pro", "basic", "team", "enterprise", None]})
    # Run
    codes = encoder.category_codes(new, encoder.column("plan"))
    # Assert
    assert encoder.column("plan").levels == ["basic", "pro"]
    assert codes.tolist() == [1, 0, 2, 2, 3]


def test_categories_as_text_make_missing_a_level_and_sorted_order_keeps_all():
    """As text, a missing value is the level "missing"; sorted order keeps every level; unseen -> other."""
    # Setup
    encoder = TableEncoder(TYPES, category_order="sorted", categories_as_text=True).fit(REFERENCE)
    # Run
    new = pd.DataFrame({"plan": ["team", None, "enterprise"]})
    codes = encoder.category_codes(new, encoder.column("plan"))
    # Assert
    assert encoder.column("plan").levels == ["basic", "missing", "pro", "team"]
    assert codes.tolist() == [3, 1, 4]


def test_transform_layout_numbers_flags_then_one_hot():
    """transform gives [scaled numbers | missing flags | one-hot], with or without the "other" column."""
    # Setup
    encoder = TableEncoder(TYPES, scaling="minmax", max_categories=1).fit(REFERENCE)
    row = pd.DataFrame({"amount": [np.nan], "plan": ["pro"]})
    # Run
    with_other = encoder.transform(row)
    without_other = encoder.transform(row, other=False)
    # Assert
    assert with_other.tolist() == [[0.0, 1.0, 0.0, 1.0]]     # amount, its flag, basic, other
    assert without_other.tolist() == [[0.0, 1.0, 0.0]]


def test_types_come_from_the_vocabulary_and_ids_are_left_out():
    """Without metadata, columns are typed by detect_column; ids are not encoded; booleans are categories."""
    # Setup
    frame = pd.DataFrame({"customer_id": np.arange(30), "active": [True, False] * 15,
                          "spend": np.linspace(0, 1, 30)})
    # Run
    encoder = TableEncoder().fit(frame)
    # Assert
    assert [(c.name, c.sdtype, c.kind) for c in encoder.columns_] == [
        ("active", "boolean", "category"), ("spend", "continuous", "number")]


def test_state_round_trips_through_json():
    """get_state is JSON-able and from_state encodes exactly as the fitted encoder."""
    # Setup
    encoder = TableEncoder(TYPES, scaling="robust", clip=3.0, max_categories=2).fit(REFERENCE)
    # Run
    again = TableEncoder.from_state(json.loads(json.dumps(encoder.get_state())))
    # Assert
    np.testing.assert_array_equal(again.transform(REFERENCE), encoder.transform(REFERENCE))


def test_bad_parameters_unfitted_use_and_missing_columns_are_refused():
    """Unknown scaling, transform before fit, a missing column and non-numbers raise the engine's errors."""
    # Run / Assert
    with pytest.raises(InvalidParameterError, match="scaling"):
        TableEncoder(TYPES, scaling="log").fit(REFERENCE)
    with pytest.raises(NotFittedError):
        TableEncoder(TYPES).transform(REFERENCE)
    with pytest.raises(InvalidDataError, match="lacks the column 'plan'"):
        TableEncoder(TYPES).fit(REFERENCE).transform(REFERENCE[["amount"]])
    with pytest.raises(InvalidDataError, match="holds non-numbers"):
        TableEncoder(TYPES).fit(REFERENCE.assign(amount=["a", "b", "c", "d", "e"]))
