"""Unsupervised risk monitoring: a reconstruction-error autoencoder with per-feature attributions, the
IsolationForest baseline, precision@k against known labels, and the data of a risk-warning report."""

from engines.anomaly.autoencoder import TabularAutoencoder
from engines.anomaly.detection import RiskWarningReport, isolation_forest_scores, precision_at_k, risk_warnings
from engines.anomaly.features import FEATURE_LABELS, transaction_features

__all__ = [
    "FEATURE_LABELS",
    "RiskWarningReport",
    "TabularAutoencoder",
    "isolation_forest_scores",
    "precision_at_k",
    "risk_warnings",
    "transaction_features",
]
