"""SHAP explanations for tree ensembles (the field's standard: Lundberg et al. 2020, `shap.TreeExplainer`).

For one row, SHAP values share the model's raw output (the log-odds margin of a gradient-boosted classifier)
among the features: base value (the average margin over the training data the trees saw) + the row's SHAP
values = the row's margin, exactly (local accuracy), and a feature the model never uses gets 0.

What an explanation is and is not: it says how this model's score was built from this row's values; it is not a
cause in the world (changing a value need not change the outcome), and two correlated features may share credit
in ways that look arbitrary. Explanations of a biased model faithfully describe a biased model.

SHAP's tree explainer reads numeric splits only: scikit-learn's native categorical splits (bit sets) are not
understood and give wrong values, so `explain_trees` refuses such a model; fit with categories as ordered
codes (`numeric_codes_classifier`) instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engines.errors import InvalidParameterError


@dataclass
class TreeExplanation:
    """SHAP values of some rows: `values` (rows x features, log-odds), the `base_value` they start from and
    the model's own `margins` (log-odds) for the same rows."""

    features: list[str]
    values: np.ndarray
    base_value: float
    margins: np.ndarray

    @property
    def local_accuracy_gap(self) -> float:
        """Largest |base value + sum of a row's SHAP values - the model's margin| over the rows (0 = exact)."""
        if len(self.margins) == 0:
            return 0.0
        return float(np.max(np.abs(self.base_value + self.values.sum(axis=1) - self.margins)))


def numeric_codes_classifier(rows: np.ndarray, labels: np.ndarray, seed: int = 0, params: dict | None = None):
    """The rebalancing comparison's gradient boosting with categories read as ordered codes (numeric splits),
    so SHAP's tree explainer reads it exactly."""
    from engines.rebalancing.classifiers import fit_classifier

    return fit_classifier("gbm", rows, labels, None, np.zeros(rows.shape[1], dtype=bool), seed, params)


def explain_trees(model, rows: np.ndarray, features: list[str]) -> TreeExplanation:
    """SHAP values (log-odds) of `rows` for a fitted scikit-learn tree ensemble (HistGradientBoosting,
    GradientBoosting, RandomForest) with numeric splits only; `features` names the columns of `rows`."""
    import shap

    rows = np.asarray(rows, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] != len(features):
        raise InvalidParameterError(f"rows must be a table with {len(features)} columns (one per feature name); "
                                    f"got shape {rows.shape}.",
                                    key="engine.explanations.bad_rows", n_features=len(features),
                                    shape=rows.shape)
    categorical = getattr(model, "is_categorical_", None)
    if categorical is not None and np.any(categorical):
        raise InvalidParameterError("SHAP's tree explainer cannot read native categorical splits; fit the model "
                                    "with categories as ordered codes (numeric_codes_classifier).",
                                    key="engine.explanations.native_categories")
    explainer = shap.TreeExplainer(model)
    values = np.asarray(explainer.shap_values(rows), dtype=np.float64)
    base = np.asarray(explainer.expected_value, dtype=np.float64).ravel()
    if values.ndim == 3:  # one array per class: keep the positive class
        values, base = values[..., -1], base[-1:]
    margins = np.asarray(model.decision_function(rows), dtype=np.float64).ravel()
    return TreeExplanation(list(features), values, float(base[-1]), margins)


def global_importance(explanation: TreeExplanation) -> pd.DataFrame:
    """Mean |SHAP value| per feature (log-odds the feature moves a score by, on average), largest first, with
    the share of the total."""
    mean_abs = np.abs(explanation.values).mean(axis=0)
    total = mean_abs.sum()
    frame = pd.DataFrame({"feature": explanation.features, "mean_abs_shap": mean_abs,
                          "share": mean_abs / total if total > 0 else 0.0})
    return frame.sort_values("mean_abs_shap", ascending=False, ignore_index=True)


def waterfall(explanation: TreeExplanation, row: int, shown_values: pd.Series | None = None,
              max_features: int = 8) -> pd.DataFrame:
    """One row's explanation as waterfall steps from the base value to its margin: the `max_features` largest
    contributions (the rest summed into one step), each with `start` and `end` on the log-odds axis and the
    feature's value as shown to people (`shown_values`, by feature name)."""
    contributions = pd.Series(explanation.values[row], index=explanation.features)
    order = contributions.abs().sort_values(ascending=False).index
    top, rest = list(order[:max_features]), list(order[max_features:])
    records = [{"feature": name, "value": "" if shown_values is None else shown_values.get(name, ""),
                "contribution": float(contributions[name])} for name in top]
    if rest:
        records.append({"feature": f"{len(rest)} other features", "value": "",
                        "contribution": float(contributions[rest].sum())})
    frame = pd.DataFrame(records)
    frame["end"] = explanation.base_value + frame["contribution"].cumsum()
    frame["start"] = frame["end"] - frame["contribution"]
    return frame
