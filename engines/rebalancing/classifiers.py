"""The two classifiers of the rebalancing comparison, fitted on the matrix of `table.FeatureEncoder`.

- "gbm": scikit-learn's HistGradientBoosting with native category codes: flexible, finds interactions.
- "logistic": the scorecard a credit team starts from, an L2-regularised logistic regression on one-hot
  categories and on each number twice: standardised (one slope, "per standard deviation") and cut into quantile
  bins (each band its own coefficient, so a risk that rises and then falls is still captured). The slope matters
  when the risk sits in a tail: with bins alone, a default rate that climbs steeply inside the top decile of a
  balance would be one flat coefficient.
  Weaker learners are where oversampling is known to matter more, so the comparison runs both.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder

from engines.core.device import single_threaded_native_code
from engines.core.validation import check_choice

GBM_PARAMS: dict[str, Any] = {
    "max_iter": 150, "learning_rate": 0.08, "max_leaf_nodes": 31, "min_samples_leaf": 20,
    "l2_regularization": 1.0, "max_features": 0.8, "early_stopping": False,
}
SCORECARD_PARAMS: dict[str, Any] = {"n_bins": 10, "C": 0.5, "max_iter": 300}


class ScorecardClassifier:
    """L2 logistic regression on one-hot category codes and on numbers both standardised and quantile-binned.

    `n_bins` bins per number (fewer when it has fewer distinct values, so 0/1 flags get two and no slope); `C` is
    the inverse L2 strength of scikit-learn's LogisticRegression (smaller = coefficients pulled harder to 0).
    Standardised values are clipped to +-5 standard deviations so one extreme row cannot dominate the slope.
    """

    def __init__(self, n_bins: int = 10, C: float = 0.5, max_iter: int = 300) -> None:
        self.n_bins = n_bins
        self.C = C
        self.max_iter = max_iter

    def fit(self, rows: np.ndarray, labels: np.ndarray, sample_weight: np.ndarray | None = None, *,
            categorical_mask: np.ndarray) -> ScorecardClassifier:
        """Learn bin edges (training quantiles), the one-hot layout and the coefficients; returns self."""
        self.categorical_mask_ = np.asarray(categorical_mask, dtype=bool)
        quantiles = np.linspace(0.0, 1.0, self.n_bins + 1)[1:-1]
        self.edges_ = [np.unique(np.quantile(rows[:, j], quantiles)) if not is_category else None
                       for j, is_category in enumerate(self.categorical_mask_)]
        self.flags_ = [not is_category and set(np.unique(rows[:, j])) <= {0.0, 1.0}
                       for j, is_category in enumerate(self.categorical_mask_)]
        self.sloped_ = np.flatnonzero(~self.categorical_mask_ & ~np.array(self.flags_, dtype=bool))
        self.means_ = rows[:, self.sloped_].mean(axis=0)
        self.scales_ = np.where(rows[:, self.sloped_].std(axis=0) > 0, rows[:, self.sloped_].std(axis=0), 1.0)
        codes = self._codes(rows)
        standardised = (rows[:, self.sloped_] - self.means_) / self.scales_
        # The typical standardised value inside each band, to read a band's coefficient together with the slope.
        self.band_centres_ = {int(j): pd.Series(standardised[:, k]).groupby(codes[:, j]).mean().to_dict()
                              for k, j in enumerate(self.sloped_)}
        self.one_hot_ = OneHotEncoder(handle_unknown="ignore").fit(codes)
        self.model_ = LogisticRegression(C=self.C, max_iter=self.max_iter)
        with single_threaded_native_code():
            self.model_.fit(self._design(rows), labels, sample_weight=sample_weight)
        return self

    def predict_proba(self, rows: np.ndarray) -> np.ndarray:
        """Probabilities of class 0 and class 1, one row per input row."""
        with single_threaded_native_code():
            return self.model_.predict_proba(self._design(rows))

    def coefficients(self, columns: list[str], category_levels: dict[str, list[str]]) -> pd.DataFrame:
        """One row per (feature, band or level) with its effect on the log-odds, largest first: what raises the
        risk (positive) and what lowers it (negative). A number's band reads as the band's own coefficient plus
        the slope times the band's typical standardised value, so it is the whole effect of being in that band."""
        n_bands = sum(len(codes) for codes in self.one_hot_.categories_)
        band_weights, slopes = self.model_.coef_[0][:n_bands], dict(zip(self.sloped_, self.model_.coef_[0][n_bands:]))
        records, weights = [], iter(band_weights)
        for j, (column, codes) in enumerate(zip(columns, self.one_hot_.categories_)):
            for code in codes:
                effect = float(next(weights))
                if j in slopes:
                    effect += float(slopes[j] * self.band_centres_[j].get(int(code), 0.0))
                records.append({"feature": column, "level": self._level_text(j, int(code), column, category_levels),
                                "coefficient": effect})
        frame = pd.DataFrame(records)
        return frame.sort_values("coefficient", ascending=False, ignore_index=True)

    def _design(self, rows: np.ndarray) -> sparse.csr_matrix:
        """One-hot bands and categories, then the standardised numbers."""
        slopes = np.clip((rows[:, self.sloped_] - self.means_) / self.scales_, -5.0, 5.0)
        return sparse.hstack([self.one_hot_.transform(self._codes(rows)), sparse.csr_matrix(slopes)], format="csr")

    def _codes(self, rows: np.ndarray) -> np.ndarray:
        codes = np.empty(rows.shape, dtype=np.int64)
        for j, edges in enumerate(self.edges_):
            # Bins are (edge before, edge]: a 0/1 flag whose quantiles are all 0 still splits into 0 and 1.
            codes[:, j] = rows[:, j].round() if edges is None else np.searchsorted(edges, rows[:, j], side="left")
        return codes

    def _level_text(self, j: int, code: int, column: str, category_levels: dict[str, list[str]]) -> str:
        edges = self.edges_[j]
        if edges is None:
            levels = category_levels.get(column, [])
            return levels[code] if 0 <= code < len(levels) else "other"
        if self.flags_[j]:
            return "yes" if code >= 1 else "no"
        if code == 0:
            return f"up to {edges[0]:.4g}"
        if code == len(edges):
            return f"above {edges[-1]:.4g}"
        return f"above {edges[code - 1]:.4g}, up to {edges[code]:.4g}"


def fit_classifier(kind: str, rows: np.ndarray, labels: np.ndarray, weights: np.ndarray | None,
                   categorical_mask: np.ndarray, seed: int, params: dict[str, Any] | None = None) -> Any:
    """Fit the classifier `kind` ("gbm" or "logistic") with `params` over its defaults; returns the model."""
    check_choice("classifier", kind, ("gbm", "logistic"))
    if kind == "logistic":
        return ScorecardClassifier(**{**SCORECARD_PARAMS, **(params or {})}).fit(
            rows, labels, weights, categorical_mask=categorical_mask)
    model = HistGradientBoostingClassifier(**{**GBM_PARAMS, **(params or {})}, categorical_features=categorical_mask,
                                           random_state=seed)
    # One thread: on a shared 2-core machine, OpenMP threads spin-waiting for a busy core make fits several times
    # slower.
    with single_threaded_native_code():
        model.fit(rows, labels, sample_weight=weights)
    return model


def positive_scores(model: Any, rows: np.ndarray) -> np.ndarray:
    """The fitted model's probability of the rarer class for each row."""
    with single_threaded_native_code():
        return model.predict_proba(rows)[:, 1]
