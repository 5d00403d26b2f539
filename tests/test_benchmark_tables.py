"""The real benchmark tables load offline from installed wheels with the README's shapes and mixed types."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.real_tables import REAL_TABLES


@pytest.mark.parametrize("name", list(REAL_TABLES))
def test_real_table_loads_with_documented_shape_and_mixed_types(name: str) -> None:
    """Each table has its documented rows x columns, 400-50,000 rows, and both numbers and categories."""
    # Setup
    spec = REAL_TABLES[name]

    # Run
    table = spec.load()

    # Assert
    assert table.shape == (spec.n_rows, spec.n_columns)
    assert 400 <= len(table) <= 50_000
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    categorical = [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
    assert numeric and categorical, f"{name} is not mixed-type: {table.dtypes.to_dict()}"
    assert len(numeric) + len(categorical) + len(table.select_dtypes("datetime").columns) == spec.n_columns


def test_real_tables_include_dates_and_nulls() -> None:
    """The set as a whole exercises datetime columns and missing values, not only clean numbers and labels."""
    # Run
    tables = {name: spec.load() for name, spec in REAL_TABLES.items()}

    # Assert
    assert len(tables) >= 6
    assert any(len(t.select_dtypes("datetime").columns) for t in tables.values())
    assert any(t.isna().any().any() for t in tables.values())



def test_real_interaction_log_reads_from_the_cached_wheel() -> None:
    """MovieLens-100K reads out of the RecBole wheel fetched by `make install-dev`: 100,000 ratings of 943
    users on 1,682 movies, and the "ratings >= 4" protocol keeps only 4s and 5s."""
    # Setup
    from benchmarks.real_logs import RealLogMissing, real_logs

    try:
        logs = {log.protocol: log.log for log in real_logs()}
    except RealLogMissing as error:
        pytest.skip(str(error))

    # Run
    every, positives = logs["all ratings"], logs["ratings >= 4"]

    # Assert
    assert len(every) == 100_000 and every["user_id"].nunique() == 943 and every["item_id"].nunique() == 1_682
    assert set(every["rating"].unique()) == {1, 2, 3, 4, 5}
    assert (positives["rating"] >= 4).all() and len(positives) == int((every["rating"] >= 4).sum())
