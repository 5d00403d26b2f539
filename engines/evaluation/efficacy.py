"""Machine-learning efficacy: is a model trained on synthetic data as good as one trained on real data?

Train-real-test-real (TRTR) and train-synthetic-test-real (TSTR) use the same model (histogram gradient
boosting, fixed settings), the same features and the same real holdout. The synthetic training set is cut
to the size of the real one, so the comparison is about the data, not its amount. Metric: ROC AUC for a
binary target, macro F1 for more classes, R^2 for regression. Ratio = TSTR / TRTR.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import f1_score, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split

from engines.core.device import single_threaded_native_code
from engines.evaluation._features import MetricFeatures, sample_rows
from engines.core.metadata import CONTINUOUS, DISCRETE_SDTYPES, ID, INTEGER, NUMERIC_SDTYPES
from engines.evaluation._metadata import continuous_values, resolve_column_types
from engines.errors import InvalidDataError, InvalidParameterError

EFFICACY_MAX_ROWS = 20_000
CLASSIFICATION = "classification"
REGRESSION = "regression"
# A numerical target with at most this many distinct whole numbers is treated as classes.
_MAX_CLASSES_FOR_NUMBERS = 10


@dataclass(frozen=True)
class EfficacyResult:
    """TRTR and TSTR scores of one model on one target, on the same real holdout."""

    target: str
    task: str
    metric: str
    trtr_score: float
    tstr_score: float
    ratio: float
    n_train_rows: int
    n_test_rows: int


def efficacy_report(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    target: str,
    metadata: Mapping | None = None,
    *,
    real_holdout: pd.DataFrame | None = None,
    task: str = "auto",
    test_size: float = 0.3,
    max_rows: int | None = EFFICACY_MAX_ROWS,
    random_state: int = 0,
) -> EfficacyResult:
    """Compare a model trained on `real` with the same model trained on `synthetic`, both tested on real rows.

    Pass `real_holdout` (real rows the generator never saw) when you have it; otherwise `test_size` of `real`
    is held out. `task` is `"auto"`, `"classification"` or `"regression"`. Training sets are capped at
    `max_rows` rows and the test set too. `ratio` is NaN when the real-trained score is not positive.
    Raises `InvalidDataError` for a missing target, a target with one class, or an unusable task.
    """
    if not 0 < test_size < 1:
        raise InvalidParameterError(f"test_size must be a fraction between 0 and 1, got {test_size!r}.",
                                    key="engine.efficacy.bad_test_size", test_size=repr(test_size))
    column_types = resolve_column_types(real, synthetic, metadata)
    if target not in column_types:
        raise InvalidDataError(f"Target column {target!r} is not in the data; columns: {list(column_types)}.",
                               key="engine.efficacy.unknown_target", target=repr(target),
                               columns=list(column_types))
    if real_holdout is not None:
        resolve_column_types(real, real_holdout, metadata, synthetic_name="real holdout")
    task = _resolve_task(task, real[target], column_types[target], target)
    rng = np.random.default_rng(random_state)

    real = real[real[target].notna()]
    synthetic = synthetic[synthetic[target].notna()]
    if len(real) < 2:
        raise InvalidDataError(
            f"The real data has {len(real)} rows with a value in {target!r}; need at least 2.",
            key="engine.efficacy.too_few_real", n_rows=len(real), target=repr(target)
        )
    if real_holdout is None:
        real, real_holdout = train_test_split(
            real, test_size=test_size, random_state=random_state,
            stratify=_stratify_by(real[target], test_size) if task == CLASSIFICATION else None,
        )
    else:
        real_holdout = real_holdout[real_holdout[target].notna()]
    real_train = sample_rows(real, max_rows, rng)
    synthetic_train = sample_rows(synthetic, len(real_train), rng)
    real_holdout = sample_rows(real_holdout, max_rows, rng)
    checked = {"real training": real_train, "synthetic": synthetic_train, "real test": real_holdout}
    for name, frame in checked.items():
        if len(frame) < 2:
            raise InvalidDataError(
                f"The {name} data has {len(frame)} rows with a target value; need at least 2.",
                key="engine.efficacy.too_few_rows", table=name, n_rows=len(frame)
            )

    feature_types = {c: s for c, s in column_types.items() if c != target and s != ID}
    encoder = MetricFeatures(feature_types).fit(real_train)
    if encoder.n_columns_ == 0:
        raise InvalidDataError(f"No feature column left besides the target {target!r}.",
                               key="engine.efficacy.no_features", target=repr(target))
    test_features = encoder.ordinal(real_holdout)

    training_sets = (real_train, synthetic_train)
    if task == CLASSIFICATION:
        metric, scores = _classification_scores(
            encoder, training_sets, real_holdout, test_features, target, random_state
        )
    else:
        metric, scores = _regression_scores(
            encoder, training_sets, real_holdout, test_features, target, column_types[target], random_state
        )
    trtr, tstr = scores
    ratio = tstr / trtr if trtr > 0 else float("nan")
    return EfficacyResult(target, task, metric, trtr, tstr, float(ratio), len(real_train), len(real_holdout))


def _stratify_by(labels: pd.Series, test_size: float) -> pd.Series | None:
    """The labels, if a stratified split can give every class a row on both sides; else None."""
    counts = labels.value_counts()
    n_test = int(np.ceil(test_size * len(labels)))
    can_stratify = counts.min() >= 2 and len(counts) <= min(n_test, len(labels) - n_test)
    return labels if can_stratify else None


def _resolve_task(task: str, values: pd.Series, sdtype: str, target: str) -> str:
    if task not in ("auto", CLASSIFICATION, REGRESSION):
        raise InvalidParameterError(f"task must be 'auto', 'classification' or 'regression', got {task!r}.",
                                    key="engine.efficacy.bad_task", task=repr(task))
    if task == REGRESSION and sdtype not in NUMERIC_SDTYPES:
        raise InvalidDataError(f"Target {target!r} is {sdtype}; regression needs a numerical target.",
                               key="engine.efficacy.regression_target", target=repr(target), sdtype=sdtype)
    if task == CLASSIFICATION and sdtype not in DISCRETE_SDTYPES | {CONTINUOUS, INTEGER}:
        raise InvalidDataError(f"Target {target!r} is {sdtype}; classification needs categories or numbers.",
                               key="engine.efficacy.classification_target", target=repr(target),
                               sdtype=sdtype)
    if task != "auto":
        return task
    if sdtype in DISCRETE_SDTYPES:
        return CLASSIFICATION
    if sdtype in (CONTINUOUS, INTEGER):
        numbers = pd.to_numeric(values, errors="coerce").dropna()
        whole_numbers = bool((numbers == numbers.round()).all())
        few_whole_numbers = whole_numbers and numbers.nunique() <= _MAX_CLASSES_FOR_NUMBERS
        return CLASSIFICATION if few_whole_numbers else REGRESSION
    raise InvalidDataError(f"Target {target!r} is {sdtype}; pick a numerical, categorical or boolean column.",
                           key="engine.efficacy.bad_target_type", target=repr(target), sdtype=sdtype)


def _classification_scores(encoder, training_sets, real_test, test_features, target, random_state):
    real_train, synthetic_train = training_sets
    real_classes = pd.concat([real_train[target], real_test[target]]).astype(object).unique()
    if len(real_classes) < 2:
        raise InvalidDataError(
            f"Target {target!r} has a single class ({real_classes[0]!r}) in the real data.",
            key="engine.efficacy.single_class", target=repr(target), real_class=repr(real_classes[0])
        )
    label_of = {value: code for code, value in enumerate(real_classes)}
    for name, frame in (("real training", real_train), ("synthetic", synthetic_train)):
        present = frame[target].astype(object).map(label_of).dropna().nunique()
        if present < 2:
            raise InvalidDataError(
                f"Target {target!r} has fewer than 2 of the real classes in the {name} data; "
                "cannot train a model.",
                key="engine.efficacy.too_few_classes", target=repr(target), table=name
            )
    test_labels = real_test[target].astype(object).map(label_of).to_numpy(dtype="float64")
    binary = len(real_classes) == 2
    if binary and len(np.unique(test_labels)) < 2:
        raise InvalidDataError(f"The real test rows hold one class of {target!r}; ROC AUC is undefined.",
                               key="engine.efficacy.test_single_class", target=repr(target))

    scores = []
    for frame in training_sets:
        # Labels the real data never show (invented by a generator) map to -1: a class the test never has.
        labels = frame[target].astype(object).map(label_of).fillna(-1).to_numpy(dtype="float64")
        model = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=random_state)
        with single_threaded_native_code():
            model.fit(encoder.ordinal(frame), labels)
            if binary:
                positive = list(model.classes_).index(1.0)  # both real classes were checked present
                score = roc_auc_score(test_labels, model.predict_proba(test_features)[:, positive])
            else:
                score = f1_score(
                    test_labels, model.predict(test_features), labels=np.arange(len(real_classes)),
                    average="macro", zero_division=0,
                )
        scores.append(float(score))
    return ("roc_auc" if binary else "f1_macro"), scores


def _regression_scores(encoder, training_sets, real_test, test_features, target, sdtype, random_state):
    def numbers(frame):
        array, missing = continuous_values(frame[target], sdtype, target)
        return array.astype("float64"), missing

    test_values, test_missing = numbers(real_test)
    scores = []
    for frame in training_sets:
        values, missing = numbers(frame)
        model = HistGradientBoostingRegressor(max_iter=100, early_stopping=False, random_state=random_state)
        with single_threaded_native_code():
            model.fit(encoder.ordinal(frame)[~missing], values[~missing])
            predicted = model.predict(test_features[~test_missing])
        scores.append(float(r2_score(test_values[~test_missing], predicted)))
    return "r2", scores
