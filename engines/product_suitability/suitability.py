"""The suitability rule, holdings as a matrix, and top-k picks: numpy only, so the banking page can use them
without loading torch or scikit-learn (the recommender models live in `recommender.py`).

The rule (`suitable`) is applied after scoring and never learned: a product whose risk level is above the
customer's risk tolerance is never recommended, however likely the customer is to take it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError


def holdings_matrix(holdings: pd.DataFrame, customer_ids: np.ndarray, product_ids: np.ndarray) -> np.ndarray:
    """0/1 matrix (customers x products) from a (customer_id, product_id) table; unknown ids are ignored."""
    if not {"customer_id", "product_id"} <= set(holdings.columns):
        raise InvalidDataError("The holdings table needs the columns customer_id and product_id.",
                               key="engine.suitability.holdings_columns")
    rows = pd.Index(customer_ids).get_indexer(holdings["customer_id"])
    columns = pd.Index(product_ids).get_indexer(holdings["product_id"])
    keep = (rows >= 0) & (columns >= 0)
    matrix = np.zeros((len(customer_ids), len(product_ids)), dtype=np.float64)
    matrix[rows[keep], columns[keep]] = 1.0
    return matrix


def suitable(risk_levels: np.ndarray, risk_tolerance: np.ndarray) -> np.ndarray:
    """The suitability rule: True where a product's risk level is at most the customer's risk tolerance
    (customers x products). A customer with unknown tolerance is offered only the lowest-risk products
    (level 1)."""
    tolerance = np.nan_to_num(np.asarray(risk_tolerance, dtype=np.float64), nan=1.0)
    return np.asarray(risk_levels, dtype=np.float64)[None, :] <= tolerance[:, None]


def recommend(
    scores: np.ndarray, held: np.ndarray, allowed: np.ndarray, product_ids: np.ndarray, k: int = 5
) -> list[list[int]]:
    """Top-`k` product ids per customer among products not held and allowed by the suitability rule."""
    masked = np.where((held > 0) | ~allowed, -np.inf, scores)
    order = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    return [[int(product_ids[j]) for j in row if np.isfinite(masked[i, j])] for i, row in enumerate(order)]
