"""What each column of a table is: the lab's one column vocabulary, detected from the data, shown and edited
in the Studio, saved as JSON, and read by synthesis, evaluation, rebalancing, anomaly scoring and product
suitability.

Column types (`sdtype`):
- `continuous`: real numbers (prices, balances); sampled values keep the column's decimals and range.
- `integer`: whole numbers (ages, counts); sampled as whole numbers.
- `categorical`: a fixed set of labels (country, plan); numbers can be categorical too (zip codes).
- `boolean`: true/false.
- `datetime`: dates and times, as datetime values or as text in one format (kept when sampling).
- `id`: a key that identifies a row; never learned, regenerated as new unique values.
Constant and partly missing columns need no type of their own: every generator learns them.

SDV/SDMetrics name the types differently; `sdmetrics_sdtype` is the one bridge between the two vocabularies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError

CONTINUOUS = "continuous"
INTEGER = "integer"
CATEGORICAL = "categorical"
BOOLEAN = "boolean"
DATETIME = "datetime"
ID = "id"
SDTYPES = (CONTINUOUS, INTEGER, CATEGORICAL, BOOLEAN, DATETIME, ID)
NUMERIC_SDTYPES = frozenset({CONTINUOUS, INTEGER, DATETIME})
DISCRETE_SDTYPES = frozenset({CATEGORICAL, BOOLEAN})

# Our type -> SDV/SDMetrics' name. SDMetrics scores integers and real numbers alike ("numerical"), and its
# "ordinal" (ordered labels) is scored exactly as "categorical" by the QualityReport, so it reads as ours.
_SDMETRICS_NAMES = {CONTINUOUS: "numerical", INTEGER: "numerical", CATEGORICAL: "categorical",
                    BOOLEAN: "boolean", DATETIME: "datetime", ID: "id"}
_FROM_SDMETRICS = {"numerical": CONTINUOUS, "ordinal": CATEGORICAL}

# Tried in this order on text columns; the first that parses every sampled value wins.
DATETIME_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%SZ",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
)
_ID_NAME = re.compile(r"(^|[_\s.-])(id|uuid|guid|key)$|^id[_\s.-]|[a-z0-9]Id$|ID$", re.IGNORECASE)
_BOOLEAN_TEXT = {"true", "false"}
# Below this many rows, "every value is different" says little about a column being a key.
_MIN_ROWS_FOR_ID_GUESS = 20


def sdmetrics_sdtype(sdtype: str, *, reverse: bool = False) -> str:
    """Translate a column type between our vocabulary and SDV/SDMetrics' (the only place that knows both).

    `sdmetrics_sdtype("integer")` is "numerical" (what SDMetrics' QualityReport expects); with `reverse=True`
    an SDMetrics name becomes ours ("numerical" -> "continuous", "ordinal" -> "categorical"), and a name that
    is already ours is returned unchanged. Unknown names are returned as given, for the caller to report.
    """
    if reverse:
        return _FROM_SDMETRICS.get(sdtype, sdtype)
    return _SDMETRICS_NAMES.get(sdtype, sdtype)


@dataclass
class ColumnMetadata:
    """One column's type, plus the text format of datetimes stored as text (None for real datetime values).

    SDMetrics' names are accepted and stored as ours (`ColumnMetadata("numerical").sdtype == "continuous"`).
    """

    sdtype: str
    datetime_format: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.sdtype, str):
            self.sdtype = sdmetrics_sdtype(self.sdtype, reverse=True)
        if self.sdtype not in SDTYPES:
            raise InvalidDataError(f"Unknown column type {self.sdtype!r}; use one of: {', '.join(SDTYPES)}.",
                                   key="engine.metadata.unknown_sdtype", sdtype=repr(self.sdtype),
                                   sdtypes=', '.join(SDTYPES))
        if self.datetime_format is not None and self.sdtype != DATETIME:
            raise InvalidDataError("datetime_format only applies to columns of type 'datetime'.",
                                   key="engine.metadata.datetime_format_misplaced")


class TableMetadata:
    """The column types of one table, in column order; detect it, edit it, save it as JSON.

    Create with `TableMetadata.detect(df)` (or `detect_metadata(df)`), change a column with
    `update_column("zip", sdtype="categorical")`, and pass it to a generator's `fit` or an evaluation report.
    `TableMetadata.coerce` accepts a `{column: sdtype}` mapping or SDV's dict as well. `to_dict` / `from_dict`
    round-trip through JSON; `to_frame()` gives a small table for display; `to_sdmetrics_dict()` gives the
    dict SDMetrics' reports expect.
    """

    def __init__(self, columns: Mapping[str, ColumnMetadata | Mapping | str]) -> None:
        self.columns: dict[str, ColumnMetadata] = {}
        for name, spec in columns.items():
            if not isinstance(name, str):
                raise InvalidDataError(f"Column names in metadata must be text; got {name!r}.",
                                       key="engine.metadata.name_not_text", column=repr(name))
            sdtype = spec.get("sdtype") if isinstance(spec, Mapping) else spec
            if isinstance(sdtype, str) and sdmetrics_sdtype(sdtype, reverse=True) not in SDTYPES:
                raise InvalidDataError(
                    f"Column {name!r} has sdtype {sdtype!r}; use one of: {', '.join(SDTYPES)}.",
                    key="engine.metadata.bad_sdtype", column=repr(name), sdtype=repr(sdtype),
                    sdtypes=', '.join(SDTYPES)
                )
            if isinstance(spec, ColumnMetadata):
                self.columns[name] = ColumnMetadata(spec.sdtype, spec.datetime_format)
            elif isinstance(spec, str):
                self.columns[name] = ColumnMetadata(spec)
            elif isinstance(spec, Mapping):
                unknown = set(spec) - {"sdtype", "datetime_format"}
                if unknown or "sdtype" not in spec:
                    raise InvalidDataError(
                        f"Metadata for column {name!r} must have 'sdtype' (and optionally "
                        f"'datetime_format'); got keys {sorted(spec)}.",
                        key="engine.metadata.spec_without_sdtype", column=repr(name), keys=sorted(spec)
                    )
                self.columns[name] = ColumnMetadata(spec["sdtype"], spec.get("datetime_format"))
            else:
                raise InvalidDataError(
                    f"Metadata for column {name!r} must be a type name or a dict; got {spec!r}.",
                    key="engine.metadata.bad_column_spec", column=repr(name), spec=repr(spec)
                )

    @classmethod
    def detect(cls, data: pd.DataFrame) -> TableMetadata:
        """Guess every column's type from its dtype and values (see the module docstring for the types)."""
        check_table(data)
        return cls({name: detect_column(data[name], name) for name in data.columns})

    @classmethod
    def coerce(cls, metadata: TableMetadata | Mapping | None) -> TableMetadata:
        """`metadata` as a TableMetadata: itself, `{column: sdtype}`, `to_dict`'s / SDV's `{"columns": ...}`
        form, or None (no columns). Type names may be ours or SDMetrics'."""
        if metadata is None:
            return cls({})
        if isinstance(metadata, TableMetadata):
            return metadata
        if not isinstance(metadata, Mapping):
            raise InvalidDataError(
                "metadata must be a TableMetadata or a dict {column: sdtype}; "
                f"got {type(metadata).__name__}.",
                key="engine.metadata.bad_metadata_type", type_name=type(metadata).__name__
            )
        if isinstance(metadata.get("columns"), Mapping):
            return cls.from_dict(metadata)
        return cls(metadata)

    def update_column(
        self, name: str, sdtype: str | None = None, datetime_format: str | None = None
    ) -> TableMetadata:
        """Change the type (and/or datetime text format) of column `name`; returns self for chaining."""
        if name not in self.columns:
            raise InvalidDataError(
                f"Metadata has no column {name!r}; columns are: {', '.join(self.columns)}.",
                key="engine.metadata.unknown_column", column=repr(name), columns=', '.join(self.columns)
            )
        current = self.columns[name]
        new_sdtype = sdtype or current.sdtype
        new_format = datetime_format if datetime_format is not None else current.datetime_format
        if new_sdtype != DATETIME:
            new_format = None
        self.columns[name] = ColumnMetadata(new_sdtype, new_format)
        return self

    @property
    def sdtypes(self) -> dict[str, str]:
        """`{column: sdtype}` in column order."""
        return {name: column.sdtype for name, column in self.columns.items()}

    def to_dict(self) -> dict:
        """A JSON-able dict `{"columns": {name: {"sdtype": ..., ...}}}`."""
        return {
            "columns": {
                name: {key: value for key, value in asdict(column).items() if value is not None}
                for name, column in self.columns.items()
            }
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> TableMetadata:
        """Rebuild metadata from `to_dict`'s output."""
        if not isinstance(data, Mapping) or not isinstance(data.get("columns"), Mapping):
            raise InvalidDataError("Metadata must be a dict with a 'columns' entry.",
                                   key="engine.metadata.no_columns_entry")
        return cls(data["columns"])

    def to_json(self) -> str:
        """The metadata as a JSON string."""
        return json.dumps(self.to_dict(), indent=1)

    @classmethod
    def from_json(cls, text: str) -> TableMetadata:
        """Rebuild metadata from `to_json`'s output."""
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as error:
            raise InvalidDataError(f"The metadata is not valid JSON: {error}.",
                                   key="engine.metadata.bad_json", error=error) from None

    def to_sdmetrics_dict(self) -> dict:
        """The SDV/SDMetrics form (`sdmetrics_sdtype`): integers and real numbers are both 'numerical'."""
        columns = {}
        for name, column in self.columns.items():
            entry = {"sdtype": sdmetrics_sdtype(column.sdtype)}
            if column.datetime_format:
                entry["datetime_format"] = column.datetime_format
            columns[name] = entry
        return {"columns": columns}

    def to_frame(self) -> pd.DataFrame:
        """A two-column table (column, type) for display."""
        return pd.DataFrame(
            {"column": list(self.columns), "sdtype": [c.sdtype for c in self.columns.values()]}
        )

    def copy(self) -> TableMetadata:
        """An independent copy."""
        return TableMetadata(self.columns)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableMetadata) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        inner = ", ".join(f"{name!r}: {column.sdtype!r}" for name, column in self.columns.items())
        return f"TableMetadata({{{inner}}})"

    def validate(self, data: pd.DataFrame) -> None:
        """Check that `data` has exactly these columns and that each column's values fit its type."""
        check_table(data)
        missing = [name for name in self.columns if name not in data.columns]
        extra = [name for name in data.columns if name not in self.columns]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"the data lack {missing}")
            if extra:
                parts.append(f"the metadata do not describe {extra}")
            key = ("engine.metadata.mismatch_both" if missing and extra
                   else "engine.metadata.mismatch_missing" if missing else "engine.metadata.mismatch_extra")
            raise InvalidDataError("The metadata do not match the table: " + "; ".join(parts) + ".", key=key,
                                   missing=missing, extra=extra)
        for name, column in self.columns.items():
            _check_values_fit(data[name], name, column)


