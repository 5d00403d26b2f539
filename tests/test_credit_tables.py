"""The public credit tables of the banking benchmark load offline from the package files `make install-dev`
fetched, with their documented sizes and bad rates, and each can be compared as the Your-data tab would."""

from __future__ import annotations

import pytest

from benchmarks.credit_tables import CREDIT_TABLES
from engines.rebalancing import LabelledTable

EXPECTED = {"islp_default": (10_000, 0.033), "taiwan_cards": (6_000, 0.224)}


@pytest.mark.parametrize("name", list(CREDIT_TABLES))
def test_credit_table_loads_with_documented_size_and_bad_rate(name: str) -> None:
    """Rows and bad rate match the module's table; the label has the two documented values; features exist."""
    # Setup
    load, label, bad = CREDIT_TABLES[name]
    rows, bad_rate = EXPECTED[name]
    # Run
    frame = load()
    table = LabelledTable.from_frame(frame, label, positive_value=bad)
    # Assert
    assert len(frame) == rows
    assert abs((frame[label] == bad).mean() - bad_rate) < 0.002
    assert frame[label].nunique() == 2
    assert table.numeric_columns and table.categorical_columns
