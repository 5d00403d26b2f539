"""Turn a mixed table into numbers for the detection, efficacy and privacy models.

One encoder, fitted on a reference table (the real or training data), gives two views:

- `scaled`: numbers and dates min-max scaled by the reference range plus a missing-value flag; categories
  one-hot over the most frequent reference values (+ "other" + "missing"), each one-hot entry scaled by
  1/sqrt(2) so that a category mismatch adds the same squared distance (1) as a full-range numeric gap.
  Used by logistic regression and by distances.
- `ordinal`: numbers and dates raw (missing as NaN), categories as integer codes. Used by gradient boosting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engines.evaluation._metadata import CONTINUOUS_SDTYPES, DISCRETE_SDTYPES, continuous_values

MAX_CATEGORIES = 20


@dataclass
class _ColumnEncoding:
    name: object
    sdtype: str
    low: float = 0.0
    span: float = 1.0
    categories: list | None = None


class TableEncoder:
    """Fit on a reference table with `fit`, then encode any table with the same columns.

    Only numerical, datetime, categorical, boolean and ordinal columns are encoded; id columns are left out.
    """

    def __init__(self, column_types: dict[str, str], max_categories: int = MAX_CATEGORIES):
        self.column_types = column_types
        self.max_categories = max_categories

    def fit(self, frame: pd.DataFrame) -> TableEncoder:
        """Learn ranges and the most frequent categories from `frame`; returns self."""
        self.columns_ = []
        for name, sdtype in self.column_types.items():
            if sdtype in CONTINUOUS_SDTYPES:
                values = self._continuous(frame[name], sdtype, name)
                present = values[~np.isnan(values)]
                low = float(present.min()) if len(present) else 0.0
                span = float(present.max() - low) if len(present) else 0.0
                self.columns_.append(_ColumnEncoding(name, sdtype, low, span if span > 0 else 1.0))
            elif sdtype in DISCRETE_SDTYPES:
                counts = frame[name].astype(object).value_counts(dropna=True)
                self.columns_.append(
                    _ColumnEncoding(name, sdtype, categories=list(counts.index[: self.max_categories]))
                )
        self.n_columns_ = len(self.columns_)
        return self

    def scaled(self, frame: pd.DataFrame) -> np.ndarray:
        """Min-max scaled numbers with missing flags and scaled one-hot categories (see module docstring)."""
        blocks = []
        for column in self.columns_:
            if column.sdtype in CONTINUOUS_SDTYPES:
                values = self._continuous(frame[column.name], column.sdtype, column.name)
                values = (values - column.low) / column.span
                missing = np.isnan(values)
                blocks.append(np.column_stack([np.where(missing, 0.0, values), missing.astype("float64")]))
            else:
                codes = self._category_codes(frame[column.name], column)
                one_hot = np.zeros((len(frame), len(column.categories) + 2))
                one_hot[np.arange(len(frame)), codes] = 1.0 / np.sqrt(2.0)
                blocks.append(one_hot)
        return np.hstack(blocks) if blocks else np.zeros((len(frame), 0))

    def ordinal(self, frame: pd.DataFrame) -> np.ndarray:
        """Raw numbers (NaN kept) and integer category codes, for tree models."""
        blocks = []
        for column in self.columns_:
            if column.sdtype in CONTINUOUS_SDTYPES:
                blocks.append(self._continuous(frame[column.name], column.sdtype, column.name))
            else:
                blocks.append(self._category_codes(frame[column.name], column).astype("float64"))
        return np.column_stack(blocks) if blocks else np.zeros((len(frame), 0))

    @staticmethod
    def _continuous(values: pd.Series, sdtype: str, name: object) -> np.ndarray:
        array, missing = continuous_values(values, sdtype, name)
        array = array.astype("float64")
        array[missing] = np.nan
        return array

    @staticmethod
    def _category_codes(values: pd.Series, column: _ColumnEncoding) -> np.ndarray:
        """Index in the reference categories; len(categories) for "other", len + 1 for missing."""
        values = values.astype(object)
        codes = pd.Categorical(values, categories=column.categories).codes.astype("int64")
        codes[codes < 0] = len(column.categories)
        codes[values.isna().to_numpy()] = len(column.categories) + 1
        return codes


def sample_rows(frame: pd.DataFrame, max_rows: int | None, rng: np.random.Generator) -> pd.DataFrame:
    """At most `max_rows` rows of `frame`, drawn without replacement (all rows, in order, if it is small)."""
    if max_rows is None or len(frame) <= max_rows:
        return frame
    return frame.iloc[np.sort(rng.choice(len(frame), max_rows, replace=False))]
