"""Profiles: every number checked against pandas on the same file."""

import numpy as np
import pandas as pd
import pytest

from dashboard.data import profile_table


@pytest.fixture
def mixed_csv(tmp_path):
    """A 2,000-row CSV with integers, skewed floats, dates, text with nulls and booleans."""
    rng = np.random.default_rng(7)
    n = 2_000
    frame = pd.DataFrame(
        {
            "quantity": rng.integers(1, 20, n),
            "amount": np.round(rng.lognormal(3, 1, n), 2),
            "ordered_on": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
            "region": rng.choice(["north", "south", "east", "west", None], n, p=[0.4, 0.3, 0.15, 0.1, 0.05]),
            "returned": rng.random(n) < 0.1,
        }
    )
    frame.loc[rng.choice(n, 100, replace=False), "amount"] = np.nan
    path = tmp_path / "orders.csv"
    frame.to_csv(path, index=False)
    return path


def test_profile_matches_pandas(upload, mixed_csv, database):
    """Row count, nulls, distinct counts, min/max/mean/std and quartiles agree with pandas."""
    # Setup
    result = upload("orders.csv", mixed_csv.read_bytes())
    expected = pd.read_csv(mixed_csv, parse_dates=["ordered_on"])
    # Run
    profile = profile_table(database, result.table.sql_name)
    # Assert
    columns = profile.columns.set_index("column")
    assert profile.row_count == len(expected)
    for name in expected.columns:
        assert columns.loc[name, "nulls"] == expected[name].isna().sum(), name
        assert columns.loc[name, "distinct"] == expected[name].nunique(), name
    for name in ["quantity", "amount"]:
        values = expected[name].dropna()
        assert float(columns.loc[name, "min"]) == pytest.approx(values.min())
        assert float(columns.loc[name, "max"]) == pytest.approx(values.max())
        assert columns.loc[name, "mean"] == pytest.approx(values.mean())
        assert columns.loc[name, "std"] == pytest.approx(values.std())
        # DuckDB's SUMMARIZE quartiles are approximate (t-digest); they must land within 2% of the value range.
        spread = values.max() - values.min()
        for column, quantile in [("q25", 0.25), ("median", 0.5), ("q75", 0.75)]:
            assert abs(float(columns.loc[name, column]) - values.quantile(quantile)) <= 0.02 * spread
    assert list(columns["kind"]) == ["numeric", "numeric", "temporal", "text", "boolean"]


def test_distributions_count_every_non_null_value(upload, mixed_csv, database):
    """Histogram bins and top-value bars add up to the non-null count of each column."""
    # Setup
    result = upload("orders.csv", mixed_csv.read_bytes())
    expected = pd.read_csv(mixed_csv)
    # Run
    profile = profile_table(database, result.table.sql_name)
    # Assert
    for name in expected.columns:
        assert profile.distributions[name]["count"].sum() == expected[name].notna().sum(), name
    assert len(profile.distributions["amount"]) <= 20


def test_sample_tables_profile(database):
    """Every shipped (non-ground-truth) table profiles without error and has rows."""
    # Run / Assert
    assert len(database.tables()) >= 15
    for info in database.tables():
        profile = profile_table(database, info.sql_name, with_distributions=False)
        assert profile.row_count > 0, info.sql_name


def test_large_table_estimates_stay_close_to_pandas(database, tmp_path):
    """Above the exact-profile limit, estimated distinct counts are within 5% and quartiles within 1% of range."""
    # Setup
    from dashboard.data.profile import EXACT_PROFILE_MAX_ROWS

    rng = np.random.default_rng(3)
    n = EXACT_PROFILE_MAX_ROWS + 50_000
    frame = pd.DataFrame({"amount": rng.lognormal(2, 1, n), "code": rng.integers(0, 20_000, n)})
    path = tmp_path / "big.parquet"
    frame.to_parquet(path)
    with open(path, "rb") as stream:
        result = database.add_upload("big.parquet", stream)
    # Run
    profile = profile_table(database, result.table.sql_name, with_distributions=False)
    # Assert
    columns = profile.columns.set_index("column")
    assert profile.estimated
    for name in frame.columns:
        assert abs(columns.loc[name, "distinct"] - frame[name].nunique()) <= 0.05 * frame[name].nunique()
        spread = frame[name].max() - frame[name].min()
        for column, quantile in [("q25", 0.25), ("median", 0.5), ("q75", 0.75)]:
            assert abs(float(columns.loc[name, column]) - frame[name].quantile(quantile)) <= 0.01 * spread
        assert columns.loc[name, "mean"] == pytest.approx(frame[name].mean())
