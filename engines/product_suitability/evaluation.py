"""Recall@5 on held-out holdings: hide part of some customers' products and see whether the recommender finds them.

Test customers (a seeded share of those holding at least two products) keep a random 70% of their products as
input; the other 30% (at least one) are held out. Recall@k = held-out products among the top k recommendations
divided by min(k, number held out), averaged over test customers (Liang et al. 2018). The suitability rule is
applied to every recommender, so a held-out product above the customer's risk tolerance can never be found: the
rule's cost is reported beside the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError
from engines.product_suitability.suitability import holdings_matrix, recommend, suitable

if TYPE_CHECKING:
    from engines.product_suitability.recommender import ProductScorer


@dataclass
class HoldingsSplit:
    """Train customers with all their holdings; test customers with input and held-out holdings."""

    train_customers: pd.DataFrame
    train_holdings: pd.DataFrame
    test_customers: pd.DataFrame
    input_holdings: pd.DataFrame
    held_out_holdings: pd.DataFrame


def split_holdings(customers: pd.DataFrame, holdings: pd.DataFrame, test_share: float = 0.2,
                   held_out_share: float = 0.3, seed: int = 0) -> HoldingsSplit:
    """Split customers into train and test, and each test customer's holdings into input and held out."""
    counts = holdings.groupby("customer_id").size()
    eligible = counts.index[counts >= 2].to_numpy()
    if len(eligible) < 10:
        raise InvalidDataError("Too few customers hold two or more products to measure recommendations.",
                               key="engine.suitability.too_few_multi")
    rng = np.random.default_rng(seed)
    test_ids = rng.choice(eligible, max(5, int(round(test_share * len(eligible)))), replace=False)
    is_test_customer = customers["customer_id"].isin(test_ids)
    test_rows = holdings[holdings["customer_id"].isin(test_ids)].sample(frac=1.0, random_state=seed)
    position = test_rows.groupby("customer_id").cumcount().to_numpy()
    size = test_rows.groupby("customer_id")["product_id"].transform("size").to_numpy()
    n_held = np.maximum(1, np.round(held_out_share * size)).astype(int)
    held_out = position < n_held
    return HoldingsSplit(
        customers[~is_test_customer].reset_index(drop=True),
        holdings[~holdings["customer_id"].isin(test_ids)],
        customers[is_test_customer].reset_index(drop=True),
        test_rows[~held_out],
        test_rows[held_out],
    )


def recall_at_k(recommended: list[list[int]], held_out: list[set[int]], k: int = 5) -> float:
    """Mean over customers of |top-k & held out| / min(k, |held out|) (customers with nothing held out skipped)."""
    values = [len(set(recs[:k]) & truth) / min(k, len(truth)) for recs, truth in zip(recommended, held_out) if truth]
    return float(np.mean(values)) if values else float("nan")


def evaluate_recommenders(models: dict[str, ProductScorer], split: HoldingsSplit, products: pd.DataFrame,
                          k: int = 5, extra_scores: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Recall@k with the suitability rule for each fitted model (and each precomputed score matrix in
    `extra_scores`, e.g. the simulator's true propensities), plus the best recall the rule allows."""
    product_ids = products["product_id"].to_numpy()
    customers = split.test_customers
    held = holdings_matrix(split.input_holdings, customers["customer_id"].to_numpy(), product_ids)
    truth_matrix = holdings_matrix(split.held_out_holdings, customers["customer_id"].to_numpy(), product_ids)
    truth = [set(product_ids[row > 0].tolist()) for row in truth_matrix]
    allowed = suitable(products["risk_level"].to_numpy(), customers["risk_tolerance"].to_numpy())
    all_scores = {name: model.predict_proba(customers, split.input_holdings) for name, model in models.items()}
    all_scores.update(extra_scores or {})
    records = []
    for name, scores in all_scores.items():
        with_rule = recommend(scores, held, allowed, product_ids, k)
        without_rule = recommend(scores, held, np.ones_like(allowed), product_ids, k)
        records.append({"recommender": name, f"recall_at_{k}": recall_at_k(with_rule, truth, k),
                        f"recall_at_{k}_without_rule": recall_at_k(without_rule, truth, k)})
    reachable = [t & set(product_ids[allowed[i]].tolist()) for i, t in enumerate(truth)]
    ceiling = float(np.mean([len(r) / len(t) if t else np.nan for r, t in zip(reachable, truth) if t]))
    frame = pd.DataFrame(records)
    frame.attrs["held_out_allowed_share"] = ceiling
    frame.attrs["test_customers"] = int(sum(bool(t) for t in truth))
    return frame
