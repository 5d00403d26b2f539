"""Column-level cleaning shared by every generator: a table in, numbers and category codes out, and back.

`TablePreprocessor` turns a DataFrame into a `PreparedTable`: a float matrix of numeric columns (datetimes as
seconds) and an integer matrix of category codes. It handles once, for all generators, what users' tables
contain: missing values (a learned null flag per column, modelled like any category, and imputed numbers the
model never sees as real), booleans, datetimes (stored as values or as text), constant columns (not modelled),
id columns (not modelled, regenerated as new unique keys), and high-cardinality categoricals (the most
frequent `max_category_levels` keep their own code; the rest share an "other" code and are drawn by
frequency when sampled, so model width stays bounded). Decoding restores names, order, dtypes, ranges and
integer/decimal rounding. Everything is vectorised over rows; Python only loops over columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError
from engines.core.metadata import (
    BOOLEAN,
    CATEGORICAL,
    CONTINUOUS,
    DATETIME,
    ID,
    INTEGER,
    TableMetadata,
)

SECONDS_PER_DAY = 86_400.0
_PREFIXED_ID = re.compile(r"^(\D*?)(\d+)$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_MAX_DECIMALS = 6
_NON_NULLABLE_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


@dataclass
class NumericColumn:
    """A modelled numeric column. `support` lists its values when there are few (then models may treat them
    as categories); `null_flag` is the index of its missing-value flag among the categorical columns."""

    name: str
    sdtype: str
    minimum: float
    maximum: float
    support: list[float] | None = None
    null_flag: int | None = None


@dataclass
class CategoricalColumn:
    """A modelled categorical column (or a numeric column's missing-value flag, `is_null_flag`), as codes
    0..n_levels-1 with their training frequencies."""

    name: str
    n_levels: int
    frequencies: list[float]
    is_null_flag: bool = False


@dataclass
class PreparedTable:
    """A table as models see it: `numeric` float64 (rows, numeric columns) without NaN, `categorical` int64
    (rows, categorical columns) of codes."""

    numeric: np.ndarray
    categorical: np.ndarray

    def __len__(self) -> int:
        return len(self.numeric) if self.numeric.shape[1] else len(self.categorical)

    def take(self, rows: np.ndarray) -> PreparedTable:
        """The rows at positions `rows`."""
        return PreparedTable(self.numeric[rows], self.categorical[rows])


@dataclass
class _ColumnCodec:
    """How one original column is stored (role: numeric / categorical / constant / id) and restored."""

    name: str
    sdtype: str
    dtype: str
    role: str
    index: int | None = None
    null_flag: int | None = None
    levels: list = field(default_factory=list)
    tail_levels: list = field(default_factory=list)
    tail_probabilities: list[float] = field(default_factory=list)
    other_code: int | None = None
    null_code: int | None = None
    constant: object = None
    decimals: int | None = None
    datetime_format: str | None = None
    timezone: str | None = None
    resolution_seconds: float | None = None
    id_kind: str | None = None
    id_prefix: str = ""
    id_width: int = 0
    id_start: int = 0


class TablePreprocessor:
    """Learns, from one table and its metadata, how to turn it into a `PreparedTable` and back.

    `max_category_levels` bounds the codes per categorical column (rarer levels share one "other" code);
    numeric columns with at most `max_discrete_values` distinct values record them in `support`.
    """

    def __init__(self, max_category_levels: int = 200, max_discrete_values: int = 25) -> None:
        self.max_category_levels = max_category_levels
        self.max_discrete_values = max_discrete_values

    # ----------------------------------------------------------------------------------------------- fitting
    def fit(self, data: pd.DataFrame, metadata: TableMetadata, rng: np.random.Generator) -> PreparedTable:
        """Learn every column's codec from `data`; return it prepared (missing numbers imputed from `rng`)."""
        metadata.validate(data)
        self.column_order_ = list(data.columns)
        self.codecs_: list[_ColumnCodec] = []
        self.numeric_: list[NumericColumn] = []
        self.categorical_: list[CategoricalColumn] = []
        numeric_values: list[np.ndarray] = []
        codes: list[np.ndarray] = []

        def add_null_flag(name: str, missing: np.ndarray) -> int | None:
            if not missing.any():
                return None
            rate = float(missing.mean())
            self.categorical_.append(CategoricalColumn(f"{name} is missing", 2, [1.0 - rate, rate], True))
            codes.append(missing.astype(np.int64))
            return len(self.categorical_) - 1

        for name in data.columns:
            series = data[name]
            sdtype = metadata.columns[name].sdtype
            codec = _ColumnCodec(name=name, sdtype=sdtype, dtype=str(series.dtype), role="numeric")
            if sdtype == ID:
                codec.role = "id"
                _learn_id_format(codec, series)
            elif sdtype in (CONTINUOUS, INTEGER, DATETIME):
                codec.datetime_format = metadata.columns[name].datetime_format
                values = self._numeric_values(series, codec)
                missing = np.isnan(values)
                observed = values[~missing]
                distinct = np.unique(observed)
                codec.null_flag = add_null_flag(name, missing)
                if len(distinct) == 1:
                    codec.role, codec.constant = "constant", float(distinct[0])
                else:
                    if sdtype == CONTINUOUS:
                        codec.decimals = _decimals(observed)
                    if sdtype == DATETIME:
                        codec.resolution_seconds = _datetime_resolution(observed)
                    support = distinct.tolist() if len(distinct) <= self.max_discrete_values else None
                    filled = values.copy()
                    filled[missing] = rng.choice(observed, size=int(missing.sum()))
                    codec.index = len(self.numeric_)
                    self.numeric_.append(
                        NumericColumn(
                            name, sdtype, float(distinct[0]), float(distinct[-1]), support, codec.null_flag
                        )
                    )
                    numeric_values.append(filled)
            else:
                values = _boolean_values(series) if sdtype == BOOLEAN else series
                missing = values.isna().to_numpy()
                counts = values.value_counts(sort=False, dropna=True)
                counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
                if len(counts) == 1:
                    codec.role, codec.constant = "constant", _json_scalar(counts.index[0])
                    codec.null_flag = add_null_flag(name, missing)
                else:
                    codec.role = "categorical"
                    kept = counts.iloc[: self.max_category_levels]
                    tail = counts.iloc[self.max_category_levels :]
                    codec.levels = [_json_scalar(v) for v in kept.index]
                    level_codes = pd.Index(kept.index).get_indexer(values)
                    n_levels = len(kept)
                    frequencies = (kept.to_numpy(dtype="float64") / len(values)).tolist()
                    if len(tail):
                        codec.tail_levels = [_json_scalar(v) for v in tail.index]
                        tail_counts = tail.to_numpy(dtype="float64")
                        codec.tail_probabilities = (tail_counts / tail_counts.sum()).tolist()
                        codec.other_code = n_levels
                        level_codes[(level_codes < 0) & ~missing] = n_levels
                        frequencies.append(float(tail_counts.sum() / len(values)))
                        n_levels += 1
                    if missing.any():
                        codec.null_code = n_levels
                        level_codes[missing] = n_levels
                        frequencies.append(float(missing.mean()))
                        n_levels += 1
                    codec.index = len(self.categorical_)
                    self.categorical_.append(CategoricalColumn(name, n_levels, frequencies))
                    codes.append(level_codes.astype(np.int64))
            self.codecs_.append(codec)

        n_rows = len(data)
        numeric = np.column_stack(numeric_values) if numeric_values else np.zeros((n_rows, 0))
        categorical = np.column_stack(codes) if codes else np.zeros((n_rows, 0), dtype=np.int64)
        self.model_order_ = self._model_order()
        return PreparedTable(numeric.astype(np.float64), categorical.astype(np.int64))

    def _model_order(self) -> list[tuple[str, int]]:
        """Modelled columns in table order, each numeric column's null flag just before it."""
        order: list[tuple[str, int]] = []
        for codec in self.codecs_:
            if codec.null_flag is not None:
                order.append(("categorical", codec.null_flag))
            if codec.role == "numeric":
                order.append(("numeric", codec.index))
            elif codec.role == "categorical":
                order.append(("categorical", codec.index))
        return order

    def _numeric_values(self, series: pd.Series, codec: _ColumnCodec) -> np.ndarray:
        if codec.sdtype == DATETIME:
            return _datetime_seconds(series, codec)
        if pd.api.types.is_bool_dtype(series.dtype):
            series = series.astype("float64")
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)

    # ---------------------------------------------------------------------------------------------- decoding
    def inverse_transform(
        self, prepared: PreparedTable, rng: np.random.Generator, enforce_bounds: bool = True
    ) -> pd.DataFrame:
        """Turn model output back into a table with the original columns, order and dtypes.

        Numbers are clipped to the training range (when `enforce_bounds`) and rounded like the training data;
        "other" codes become tail levels drawn by frequency; id columns get new unique keys.
        """
        n_rows = len(prepared.numeric) if prepared.numeric.shape[1] else len(prepared.categorical)
        columns: dict[str, pd.Series | np.ndarray] = {}
        for codec in self.codecs_:
            missing = None
            if codec.null_flag is not None:
                missing = prepared.categorical[:, codec.null_flag] == 1
            if codec.role == "id":
                columns[codec.name] = _new_ids(codec, n_rows)
                continue
            if codec.sdtype in (CONTINUOUS, INTEGER, DATETIME):
                if codec.role == "constant":
                    values = np.full(n_rows, float(codec.constant))
                else:
                    values = self._finish_numbers(prepared.numeric[:, codec.index], codec, enforce_bounds)
                if missing is not None:
                    values = np.where(missing, np.nan, values)
                columns[codec.name] = self._restore_numbers(values, codec)
            else:
                if codec.role == "constant":
                    values = np.empty(n_rows, dtype=object)
                    values[:] = [codec.constant] * n_rows if n_rows else []
                else:
                    level_codes = prepared.categorical[:, codec.index]
                    values = self._levels_from_codes(level_codes, codec, rng)
                    missing = level_codes == codec.null_code if codec.null_code is not None else None
                if missing is not None:
                    values[missing] = None
                columns[codec.name] = _restore_labels(values, missing, codec)
        return pd.DataFrame(columns, columns=self.column_order_)

    def _finish_numbers(self, values: np.ndarray, codec: _ColumnCodec, enforce_bounds: bool) -> np.ndarray:
        column = self.numeric_[codec.index]
        values = np.asarray(values, dtype=np.float64)
        if enforce_bounds:
            values = np.clip(values, column.minimum, column.maximum)
        if codec.sdtype == INTEGER:
            values = np.round(values)
        elif codec.sdtype == CONTINUOUS and codec.decimals is not None:
            values = np.round(values, codec.decimals)
        elif codec.sdtype == DATETIME and codec.resolution_seconds:
            values = np.round(values / codec.resolution_seconds) * codec.resolution_seconds
        return values

    def _restore_numbers(self, values: np.ndarray, codec: _ColumnCodec) -> pd.Series:
        if codec.sdtype != DATETIME:
            return _restore_dtype(pd.Series(values), codec.dtype)
        nanoseconds = np.where(np.isnan(values), 0, np.round(values * 1e9)).astype("int64")
        stamps = pd.Series(pd.to_datetime(nanoseconds, unit="ns"))
        stamps[np.isnan(values)] = pd.NaT
        if codec.timezone:
            stamps = stamps.dt.tz_localize("UTC").dt.tz_convert(codec.timezone)
        if codec.datetime_format:
            text = stamps.dt.strftime(codec.datetime_format)
            return text.astype(object).where(stamps.notna(), None)
        return _restore_dtype(stamps, codec.dtype)

    def _levels_from_codes(
        self, level_codes: np.ndarray, codec: _ColumnCodec, rng: np.random.Generator
    ) -> np.ndarray:
        # Levels are stored as a Python list: an object array keeps ints, floats, text and bools as they were.
        table = np.empty(len(codec.levels) + 2, dtype=object)
        table[: len(codec.levels)] = codec.levels
        table[len(codec.levels) :] = None
        values = table[np.clip(level_codes, 0, len(table) - 1)]
        if codec.other_code is not None:
            is_other = level_codes == codec.other_code
            if is_other.any():
                tail = np.empty(len(codec.tail_levels), dtype=object)
                tail[:] = codec.tail_levels
                picks = rng.choice(
                    len(tail), size=int(is_other.sum()), p=np.asarray(codec.tail_probabilities)
                )
                values[is_other] = tail[picks]
        return values

    # --------------------------------------------------------------------------------------------- conditions
    def condition_codes(self, conditions: Mapping[str, object]) -> tuple[dict[int, int], dict[str, object]]:
        """Check `conditions` ({column: value}) and map them to `{categorical index: code}`.

        Also returns `{column: value}` to write into the sampled rows, which makes conditions exact even for
        rare levels that share the "other" code. Only categorical and boolean columns can be conditioned on.
        """
        if not isinstance(conditions, Mapping):
            raise InvalidDataError("conditions must be a dict such as {'country': 'France'}.",
                                   key="engine.conditions.not_a_dict")
        by_name = {codec.name: codec for codec in self.codecs_}
        codes: dict[int, int] = {}
        forced: dict[str, object] = {}
        for name, value in conditions.items():
            if name not in by_name:
                raise InvalidDataError(
                    f"Cannot condition on {name!r}: the table has no such column. Columns: "
                    f"{', '.join(by_name)}.",
                    key="engine.conditions.unknown_column", column=repr(name), columns=', '.join(by_name)
                )
            codec = by_name[name]
            if codec.sdtype not in (CATEGORICAL, BOOLEAN):
                raise InvalidDataError(
                    f"Cannot condition on {name!r}: it is a {codec.sdtype} column; conditions work on "
                    "categorical and boolean columns. Filter the sampled rows instead.",
                    key="engine.conditions.unsupported_type", column=repr(name), sdtype=codec.sdtype
                )
            is_missing = value is None or (isinstance(value, float) and np.isnan(value))
            if codec.sdtype == BOOLEAN and not is_missing:
                value = _boolean_scalar(value, name)
            known = codec.levels + codec.tail_levels if codec.role == "categorical" else [codec.constant]
            if is_missing:
                if codec.null_code is None and codec.null_flag is None:
                    raise InvalidDataError(
                        f"Cannot condition on {name!r} being missing: it never was in training.",
                        key="studio.engine.condition_missing_unseen", column=repr(name),
                    )
                code = codec.null_code if codec.null_code is not None else 1
            else:
                position = pd.Index(known, dtype=object).get_indexer([value])[0]
                if position < 0:
                    examples = ", ".join(repr(v) for v in known[:5])
                    raise InvalidDataError(
                        f"Cannot condition on {name!r} = {value!r}: that value never appears in the "
                        f"training data (seen values include {examples}).",
                        key="studio.engine.condition_unseen_value", column=repr(name), value=repr(value),
                        examples=examples,
                    )
                value = known[position]
                code = position if position < len(codec.levels) else codec.other_code
                if codec.role == "constant":
                    code = 0
            forced[name] = None if is_missing else value
            if codec.role == "categorical":
                codes[codec.index] = int(code)
            elif codec.null_flag is not None:
                codes[codec.null_flag] = 1 if is_missing else 0
        return codes, forced

    # ------------------------------------------------------------------------------------------- persistence
    def to_state(self) -> dict:
        """A JSON-able snapshot of everything learned by `fit`."""
        return {
            "max_category_levels": self.max_category_levels,
            "max_discrete_values": self.max_discrete_values,
            "column_order": self.column_order_,
            "codecs": [asdict(codec) for codec in self.codecs_],
            "numeric": [asdict(column) for column in self.numeric_],
            "categorical": [asdict(column) for column in self.categorical_],
        }

    @classmethod
    def from_state(cls, state: dict) -> TablePreprocessor:
        """Rebuild a fitted preprocessor from `to_state`'s output."""
        self = cls(state["max_category_levels"], state["max_discrete_values"])
        self.column_order_ = list(state["column_order"])
        self.codecs_ = [_ColumnCodec(**codec) for codec in state["codecs"]]
        self.numeric_ = [NumericColumn(**column) for column in state["numeric"]]
        self.categorical_ = [CategoricalColumn(**column) for column in state["categorical"]]
        self.model_order_ = self._model_order()
        return self


