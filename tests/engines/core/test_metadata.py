"""Column type detection, editing, JSON round trip and validation of tables."""

import numpy as np
import pandas as pd
import pytest

from engines.core.metadata import SDTYPES, TableMetadata, detect_column, detect_metadata, sdmetrics_sdtype
from engines.errors import InvalidDataError
from tests.engines.synth.tables import mixed_table


def test_detects_every_column_type():
    """ids, categories, integers, decimals, booleans, datetimes and constants get the expected types."""
    # Setup
    table = mixed_table(100)
    table["signup_text"] = table["signup_date"].dt.strftime("%Y-%m-%d")
    table["row"] = np.arange(100)
    table["zip_id"] = np.tile([75001, 69001], 50)
    # Run
    sdtypes = detect_metadata(table).sdtypes
    # Assert
    assert sdtypes == {
        "customer_id": "id", "segment": "categorical", "age": "integer", "income": "continuous",
        "score": "continuous", "is_active": "boolean", "signup_date": "datetime", "city": "categorical",
        "country": "categorical", "n_products": "integer", "signup_text": "datetime", "row": "id",
        "zip_id": "categorical",
    }
    assert detect_metadata(table).columns["signup_text"].datetime_format == "%Y-%m-%d"


def test_metadata_can_be_edited_and_round_trips_through_json():
    """update_column changes a type; to_json/from_json give back equal metadata."""
    # Setup
    metadata = detect_metadata(mixed_table(50))
    # Run
    metadata.update_column("n_products", sdtype="categorical")
    again = TableMetadata.from_json(metadata.to_json())
    # Assert
    assert again == metadata
    assert again.sdtypes["n_products"] == "categorical"
    assert metadata.to_sdmetrics_dict()["columns"]["age"] == {"sdtype": "numerical"}


def test_sdmetrics_names_read_as_the_labs_and_back():
    """SDMetrics' "numerical"/"ordinal" become ours; to_sdmetrics_dict gives SDMetrics' names back."""
    # Setup
    sdv_style = {"columns": {"age": {"sdtype": "numerical"}, "band": {"sdtype": "ordinal"},
                             "when": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"}}}
    # Run
    metadata = TableMetadata.coerce(sdv_style)
    plain = TableMetadata.coerce({"age": "integer", "band": "categorical", "when": "datetime"})
    # Assert
    assert metadata.sdtypes == {"age": "continuous", "band": "categorical", "when": "datetime"}
    assert metadata.to_sdmetrics_dict()["columns"] == {
        "age": {"sdtype": "numerical"}, "band": {"sdtype": "categorical"},
        "when": {"sdtype": "datetime", "datetime_format": "%Y-%m-%d"}}
    assert plain.to_sdmetrics_dict()["columns"]["age"] == {"sdtype": "numerical"}
    assert [sdmetrics_sdtype(sdmetrics_sdtype(s), reverse=True) for s in SDTYPES] == [
        "continuous", "continuous", "categorical", "boolean", "datetime", "id"]
    assert TableMetadata.coerce(metadata) is metadata and TableMetadata.coerce(None).sdtypes == {}


def test_one_column_is_detected_as_in_a_table():
    """detect_column (used by evaluation, rebalancing and the encoders) agrees with detect_metadata."""
    # Setup
    table = mixed_table(100)
    # Run
    one_by_one = {name: detect_column(table[name], name).sdtype for name in table.columns}
    # Assert
    assert one_by_one == detect_metadata(table).sdtypes


def test_unknown_type_and_unknown_column_are_refused():
    """Editing with an unknown type or column raises InvalidDataError."""
    # Setup
    metadata = detect_metadata(mixed_table(50))
    # Run / Assert
    with pytest.raises(InvalidDataError, match="Unknown column type"):
        metadata.update_column("age", sdtype="float")
    with pytest.raises(InvalidDataError, match="no column"):
        metadata.update_column("height", sdtype="integer")
    with pytest.raises(InvalidDataError, match="Column 'age' has sdtype 'number'"):
        TableMetadata({"age": "number"})
    with pytest.raises(InvalidDataError, match="must be a TableMetadata or a dict"):
        TableMetadata.coerce(["age"])


def test_validate_reports_mismatched_columns_and_values():
    """Metadata that do not fit the table (columns, text marked numeric) raise InvalidDataError."""
    # Setup
    table = mixed_table(50)
    metadata = detect_metadata(table)
    # Run / Assert
    with pytest.raises(InvalidDataError, match="lack"):
        metadata.validate(table.drop(columns=["age"]))
    with pytest.raises(InvalidDataError, match="non-numbers"):
        metadata.copy().update_column("segment", sdtype="continuous").validate(table)


@pytest.mark.parametrize(
    "table, message",
    [
        (pd.DataFrame({0: [1, 2], 1: [3, 4]}), "must be text"),
        (pd.DataFrame([[1, 2], [3, 4]], columns=["a", "a"]), "unique"),
        (pd.DataFrame({"a": pd.to_timedelta([1, 2], unit="s")}), "durations"),
        (pd.DataFrame({"a": [1.0, np.inf]}).astype(float), None),
    ],
)
def test_unsupported_tables_are_refused(table, message):
    """Non-text or repeated names and unsupported dtypes raise InvalidDataError; infinities on validation."""
    # Run / Assert
    if message is None:
        with pytest.raises(InvalidDataError, match="infinite"):
            detect_metadata(table).validate(table)
    else:
        with pytest.raises(InvalidDataError, match=message):
            detect_metadata(table)
