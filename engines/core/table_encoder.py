"""One numeric encoding of a mixed table, driven by the column types of `engines.core.metadata`.

`TableEncoder` is fitted once on a reference table (learned state ends in `_`; `get_state` / `from_state`
give a JSON-able copy for model folders) and then encodes any table with the same columns:

- numbers (and dates, as nanoseconds) are scaled: `"minmax"` (by the reference range), `"standard"` (mean and
  standard deviation), `"robust"` (median and inter-quartile range, then the standard deviation when the IQR
  is 0, then 1) or `"none"`; a missing number becomes the column's fill value (the centre, so 0 once scaled;
  the median when not scaled) and is reported in a missing mask; `clip` bounds the scaled values;
- categories are codes over the reference levels (the `max_categories` most frequent, or every level in sorted
  order), with one code for "other" (a level not kept or never seen) and one for "missing". With
  `categories_as_text=True` values are compared as text and a missing value is the level "missing".

Which types are numbers and which are categories is the caller's choice (`number_sdtypes`,
`category_sdtypes`); columns of other types (ids, by default) are left out. Each user assembles its own
matrix from `numbers`, `category_codes` and `one_hot`, or takes `transform`'s [numbers | missing flags |
one-hot] layout.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engines.core.metadata import DATETIME, DISCRETE_SDTYPES, NUMERIC_SDTYPES, TableMetadata, detect_column
from engines.core.fitted import LearnsFromData
from engines.errors import InvalidDataError, InvalidParameterError

SCALINGS = ("minmax", "standard", "robust", "none")
CATEGORY_ORDERS = ("frequency", "sorted")
MISSING_LABEL = "missing"


@dataclass
class EncodedColumn:
    """What the encoder learned about one column: `kind` is "number" or "category"."""

    name: str
    sdtype: str
    kind: str
    fill: float = 0.0
    center: float = 0.0
    scale: float = 1.0
    had_missing: bool = False
    levels: list = field(default_factory=list)


class TableEncoder(LearnsFromData):
    """Numbers scaled and categories as top-k levels + "other" + "missing" (see the module docstring).

    `metadata` gives the columns to encode and their types (a `TableMetadata` or `{column: sdtype}`, in that
    order; other columns of the table are ignored), or None to encode every column with its type detected at
    `fit`.
    """

    label = "table encoder"

    def __init__(
        self,
        metadata: TableMetadata | Mapping | None = None,
        *,
        scaling: str = "standard",
        clip: float | None = None,
        max_categories: int | None = None,
        category_order: str = "frequency",
        categories_as_text: bool = False,
        coerce_numbers: bool = False,
        number_sdtypes: Collection[str] = NUMERIC_SDTYPES,
        category_sdtypes: Collection[str] = DISCRETE_SDTYPES,
    ) -> None:
        self.metadata = metadata
        self.scaling = scaling
        self.clip = clip
        self.max_categories = max_categories
        self.category_order = category_order
        self.categories_as_text = categories_as_text
        self.coerce_numbers = coerce_numbers
        self.number_sdtypes = number_sdtypes
        self.category_sdtypes = category_sdtypes

    # ------------------------------------------------------------------------------------------------ fit
    def fit(self, frame: pd.DataFrame) -> TableEncoder:
        """Learn each column's scale or levels from the reference `frame`; returns self."""
        self._check_params()
        if not isinstance(frame, pd.DataFrame):
            raise InvalidDataError(f"The encoder needs a pandas DataFrame; got {type(frame).__name__}.",
                                   key="engine.encoder.not_a_dataframe", type_name=type(frame).__name__)
        if self.metadata is None:
            sdtypes = {str(name): detect_column(frame[name], name).sdtype for name in frame.columns}
        else:
            sdtypes = TableMetadata.coerce(self.metadata).sdtypes
        absent = [name for name in sdtypes if name not in frame.columns]
        if absent:
            raise InvalidDataError(f"The table lacks the column(s) {absent} named in the metadata.",
                                   key="engine.encoder.missing_columns", absent=absent)
        columns = []
        number_names = [name for name, sdtype in sdtypes.items() if sdtype in self.number_sdtypes]
        numbers = {name: self._numbers_of(frame[name], sdtypes[name], name) for name in number_names}
        centers, scales = self._number_scales(numbers)
        for name, sdtype in sdtypes.items():
            if name in numbers:
                values = numbers[name]
                fill = centers[name] if self.scaling != "none" else _nan_to_zero(np.nanmedian(values))
                columns.append(EncodedColumn(name, sdtype, "number", fill=fill, center=centers[name],
                                             scale=scales[name], had_missing=bool(np.isnan(values).any())))
            elif sdtype in self.category_sdtypes:
                columns.append(EncodedColumn(name, sdtype, "category", levels=self._levels(frame[name])))
        self.columns_ = columns
        return self

    def _check_params(self) -> None:
        if self.scaling not in SCALINGS:
            raise InvalidParameterError(
                f"scaling must be one of {', '.join(SCALINGS)}; got {self.scaling!r}.",
                key="engine.encoder.bad_scaling", scalings=', '.join(SCALINGS), scaling=repr(self.scaling)
            )
        if self.category_order not in CATEGORY_ORDERS:
            raise InvalidParameterError(
                f"category_order must be one of {', '.join(CATEGORY_ORDERS)}; got {self.category_order!r}.",
                key="engine.encoder.bad_category_order", orders=', '.join(CATEGORY_ORDERS),
                category_order=repr(self.category_order)
            )
        top_k = self.max_categories
        if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
            raise InvalidParameterError(f"max_categories must be None or at least 1; got {top_k!r}.",
                                        key="engine.encoder.bad_max_categories", value=repr(top_k))
        if self.clip is not None and not self.clip > 0:
            raise InvalidParameterError(f"clip must be None or a positive number; got {self.clip!r}.",
                                        key="engine.encoder.bad_clip", clip=repr(self.clip))

    def _number_scales(self, numbers: dict[str, np.ndarray]) -> tuple[dict[str, float], dict[str, float]]:
        names = list(numbers)
        if self.scaling == "standard" and names:
            # One nanmean/nanstd over the block (not per column): numpy sums a 2-D axis in another order
            # than a 1-D array, and models fitted before this encoder existed used the block form.
            block = np.column_stack([numbers[name] for name in names])
            with np.errstate(invalid="ignore", divide="ignore"), _quiet_empty_slices():
                means, spreads = np.nanmean(block, axis=0), np.nanstd(block, axis=0)
            centers = [_nan_to_zero(m) for m in means]
            scales = [float(s) if s > 0 else 1.0 for s in spreads]
            return dict(zip(names, centers)), dict(zip(names, scales))
        centers, scales = {}, {}
        for name in names:
            values = numbers[name]
            if self.scaling == "minmax":
                present = values[~np.isnan(values)]
                low = float(present.min()) if len(present) else 0.0
                span = float(present.max() - low) if len(present) else 0.0
                centers[name], scales[name] = low, span if span > 0 else 1.0
            elif self.scaling == "robust":
                series = pd.Series(values)
                iqr = float(series.quantile(0.75) - series.quantile(0.25))
                std = _nan_to_zero(series.std())
                centers[name] = _nan_to_zero(series.median())
                # IQR 0 (a rare 0/1 flag): the standard deviation, so a rare "1" stands out as strongly as
                # it is rare; then 1.
                scales[name] = iqr if iqr > 0 else (std if std > 0 else 1.0)
            else:
                centers[name], scales[name] = 0.0, 1.0
        return centers, scales

    def _levels(self, values: pd.Series) -> list:
        # Counted in the dtype they are compared in: ties keep the order pandas gives that dtype.
        if self.categories_as_text:
            values = values.astype("string").fillna(MISSING_LABEL)
        else:
            values = values.astype(object)
        if self.category_order == "sorted":
            levels = sorted(values.dropna().unique())
        else:
            levels = list(values.value_counts(dropna=True).index)
        levels = levels[: self.max_categories] if self.max_categories else levels
        return [str(level) for level in levels] if self.categories_as_text else levels

    def _category_values(self, values: pd.Series) -> pd.Series:
        if self.categories_as_text:
            return values.astype("string").fillna(MISSING_LABEL).astype(object)
        return values.astype(object)

    # ----------------------------------------------------------------------------------------- transform
    @property
    def number_columns_(self) -> list[EncodedColumn]:
        """The encoded number columns, in table order."""
        self._check_fitted()
        return [column for column in self.columns_ if column.kind == "number"]

    @property
    def category_columns_(self) -> list[EncodedColumn]:
        """The encoded category columns, in table order."""
        self._check_fitted()
        return [column for column in self.columns_ if column.kind == "category"]

    def column(self, name: str) -> EncodedColumn:
        """The learned encoding of column `name`."""
        self._check_fitted()
        for column in self.columns_:
            if column.name == name:
                return column
        raise InvalidDataError(f"The encoder has no column {name!r}.",
                               key="engine.encoder.unknown_column", column=repr(name))

    def numbers(
        self, frame: pd.DataFrame, column: EncodedColumn, scaled: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """One number column of `frame` as `(values, missing_mask)`: filled, scaled and clipped, or (with
        `scaled=False`) the raw float values with NaN where missing."""
        values = self._numbers_of(self._column_of(frame, column), column.sdtype, column.name)
        missing = np.isnan(values)
        if not scaled:
            return values, missing
        values = (np.where(missing, column.fill, values) - column.center) / column.scale
        if self.clip is not None:
            values = np.clip(values, -self.clip, self.clip)
        return values, missing

    def category_codes(self, frame: pd.DataFrame, column: EncodedColumn) -> np.ndarray:
        """Index of each value in the column's levels; `len(levels)` for "other", `len(levels) + 1` for
        missing (never, with `categories_as_text`: there a missing value is the level "missing")."""
        values = self._category_values(self._column_of(frame, column))
        codes = pd.Categorical(values, categories=column.levels).codes.astype(np.int64)
        codes[codes < 0] = len(column.levels)
        if not self.categories_as_text:
            codes[values.isna().to_numpy()] = len(column.levels) + 1
        return codes

    def _numbers_of(self, values: pd.Series, sdtype: str, name: str) -> np.ndarray:
        return column_numbers(values, sdtype, name, coerce=self.coerce_numbers)[0]

    @staticmethod
    def one_hot(codes: np.ndarray, width: int, value: float = 1.0) -> np.ndarray:
        """`codes` as a (rows x width) indicator matrix holding `value`; codes >= width give zeros."""
        matrix = np.zeros((len(codes), width + 1))
        matrix[np.arange(len(codes)), np.minimum(codes, width)] = value
        return matrix[:, :width]

    def transform(self, frame: pd.DataFrame, missing_flags: bool = True, other: bool = True) -> np.ndarray:
        """[scaled numbers | their missing flags | one-hot categories (+ an "other" column when `other`)]."""
        self._check_fitted()
        numbers = [self.numbers(frame, column) for column in self.number_columns_]
        parts = [values[:, None] for values, _ in numbers]
        if missing_flags:
            parts += [missing[:, None].astype(np.float64) for _, missing in numbers]
        for column in self.category_columns_:
            width = len(column.levels) + (1 if other else 0)
            parts.append(self.one_hot(self.category_codes(frame, column), width))
        return np.hstack(parts) if parts else np.zeros((len(frame), 0))

    # --------------------------------------------------------------------------------------------- state
    def get_state(self) -> dict[str, Any]:
        """A JSON-able copy of the parameters and the learned state (`from_state` rebuilds the encoder)."""
        self._check_fitted()
        params = {
            "scaling": self.scaling, "clip": self.clip, "max_categories": self.max_categories,
            "category_order": self.category_order, "categories_as_text": self.categories_as_text,
            "coerce_numbers": self.coerce_numbers,
            "number_sdtypes": sorted(self.number_sdtypes), "category_sdtypes": sorted(self.category_sdtypes),
        }
        return {"params": params, "columns": [_json_column(column) for column in self.columns_]}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> TableEncoder:
        """The encoder that `get_state` described, ready to transform."""
        try:
            encoder = cls(**state["params"])
            encoder.columns_ = [EncodedColumn(**column) for column in state["columns"]]
        except (KeyError, TypeError) as error:
            raise InvalidDataError(f"The table encoder state is incomplete ({error}).",
                                   key="engine.encoder.incomplete_state", error=error) from None
        return encoder

    @staticmethod
    def _column_of(frame: pd.DataFrame, column: EncodedColumn) -> pd.Series:
        if column.name not in frame.columns:
            raise InvalidDataError(f"The table lacks the column {column.name!r} the encoder was fitted on.",
                                   key="engine.encoder.missing_column", column=repr(column.name))
        return frame[column.name]


def column_numbers(
    values: pd.Series, sdtype: str, column: object, coerce: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """A number or datetime column as `(float64 array, missing_mask)`, NaN where missing.

    Infinities count as missing. Datetimes become nanoseconds; use `datetime_nanoseconds` where exact int64
    instants matter (float64 keeps 53 bits). Raises `InvalidDataError` when a value is not a number or date,
    unless `coerce` (then it counts as missing).
    """
    if sdtype == DATETIME:
        stamps = datetime_nanoseconds(values, column)
        missing = stamps.isna().to_numpy()
        array = stamps.to_numpy(dtype="int64", na_value=0).astype(np.float64)
    else:
        try:
            numbers = pd.to_numeric(values, errors="coerce" if coerce else "raise")
        except (ValueError, TypeError) as error:
            raise InvalidDataError(
                f"Column {column!r} is marked {sdtype} but holds non-numbers: {error}",
                key="engine.encoder.not_numbers", column=repr(column), sdtype=sdtype, error=error
            ) from None
        array = pd.Series(numbers).to_numpy(dtype="float64", na_value=np.nan, copy=True)
        missing = ~np.isfinite(array)
    array[missing] = np.nan
    return array, missing


def datetime_nanoseconds(values: pd.Series, column: object) -> pd.Series:
    """Dates (datetime values or text) as a naive UTC `datetime64[ns]` series; raises `InvalidDataError`."""
    if not pd.api.types.is_datetime64_any_dtype(values):
        try:
            values = pd.to_datetime(values, errors="raise", format="mixed")
        except (ValueError, TypeError) as error:
            raise InvalidDataError(
                f"Column {column!r} is marked datetime but cannot be read as dates: {error}",
                key="engine.encoder.not_dates", column=repr(column), error=error
            ) from None
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    # Tables may arrive in different units (ns vs us); compare them in one unit.
    return values.astype("datetime64[ns]")


def _nan_to_zero(value: float) -> float:
    return float(np.nan_to_num(value))


def _json_column(column: EncodedColumn) -> dict[str, Any]:
    state = asdict(column)
    state["levels"] = [level.item() if isinstance(level, np.generic) else level for level in column.levels]
    return state


class _quiet_empty_slices:
    """Silence numpy's "mean of empty slice" warning for all-missing columns (their centre becomes 0)."""

    def __enter__(self) -> None:
        import warnings

        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)
