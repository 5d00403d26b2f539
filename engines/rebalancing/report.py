"""What a rebalancing comparison produced, as plain data the page can read without scikit-learn or torch."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

METRICS: dict[str, str] = {
    "pr_auc": "PR-AUC",
    "recall_at_1pct_fpr": "Recall at 1% FPR",
    "ks": "KS",
    "gini": "Gini",
}
STRATEGY_LABELS: dict[str, str] = {
    "none": "No rebalancing",
    "class_weights": "Class weights",
    "smote": "SMOTE",
    "gan": "GAN samples (ours)",
    "vae": "VAE samples (ours)",
}
CLASSIFIER_LABELS: dict[str, str] = {
    "gbm": "Gradient boosting",
    "logistic": "Logistic scorecard",
}


@dataclass
class StrategyResult:
    """One strategy's figures: per seed, their mean, the 95% interval and the paired difference to no rebalancing."""

    name: str
    label: str
    classifier: str = "gbm"  # a key of CLASSIFIER_LABELS; reports written before the scorecard used only "gbm"
    status: str = "ok"  # ok | skipped
    reason: str = ""
    per_seed: list[dict[str, float]] = field(default_factory=list)
    mean: dict[str, float] = field(default_factory=dict)
    interval: dict[str, list[float]] = field(default_factory=dict)
    difference_vs_none: dict[str, list[float]] = field(default_factory=dict)  # [mean, low, high]
    verdict: str = ""  # better | worse | no clear difference | baseline
    added_rows: int = 0
    fit_seconds: float = 0.0


@dataclass
class RebalancingReport:
    """Everything the page shows about one comparison; JSON-able with `to_dict` / `from_dict`."""

    label_column: str
    positive_value: Any
    n_train: int
    n_test: int
    minority_train: int
    minority_test: int
    seeds: list[int]
    minority_share: float
    features: list[str]
    strategies: list[StrategyResult]
    best_strategy: str
    importance: list[dict[str, float]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    fairness: list[dict[str, Any]] = field(default_factory=list)
    curves: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    takeaway: str = ""
    seconds: float = 0.0
    cancelled: bool = False
    classifier: str = "gbm"  # the classifier chosen on the validation period; its results are the headline
    validation: dict[str, float] = field(default_factory=dict)  # {classifier: PR-AUC on the validation period}
    scorecard: list[dict[str, Any]] = field(default_factory=list)  # the logistic scorecard's coefficients
    group_column: str = ""
    group_proxies: list[dict[str, Any]] = field(default_factory=list)  # model inputs closely tied to the group

    @property
    def base_rate(self) -> float:
        """Share of the rarer class in the test period: the PR-AUC of a random ranking."""
        return self.minority_test / max(self.n_test, 1)

    @property
    def classifiers(self) -> list[str]:
        """The classifiers compared, the chosen one first."""
        names = list(dict.fromkeys(result.classifier for result in self.strategies))
        return sorted(names, key=lambda name: name != self.classifier)

    def results(self, classifier: str | None = None) -> list[StrategyResult]:
        """The strategies' results with one classifier (the chosen one by default)."""
        classifier = classifier or self.classifier
        return [result for result in self.strategies if result.classifier == classifier]

    def metrics_frame(self, classifier: str | None = None) -> pd.DataFrame:
        """One row per strategy and metric: mean, interval, difference to no rebalancing and its interval
        (with the chosen classifier unless `classifier` names another)."""
        rows = []
        for result in self.results(classifier):
            for metric, title in METRICS.items():
                if result.status != "ok":
                    continue
                low, high = result.interval.get(metric, [np.nan, np.nan])
                diff = result.difference_vs_none.get(metric, [np.nan, np.nan, np.nan])
                rows.append({"strategy": result.name, "label": result.label, "metric": metric, "metric_label": title,
                             "mean": result.mean[metric], "low": low, "high": high, "diff": diff[0],
                             "diff_low": diff[1], "diff_high": diff[2]})
        return pd.DataFrame(rows)

    def strategy(self, name: str, classifier: str | None = None) -> StrategyResult:
        """The result of one strategy by name, with the chosen classifier unless `classifier` names another."""
        classifier = classifier or self.classifier
        return next(result for result in self.strategies if result.name == name and result.classifier == classifier)

    def to_dict(self) -> dict:
        """Plain JSON-able data (NaN written as None)."""
        return json_clean(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> RebalancingReport:
        """Rebuild a report written by `to_dict`."""
        data = dict(data)
        data["strategies"] = [StrategyResult(**item) for item in data["strategies"]]
        return cls(**data)


def json_scalar(value: Any) -> Any:
    """A numpy scalar as the Python value JSON can hold."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def json_clean(value: Any) -> Any:
    """Nested data with numpy scalars as Python values and NaN / infinity as None."""
    if isinstance(value, dict):
        return {str(k): json_clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
