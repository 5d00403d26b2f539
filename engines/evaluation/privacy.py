"""Privacy: does the synthetic data reveal the training rows?

Needs three tables: `train` (what the generator learnt from), `synthetic`, and `holdout` (real rows from the
same source that the generator never saw). Three checks:

- Distance to closest record (DCR): Euclidean distance on the encoder's scaled features, divided by
  sqrt(number of columns), so it is the root-mean-square per-column gap (numbers as a share of the training
  range, a category mismatch = 1). Synthetic->train is compared with holdout->train: synthetic rows much
  closer to training rows than new real rows are suggest memorisation.
- Exact copies: share of synthetic rows equal to some training row on every column, next to the same share
  for holdout rows (real data can hold duplicates too).
- Membership inference: an attacker scores each real row by its distance to the nearest synthetic row,
  closer = "was in training". AUC of that score on training rows vs holdout rows; 0.5 = no leak.

Distances use at most `max_rows` rows of each table (10,000 by default); exact copies use all rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import pairwise_distances_argmin_min, roc_auc_score

from engines.evaluation._features import MetricFeatures, sample_rows
from engines.core.metadata import DISCRETE_SDTYPES, NUMERIC_SDTYPES
from engines.evaluation._metadata import continuous_values, resolve_column_types
from engines.errors import InvalidDataError

PRIVACY_MAX_ROWS = 10_000
DCR_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
# Verdict thresholds: membership-inference AUC, excess exact-copy share, and DCR ratio (synthetic / holdout).
_HIGH_RISK_AUC, _MEDIUM_RISK_AUC = 0.6, 0.55
_HIGH_RISK_COPIES, _MEDIUM_RISK_COPIES = 0.05, 0.01
_MEDIUM_RISK_DCR_RATIO = 0.8


@dataclass(frozen=True)
class PrivacyResult:
    """Privacy figures. `dcr_quantiles` has one row per quantile and columns `synthetic_to_train`,
    `holdout_to_train`; the raw distances are kept for histograms. `verdict` is `low | medium | high`."""

    dcr_synthetic_to_train: np.ndarray
    dcr_holdout_to_train: np.ndarray
    dcr_quantiles: pd.DataFrame
    median_dcr_synthetic: float
    median_dcr_holdout: float
    dcr_ratio: float
    exact_copy_share: float
    holdout_copy_share: float
    membership_inference_auc: float
    verdict: str
    verdict_text: str


def privacy_report(
    train: pd.DataFrame,
    synthetic: pd.DataFrame,
    holdout: pd.DataFrame,
    metadata: Mapping | None = None,
    *,
    max_rows: int | None = PRIVACY_MAX_ROWS,
    random_state: int = 0,
) -> PrivacyResult:
    """Measure how close `synthetic` rows are to the `train` rows, compared with unseen `holdout` rows.

    Id columns are ignored. `dcr_ratio` = median synthetic DCR / median holdout DCR (NaN if the latter is 0).
    Raises `InvalidDataError` for empty or mismatched tables.
    """
    column_types = resolve_column_types(train, synthetic, metadata, real_name="training")
    resolve_column_types(train, holdout, metadata, real_name="training", synthetic_name="holdout")
    column_types = {c: s for c, s in column_types.items() if s in NUMERIC_SDTYPES or s in DISCRETE_SDTYPES}
    if not column_types:
        raise InvalidDataError("No column to compare: every column is an id column.",
                               key="engine.evaluation.no_comparable_column")

    exact_copy_share, holdout_copy_share = _copy_shares(train, synthetic, holdout, column_types)

    rng = np.random.default_rng(random_state)
    train_sample = sample_rows(train, max_rows, rng)
    synthetic_sample = sample_rows(synthetic, max_rows, rng)
    holdout_sample = sample_rows(holdout, max_rows, rng)
    encoder = MetricFeatures(column_types).fit(train_sample)
    train_x, synthetic_x, holdout_x = (
        encoder.scaled(frame) for frame in (train_sample, synthetic_sample, holdout_sample)
    )
    dcr_synthetic = _closest_distances(synthetic_x, train_x, encoder.n_columns_)
    dcr_holdout = _closest_distances(holdout_x, train_x, encoder.n_columns_)

    n_each = min(len(train_x), len(holdout_x))
    members = train_x[rng.choice(len(train_x), n_each, replace=False)]
    non_members = holdout_x[rng.choice(len(holdout_x), n_each, replace=False)]
    attack_distances = _closest_distances(np.vstack([members, non_members]), synthetic_x, encoder.n_columns_)
    mia_auc = float(roc_auc_score(np.r_[np.ones(n_each), np.zeros(n_each)], -attack_distances))

    quantiles = pd.DataFrame(
        {
            "synthetic_to_train": np.quantile(dcr_synthetic, DCR_QUANTILES),
            "holdout_to_train": np.quantile(dcr_holdout, DCR_QUANTILES),
        },
        index=pd.Index(DCR_QUANTILES, name="quantile"),
    )
    median_synthetic, median_holdout = float(np.median(dcr_synthetic)), float(np.median(dcr_holdout))
    dcr_ratio = median_synthetic / median_holdout if median_holdout > 0 else float("nan")
    excess_copies = exact_copy_share - holdout_copy_share
    verdict, verdict_text = _verdict(mia_auc, excess_copies, exact_copy_share, dcr_ratio)
    return PrivacyResult(
        dcr_synthetic, dcr_holdout, quantiles, median_synthetic, median_holdout, float(dcr_ratio),
        exact_copy_share, holdout_copy_share, mia_auc, verdict, verdict_text,
    )


def _closest_distances(queries: np.ndarray, reference: np.ndarray, n_columns: int) -> np.ndarray:
    """Distance from each query row to its nearest reference row, as a root-mean-square per-column gap."""
    _, distances = pairwise_distances_argmin_min(queries, reference, metric="euclidean")
    return distances / np.sqrt(n_columns)


def _copy_shares(train, synthetic, holdout, column_types) -> tuple[float, float]:
    """Share of synthetic rows, and of holdout rows, identical to a training row on every compared column."""
    tables = [train, synthetic, holdout]
    keys = [{} for _ in tables]
    for name, sdtype in column_types.items():
        if sdtype in NUMERIC_SDTYPES:
            for key, table in zip(keys, tables):
                values, missing = continuous_values(table[name], sdtype, name)
                values = values.astype("float64") + 0.0 if values.dtype.kind == "f" else values
                sentinel = np.iinfo("int64").min if values.dtype.kind == "i" else np.inf
                key[name] = np.where(missing, sentinel, values)
        else:
            both = pd.concat([t[name].astype(object) for t in tables], ignore_index=True)
            codes, _ = pd.factorize(both, use_na_sentinel=False)
            bounds = np.cumsum([0] + [len(t) for t in tables])
            for i, key in enumerate(keys):
                key[name] = codes[bounds[i]: bounds[i + 1]]
    train_hash, synthetic_hash, holdout_hash = (
        pd.util.hash_pandas_object(pd.DataFrame(key), index=False).to_numpy() for key in keys
    )
    return float(np.isin(synthetic_hash, train_hash).mean()), float(np.isin(holdout_hash, train_hash).mean())


def _verdict(mia_auc: float, excess_copies: float, copies: float, dcr_ratio: float) -> tuple[str, str]:
    closer = not np.isnan(dcr_ratio) and dcr_ratio < _MEDIUM_RISK_DCR_RATIO
    if mia_auc >= _HIGH_RISK_AUC or excess_copies >= _HIGH_RISK_COPIES:
        level = "high"
        summary = "High risk: the synthetic data reveals which records were used for training"
    elif mia_auc >= _MEDIUM_RISK_AUC or excess_copies >= _MEDIUM_RISK_COPIES or closer:
        level = "medium"
        summary = "Medium risk: some synthetic rows sit unusually close to training records"
    else:
        level = "low"
        summary = "Low risk: synthetic rows are no closer to training records than new real records are"
    details = f"{copies:.1%} exact copies, attacker AUC {mia_auc:.2f} (0.50 = guessing)"
    if not np.isnan(dcr_ratio):
        details += f", typical distance {dcr_ratio:.2f}x that of unseen real rows"
    return level, f"{summary} ({details})."
