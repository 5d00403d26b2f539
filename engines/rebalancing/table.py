"""Turning a labelled table into what the classifier and the oversamplers need.

`LabelledTable.from_frame` checks the label (exactly two classes, enough rows of the rarer one), picks the feature
columns by their type in the lab's vocabulary (`engines.core.metadata`: numbers, yes/no and categories; ids,
free text, dates and near-unique columns are left out and said so),
and splits by time: the latest rows are the test set, as a model is used on the future, not on a random past.
`FeatureEncoder` (the shared `engines.core.table_encoder`, unscaled) then gives one numeric matrix for every
strategy: numbers with missing values filled by the training median plus a missing flag, categories as integer
codes that the gradient-boosting model treats natively.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engines.core.validation import check_fraction
from engines.core.metadata import BOOLEAN, CATEGORICAL, CONTINUOUS, DATETIME, ID, INTEGER, detect_column
from engines.core.table_encoder import TableEncoder
from engines.errors import InvalidDataError, InvalidParameterError
from engines.messages import Note

MAX_CATEGORY_LEVELS = 50
MIN_MINORITY_TRAIN_ROWS = 6  # SMOTE's 5 neighbours + the row itself
MIN_MINORITY_TEST_ROWS = 5


@dataclass
class LabelledTable:
    """A feature table, its 0/1 label (1 = the rarer, "bad" class) and a time-ordered train/test split."""

    features: pd.DataFrame
    label: np.ndarray
    is_test: np.ndarray
    label_column: str
    positive_value: object
    numeric_columns: list[str]
    categorical_columns: list[str]
    groups: pd.Series | None = None
    notes: list[str] = field(default_factory=list)
    group_column: str | None = None

    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        label: str,
        *,
        time_column: str | None = None,
        positive_value: object = None,
        group_column: str | None = None,
        exclude_columns: tuple[str, ...] | list[str] = (),
        test_fraction: float = 0.25,
    ) -> LabelledTable:
        """Check `data[label]`, choose features and split by `time_column` (file order when None).

        `positive_value` is the class to detect (fraud, default); by default the rarer class. `group_column`
        (say an age band) is kept aside for the fairness panel and never used as a feature; `exclude_columns`
        are left out as well. Raises `InvalidDataError` with the reason and the fix when the table cannot be
        used: a label with one class or more than two, too few rows of the rarer class, no usable feature.
        """
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise InvalidDataError("The table is empty: it needs rows with a label and at least one feature.",
                                   key="rebalancing.error.empty")
        if label not in data.columns:
            raise InvalidDataError(f"There is no column {label!r}; pick the column that holds the 0/1 outcome.",
                                   key="rebalancing.error.no_label", label=str(label))
        for role, column in (("group", group_column), ("time", time_column)):
            if column is not None and column not in data.columns:
                raise InvalidDataError(f"There is no column {column!r} to use as the {role} column.",
                                       key=("engine.rebalancing.no_group_column" if role == "group"
                                            else "engine.rebalancing.no_time_column"), column=repr(column),
                                       role=role)
        check_fraction("test_fraction", test_fraction, 0.05, 0.5, inclusive=True)
        notes: list[str] = []
        known = data[data[label].notna()]
        if len(known) < len(data):
            notes.append(Note(f"{len(data) - len(known):,} rows with an empty label were left out.",
                              "rebalancing.note.empty_labels", rows=int(len(data) - len(known))))
        values = known[label].value_counts()
        if len(values) < 2:
            only = values.index[0] if len(values) else "nothing"
            raise InvalidDataError(
                f"The label column {label!r} holds only one value ({only!r}): the comparison needs examples of "
                "both outcomes (for example fraud and not fraud). Pick another column or add rows of the other class.",
                key="rebalancing.error.one_class", label=str(label), value=repr(only)
            )
        if len(values) > 2:
            shown = ", ".join(repr(v) for v in list(values.index[:5]))
            raise InvalidDataError(
                f"The label column {label!r} has {len(values)} different values ({shown}{', ...' if len(values) > 5 else ''}); "
                "it must be a yes/no outcome with exactly two values. Pick a binary column, or make one first "
                "(for example in the Data Explorer's SQL box).",
                key="rebalancing.error.not_binary", label=str(label), count=int(len(values)),
                examples=shown, more=", ..." if len(values) > 5 else "",
            )
        if positive_value is None:
            positive_value = values.index[-1]
        elif positive_value not in set(values.index):
            raise InvalidParameterError(f"{positive_value!r} is not a value of {label!r}; it holds {list(values.index)}.",
                                        key="engine.rebalancing.unknown_positive",
                                        positive_value=repr(positive_value), label=repr(label),
                                        values=list(values.index))
        y = (known[label] == positive_value).to_numpy(np.int8)

        if time_column is not None:
            order_key = known[time_column]
            if not pd.api.types.is_datetime64_any_dtype(order_key) and not pd.api.types.is_numeric_dtype(order_key):
                order_key = pd.to_datetime(order_key, errors="coerce")
                if order_key.isna().mean() > 0.5:
                    raise InvalidDataError(f"{time_column!r} does not hold dates or times; pick another column or none.",
                                           key="rebalancing.error.not_time", column=str(time_column))
            order = np.argsort(order_key.to_numpy(), kind="stable")
        else:
            order = np.arange(len(known))
            notes.append(Note("No time column was chosen: the last rows in file order form the test set.",
                              "rebalancing.note.file_order"))
        known = known.iloc[order].reset_index(drop=True)
        y = y[order]
        n_test = int(round(len(known) * test_fraction))
        is_test = np.zeros(len(known), dtype=bool)
        is_test[len(known) - n_test:] = True
        minority_train, minority_test = int(y[~is_test].sum()), int(y[is_test].sum())
        if minority_train < MIN_MINORITY_TRAIN_ROWS or minority_test < MIN_MINORITY_TEST_ROWS:
            raise InvalidDataError(
                f"Too few rows of the rarer class ({label} = {_shown(positive_value)}): {minority_train} in the training "
                f"period and {minority_test} in the test period. SMOTE and the generators need at least "
                f"{MIN_MINORITY_TRAIN_ROWS} to learn from, and the test needs at least {MIN_MINORITY_TEST_ROWS} to "
                "score; upload more rows (or a longer period).",
                key="rebalancing.error.too_few", label=str(label), value=_shown(positive_value),
                train=minority_train, test=minority_test, need_train=MIN_MINORITY_TRAIN_ROWS,
                need_test=MIN_MINORITY_TEST_ROWS
            )

        skipped = {label, time_column, group_column, *exclude_columns} - {None}
        numeric, categorical = [], []
        for column in known.columns:
            if column in skipped:
                continue
            kind = _feature_kind(known[column], column)
            if kind == "numeric":
                numeric.append(column)
            elif kind == "categorical":
                categorical.append(column)
            else:
                notes.append(Note(f"Column {column!r} was not used as a feature ({kind}).", "rebalancing.note.not_a_feature",
                                  column=str(column)))
        if not numeric and not categorical:
            raise InvalidDataError("No column can be used as a feature: the table needs numbers or categories "
                                   "besides the label.", key="rebalancing.error.no_features")
        features = known[numeric + categorical].copy()
        for column in numeric:
            features[column] = pd.to_numeric(features[column], errors="coerce").astype(np.float64)
        for column in categorical:
            features[column] = features[column].astype("string").fillna("missing").astype(object)
        groups = known[group_column].astype("string").fillna("unknown").reset_index(drop=True) if group_column else None
        return cls(features, y, is_test, label, positive_value, numeric, categorical, groups, notes, group_column)

    @property
    def train(self) -> tuple[pd.DataFrame, np.ndarray]:
        """Training features and labels."""
        return self.features[~self.is_test].reset_index(drop=True), self.label[~self.is_test]

    @property
    def test(self) -> tuple[pd.DataFrame, np.ndarray]:
        """Test features and labels (the latest rows)."""
        return self.features[self.is_test].reset_index(drop=True), self.label[self.is_test]


def _shown(value: object) -> str:
    return str(value.item() if isinstance(value, np.generic) else value)


def _feature_kind(series: pd.Series, name: str) -> str:
    """'numeric', 'categorical', or why the column is not a feature (from its type, `detect_column`)."""
    non_null = series.dropna()
    if non_null.empty:
        return "it is empty"
    sdtype = detect_column(series, name).sdtype
    if sdtype == DATETIME:
        return "a date or time"
    if sdtype == ID and pd.api.types.is_numeric_dtype(series):
        return "an id: every row has its own value"
    if sdtype in (CONTINUOUS, BOOLEAN):
        return "numeric"
    if sdtype == INTEGER:
        # Stricter than the vocabulary's id rule (an id-like name or consecutive numbers): a classifier learns
        # nothing from whole numbers that differ on every row, whatever the column is called.
        if non_null.nunique() == len(non_null) and len(non_null) > 50:
            return "an id: every row has its own value"
        return "numeric"
    levels = non_null.astype(str).nunique()
    if levels <= MAX_CATEGORY_LEVELS:
        return "categorical"
    if levels > 0.5 * len(non_null):
        return "an id or free text: almost every row has its own value"
    return f"a category with {levels} values, more than {MAX_CATEGORY_LEVELS}"


class FeatureEncoder:
    """Numbers (median-filled, plus a missing flag where needed) and category codes as one float matrix."""

    def fit(self, features: pd.DataFrame, numeric: list[str], categorical: list[str]) -> FeatureEncoder:
        """Learn medians and category levels (every level, sorted) from the training features."""
        metadata = {c: CONTINUOUS for c in numeric} | {c: CATEGORICAL for c in categorical}
        self.encoder_ = TableEncoder(metadata, scaling="none", category_order="sorted",
                                     categories_as_text=True).fit(features)
        self.numeric_ = list(numeric)
        self.categorical_ = list(categorical)
        self.medians_ = {c.name: c.fill for c in self.encoder_.number_columns_}
        self.flagged_ = [c.name for c in self.encoder_.number_columns_ if c.had_missing]
        self.levels_ = {c.name: c.levels for c in self.encoder_.category_columns_}
        self.columns_ = self.numeric_ + [f"{c} missing" for c in self.flagged_] + self.categorical_
        return self

    @property
    def categorical_mask(self) -> np.ndarray:
        """True for the columns of `transform`'s output that hold category codes."""
        return np.array([False] * (len(self.numeric_) + len(self.flagged_)) + [True] * len(self.categorical_))

    def transform(self, features: pd.DataFrame) -> np.ndarray:
        """The float matrix (rows x `columns_`); unseen categories get the code of an extra level."""
        numbers = {c.name: self.encoder_.numbers(features, c) for c in self.encoder_.number_columns_}
        parts = [numbers[c][0] for c in self.numeric_]
        parts += [numbers[c][1].astype(np.float64) for c in self.flagged_]
        parts += [self.encoder_.category_codes(features, c).astype(np.float64)
                  for c in self.encoder_.category_columns_]
        return np.column_stack(parts) if parts else np.zeros((len(features), 0))

    def inverse_categories(self, matrix: np.ndarray) -> pd.DataFrame:
        """Readable values of an encoded matrix (category codes back to labels), for explanations."""
        frame = pd.DataFrame(matrix, columns=self.columns_)
        for column in self.categorical_:
            levels = np.array(self.levels_[column] + ["other"], dtype=object)
            frame[column] = levels[np.clip(frame[column].round().astype(int), 0, len(levels) - 1)]
        return frame
