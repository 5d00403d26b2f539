"""Personalised financial products: a profile- and holdings-conditioned recommender with a risk-suitability
rule, the popularity baseline, Recall@5 on held-out holdings, and template-generated marketing copy with
provenance.

Names are imported on first use, so the suitability rule and the copy need neither torch nor scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "MarketingCopy": "personalised_copy", "facts_check": "personalised_copy",
    "marketing_copy": "personalised_copy",
    "HoldingsSplit": "evaluation", "evaluate_recommenders": "evaluation", "recall_at_k": "evaluation",
    "split_holdings": "evaluation",
    "ProductPopularityBaseline": "recommender", "ProductRecommender": "recommender",
    "ProductScorer": "recommender",
    "holdings_matrix": "suitability", "recommend": "suitability", "suitable": "suitability",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'engines.product_suitability' has no attribute {name!r}")
    return getattr(importlib.import_module(f"engines.product_suitability.{_WHERE[name]}"), name)
