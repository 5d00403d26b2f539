"""Which financial product a customer is likely to want next, filtered by a suitability rule.

`ProductRecommender` is a conditional model of P(customer holds product p | profile, other holdings): one
regularised logistic regression per product on the customer's standardised profile (age, income, credit score,
tenure, risk tolerance, employment, segment, region, app use) and the products already held. During fitting a
random 30% of the "other holdings" are hidden (denoising), because at recommendation time we see only part of
what the customer might hold. `PopularityRecommender` ranks products by how many customers hold them.

The suitability rule (`suitable`) is applied after scoring and never learned: a product whose risk level is above
the customer's risk tolerance is never recommended, however likely the customer is to take it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError, InvalidParameterError, NotFittedError

# scikit-learn and torch (for the model folder) are imported where they are used: scoring a loaded model and the
# suitability rule need only numpy, so the page can use them without loading either library.

PROFILE_NUMERIC = ("age", "income", "credit_score", "tenure_years", "risk_tolerance", "uses_mobile_app")
PROFILE_CATEGORICAL = ("employment_status", "segment", "region")
_HIDE_SHARE = 0.3


def holdings_matrix(holdings: pd.DataFrame, customer_ids: np.ndarray, product_ids: np.ndarray) -> np.ndarray:
    """0/1 matrix (customers x products) from a (customer_id, product_id) table; unknown ids are ignored."""
    if not {"customer_id", "product_id"} <= set(holdings.columns):
        raise InvalidDataError("The holdings table needs the columns customer_id and product_id.")
    rows = pd.Index(customer_ids).get_indexer(holdings["customer_id"])
    columns = pd.Index(product_ids).get_indexer(holdings["product_id"])
    keep = (rows >= 0) & (columns >= 0)
    matrix = np.zeros((len(customer_ids), len(product_ids)), dtype=np.float64)
    matrix[rows[keep], columns[keep]] = 1.0
    return matrix


def suitable(risk_levels: np.ndarray, risk_tolerance: np.ndarray) -> np.ndarray:
    """The suitability rule: True where a product's risk level is at most the customer's risk tolerance
    (customers x products). A customer with unknown tolerance is offered only the lowest-risk products (level 1)."""
    tolerance = np.nan_to_num(np.asarray(risk_tolerance, dtype=np.float64), nan=1.0)
    return np.asarray(risk_levels, dtype=np.float64)[None, :] <= tolerance[:, None]


class ProductRecommender:
    """Profile- and holdings-conditioned product propensity model (see the module docstring)."""

    name = "product_recommender"

    def __init__(self, regularisation: float = 1.0, use_holdings: bool = True, random_state: int = 0) -> None:
        self.regularisation = regularisation
        self.use_holdings = use_holdings
        self.random_state = random_state

    def fit(self, customers: pd.DataFrame, holdings: pd.DataFrame, product_ids: np.ndarray | list[int]) -> ProductRecommender:
        """Learn from `customers` (customer_id + profile columns) and their full `holdings`; returns self."""
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        if not isinstance(self.regularisation, (int, float)) or self.regularisation <= 0:
            raise InvalidParameterError(f"regularisation must be a positive number; got {self.regularisation!r}.")
        if "customer_id" not in customers.columns or len(customers) < 20:
            raise InvalidDataError("The recommender needs a customers table with customer_id and at least 20 rows.")
        self.product_ids_ = np.asarray(product_ids)
        self._learn_profile_encoding(customers)
        profile = self._profile_matrix(customers)
        held = holdings_matrix(holdings, customers["customer_id"].to_numpy(), self.product_ids_)
        rng = np.random.default_rng(self.random_state)
        n_products = len(self.product_ids_)
        width = profile.shape[1] + (n_products if self.use_holdings else 0)
        self.coefficients_ = np.zeros((n_products, width))
        self.intercepts_ = np.zeros(n_products)
        with threadpool_limits(limits=1):
            for p in range(n_products):
                target = held[:, p]
                if target.min() == target.max():  # nobody (or everybody) holds it: a constant score
                    self.intercepts_[p] = 10.0 if target[0] else -10.0
                    continue
                features = profile
                if self.use_holdings:
                    others = held * (rng.random(held.shape) >= _HIDE_SHARE)
                    others[:, p] = 0.0
                    features = np.hstack([profile, others])
                model = LogisticRegression(C=self.regularisation, max_iter=500).fit(features, target)
                self.coefficients_[p] = model.coef_[0]
                self.intercepts_[p] = model.intercept_[0]
        return self

    def _learn_profile_encoding(self, customers: pd.DataFrame) -> None:
        self.numeric_ = [c for c in PROFILE_NUMERIC if c in customers.columns]
        self.categorical_ = [c for c in PROFILE_CATEGORICAL if c in customers.columns]
        values = self._numeric_values(customers)
        self.means_ = np.nanmean(values, axis=0) if values.size else np.zeros(0)
        spread = np.nanstd(values, axis=0) if values.size else np.zeros(0)
        self.scales_ = np.where(spread > 0, spread, 1.0)
        self.levels_ = {c: sorted(customers[c].astype("string").fillna("missing").unique()) for c in self.categorical_}

    def _numeric_values(self, customers: pd.DataFrame) -> np.ndarray:
        columns = []
        for column in self.numeric_:
            values = pd.to_numeric(customers[column], errors="coerce").astype(np.float64).to_numpy()
            columns.append(np.log1p(np.maximum(values, 0)) if column == "income" else values)
        return np.column_stack(columns) if columns else np.zeros((len(customers), 0))

    def _profile_matrix(self, customers: pd.DataFrame) -> np.ndarray:
        missing = [c for c in self.numeric_ + self.categorical_ if c not in customers.columns]
        if missing:
            raise InvalidDataError(f"The customers table lacks the profile column(s) {missing}.")
        numeric = (self._numeric_values(customers) - self.means_) / self.scales_
        parts = [np.nan_to_num(numeric), np.isnan(numeric).astype(np.float64)]
        for column in self.categorical_:
            text = customers[column].astype("string").fillna("missing").to_numpy()
            parts.append((text[:, None] == np.asarray(self.levels_[column])[None, :]).astype(np.float64))
        return np.hstack(parts)

    def predict_proba(self, customers: pd.DataFrame, holdings: pd.DataFrame) -> np.ndarray:
        """P(holds product) for each customer and product (customers x products), given what they hold now."""
        self._check_fitted()
        profile = self._profile_matrix(customers)
        held = holdings_matrix(holdings, customers["customer_id"].to_numpy(), self.product_ids_)
        n_profile = profile.shape[1]
        logits = profile @ self.coefficients_[:, :n_profile].T + self.intercepts_
        if self.use_holdings:
            # Each product's own column was zero in training, so its weight multiplies nothing; do the same here.
            weights = self.coefficients_[:, n_profile:].copy()
            np.fill_diagonal(weights, 0.0)
            logits += held @ weights.T
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: str | Path) -> Path:
        """Write the model folder (JSON + safetensors)."""
        import torch

        from engines.core.persistence import save_model_folder

        self._check_fitted()
        config = {"params": {"regularisation": self.regularisation, "use_holdings": self.use_holdings,
                             "random_state": self.random_state},
                  "product_ids": self.product_ids_.tolist(), "numeric": self.numeric_, "categorical": self.categorical_,
                  "levels": self.levels_}
        tensors = {"coefficients": torch.from_numpy(self.coefficients_), "intercepts": torch.from_numpy(self.intercepts_),
                   "means": torch.from_numpy(np.asarray(self.means_, dtype=np.float64)),
                   "scales": torch.from_numpy(np.asarray(self.scales_, dtype=np.float64))}
        return save_model_folder(path, kind=self.name, config=config, tensors=tensors)

    @classmethod
    def load(cls, path: str | Path) -> ProductRecommender:
        """Load a folder written by `save`."""
        from engines.core.persistence import load_model_folder

        config, tensors = load_model_folder(path, expected_kind=cls.name)
        self = cls(**config["params"])
        self.product_ids_ = np.asarray(config["product_ids"])
        self.numeric_, self.categorical_, self.levels_ = config["numeric"], config["categorical"], config["levels"]
        self.coefficients_ = tensors["coefficients"].numpy()
        self.intercepts_ = tensors["intercepts"].numpy()
        self.means_, self.scales_ = tensors["means"].numpy(), tensors["scales"].numpy()
        return self

    @property
    def is_fitted(self) -> bool:
        """Whether `fit` or `load` has run."""
        return hasattr(self, "coefficients_")

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError("The product recommender has not been trained: call fit or load a saved model.")


class PopularityRecommender:
    """Scores every product by the share of customers holding it (the same for everyone)."""

    def fit(self, customers: pd.DataFrame, holdings: pd.DataFrame, product_ids: np.ndarray | list[int]) -> PopularityRecommender:
        """Count holders per product among `customers`; returns self."""
        self.product_ids_ = np.asarray(product_ids)
        held = holdings_matrix(holdings, customers["customer_id"].to_numpy(), self.product_ids_)
        self.shares_ = held.mean(axis=0)
        return self

    def predict_proba(self, customers: pd.DataFrame, holdings: pd.DataFrame) -> np.ndarray:
        """The product shares, repeated for each customer."""
        return np.tile(self.shares_, (len(customers), 1))


def recommend(
    scores: np.ndarray, held: np.ndarray, allowed: np.ndarray, product_ids: np.ndarray, k: int = 5
) -> list[list[int]]:
    """Top-`k` product ids per customer among products not held and allowed by the suitability rule."""
    masked = np.where((held > 0) | ~allowed, -np.inf, scores)
    order = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    return [[int(product_ids[j]) for j in row if np.isfinite(masked[i, j])] for i, row in enumerate(order)]
