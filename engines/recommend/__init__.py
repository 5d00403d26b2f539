"""Recommenders for implicit feedback: Mult-VAE and RecVAE (generative models of each user's item choices) and
the baselines they are measured against (popularity, item-kNN, EASE), with held-out-user evaluation and an
oracle."""

from engines.recommend.base import Recommender, top_k
from engines.recommend.baselines import (
    EASERecommender,
    ItemKNNRecommender,
    PopularityRecommender,
    item_cosine_similarity,
)
from engines.recommend.evaluation import (
    HeldOutSplit,
    compare_recommenders,
    evaluate_recommender,
    oracle_metrics,
    ranking_metrics,
    split_held_out_users,
    tune_ease_l2,
)
from engines.recommend.interactions import InteractionMatrix, as_binary_csr
from engines.recommend.mult_vae import MultVAERecommender
from engines.recommend.rec_vae import RecVAERecommender

__all__ = [
    "EASERecommender", "HeldOutSplit", "InteractionMatrix", "ItemKNNRecommender", "MultVAERecommender",
    "PopularityRecommender", "RecVAERecommender", "Recommender", "as_binary_csr", "compare_recommenders",
    "evaluate_recommender",
    "item_cosine_similarity", "oracle_metrics", "ranking_metrics", "split_held_out_users", "top_k",
    "tune_ease_l2",
]
