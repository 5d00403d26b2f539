"""Which financial product a customer is likely to want next, filtered by a suitability rule.

`ProductRecommender` is a conditional model of P(customer holds product p | profile, other holdings): one
regularised logistic regression per product on the customer's standardised profile (age, income, credit score,
tenure, risk tolerance, employment, segment, region, app use) and the products already held. During fitting a
random 30% of the "other holdings" are hidden (denoising), because at recommendation time we see only part of
what the customer might hold. `ProductPopularityBaseline` ranks products by how many customers hold them.

Both are models of the lab's contract (`engines.core.model`) with one `fit(customers, holdings, product_ids)`
and one `predict_proba(customers, holdings)`, so the evaluation treats them alike. The suitability rule and
the holdings matrix live in `suitability.py`, which needs only numpy.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import torch

from engines.core.device import single_threaded_native_code
from engines.core.metadata import CATEGORICAL, CONTINUOUS
from engines.core.model import BaseModel, register_model
from engines.core.table_encoder import TableEncoder
from engines.core.validation import check_positive_number
from engines.errors import InvalidDataError
from engines.product_suitability.suitability import holdings_matrix

PROFILE_NUMERIC = ("age", "income", "credit_score", "tenure_years", "risk_tolerance", "uses_mobile_app")
PROFILE_CATEGORICAL = ("employment_status", "segment", "region")
_HIDE_SHARE = 0.3
# Profile numbers standardised (mean, standard deviation; unparseable = missing, flagged); categories compared
# as text with every level kept, in sorted order (missing is the level "missing").
_PROFILE_ENCODING = {"scaling": "standard", "category_order": "sorted", "categories_as_text": True,
                     "coerce_numbers": True}


def _check_customers(customers: Any, min_rows: int) -> None:
    if not isinstance(customers, pd.DataFrame) or "customer_id" not in customers.columns \
            or len(customers) < min_rows:
        raise InvalidDataError(
            f"The recommender needs a customers table with customer_id and at least {min_rows} rows.",
            key="engine.suitability.too_few_customers", min_rows=min_rows)


class ProductScorer(BaseModel):
    """A model of P(customer holds product) learned from customers and their holdings;
    `ProductScorer.load(path)` opens any of them."""

    def fit(self, customers: pd.DataFrame, holdings: pd.DataFrame, product_ids: np.ndarray | list[int],
            on_progress: Callable | None = None, cancel: Any = None) -> ProductScorer:
        """Learn from `customers` (customer_id + profile columns) and their full `holdings` (customer_id,
        product_id) over the catalogue `product_ids`; returns self. Fitted in one pass: progress is reported
        as (1, 1) when done, and `cancel` cannot stop it half-way."""
        return super().fit(customers, holdings, product_ids, on_progress=on_progress, cancel=cancel)

    @abstractmethod
    def predict_proba(self, customers: pd.DataFrame, holdings: pd.DataFrame) -> np.ndarray:
        """P(holds product) for each customer and product (customers x products), given what they hold now."""


@register_model
class ProductRecommender(ProductScorer):
    """Profile- and holdings-conditioned product propensity model (see the module docstring)."""

    kind = "product_recommender"
    label = "product recommender"
    description = "One logistic regression per product on the customer's profile and other holdings."

    def __init__(self, regularisation: float = 1.0, use_holdings: bool = True, random_state: int = 0) -> None:
        self.regularisation = regularisation
        self.use_holdings = use_holdings
        self.random_state = random_state

    def _fit(self, customers: pd.DataFrame, holdings: pd.DataFrame, product_ids: np.ndarray | list[int], *,
             on_progress: Callable | None, cancel: Any) -> None:
        from sklearn.linear_model import LogisticRegression

        check_positive_number("regularisation", self.regularisation)
        _check_customers(customers, min_rows=20)
        self.product_ids_ = np.asarray(product_ids)
        self._learn_profile_encoding(customers)
        profile = self._profile_matrix(customers)
        held = holdings_matrix(holdings, customers["customer_id"].to_numpy(), self.product_ids_)
        rng = np.random.default_rng(self.random_state)
        n_products = len(self.product_ids_)
        width = profile.shape[1] + (n_products if self.use_holdings else 0)
        self.coefficients_ = np.zeros((n_products, width))
        self.intercepts_ = np.zeros(n_products)
        with single_threaded_native_code():
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

    def _learn_profile_encoding(self, customers: pd.DataFrame) -> None:
        self.numeric_ = [c for c in PROFILE_NUMERIC if c in customers.columns]
        self.categorical_ = [c for c in PROFILE_CATEGORICAL if c in customers.columns]
        metadata = {c: CONTINUOUS for c in self.numeric_} | {c: CATEGORICAL for c in self.categorical_}
        encoder = TableEncoder(metadata, **_PROFILE_ENCODING).fit(self._profile_frame(customers))
        self.means_ = np.array([column.center for column in encoder.number_columns_], dtype=np.float64)
        self.scales_ = np.array([column.scale for column in encoder.number_columns_], dtype=np.float64)
        self.levels_ = {column.name: column.levels for column in encoder.category_columns_}

    def _table_encoder(self) -> TableEncoder:
        """The shared encoder described by the saved state (means, scales, levels), ready to transform."""
        numbers = [{"name": name, "sdtype": CONTINUOUS, "kind": "number", "fill": float(mean),
                    "center": float(mean), "scale": float(scale)}
                   for name, mean, scale in zip(self.numeric_, self.means_, self.scales_)]
        categories = [{"name": name, "sdtype": CATEGORICAL, "kind": "category",
                       "levels": list(self.levels_[name])} for name in self.categorical_]
        return TableEncoder.from_state({"params": _PROFILE_ENCODING, "columns": numbers + categories})

    def _profile_frame(self, customers: pd.DataFrame) -> pd.DataFrame:
        # Incomes are skewed: scaled on a log scale.
        profile = customers[self.numeric_ + self.categorical_].copy()
        if "income" in self.numeric_:
            income = pd.to_numeric(profile["income"], errors="coerce").astype(np.float64).to_numpy()
            profile["income"] = np.log1p(np.maximum(income, 0))
        return profile

    def _profile_matrix(self, customers: pd.DataFrame) -> np.ndarray:
        """[standardised numbers (missing = 0) | missing flags | one-hot categories (unseen = all zeros)]."""
        missing = [c for c in self.numeric_ + self.categorical_ if c not in customers.columns]
        if missing:
            raise InvalidDataError(f"The customers table lacks the profile column(s) {missing}.",
                                   key="engine.suitability.missing_profile", missing=missing)
        profile = self._profile_frame(customers)
        return self._table_encoder().transform(profile, missing_flags=True, other=False)

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

    def _get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        state = {"product_ids": self.product_ids_.tolist(), "numeric": self.numeric_,
                 "categorical": self.categorical_, "levels": self.levels_}
        arrays = {"coefficients": self.coefficients_, "intercepts": self.intercepts_,
                  "means": np.asarray(self.means_, dtype=np.float64),
                  "scales": np.asarray(self.scales_, dtype=np.float64)}
        return state, arrays

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        self.product_ids_ = np.asarray(state["product_ids"])
        self.numeric_, self.categorical_, self.levels_ = state["numeric"], state["categorical"], state["levels"]
        self.coefficients_ = tensors["coefficients"].numpy()
        self.intercepts_ = tensors["intercepts"].numpy()
        self.means_, self.scales_ = tensors["means"].numpy(), tensors["scales"].numpy()


@register_model
class ProductPopularityBaseline(ProductScorer):
    """Scores every product by the share of customers holding it (the same for everyone): the baseline the
    conditional model must beat."""

    kind = "product_popularity_baseline"
    label = "product popularity baseline"
    description = "Each product's share of holders, the same for every customer."

    def __init__(self) -> None:
        """No hyper-parameters."""

    def _fit(self, customers: pd.DataFrame, holdings: pd.DataFrame, product_ids: np.ndarray | list[int], *,
             on_progress: Callable | None, cancel: Any) -> None:
        _check_customers(customers, min_rows=1)
        self.product_ids_ = np.asarray(product_ids)
        held = holdings_matrix(holdings, customers["customer_id"].to_numpy(), self.product_ids_)
        self.shares_ = held.mean(axis=0)

    def predict_proba(self, customers: pd.DataFrame, holdings: pd.DataFrame) -> np.ndarray:
        """The product shares, repeated for each customer."""
        self._check_fitted()
        return np.tile(self.shares_, (len(customers), 1))

    def _get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        return {"product_ids": self.product_ids_.tolist()}, {"shares": self.shares_}

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        self.product_ids_ = np.asarray(state["product_ids"])
        self.shares_ = tensors["shares"].numpy()
