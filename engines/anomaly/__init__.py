"""Unsupervised risk monitoring: a reconstruction-error autoencoder with per-feature attributions, the
IsolationForest baseline, precision@k against known labels, and the data of a risk-warning report.

Names are imported on first use, so reading a saved report needs neither torch nor scikit-learn.
"""

from __future__ import annotations

from engines.lazy_exports import lazy_exports

_WHERE = {
    "TabularAutoencoder": "autoencoder",
    "RiskWarningReport": "report",
    "isolation_forest_scores": "detection", "precision_at_k": "detection", "risk_warnings": "detection",
    "FEATURE_LABELS": "features", "FLAG_FEATURES": "features", "transaction_features": "features",
}
__getattr__, __all__ = lazy_exports("engines.anomaly", _WHERE)
