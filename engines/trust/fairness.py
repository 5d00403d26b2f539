"""Group fairness of a yes/no decision with fairlearn (MIT): rates per group, the two standard differences with
bootstrap intervals, and one mitigation with its cost.

- Per group (fairlearn `MetricFrame`): rows, selection rate (share given the decision: declined, flagged),
  true-positive rate (bad cases caught) and false-positive rate (good cases hit).
- Demographic-parity difference: the largest gap in selection rate between two groups. Equalised-odds
  difference: the larger of the largest true-positive-rate gap and the largest false-positive-rate gap. 0 means
  equal; intervals are percentile bootstraps over rows (groups resampled with their rows).
- Mitigation: fairlearn's `ThresholdOptimizer` (Hardt et al. 2016) learns one threshold (randomised at the
  boundary) per group on a calibration half so the constraint holds, then is scored on the other half beside the
  single-threshold decision fitted on the same half. It needs the group at decision time, which some laws forbid:
  the panel shows the trade-off, the committee decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError

FAIRNESS_CONSTRAINTS = {"demographic_parity": "demographic_parity_difference",
                        "equalized_odds": "equalized_odds_difference"}


@dataclass
class GroupFairness:
    """Per-group rates of one decision and the two differences with their bootstrap intervals."""

    by_group: pd.DataFrame
    demographic_parity_difference: float
    demographic_parity_interval: tuple[float, float]
    equalized_odds_difference: float
    equalized_odds_interval: tuple[float, float]
    n_rows: int

    def to_dict(self) -> dict:
        """JSON-able form."""
        return {"by_group": self.by_group.to_dict("records"),
                "demographic_parity_difference": self.demographic_parity_difference,
                "demographic_parity_interval": list(self.demographic_parity_interval),
                "equalized_odds_difference": self.equalized_odds_difference,
                "equalized_odds_interval": list(self.equalized_odds_interval), "n_rows": self.n_rows}

    @classmethod
    def from_dict(cls, data: dict) -> GroupFairness:
        """Inverse of `to_dict`."""
        return cls(pd.DataFrame(data["by_group"]), data["demographic_parity_difference"],
                   tuple(data["demographic_parity_interval"]), data["equalized_odds_difference"],
                   tuple(data["equalized_odds_interval"]), data["n_rows"])


def _checked(labels, decisions, groups) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    labels, decisions = np.asarray(labels).astype(int), np.asarray(decisions).astype(int)
    groups = pd.Series(groups).astype("string").fillna("unknown").to_numpy(dtype=object)
    if not len(labels) == len(decisions) == len(groups) or len(labels) == 0:
        raise InvalidDataError("labels, decisions and groups must be non-empty and of the same length.",
                               key="engine.fairness.bad_lengths")
    if len(np.unique(groups)) < 2:
        raise InvalidDataError("The group column has a single value: fairness compares at least two groups.",
                               key="engine.fairness.single_group")
    if not set(np.unique(labels)) <= {0, 1} or not set(np.unique(decisions)) <= {0, 1}:
        raise InvalidDataError("labels and decisions must be 0/1.", key="engine.fairness.not_binary")
    return labels, decisions, groups


def fairness_report(labels, decisions, groups, n_bootstrap: int = 200, seed: int = 0) -> GroupFairness:
    """Rates per group and the demographic-parity and equalised-odds differences of 0/1 `decisions` against
    0/1 `labels` (1 = the bad outcome the decision is about), with `n_bootstrap` percentile intervals (95%)."""
    from fairlearn.metrics import (
        MetricFrame,
        count,
        demographic_parity_difference,
        equalized_odds_difference,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    labels, decisions, groups = _checked(labels, decisions, groups)
    frame = MetricFrame(metrics={"rows": count, "selection_rate": selection_rate,
                                 "true_positive_rate": true_positive_rate,
                                 "false_positive_rate": false_positive_rate},
                        y_true=labels, y_pred=decisions, sensitive_features=groups)
    by_group = frame.by_group.reset_index().rename(columns={"sensitive_feature_0": "group"})
    by_group["bad_cases"] = pd.Series(labels).groupby(groups).sum().reindex(by_group["group"]).to_numpy()
    parity = float(demographic_parity_difference(labels, decisions, sensitive_features=groups))
    odds = float(equalized_odds_difference(labels, decisions, sensitive_features=groups))
    parity_draws, odds_draws = bootstrap_differences(labels, decisions, groups, n_bootstrap, seed)

    def interval(draws: np.ndarray, point: float) -> tuple[float, float]:
        draws = draws[np.isfinite(draws)]
        return (float(np.quantile(draws, 0.025)), float(np.quantile(draws, 0.975))) if len(draws) else (point, point)

    return GroupFairness(by_group, parity, interval(parity_draws, parity), odds, interval(odds_draws, odds),
                         int(len(labels)))


def bootstrap_differences(labels: np.ndarray, decisions: np.ndarray, groups: np.ndarray, n_bootstrap: int,
                          seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Demographic-parity and equalised-odds differences (fairlearn's definitions) of `n_bootstrap` row
    resamples. Resampling n rows with replacement is drawing the counts of each (group, label, decision) cell
    from a multinomial, so all resamples are computed at once instead of calling fairlearn thousands of times;
    a test checks the formulas against fairlearn on the full sample."""
    names, group_codes = np.unique(groups, return_inverse=True)
    cells = group_codes * 4 + labels * 2 + decisions
    probabilities = np.bincount(cells, minlength=len(names) * 4) / len(cells)
    counts = np.random.default_rng(seed).multinomial(len(cells), probabilities, size=n_bootstrap)
    return _differences(counts.reshape(n_bootstrap, len(names), 2, 2).astype(np.float64))


