"""Unsupervised risk monitoring: a reconstruction-error autoencoder with per-feature attributions, the
IsolationForest baseline, precision@k against known labels, and the data of a risk-warning report.

Names are imported on first use, so reading a saved report needs neither torch nor scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "TabularAutoencoder": "autoencoder",
    "RiskWarningReport": "report",
    "isolation_forest_scores": "detection", "precision_at_k": "detection", "risk_warnings": "detection",
    "FEATURE_LABELS": "features", "FLAG_FEATURES": "features", "transaction_features": "features",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'engines.anomaly' has no attribute {name!r}")
    return getattr(importlib.import_module(f"engines.anomaly.{_WHERE[name]}"), name)
