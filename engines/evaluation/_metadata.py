"""Column types for evaluation: the lab's one vocabulary (`engines.core.metadata`), checked against tables.

`resolve_column_types` completes what the caller gave (a `TableMetadata`, `{column: sdtype}` or SDV's dict,
in our or SDMetrics' type names) with `detect_column` for the columns it does not name. Numbers of either
kind and dates are scored as continuous, categories and booleans as discrete, and id columns are left out.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from engines.core.metadata import DATETIME, TableMetadata, detect_column
from engines.core.table_encoder import column_numbers, datetime_nanoseconds
from engines.errors import InvalidDataError


def resolve_column_types(
    real: pd.DataFrame,
    synthetic: pd.DataFrame | None = None,
    metadata: TableMetadata | Mapping | None = None,
    *,
    real_name: str = "real",
    synthetic_name: str = "synthetic",
) -> dict[str, str]:
    """Check the tables and return `{column: sdtype}` (`engines.core.metadata`) for every column of `real`.

    `metadata` is a `TableMetadata`, `{column: sdtype}` or SDV's `{"columns": {column: {"sdtype": ...}}}`;
    type names may be ours or SDMetrics' ("numerical", "ordinal"). Columns it does not name are detected.
    Raises `InvalidDataError` for empty tables, mismatched columns, metadata naming absent columns or unknown
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
                f"missing from {synthetic_name}: {missing}, not in {real_name}: {extra}.",
                key="engine.evaluation.column_mismatch", real_name=real_name, synthetic_name=synthetic_name,
                missing=missing, extra=extra
            )
    given = TableMetadata.coerce(metadata).sdtypes
    unknown_columns = [c for c in given if c not in real.columns]
    if unknown_columns:
        raise InvalidDataError(f"metadata names columns that are not in the data: {unknown_columns}.",
                               key="engine.evaluation.unknown_columns", unknown_columns=unknown_columns)
    return {
        column: given[column] if column in given else detect_column(real[column], column).sdtype
        for column in real.columns
    }


def continuous_values(values: pd.Series, sdtype: str, column: object) -> tuple[np.ndarray, np.ndarray]:
    """A number or datetime column as `(array, missing_mask)`.

    Numbers come back as float64 with infinities counted as missing; datetimes as int64 nanoseconds,
    because float64 cannot keep nanosecond timestamps apart (53-bit mantissa). Missing entries of the
    array hold NaN (numbers) or an arbitrary value (datetimes): use the mask.
    """
    if sdtype == DATETIME:
        stamps = datetime_nanoseconds(values, column)
        return stamps.to_numpy(dtype="int64", na_value=0), stamps.isna().to_numpy()
    return column_numbers(values, sdtype, column)


def _check_frame(frame: object, name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InvalidDataError(f"The {name} data must be a pandas DataFrame, got {type(frame).__name__}.",
                               key="engine.evaluation.not_a_dataframe", table=name,
                               type_name=type(frame).__name__)
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise InvalidDataError(
            f"The {name} table is empty ({frame.shape[0]} rows, {frame.shape[1]} columns).",
            key="engine.evaluation.empty_table", table=name, n_rows=frame.shape[0], n_columns=frame.shape[1]
        )
    if not frame.columns.is_unique:
        duplicated = list(frame.columns[frame.columns.duplicated()])
        raise InvalidDataError(f"The {name} table has duplicated column names: {duplicated}.",
                               key="engine.evaluation.duplicate_columns", table=name, duplicated=duplicated)
