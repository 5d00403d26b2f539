"""Personalised financial products: a profile- and holdings-conditioned recommender with a risk-suitability rule,
the popularity baseline, Recall@5 on held-out holdings, and template-generated marketing copy with provenance."""

from engines.product_suitability.copy import MarketingCopy, facts_check, marketing_copy
from engines.product_suitability.evaluation import HoldingsSplit, evaluate_recommenders, recall_at_k, split_holdings
from engines.product_suitability.recommender import (
    PopularityRecommender,
    ProductRecommender,
    holdings_matrix,
    recommend,
    suitable,
)

__all__ = ["HoldingsSplit", "MarketingCopy", "PopularityRecommender", "ProductRecommender", "evaluate_recommenders",
           "facts_check", "holdings_matrix", "marketing_copy", "recall_at_k", "recommend", "split_holdings", "suitable"]
