"""Personalised financial products: a profile- and holdings-conditioned recommender with a risk-suitability
rule, the popularity baseline, Recall@5 on held-out holdings, and template-generated marketing copy with
provenance.

Names are imported on first use, so the suitability rule and the copy need neither torch nor scikit-learn.
"""

from __future__ import annotations

from engines.lazy_exports import lazy_exports

_WHERE = {
    "MarketingCopy": "personalised_copy", "facts_check": "personalised_copy",
    "marketing_copy": "personalised_copy",
    "HoldingsSplit": "evaluation", "evaluate_recommenders": "evaluation", "recall_at_k": "evaluation",
    "split_holdings": "evaluation",
    "ProductPopularityBaseline": "recommender", "ProductRecommender": "recommender",
    "ProductScorer": "recommender",
    "holdings_matrix": "suitability", "recommend": "suitability", "suitable": "suitability",
}
__getattr__, __all__ = lazy_exports("engines.product_suitability", _WHERE)
