"""Segments (k-means on RFM), recommendation tables and campaigns, on hand-made frames."""

import numpy as np
import pandas as pd
import pytest

from dashboard.ecommerce import campaign, recommendations
from dashboard.ecommerce.segments import kmeans, segment_customers, segment_profiles
from engines.errors import InvalidDataError


def test_kmeans_finds_separated_groups_and_is_seeded():
    """Three far-apart blobs come back as three clusters, numbered largest first, the same for the same seed.
    """
    # Setup
    rng = np.random.default_rng(0)
    blobs = ((0, 50), (5, 30), (10, 20))
    points = np.vstack([rng.normal(centre, 0.1, size=(size, 2)) for centre, size in blobs])
    # Run
    labels = kmeans(points, 3, seed=1)
    # Assert
    assert np.bincount(labels).tolist() == [50, 30, 20]
    assert (labels[:50] == 0).all() and (labels[50:80] == 1).all() and (labels[80:] == 2).all()
    np.testing.assert_array_equal(labels, kmeans(points, 3, seed=1))


def test_segments_are_named_from_their_profiles():
    """Recent frequent big spenders and lapsed one-off buyers land in differently named segments."""
    # Setup
    rfm = pd.DataFrame({"customer_id": range(40),
                        "recency_days": [5] * 20 + [300] * 20, "frequency": [6] * 20 + [1] * 20,
                        "monetary": [900.0] * 20 + [30.0] * 20})
    # Run
    segmented = segment_customers(rfm, k=2)
    profiles = segment_profiles(segmented)
    # Assert
    assert set(segmented["segment"]) == {"Recent repeat buyers, high spend",
                                         "Lapsing one-off buyers, low spend"}
    assert profiles["segment"].iloc[0] == "Recent repeat buyers, high spend"  # most revenue first
    assert profiles["share"].sum() == pytest.approx(1.0) and profiles["revenue_share"].iloc[0] > 0.9
    with pytest.raises(InvalidDataError):
        segment_customers(rfm.head(1), k=2)


def recommendation_rows() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [1, 1, 2, 2], "rank": [1, 2, 1, 2], "product_id": [10, 11, 10, 12],
                         "score_percent": [5.0, 3.0, 4.0, 2.0],
                         "because_product_ids": ["11", "", "10,12", "10"],
                         "because_similarity": [0.4, 0.0, 0.3, 0.2], "true_rank": [1, 4, 2, 9]})


CATALOGUE = pd.DataFrame({"product_id": [10, 11, 12], "name": ["Mug", "Pan", "Lamp"],
                          "category": ["K", "K", "H"],
                          "brand": ["A", "A", "B"], "colour": ["red", "blue", "grey"],
                          "price": [9.99, 19.99, 29.99],
                          "price_band": ["budget", "mid-range", "premium"]})


def test_customer_recommendations_read_as_sentences():
    """A customer's top products come with names, match scores and a why-line naming similar products."""
    # Run
    table = recommendations.recommended_products(recommendation_rows(), CATALOGUE, 1)
    # Assert
    assert table["Product"].tolist() == ["Mug", "Pan"]
    assert table["Why"].iloc[0] == "Often explored by the same shoppers as “Pan”"
    assert table["Match"].iloc[0] == pytest.approx(0.05)
    with pytest.raises(InvalidDataError, match="no recorded activity"):
        recommendations.recommended_products(recommendation_rows(), CATALOGUE, 99)


def test_leaderboard_headline_and_campaign():
    """The leaderboard ranks models with the oracle last; a campaign lists the segment's most-reached
    products.
    """
    # Setup
    rows = [{"model": "Popularity", "recall@20": 0.2}, {"model": "EASE", "recall@20": 0.4},
            {"model": "Mult-VAE", "recall@20": 0.42},
            {"model": "Oracle (true preferences)", "recall@20": 0.5}]
    segmented = pd.DataFrame({"customer_id": [1, 2], "segment": ["S", "S"]})
    copy = pd.DataFrame({"product_id": [10, 10], "variant": [1, 2], "text": ["bad", "good"],
                         "faithful": [False, True], "novel": [True, True], "model": "m", "model_version": "v",
                         "seed": 10, "provenance": "m vv seed=10"})
    # Run
    board = recommendations.leaderboard_table(rows)
    top = recommendations.headline(rows)
    products = campaign.segment_top_products(recommendation_rows(), segmented, "S", n_products=2)
    table = campaign.campaign_table("S", products, CATALOGUE, copy)
    # Assert
    assert board["Model"].tolist() == ["Mult-VAE", "EASE", "Popularity", "Oracle (true preferences)"]
    assert top["model"] == "Mult-VAE" and top["best_baseline"] == "EASE"
    assert top["vs_baseline"] == pytest.approx(1.05) and top["vs_oracle"] == pytest.approx(0.84)
    assert "1.05x the best classic method (EASE)" in recommendations.headline_sentence(top)
    assert products["product_id"].iloc[0] == 10 and products["reach_share"].iloc[0] == 1.0
    assert table.loc[0, "copy"] == "good" and table.loc[0, "provenance"] == "m vv seed=10"


def test_headline_names_the_best_generative_model_and_says_when_a_baseline_wins():
    """With RecVAE ahead of Mult-VAE but behind EASE, the takeaway is about RecVAE and says EASE finds
    more."""
    # Setup
    rows = [{"model": "Popularity", "recall@20": 0.2}, {"model": "EASE", "recall@20": 0.5},
            {"model": "Mult-VAE", "recall@20": 0.4}, {"model": "RecVAE", "recall@20": 0.45}]
    # Run
    top = recommendations.headline(rows)
    sentence = recommendations.headline_sentence(top)
    # Assert
    assert top["model"] == "RecVAE" and top["vs_baseline"] == pytest.approx(0.9)
    assert "RecVAE finds 45%" in sentence and "the classic EASE finds a little more" in sentence