def detect_metadata(data: pd.DataFrame) -> TableMetadata:
    """Guess the column types of `data`; same as `TableMetadata.detect(data)`."""
    return TableMetadata.detect(data)


def check_table(data: object) -> None:
    """Reject what no generator can learn from: not a DataFrame, no rows/columns, one row, bad names,
    all-empty or unsupported columns. Raises `InvalidDataError` naming the problem and the fix."""
    if not isinstance(data, pd.DataFrame):
        raise InvalidDataError(f"Expected a pandas DataFrame; got {type(data).__name__}.",
                               key="engine.metadata.not_a_dataframe", type_name=type(data).__name__)
    if data.shape[1] == 0:
        raise InvalidDataError("The table has no columns.", key="engine.metadata.no_columns")
    if len(data) == 0:
        raise InvalidDataError("The table is empty: it has no rows to learn from.",
                               key="engine.metadata.no_rows")
    if len(data) < 2:
        raise InvalidDataError(
            "The table has a single row; a generator needs at least 2 rows (ideally hundreds).",
            key="engine.metadata.single_row"
        )
    non_text = [name for name in data.columns if not isinstance(name, str)]
    if non_text:
        raise InvalidDataError(
            f"Column names must be text; got {non_text[:5]!r}. Rename them, e.g. df.columns = "
            "df.columns.astype(str).", key="engine.metadata.names_not_text", non_text=repr(non_text[:5])
        )
    duplicated = sorted({name for name in data.columns if list(data.columns).count(name) > 1})
    if duplicated:
        raise InvalidDataError(f"Column names must be unique; repeated: {duplicated}.",
                               key="engine.metadata.duplicate_names", duplicated=duplicated)
    for name in data.columns:
        series = data[name]
        if series.isna().all():
            raise InvalidDataError(
                f"Column {name!r} has no values (every entry is missing); drop it or fill it in.",
                key="engine.metadata.all_missing", column=repr(name)
            )
        _check_supported_dtype(series, name)


