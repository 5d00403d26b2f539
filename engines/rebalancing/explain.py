"""Why the classifier scores as it does: global importance, per-case drivers, and outcomes by group.

- Global: permutation importance, the drop in PR-AUC on the test set when one feature's values are shuffled
  (model-agnostic; a feature the model ignores scores 0).
- One case: each feature's effect is the score minus the average score obtained when that feature alone takes the
  values of a background sample of training rows ("what if this feature were typical?"). Positive effects push
  towards "bad". Cheap (features x background predictions) and exact for a model with no interactions.
- Groups: flag (or decline) rate, recall and false-positive rate per group at one threshold, for a fairness panel,
  and how closely each model input is tied to the group: leaving the group column out does not stop a model from
  telling groups apart through a proxy (age band through age, say).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from engines.rebalancing.metrics import pr_auc

ScoreFunction = Callable[[np.ndarray], np.ndarray]


def permutation_importance(
    score: ScoreFunction, rows: np.ndarray, labels: np.ndarray, columns: list[str], n_repeats: int = 3, seed: int = 0
) -> pd.DataFrame:
    """Mean and spread of the PR-AUC drop when each column is shuffled; sorted, largest first."""
    rng = np.random.default_rng(seed)
    baseline = pr_auc(labels, score(rows))
    records = []
    for index, column in enumerate(columns):
        drops = []
        for _ in range(n_repeats):
            shuffled = rows.copy()
            shuffled[:, index] = rows[rng.permutation(len(rows)), index]
            drops.append(baseline - pr_auc(labels, score(shuffled)))
        records.append({"feature": column, "importance": float(np.mean(drops)), "spread": float(np.std(drops))})
    return pd.DataFrame(records).sort_values("importance", ascending=False, ignore_index=True)


def local_effects(score: ScoreFunction, row: np.ndarray, background: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Each feature's push on one row's score (score minus the mean score with that feature made typical)."""
    row = np.asarray(row, dtype=np.float64).reshape(1, -1)
    own = float(score(row)[0])
    n = len(background)
    stacked = np.repeat(row, n * len(columns), axis=0)
    for index in range(len(columns)):
        stacked[index * n:(index + 1) * n, index] = background[:, index]
    typical = score(stacked).reshape(len(columns), n).mean(axis=1)
    effects = pd.DataFrame({"feature": columns, "effect": own - typical})
    return effects.sort_values("effect", key=np.abs, ascending=False, ignore_index=True)


def outcomes_by_group(labels: np.ndarray, flagged: np.ndarray, groups: pd.Series) -> pd.DataFrame:
    """Per group: rows, bad cases, flag rate, recall (bad cases flagged) and false-positive rate."""
    frame = pd.DataFrame({"group": groups.to_numpy(), "bad": np.asarray(labels, dtype=bool),
                          "flagged": np.asarray(flagged, dtype=bool)})
    records = []
    for group, part in frame.groupby("group", sort=True):
        bad, good = part["bad"], ~part["bad"]
        records.append({
            "group": str(group),
            "rows": int(len(part)),
            "bad_cases": int(bad.sum()),
            "flag_rate": float(part["flagged"].mean()),
            "recall": float(part.loc[bad, "flagged"].mean()) if bad.any() else float("nan"),
            "false_positive_rate": float(part.loc[good, "flagged"].mean()) if good.any() else float("nan"),
        })
    return pd.DataFrame(records)


def group_association(features: pd.DataFrame, groups: pd.Series, max_rows: int = 20_000) -> pd.DataFrame:
    """How strongly each feature column is tied to the group, 0 (unrelated) to 1 (the group can be read off it):
    the correlation ratio (eta) for numbers, Cramer's V for categories. Sorted, strongest first; rows beyond
    `max_rows` are subsampled (seeded)."""
    frame = features.reset_index(drop=True)
    group = pd.Series(groups).astype("string").fillna("unknown").reset_index(drop=True)
    if len(frame) > max_rows:
        keep = np.sort(np.random.default_rng(0).choice(len(frame), max_rows, replace=False))
        frame, group = frame.iloc[keep].reset_index(drop=True), group.iloc[keep].reset_index(drop=True)
    records = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values):
            known = values.notna().to_numpy()
            numbers, labels = values[known].astype(np.float64), group[known]
            total = float(((numbers - numbers.mean()) ** 2).sum())
            means = numbers.groupby(labels.to_numpy()).transform("mean")
            between = float(((means - numbers.mean()) ** 2).sum())
            strength = np.sqrt(between / total) if total > 0 else 0.0
        else:
            table = pd.crosstab(values.astype("string").fillna("missing").to_numpy(), group.to_numpy()).to_numpy()
            expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
            chi2 = float(((table - expected) ** 2 / np.where(expected > 0, expected, 1)).sum())
            smaller = min(table.shape) - 1
            strength = np.sqrt(chi2 / (table.sum() * smaller)) if smaller > 0 else 0.0
        records.append({"feature": column, "association": float(strength)})
    return pd.DataFrame(records, columns=["feature", "association"]).sort_values(
        "association", ascending=False, ignore_index=True)
