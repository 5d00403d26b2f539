"""The shared column preprocessing: lossless round trip, bounded width, ids, nulls, dates."""

import numpy as np
import pandas as pd

from engines.core.metadata import detect_metadata
from engines.synth.preprocessing import TablePreprocessor
from tests.engines.synth.tables import mixed_table


def round_trip(table, **kwargs):
    preprocessor = TablePreprocessor(**kwargs)
    prepared = preprocessor.fit(table, detect_metadata(table), np.random.default_rng(0))
    return preprocessor, prepared, preprocessor.inverse_transform(prepared, np.random.default_rng(1))


def test_round_trip_restores_values_and_dtypes_except_ids():
    """Preparing a table and decoding it again gives the same table; only ids are new."""
    # Setup
    table = mixed_table(200)
    # Run
    _, _, restored = round_trip(table)
    # Assert
    pd.testing.assert_frame_equal(restored.drop(columns="customer_id"), table.drop(columns="customer_id"))
    assert restored["customer_id"].iloc[0] == "C00200"


def test_missing_numbers_become_flags_and_are_imputed_from_observed_values():
    """A numeric column with nulls gets a null-flag category; the model never sees NaN."""
    # Setup
    table = mixed_table(200)
    # Run
    preprocessor, prepared, _ = round_trip(table)
    # Assert
    assert not np.isnan(prepared.numeric).any()
    flag = [c for c in preprocessor.categorical_ if c.is_null_flag]
    assert [c.name for c in flag] == ["score is missing"]
    assert flag[0].frequencies[1] == table["score"].isna().mean()


def test_high_cardinality_categories_share_one_other_code():
    """Beyond max_category_levels the rare levels share one code and come back by frequency."""
    # Setup
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {"sku": rng.choice([f"s{i}" for i in range(5000)], 20_000), "x": rng.normal(size=20_000)}
    )
    # Run
    preprocessor, prepared, restored = round_trip(table, max_category_levels=100)
    # Assert
    assert preprocessor.categorical_[0].n_levels == 101
    assert prepared.categorical.max() == 100
    assert set(restored["sku"]) <= set(table["sku"]) and restored["sku"].nunique() > 3000


def test_datetimes_as_text_and_with_time_zone_round_trip():
    """Dates stored as text keep their format; time-zone-aware timestamps keep their zone."""
    # Setup
    stamps = pd.date_range("2024-01-01 08:00", periods=50, freq="37min", tz="Europe/Paris")
    table = pd.DataFrame({"when": stamps, "day": stamps.strftime("%d/%m/%Y"), "n": np.arange(50) % 7})
    # Run
    _, _, restored = round_trip(table)
    # Assert
    pd.testing.assert_frame_equal(restored, table)