def _check_supported_dtype(series: pd.Series, name: str) -> None:
    dtype = series.dtype
    if pd.api.types.is_complex_dtype(dtype):
        raise InvalidDataError(
            f"Column {name!r} holds complex numbers, which are not supported; split them into two.",
            key="engine.metadata.complex_numbers", column=repr(name)
        )
    if pd.api.types.is_timedelta64_dtype(dtype):
        raise InvalidDataError(
            f"Column {name!r} holds durations, which are not supported; convert them to a number, e.g. "
            f"df[{name!r}].dt.total_seconds().", key="engine.metadata.durations", column=repr(name)
        )
    if isinstance(dtype, (pd.PeriodDtype, pd.IntervalDtype, pd.SparseDtype)):
        raise InvalidDataError(
            f"Column {name!r} has dtype {dtype}, which is not supported; convert it to text.",
            key="engine.metadata.unsupported_dtype", column=repr(name), dtype=dtype
        )
    if dtype == object:
        sample = series.dropna().iloc[:1000]
        bad = sample[~sample.map(lambda v: isinstance(v, (str, int, float, bool, np.generic, pd.Timestamp)))]
        if len(bad):
            kind = type(bad.iloc[0]).__name__
            raise InvalidDataError(
                f"Column {name!r} holds {kind} values, which are not supported; keep only numbers, text, "
                "true/false or dates in a column.",
                key="engine.metadata.unsupported_values", column=repr(name), kind=kind
            )


