"""Rare-class modelling for fraud and credit risk: no rebalancing, class weights, SMOTE, and our GAN's and VAE's
conditional minority samples, each with a gradient-boosted model and a logistic scorecard, compared on a
time-ordered test split with repeated seeds and bootstrap intervals.

Names are imported on first use, so reading a saved report (`RebalancingReport`) needs neither scikit-learn nor
torch: the page shows shipped results before those libraries have loaded.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "METRICS": "report", "RebalancingReport": "report", "StrategyResult": "report",
    "compare_rebalancing": "comparison",
    "all_metrics": "metrics", "gini": "metrics", "ks_statistic": "metrics", "pr_auc": "metrics",
    "recall_at_fpr": "metrics",
    "STRATEGY_LABELS": "report", "CLASSIFIER_LABELS": "report",
    "ScorecardClassifier": "classifiers", "fit_classifier": "classifiers",
    "group_association": "explain",
    "LabelledTable": "table",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'engines.rebalancing' has no attribute {name!r}")
    return getattr(importlib.import_module(f"engines.rebalancing.{_WHERE[name]}"), name)