# ------------------------------------------------------------------------------------------------- helpers
def _json_scalar(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return str(value)
    return value


def _boolean_scalar(value: object, name: str) -> bool:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if isinstance(value, (bool, np.bool_)) or value in (0, 1):
        return bool(value)
    raise InvalidDataError(f"Column {name!r} is boolean: condition on True or False, not {value!r}.",
                           key="engine.conditions.boolean", column=repr(name), value=repr(value))


def _boolean_values(series: pd.Series) -> pd.Series:
    """Python bools in an object Series (None where missing), from bools, 0/1 or "true"/"false"."""
    text = series.astype(str).str.strip().str.lower()
    result = pd.Series(None, index=series.index, dtype=object)
    result[text.isin(("true", "1", "1.0")).to_numpy()] = True
    result[text.isin(("false", "0", "0.0")).to_numpy()] = False
    result[series.isna().to_numpy()] = None
    return result


def _decimals(observed: np.ndarray) -> int | None:
    sample = observed[:5000]
    scale = np.maximum(1.0, np.abs(sample))
    for decimals in range(_MAX_DECIMALS + 1):
        if np.all(np.abs(sample - np.round(sample, decimals)) <= 1e-9 * scale):
            return decimals
    return None


def _datetime_resolution(seconds: np.ndarray) -> float | None:
    if np.all(np.mod(seconds, SECONDS_PER_DAY) == 0):
        return SECONDS_PER_DAY
    if np.all(np.mod(seconds, 1.0) == 0):
        return 1.0
    return None


def _datetime_seconds(series: pd.Series, codec: _ColumnCodec) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series
    else:
        text = series.astype(object).where(series.notna(), None)
        stamps = pd.to_datetime(text, format=codec.datetime_format or "mixed", errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        codec.timezone = str(stamps.dt.tz)
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    missing = stamps.isna().to_numpy()
    nanoseconds = stamps.to_numpy(dtype="datetime64[ns]").astype("int64").astype("float64")
    seconds = nanoseconds / 1e9
    seconds[missing] = np.nan
    return seconds


def _restore_dtype(values: pd.Series, dtype: str) -> pd.Series:
    """Cast back to the training dtype; where missing values forbid it (int, bool), its nullable twin."""
    try:
        if values.isna().any() and dtype in _NON_NULLABLE_DTYPES:
            nullable = {"bool": "boolean"}.get(dtype, dtype.capitalize().replace("Uint", "UInt"))
            return values.astype(nullable)
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values


def _restore_labels(values: np.ndarray, missing: np.ndarray | None, codec: _ColumnCodec) -> pd.Series:
    series = pd.Series(values, dtype=object)
    if codec.dtype == "category":
        categories = [v for v in codec.levels + codec.tail_levels if v is not None]
        if codec.role == "constant":
            categories = [codec.constant]
        return pd.Series(pd.Categorical(values, categories=pd.unique(np.asarray(categories, dtype=object))))
    if codec.dtype == "object":
        return series
    return _restore_dtype(series, codec.dtype)


def _learn_id_format(codec: _ColumnCodec, series: pd.Series) -> None:
    values = series.dropna()
    if pd.api.types.is_numeric_dtype(series.dtype):
        codec.id_kind = "integer"
        codec.id_start = int(np.nanmax(values.to_numpy(dtype="float64"))) + 1
        return
    text = values.astype(str)
    sample = text.iloc[:1000]
    if sample.map(lambda v: bool(_UUID.match(v))).all():
        codec.id_kind = "uuid"
        return
    parts = text.str.extract(_PREFIXED_ID)
    if parts[0].notna().all() and parts[0].nunique() == 1:
        digits = parts[1]
        codec.id_kind = "prefixed"
        codec.id_prefix = str(parts[0].iloc[0])
        lengths = digits.str.len()
        codec.id_width = int(lengths.iloc[0]) if lengths.nunique() == 1 else 0
        codec.id_start = int(digits.astype("float64").max()) + 1
        return
    codec.id_kind = "text"
    codec.id_prefix = "synthetic-"


def _new_ids(codec: _ColumnCodec, n_rows: int) -> pd.Series:
    # Keys are numbered from one past the largest training key, so no training key is ever reproduced.
    numbers = np.arange(codec.id_start, codec.id_start + n_rows, dtype=np.int64)
    if codec.id_kind == "integer":
        return _restore_dtype(pd.Series(numbers), codec.dtype)
    if codec.id_kind == "uuid":
        hex_numbers = pd.Series(numbers).map(lambda v: f"{v:032x}")
        text = "00000000-0000-4000-8000-" + hex_numbers.str[-12:]
        return _restore_dtype(text.astype(object), codec.dtype)
    digits = pd.Series(numbers).astype(str)
    if codec.id_width:
        digits = digits.str.zfill(codec.id_width)
    return _restore_dtype((codec.id_prefix + digits).astype(object), codec.dtype)