def detect_column(series: pd.Series, name: object) -> ColumnMetadata:
    """Guess one column's type (and text datetime format) from its dtype, values and name."""
    name = str(name)
    values = series.dropna()
    n_rows = len(series)
    all_distinct = n_rows >= _MIN_ROWS_FOR_ID_GUESS and len(values) == n_rows and values.nunique() == n_rows
    if pd.api.types.is_bool_dtype(series.dtype) or _is_boolean_objects(values):
        return ColumnMetadata(BOOLEAN)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return ColumnMetadata(DATETIME)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return ColumnMetadata(CATEGORICAL)
    if pd.api.types.is_numeric_dtype(series.dtype):
        numbers = values.to_numpy(dtype="float64")
        integral = bool(np.all(np.mod(numbers, 1.0) == 0.0))
        if integral and all_distinct and (_ID_NAME.search(name) or _is_consecutive(numbers)):
            return ColumnMetadata(ID)
        if integral and _ID_NAME.search(name) and values.nunique() > 1:
            # A key that repeats (a foreign key, a code): its numbers are labels, not quantities.
            return ColumnMetadata(CATEGORICAL)
        return ColumnMetadata(INTEGER if integral else CONTINUOUS)
    text = values.astype(str)
    datetime_format = _detect_datetime_format(text)
    if datetime_format is not None:
        return ColumnMetadata(DATETIME, datetime_format)
    if all_distinct:
        return ColumnMetadata(ID)
    return ColumnMetadata(CATEGORICAL)


