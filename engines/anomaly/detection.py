"""Scoring unsupervised detectors against known labels, the IsolationForest baseline, and risk-warning data.

precision@k answers the analyst's question "if we review the k most suspicious rows, how many are fraud?". The
baseline is scikit-learn's IsolationForest on the same features (numbers as they are, categories one-hot), so
the autoencoder is compared on equal information.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from engines.anomaly.report import RiskWarningReport
from engines.core.device import single_threaded_native_code
from engines.core.validation import check_fraction, check_positive_int
from engines.errors import InvalidDataError


def precision_at_k(labels: np.ndarray, scores: np.ndarray, k: int) -> float:
    """Share of true positives among the `k` highest scores (ties broken by row order)."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    if labels.shape != scores.shape:
        raise InvalidDataError(f"labels and scores differ in length ({labels.size} vs {scores.size}).",
                               key="engine.scores.length_mismatch", n_labels=labels.size,
                               n_scores=scores.size)
    check_positive_int("k", k)
    top = np.argsort(-scores, kind="stable")[: min(k, len(scores))]
    return float(labels[top].mean()) if len(top) else 0.0


def one_hot_matrix(train: pd.DataFrame, other: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Numbers as they are (missing = training median) and categories one-hot over the training levels."""
    numeric = [c for c in train.columns if pd.api.types.is_numeric_dtype(train[c]) or pd.api.types.is_bool_dtype(train[c])]
    categorical = [c for c in train.columns if c not in numeric]

    def encode(frame: pd.DataFrame) -> np.ndarray:
        parts = [frame[numeric].astype(np.float64).fillna(train[numeric].astype(np.float64).median()).to_numpy()]
        for column in categorical:
            levels = train[column].astype(str).unique()
            parts.append((frame[column].astype(str).to_numpy()[:, None] == levels[None, :]).astype(np.float64))
        return np.hstack(parts)

    return encode(train), encode(other)


def isolation_forest_scores(train: pd.DataFrame, score_rows: pd.DataFrame, seed: int = 0,
                            n_estimators: int = 200) -> np.ndarray:
    """IsolationForest fitted on `train`, anomaly scores (higher = more unusual) for `score_rows`."""
    train_matrix, score_matrix = one_hot_matrix(train, score_rows)
    forest = IsolationForest(n_estimators=n_estimators, max_samples=min(1024, len(train_matrix)), random_state=seed)
    with single_threaded_native_code():
        forest.fit(train_matrix)
        return -forest.score_samples(score_matrix)


def risk_warnings(
    rows: pd.DataFrame,
    scores: np.ndarray,
    feature_errors: pd.DataFrame,
    *,
    title: str,
    period: str,
    top_k: int = 50,
    flag_share: float = 0.01,
    account_column: str | None = "customer_id",
    feature_labels: dict[str, str] | None = None,
    feature_values: pd.DataFrame | None = None,
    drivers_per_flag: int = 3,
) -> RiskWarningReport:
    """Build the risk-warning data: rows with the top `flag_share` of scores are flagged; the `top_k` highest are
    listed with the `drivers_per_flag` features whose reconstruction error drove them (error as a multiple of
    usual, and the feature's value from `feature_values`); flagged rows are summed per account."""
    if len(rows) != len(scores) or len(rows) != len(feature_errors):
        raise InvalidDataError("rows, scores and feature_errors must describe the same rows.",
                               key="engine.anomaly.rows_mismatch")
    check_fraction("flag_share", flag_share)
    if len(rows) == 0:
        raise InvalidDataError("There are no rows to score.", key="engine.anomaly.no_rows")
    labels = feature_labels or {}
    scores = np.asarray(scores, dtype=np.float64)
    threshold = float(np.quantile(scores, 1 - flag_share))
    flagged = scores >= threshold
    order = np.argsort(-scores, kind="stable")[:top_k]
    errors = feature_errors.to_numpy()
    names = list(feature_errors.columns)
    flags = []
    for position in order:
        record = {k: _plain(v) for k, v in rows.iloc[position].items()}
        top = np.argsort(-errors[position])[:drivers_per_flag]
        record["score"] = float(scores[position])
        record["drivers"] = [{
            "feature": names[j], "label": labels.get(names[j], names[j]), "error_ratio": float(errors[position, j]),
            "share": float(errors[position, j] / max(errors[position].sum(), 1e-12)),
            "value": _plain(feature_values.iloc[position][names[j]]) if feature_values is not None else None,
        } for j in top]
        flags.append(record)
    accounts = []
    if account_column and account_column in rows.columns:
        part = rows.loc[flagged].assign(_score=scores[flagged])
        grouped = part.groupby(account_column).agg(flagged_rows=("_score", "size"), max_score=("_score", "max"))
        if "amount" in part.columns:
            grouped["flagged_amount"] = part.groupby(account_column)["amount"].sum()
        grouped = grouped.sort_values(["max_score"], ascending=False).head(top_k).reset_index()
        accounts = [{k: _plain(v) for k, v in record.items()} for record in grouped.to_dict("records")]
    top_drivers = np.argmax(errors[flagged], axis=1)
    counts = pd.Series([names[j] for j in top_drivers]).value_counts()
    driver_counts = [{"feature": f, "label": labels.get(f, f), "flags": int(n)} for f, n in counts.items()]
    # 30 even bins up to the 99.5th percentile and one for the long tail, so the bulk stays readable.
    edges = np.unique(np.r_[np.linspace(scores.min(), np.quantile(scores, 0.995), 30), scores.max()])
    counts_hist, edges = np.histogram(scores, bins=edges)
    histogram = [{"lower": float(a), "upper": float(b), "rows": int(c)} for a, b, c in zip(edges[:-1], edges[1:], counts_hist)]
    return RiskWarningReport(title, period, int(len(rows)), threshold, int(flagged.sum()), flags, accounts,
                             driver_counts, histogram)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value
