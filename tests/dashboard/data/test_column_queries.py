"""Describing a table's columns for the "Your data" pickers: types always, distinct values only when asked."""

from dashboard.data.column_queries import column_summary


def test_column_summary_counts_values_only_when_asked(database):
    """is_fraud has two values (a usable label), the transaction id many; without counting, none are given."""
    # Run
    counted = column_summary(database, "bank.transactions", count_distinct=True).set_index("name")
    plain = column_summary(database, "bank.transactions")
    # Assert
    assert counted.loc["is_fraud", "distinct_values"] == 2
    assert counted.loc["transaction_id", "distinct_values"] > 1000
    assert counted.loc["transaction_time", "type"].startswith("TIMESTAMP")
    assert plain["distinct_values"].isna().all() and list(plain["name"]) == list(counted.index)