def _is_boolean_objects(values: pd.Series) -> bool:
    if values.dtype != object or len(values) == 0:
        return False
    sample = values.iloc[:1000]
    if sample.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        return bool(values.map(lambda v: isinstance(v, (bool, np.bool_))).all())
    return False


def _is_consecutive(numbers: np.ndarray) -> bool:
    ordered = np.sort(numbers)
    return len(ordered) > 1 and bool(np.all(np.diff(ordered) == 1.0))


def _detect_datetime_format(text: pd.Series) -> str | None:
    sample = text.iloc[:200]
    if len(sample) == 0 or not sample.str.contains(r"\d").all():
        return None
    for datetime_format in DATETIME_FORMATS:
        try:
            pd.to_datetime(sample, format=datetime_format, errors="raise")
        except (ValueError, TypeError):
            continue
        try:
            pd.to_datetime(text, format=datetime_format, errors="raise")
        except (ValueError, TypeError):
            return None
        return datetime_format
    return None


def _check_values_fit(series: pd.Series, name: str, column: ColumnMetadata) -> None:
    values = series.dropna()
    if column.sdtype in (CONTINUOUS, INTEGER):
        if pd.api.types.is_bool_dtype(series.dtype):
            return
        # Keys name the message in the lab's catalogues (one per type, so each language words the type).
        integer = column.sdtype == INTEGER
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            raise InvalidDataError(
                f"Column {name!r} holds dates but is marked {column.sdtype!r}; mark it 'datetime'.",
                key="studio.engine.integer_holds_dates" if integer else "studio.engine.continuous_holds_dates",
                column=repr(name),
            )
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.isna().any():
            example = values[numbers.isna()].iloc[0]
            raise InvalidDataError(
                f"Column {name!r} is marked {column.sdtype!r} but holds non-numbers such as {example!r}; "
                "mark it 'categorical' or clean it.",
                key="studio.engine.integer_holds_text" if integer else "studio.engine.continuous_holds_text",
                column=repr(name), example=repr(example),
            )
        if not np.isfinite(numbers.to_numpy(dtype="float64")).all():
            raise InvalidDataError(
                f"Column {name!r} holds infinite values; replace them with numbers or blanks.",
                key="studio.engine.infinite_values", column=repr(name),
            )
    elif column.sdtype == DATETIME:
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            return
        if pd.api.types.is_numeric_dtype(series.dtype):
            raise InvalidDataError(
                f"Column {name!r} is marked 'datetime' but holds numbers; convert them with pd.to_datetime "
                "first.", key="studio.engine.datetime_holds_numbers", column=repr(name),
            )
        try:
            pd.to_datetime(values.astype(str), format=column.datetime_format or "mixed", errors="raise")
        except (ValueError, TypeError) as error:
            raise InvalidDataError(
                f"Column {name!r} is marked 'datetime' but some values are not dates in the expected format "
                f"({column.datetime_format or 'any'}): {error}",
                key="studio.engine.datetime_bad_values", column=repr(name),
                format=column.datetime_format or "any", error=str(error),
            ) from None
    elif column.sdtype == BOOLEAN:
        allowed = {True, False, 0, 1}
        unexpected = [v for v in pd.unique(values) if not _is_boolean_value(v, allowed)]
        if unexpected:
            raise InvalidDataError(
                f"Column {name!r} is marked 'boolean' but holds {unexpected[0]!r}; mark it 'categorical' "
                "instead.", key="studio.engine.boolean_holds", column=repr(name), value=repr(unexpected[0]),
            )


def _is_boolean_value(value: object, allowed: set) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in _BOOLEAN_TEXT
    try:
        return value in allowed
    except TypeError:
        return False
