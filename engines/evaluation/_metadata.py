"""Column types for evaluation: validate a plain `{column: sdtype}` mapping, or infer a small one.

The synthesis engine has a richer detector; the UI converts its metadata to the plain mapping accepted
here, so this module only needs a fallback good enough for numbers, dates, categories and keys.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError

NUMERICAL = "numerical"
DATETIME = "datetime"
CATEGORICAL = "categorical"
BOOLEAN = "boolean"
ORDINAL = "ordinal"
ID = "id"

SDTYPES = (NUMERICAL, DATETIME, CATEGORICAL, BOOLEAN, ORDINAL, ID)
CONTINUOUS_SDTYPES = frozenset({NUMERICAL, DATETIME})
DISCRETE_SDTYPES = frozenset({CATEGORICAL, BOOLEAN, ORDINAL})


def resolve_column_types(
    real: pd.DataFrame,
    synthetic: pd.DataFrame | None = None,
    metadata: Mapping | None = None,
    *,
    real_name: str = "real",
    synthetic_name: str = "synthetic",
) -> dict[str, str]:
    """Check the tables and return `{column: sdtype}` for every column of `real`, in its order.

    `metadata` is either `{column: sdtype}` or an SDV/SDMetrics-style dict
    `{"columns": {column: {"sdtype": ...}}}`; columns it does not name are inferred. Raises
    `InvalidDataError` for empty tables, mismatched columns, metadata naming absent columns or unknown
    sdtypes.
    """
    _check_frame(real, real_name)
    if synthetic is not None:
        _check_frame(synthetic, synthetic_name)
        missing = [c for c in real.columns if c not in synthetic.columns]
        extra = [c for c in synthetic.columns if c not in real.columns]
        if missing or extra:
            raise InvalidDataError(
                f"The {real_name} and {synthetic_name} tables must have the same columns; "
                f"missing from {synthetic_name}: {missing}, not in {real_name}: {extra}."
            )
    given = _plain_mapping(metadata)
    unknown_columns = [c for c in given if c not in real.columns]
    if unknown_columns:
        raise InvalidDataError(f"metadata names columns that are not in the data: {unknown_columns}.")
    column_types = {}
    for column in real.columns:
        sdtype = given.get(column) or infer_sdtype(real[column], column)
        if sdtype not in SDTYPES:
            raise InvalidDataError(
                f"Column {column!r} has sdtype {sdtype!r}; use one of {', '.join(SDTYPES)}."
            )
        column_types[column] = sdtype
    return column_types


def infer_sdtype(values: pd.Series, name: object = None) -> str:
    """Guess a column's sdtype from its dtype and values (a fallback; pass metadata to be sure)."""
    non_null = values.dropna()
    if pd.api.types.is_bool_dtype(values) or (
        len(non_null) and values.dtype == object and non_null.map(type).eq(bool).all()
    ):
        return BOOLEAN
    if pd.api.types.is_datetime64_any_dtype(values):
        return DATETIME
    all_distinct = len(non_null) > 20 and non_null.nunique() == len(values)
    if pd.api.types.is_numeric_dtype(values):
        looks_like_key = str(name).lower() == "id" or str(name).lower().endswith("_id")
        if looks_like_key and all_distinct and pd.api.types.is_integer_dtype(values):
            return ID
        return NUMERICAL
    if isinstance(values.dtype, pd.CategoricalDtype):
        return CATEGORICAL
    return ID if all_distinct else CATEGORICAL


def continuous_values(values: pd.Series, sdtype: str, column: object) -> tuple[np.ndarray, np.ndarray]:
    """A numerical or datetime column as `(array, missing_mask)`.

    Numbers come back as float64 with infinities counted as missing; datetimes as int64 nanoseconds,
    because float64 cannot keep nanosecond timestamps apart (53-bit mantissa). Missing entries of the
    array hold NaN (numbers) or an arbitrary value (datetimes): use the mask.
    """
    if sdtype == DATETIME:
        stamps = _datetime_ns(values, column)
        return stamps.to_numpy(dtype="int64", na_value=0), stamps.isna().to_numpy()
    try:
        numbers = pd.to_numeric(values, errors="raise")
    except (ValueError, TypeError) as error:
        raise InvalidDataError(
            f"Column {column!r} is marked numerical but holds non-numbers: {error}"
        ) from None
    array = pd.Series(numbers).to_numpy(dtype="float64", na_value=np.nan, copy=True)
    missing = ~np.isfinite(array)
    array[missing] = np.nan
    return array, missing


def _datetime_ns(values: pd.Series, column: object) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(values):
        try:
            values = pd.to_datetime(values, errors="raise", format="mixed")
        except (ValueError, TypeError) as error:
            raise InvalidDataError(
                f"Column {column!r} is marked datetime but cannot be read as dates: {error}"
            ) from None
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    # Real and synthetic may arrive in different units (ns vs us); compare them in one unit.
    return values.astype("datetime64[ns]")


def _check_frame(frame: object, name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InvalidDataError(f"The {name} data must be a pandas DataFrame, got {type(frame).__name__}.")
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise InvalidDataError(
            f"The {name} table is empty ({frame.shape[0]} rows, {frame.shape[1]} columns)."
        )
    if not frame.columns.is_unique:
        duplicated = list(frame.columns[frame.columns.duplicated()])
        raise InvalidDataError(f"The {name} table has duplicated column names: {duplicated}.")


def _plain_mapping(metadata: Mapping | None) -> dict:
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise InvalidDataError(
            f"metadata must be a dict {{column: sdtype}}, got {type(metadata).__name__}."
        )
    if isinstance(metadata.get("columns"), Mapping):
        return {column: spec.get("sdtype") for column, spec in metadata["columns"].items()}
    return dict(metadata)
