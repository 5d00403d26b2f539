"""The shipped e-commerce store: funnel, consistency between tables, faithful descriptions, learnable
preferences."""

import re

import numpy as np
import pandas as pd
import pytest

from sample_data import ecommerce


@pytest.fixture(scope="module")
def store(shipped):
    """The shipped e-commerce tables."""
    return shipped["ecommerce"]


def test_funnel_narrows_from_views_to_purchases(store):
    """There are many more views than carts and more carts than purchases."""
    # Setup
    counts = store["events"]["event_type"].value_counts()
    # Run
    view_to_cart, cart_to_purchase = counts["cart"] / counts["view"], counts["purchase"] / counts["cart"]
    # Assert
    assert set(counts.index) == {"view", "cart", "purchase"}
    assert counts["view"] > counts["cart"] > counts["purchase"] > 0
    assert 0.05 < view_to_cart < 0.3 and 0.2 < cart_to_purchase < 0.7


def test_every_purchase_was_carted_and_viewed_earlier_in_its_session(store):
    """Within a session, each product bought was viewed and carted no later than its purchase."""
    # Setup
    events = store["events"]
    first_time = events.pivot_table(index=["session_id", "product_id"], columns="event_type",
                                    values="event_time", aggfunc="min")
    # Run
    bought = first_time[first_time["purchase"].notna()]
    # Assert
    assert bought["cart"].notna().all() and bought["view"].notna().all()
    assert (bought["view"] <= bought["cart"]).all() and (bought["cart"] <= bought["purchase"]).all()


def test_orders_match_purchase_events(store):
    """One order per session with purchases; item counts and values equal the purchase events and list
    prices."""
    # Setup
    prices = store["products"][["product_id", "price"]]
    purchases = store["events"].query("event_type == 'purchase'").merge(prices)
    expected = purchases.groupby("session_id").agg(n_items=("event_id", "size"),
                                                   order_value=("price", lambda p: p.astype(float).sum()),
                                                   customer_id=("customer_id", "first"))
    # Run
    orders = store["orders"].set_index("session_id").loc[expected.index]
    # Assert
    assert len(store["orders"]) == len(expected) and store["orders"]["order_id"].is_unique
    assert (orders["n_items"].to_numpy() == expected["n_items"].to_numpy()).all()
    assert (orders["customer_id"].to_numpy() == expected["customer_id"].to_numpy()).all()
    np.testing.assert_allclose(orders["order_value"].to_numpy(), expected["order_value"].to_numpy(),
                               atol=0.011)


def test_events_reference_known_rows_and_follow_signup(store):
    """Events point at existing customers and products and never happen before the customer signed up."""
    # Setup
    signups = store["customers"][["customer_id", "signup_date"]]
    events = store["events"].merge(signups, on="customer_id", how="left")
    # Run
    unknown_products = ~events["product_id"].isin(store["products"]["product_id"])
    # Assert
    assert events["signup_date"].notna().all() and not unknown_products.any()
    assert (events["event_time"] >= events["signup_date"]).all()
    assert events["event_id"].is_unique and events["event_time"].is_monotonic_increasing


def test_events_span_about_eighteen_months_with_a_holiday_peak(store):
    """Events cover roughly 18 months and purchases peak in November or December."""
    # Setup
    events = store["events"]
    # Run
    span_days = (events["event_time"].max() - events["event_time"].min()).days
    purchase_times = events.loc[events["event_type"] == "purchase", "event_time"]
    purchases_by_month = purchase_times.groupby(purchase_times.dt.month).size()
    # Assert
    assert 500 <= span_days <= 560
    assert purchases_by_month.idxmax() in (11, 12)