def _differences(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(draws, groups, label, decision) counts -> demographic-parity and equalised-odds differences per draw;
    a group with no row (or no row of a class) in a draw is left out of that draw's gap."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rows = counts.sum(axis=(2, 3))
        selection = counts[:, :, :, 1].sum(axis=2) / rows
        true_positive = counts[:, :, 1, 1] / counts[:, :, 1, :].sum(axis=2)
        false_positive = counts[:, :, 0, 1] / counts[:, :, 0, :].sum(axis=2)

    def gap(rates: np.ndarray) -> np.ndarray:
        known = np.isfinite(rates)
        high = np.where(known, rates, -np.inf).max(axis=1)
        low = np.where(known, rates, np.inf).min(axis=1)
        return np.where(known.sum(axis=1) >= 2, high - low, np.nan)

    return gap(selection), np.fmax(gap(true_positive), gap(false_positive))


def _given_scores():
    """A 'model' whose input is already its score, for fairlearn's prefit ThresholdOptimizer (scikit-learn is
    imported here, not at module level: the page reads fairness reports without it)."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    class GivenScores(ClassifierMixin, BaseEstimator):
        def __init__(self) -> None:
            self.classes_ = np.array([0, 1])

        def fit(self, rows, labels, **_):
            return self

        def predict(self, rows) -> np.ndarray:
            return (np.asarray(rows)[:, 0] >= 0.5).astype(int)

        def predict_proba(self, rows) -> np.ndarray:
            scores = np.asarray(rows, dtype=np.float64)[:, 0]
            return np.column_stack([1 - scores, scores])

    return GivenScores()


@dataclass
class MitigationResult:
    """Before/after of one mitigation on the evaluation half: the chosen difference, PR-AUC of the decisions and
    of the scores, precision, recall and selection rate, plus the fairness reports."""

    constraint: str
    objective: str
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)
    before_fairness: GroupFairness | None = None
    after_fairness: GroupFairness | None = None

    @property
    def difference_ratio(self) -> float:
        """The chosen difference after / before (0.5 or less = halved)."""
        metric = FAIRNESS_CONSTRAINTS[self.constraint]
        before = self.before[metric]
        return self.after[metric] / before if before > 0 else float("nan")

    def to_dict(self) -> dict:
        """JSON-able form."""
        return {"constraint": self.constraint, "objective": self.objective, "before": self.before,
                "after": self.after, "difference_ratio": self.difference_ratio,
                "before_fairness": self.before_fairness.to_dict(), "after_fairness": self.after_fairness.to_dict()}


def _decision_summary(labels: np.ndarray, decision_scores: np.ndarray, decisions: np.ndarray,
                      report: GroupFairness) -> dict[str, float]:
    from sklearn.metrics import average_precision_score

    caught = decisions[labels == 1]
    chosen = labels[decisions == 1]
    return {"pr_auc_of_decisions": float(average_precision_score(labels, decision_scores)),
            "precision": float(chosen.mean()) if len(chosen) else float("nan"),
            "recall": float(caught.mean()) if len(caught) else float("nan"),
            "selection_rate": float(decisions.mean()),
            "demographic_parity_difference": report.demographic_parity_difference,
            "equalized_odds_difference": report.equalized_odds_difference}


def mitigate_with_thresholds(labels, scores, groups, constraint: str = "demographic_parity",
                             objective: str = "balanced_accuracy_score", n_bootstrap: int = 200,
                             seed: int = 0) -> MitigationResult:
    """Fit fairlearn's ThresholdOptimizer (`constraint` "demographic_parity" or "equalized_odds", maximising
    `objective`) on a random half of the rows and compare it, on the other half, with the single threshold
    that maximises the same objective without the constraint. Scores are probabilities of the bad outcome."""
    from fairlearn.postprocessing import ThresholdOptimizer
    from sklearn.metrics import balanced_accuracy_score

    if constraint not in FAIRNESS_CONSTRAINTS:
        raise InvalidDataError(f"constraint must be one of {list(FAIRNESS_CONSTRAINTS)}; got {constraint!r}.",
                               key="engine.fairness.bad_constraint", constraints=list(FAIRNESS_CONSTRAINTS),
                               constraint=repr(constraint))
    labels, _, groups = _checked(labels, np.zeros(len(labels), int), groups)
    scores = np.asarray(scores, dtype=np.float64)
    rng = np.random.default_rng(seed)
    calibration = rng.random(len(labels)) < 0.5
    evaluation = ~calibration
    # The unconstrained decision: one threshold maximising the objective on the calibration half.
    candidates = np.unique(np.quantile(scores[calibration], np.linspace(0.01, 0.99, 99)))
    objective_scores = [balanced_accuracy_score(labels[calibration], scores[calibration] >= t) if
                        objective == "balanced_accuracy_score" else
                        np.mean(labels[calibration] == (scores[calibration] >= t)) for t in candidates]
    threshold = float(candidates[int(np.argmax(objective_scores))])
    optimizer = ThresholdOptimizer(estimator=_given_scores(), constraints=constraint, objective=objective,
                                   prefit=True, predict_method="predict_proba")
    optimizer.fit(scores[calibration, None], labels[calibration], sensitive_features=groups[calibration])
    eval_rows, eval_labels, eval_groups = scores[evaluation, None], labels[evaluation], groups[evaluation]
    after_scores = optimizer._pmf_predict(eval_rows, sensitive_features=eval_groups)[:, 1]
    after_decisions = np.asarray(optimizer.predict(eval_rows, sensitive_features=eval_groups,
                                                   random_state=seed)).astype(int)
    before_decisions = (scores[evaluation] >= threshold).astype(int)
    before_report = fairness_report(eval_labels, before_decisions, eval_groups, n_bootstrap, seed)
    after_report = fairness_report(eval_labels, after_decisions, eval_groups, n_bootstrap, seed)
    result = MitigationResult(constraint, objective, before_fairness=before_report, after_fairness=after_report)
    result.before = _decision_summary(eval_labels, before_decisions.astype(float), before_decisions, before_report)
    result.after = _decision_summary(eval_labels, after_scores, after_decisions, after_report)
    from sklearn.metrics import average_precision_score

    result.before["pr_auc_of_scores"] = float(average_precision_score(eval_labels, scores[evaluation]))
    result.before["threshold"] = threshold
    return result
