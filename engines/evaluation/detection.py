"""Detection: can a classifier tell real rows from synthetic ones?

For each model, rows of both tables are labelled (real = 1, synthetic = 0) and scored by stratified k-fold
cross-validated ROC AUC. The SDMetrics-style score (as in its `LogisticDetection`) is
`1 - mean over folds of (2 * max(AUC, 0.5) - 1)`: 1 when the model can only guess, 0 when it always tells.
Models: logistic regression on scaled/one-hot features and a histogram gradient-boosted tree model on raw
features. Each table is capped at `max_rows` rows (20,000 by default) so a run takes a few seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from engines.core.device import single_threaded_native_code
from engines.evaluation._features import MetricFeatures, sample_rows
from engines.evaluation._metadata import resolve_column_types
from engines.errors import InvalidDataError, InvalidParameterError

DETECTION_MAX_ROWS = 20_000
LOGISTIC_REGRESSION = "logistic_regression"
GRADIENT_BOOSTING = "gradient_boosting"


@dataclass(frozen=True)
class DetectionResult:
    """Cross-validated AUC and SDMetrics-style score per model; `auc`/`score` are the strongest detector's."""

    auc_by_model: dict[str, float]
    score_by_model: dict[str, float]
    auc: float
    score: float
    n_real_rows: int
    n_synthetic_rows: int


def detection_report(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    metadata: Mapping | None = None,
    *,
    max_rows: int | None = DETECTION_MAX_ROWS,
    n_folds: int = 3,
    random_state: int = 0,
) -> DetectionResult:
    """Train logistic regression and gradient boosting to tell `real` from `synthetic` rows.

    Uses at most `max_rows` rows of each table, `n_folds`-fold stratified cross-validation, id columns
    excluded. `auc` is the highest mean AUC of the two models and `score` the lowest score.
    """
    if n_folds < 2:
        raise InvalidParameterError(f"n_folds must be at least 2, got {n_folds!r}.",
                                    key="engine.detection.bad_folds", n_folds=repr(n_folds))
    column_types = resolve_column_types(real, synthetic, metadata)
    rng = np.random.default_rng(random_state)
    real = sample_rows(real, max_rows, rng)
    synthetic = sample_rows(synthetic, max_rows, rng)
    if min(len(real), len(synthetic)) < n_folds:
        raise InvalidDataError(f"Detection needs at least {n_folds} rows in each table (one per fold).",
                               key="engine.detection.too_few_rows", n_folds=n_folds)
    encoder = MetricFeatures(column_types).fit(real)
    if encoder.n_columns_ == 0:
        raise InvalidDataError("No column to compare: every column is an id column.",
                               key="engine.evaluation.no_comparable_column")
    labels = np.r_[np.ones(len(real)), np.zeros(len(synthetic))]
    features = {
        LOGISTIC_REGRESSION: np.vstack([encoder.scaled(real), encoder.scaled(synthetic)]),
        GRADIENT_BOOSTING: np.vstack([encoder.ordinal(real), encoder.ordinal(synthetic)]),
    }
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    folds = list(splitter.split(labels, labels))

    auc_by_model, score_by_model = {}, {}
    for name, matrix in features.items():
        aucs = []
        for train_rows, test_rows in folds:
            with single_threaded_native_code():
                model = _detector(name, random_state).fit(matrix[train_rows], labels[train_rows])
                probability = model.predict_proba(matrix[test_rows])[:, 1]
            aucs.append(roc_auc_score(labels[test_rows], probability))
        aucs = np.array(aucs)
        auc_by_model[name] = float(aucs.mean())
        score_by_model[name] = float(1.0 - np.mean(2.0 * np.maximum(aucs, 0.5) - 1.0))
    return DetectionResult(
        auc_by_model,
        score_by_model,
        auc=max(auc_by_model.values()),
        score=min(score_by_model.values()),
        n_real_rows=len(real),
        n_synthetic_rows=len(synthetic),
    )


def _detector(name: str, random_state: int):
    if name == LOGISTIC_REGRESSION:
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    # Fixed iterations and no early stopping: the same data always give the same AUC.
    return HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=random_state)
