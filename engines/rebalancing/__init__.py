"""Rare-class modelling for fraud and credit risk: no rebalancing, class weights, SMOTE, and our GAN's and VAE's
conditional minority samples, compared on a time-ordered test split with repeated seeds and bootstrap intervals."""

from engines.rebalancing.comparison import RebalancingReport, StrategyResult, compare_rebalancing
from engines.rebalancing.metrics import METRICS, all_metrics, gini, ks_statistic, pr_auc, recall_at_fpr
from engines.rebalancing.strategies import STRATEGY_LABELS
from engines.rebalancing.table import LabelledTable

__all__ = [
    "METRICS",
    "STRATEGY_LABELS",
    "LabelledTable",
    "RebalancingReport",
    "StrategyResult",
    "all_metrics",
    "compare_rebalancing",
    "gini",
    "ks_statistic",
    "pr_auc",
    "recall_at_fpr",
]
