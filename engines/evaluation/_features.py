"""Turn a mixed table into numbers for the detection, efficacy and privacy models.

One encoder (`MetricFeatures`, over the shared `engines.core.table_encoder`), fitted on a reference table
(the real or training data), gives two views:

- `scaled`: numbers and dates min-max scaled by the reference range plus a missing-value flag; categories
  one-hot over the most frequent reference values (+ "other" + "missing"), each one-hot entry scaled by
  1/sqrt(2) so that a category mismatch adds the same squared distance (1) as a full-range numeric gap.
  Used by logistic regression and by distances.
- `ordinal`: numbers and dates raw (missing as NaN), categories as integer codes. Used by gradient boosting.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from engines.core.table_encoder import TableEncoder

MAX_CATEGORIES = 20
# A one-hot entry of 1/sqrt(2): a category mismatch adds a squared distance of 1, like a full-range gap.
_ONE_HOT_VALUE = 1.0 / np.sqrt(2.0)


class MetricFeatures:
    """Fit on a reference table with `fit`, then encode any table with the same columns (two views).

    The shared `engines.core.table_encoder.TableEncoder` (min-max scaling, the `max_categories` most
    frequent levels + "other" + "missing") learns the columns of `column_types` (`engines.core.metadata`
    types); numbers, dates, categories and booleans are encoded, id columns are left out.
    """

    def __init__(self, column_types: Mapping[str, str], max_categories: int = MAX_CATEGORIES):
        self.column_types = column_types
        self.max_categories = max_categories

    def fit(self, frame: pd.DataFrame) -> MetricFeatures:
        """Learn ranges and the most frequent categories from `frame`; returns self."""
        self.encoder_ = TableEncoder(dict(self.column_types), scaling="minmax",
                                     max_categories=self.max_categories).fit(frame)
        self.n_columns_ = len(self.encoder_.columns_)
        return self

    def scaled(self, frame: pd.DataFrame) -> np.ndarray:
        """Min-max scaled numbers with missing flags and scaled one-hot categories (see module docstring)."""
        blocks = []
        for column in self.encoder_.columns_:
            if column.kind == "number":
                values, missing = self.encoder_.numbers(frame, column)
                blocks.append(np.column_stack([values, missing.astype("float64")]))
            else:
                codes = self.encoder_.category_codes(frame, column)
                blocks.append(self.encoder_.one_hot(codes, len(column.levels) + 2, _ONE_HOT_VALUE))
        return np.hstack(blocks) if blocks else np.zeros((len(frame), 0))

    def ordinal(self, frame: pd.DataFrame) -> np.ndarray:
        """Raw numbers (NaN kept) and integer category codes, for tree models."""
        blocks = []
        for column in self.encoder_.columns_:
            if column.kind == "number":
                blocks.append(self.encoder_.numbers(frame, column, scaled=False)[0])
            else:
                blocks.append(self.encoder_.category_codes(frame, column).astype("float64"))
        return np.column_stack(blocks) if blocks else np.zeros((len(frame), 0))


def sample_rows(frame: pd.DataFrame, max_rows: int | None, rng: np.random.Generator) -> pd.DataFrame:
    """At most `max_rows` rows of `frame`, drawn without replacement (all rows, in order, if it is small)."""
    if max_rows is None or len(frame) <= max_rows:
        return frame
    return frame.iloc[np.sort(rng.choice(len(frame), max_rows, replace=False))]
