"""Customer segments: RFM features (from the data layer) clustered with k-means, and a profile of each
segment.

k-means is a few lines of numpy here rather than scikit-learn's because importing scikit-learn costs about
three seconds on a small machine, and the page must show results at once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError, InvalidParameterError

RFM_COLUMNS = ("recency_days", "frequency", "monetary")


def kmeans(points: np.ndarray, k: int, seed: int = 0, n_init: int = 8, iterations: int = 100) -> np.ndarray:
    """Cluster labels of `points` (rows) into `k` groups: Lloyd's algorithm from k-means++ starts, best of
    `n_init` runs by within-cluster sum of squares. Labels are numbered by cluster size, largest first."""
    points = np.asarray(points, dtype=np.float64)
    if not 1 <= k <= len(points):
        raise InvalidParameterError(f"The number of segments must be between 1 and {len(points)}; got {k}.",
                                    key="data.segments.bad_count", n_points=len(points), k=k)
    rng = np.random.default_rng(seed)
    best_labels, best_inertia = None, np.inf
    for _ in range(n_init):
        centres = points[[rng.integers(len(points))]]
        for _ in range(1, k):  # k-means++: next centre drawn in proportion to squared distance
            distance = ((points[:, None, :] - centres[None]) ** 2).sum(2).min(1)
            probabilities = distance / distance.sum() if distance.sum() > 0 else None
            centres = np.vstack([centres, points[rng.choice(len(points), p=probabilities)]])
        labels = np.zeros(len(points), dtype=int)
        for _ in range(iterations):
            labels_new = ((points[:, None, :] - centres[None]) ** 2).sum(2).argmin(1)
            if _ and np.array_equal(labels_new, labels):
                break
            labels = labels_new
            centres = np.vstack([points[labels == c].mean(0) if (labels == c).any() else centres[c]
                                 for c in range(k)])
        inertia = ((points - centres[labels]) ** 2).sum()
        if inertia < best_inertia:
            best_labels, best_inertia = labels, inertia
    order = np.argsort(-np.bincount(best_labels, minlength=k), kind="stable")
    return np.argsort(order)[best_labels]


def segment_customers(rfm: pd.DataFrame, k: int = 4, seed: int = 0) -> pd.DataFrame:
    """`rfm` with a `segment` name per customer. Features are log(1 + x) of recency, frequency and spend,
    standardised, so a few big spenders do not form a segment of their own."""
    missing = [c for c in RFM_COLUMNS if c not in rfm.columns]
    if missing:
        raise InvalidDataError(f"RFM features need the columns {', '.join(missing)}.",
                               key="data.segments.missing_columns", missing=', '.join(missing))
    if len(rfm) < k:
        raise InvalidDataError(f"There are {len(rfm)} customers with orders; too few for {k} segments.",
                               key="data.segments.too_few_customers", n_customers=len(rfm), k=k)
    features = np.log1p(rfm[list(RFM_COLUMNS)].astype(float).clip(lower=0).to_numpy())
    scale = features.std(0)
    features = (features - features.mean(0)) / np.where(scale > 0, scale, 1.0)
    labels = kmeans(features, k, seed)
    names = _segment_names(rfm.assign(label=labels))
    return rfm.assign(segment=[names[label] for label in labels])


def _segment_names(frame: pd.DataFrame) -> dict[int, str]:
    """A plain name per cluster from its medians: recent or lapsing, repeat or one-off buyers, high or low
    spend.
    """
    overall_recency, overall_spend = frame["recency_days"].median(), frame["monetary"].median()
    profile = frame.groupby("label")[list(RFM_COLUMNS)].median()
    from dashboard.i18n import t  # noqa: PLC0415

    names = {}
    for label, row in profile.iterrows():
        code = ".".join(["recent" if row["recency_days"] <= overall_recency else "lapsing",
                         "repeat" if row["frequency"] >= 2 else "oneoff",
                         "high" if row["monetary"] > overall_spend else "low"])
        name = t(f"ecommerce.segment.{code}")
        while name in names.values():
            name += " (2)"
        names[label] = name
    return names


def segment_profiles(segmented: pd.DataFrame) -> pd.DataFrame:
    """One row per segment: `segment`, `customers`, `share`, median `recency_days`, mean `orders`, mean
    `spend`, and `revenue_share` (share of all spend), biggest revenue first."""
    grouped = segmented.groupby("segment")
    profiles = pd.DataFrame({
        "customers": grouped.size(),
        "recency_days": grouped["recency_days"].median(),
        "orders": grouped["frequency"].mean(),
        "spend": grouped["monetary"].mean(),
        "revenue": grouped["monetary"].sum(),
    }).reset_index()
    profiles["share"] = profiles["customers"] / profiles["customers"].sum()
    profiles["revenue_share"] = profiles["revenue"] / profiles["revenue"].sum()
    return profiles.sort_values("revenue", ascending=False, ignore_index=True).drop(columns="revenue")
