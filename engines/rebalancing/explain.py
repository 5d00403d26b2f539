"""Why the classifier scores as it does: global importance, per-case drivers, and outcomes by group.

- Global: permutation importance, the drop in PR-AUC on the test set when one feature's values are shuffled
  (model-agnostic; a feature the model ignores scores 0).
- One case: each feature's effect is the score minus the average score obtained when that feature alone takes the
  values of a background sample of training rows ("what if this feature were typical?"). Positive effects push
  towards "bad". Cheap (features x background predictions) and exact for a model with no interactions.
- Groups: flag (or decline) rate, recall and false-positive rate per group at one threshold, for a fairness panel.
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