def test_activity_is_skewed_across_customers(store):
    """Per-customer event counts are right-skewed: the mean exceeds the median and the top 10% do a large
    share."""
    # Setup
    per_customer = store["events"].groupby("customer_id").size()
    # Run
    top_decile_share = per_customer.nlargest(len(per_customer) // 10).sum() / per_customer.sum()
    # Assert
    assert per_customer.mean() > 1.3 * per_customer.median()
    assert top_decile_share > 0.3


def test_customer_and_product_tables_have_realistic_gaps(store):
    """Some age bands, channels and ratings are missing, but never ids, prices or descriptions."""
    # Setup
    customers, products = store["customers"], store["products"]
    # Run / Assert
    for column in ("age_band", "acquisition_channel"):
        assert 0 < customers[column].isna().mean() < 0.15, column
    assert 0 < products["rating"].isna().mean() < 0.15
    assert products[["product_id", "name", "category", "brand", "colour", "price", "price_band",
                     "description"]].notna().all().all()
    assert products["rating"].dropna().between(1, 5).all()


def test_descriptions_state_their_attributes_word_for_word(store):
    """Every description contains its brand, colour, lower-cased category and price band as whole words."""
    # Setup
    products = store["products"]
    # Run
    missing = [
        (row.product_id, value)
        for row in products.itertuples(index=False)
        for value in (row.brand, row.colour, row.category.lower(), row.price_band)
        if not re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", row.description, flags=re.IGNORECASE)
    ]
    # Assert
    assert missing == []
    assert set(products["price_band"]) == set(ecommerce.PRICE_BANDS)
    assert products["description"].nunique() == len(products)


def test_descriptions_are_varied(store):
    """Descriptions use every template and many distinct opening words, not one sentence pattern."""
    # Setup
    descriptions = store["products"]["description"]
    # Run
    openings = descriptions.str.split().str[0].nunique()
    vocabulary = {word.lower() for text in descriptions for word in re.findall(r"[A-Za-z-]+", text)}
    # Assert
    assert openings >= 20
    assert len(vocabulary) >= 300


def test_price_band_follows_category_thresholds(store):
    """price_band is budget below the category's budget threshold, premium from its premium threshold."""
    # Setup
    products = store["products"]
    thresholds = {spec.name: (spec.budget_below, spec.premium_from) for spec in ecommerce.CATEGORIES}
    budget_below = products["category"].map(lambda c: thresholds[c][0]).to_numpy()
    premium_from = products["category"].map(lambda c: thresholds[c][1]).to_numpy()
    # Run
    expected = ecommerce.price_band_of(products["price"].to_numpy(np.float64), budget_below, premium_from)
    # Assert
    assert (products["price_band"].to_numpy() == expected).all()


def test_factor_tables_cover_every_customer_and_product(store):
    """The oracle tables have one row per customer / product with K factors and a popularity logit."""
    # Setup
    factor_columns = [f"f{k}" for k in range(ecommerce.N_FACTORS)]
    # Run
    scores = ecommerce.true_preference_scores(store["customer_factors"], store["product_factors"])
    # Assert
    assert list(store["customer_factors"].columns) == ["customer_id", *factor_columns]
    assert list(store["product_factors"].columns) == ["product_id", *factor_columns, "popularity_logit"]
    assert scores.shape == (len(store["customers"]), len(store["products"]))
    assert np.isfinite(scores.to_numpy()).all()


def test_true_scores_predict_held_out_events_better_than_popularity(store):
    """Ranking by the true score finds each active customer's last event product in the top 10 more often than
    ranking by training popularity does (the data are learnable beyond popularity)."""
    # Setup
    events = store["events"].sort_values("event_time", kind="stable")
    per_customer = events.groupby("customer_id")["event_id"].transform("size")
    held_out = events[per_customer >= 10].groupby("customer_id").tail(1)
    training = events.drop(held_out.index)
    popularity = training.groupby("product_id").size().reindex(store["products"]["product_id"], fill_value=0)
    scores = ecommerce.true_preference_scores(store["customer_factors"], store["product_factors"])
    # Run
    oracle = scores.loc[held_out["customer_id"]].to_numpy()
    target = scores.columns.get_indexer(held_out["product_id"])
    rows = np.arange(len(held_out))
    oracle_hits = ((oracle > oracle[rows, target][:, None]).sum(axis=1) < 10).mean()
    popular = popularity.to_numpy()
    popularity_hits = ((popular[None, :] > popular[target][:, None]).sum(axis=1) < 10).mean()
    # Assert
    assert oracle_hits > popularity_hits + 0.05
