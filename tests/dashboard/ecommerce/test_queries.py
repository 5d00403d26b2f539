"""The E-commerce SQL on the shipped store: figures agree with each other and with the tables."""

import pytest

from dashboard.data import QueryError
from dashboard.data import ecommerce_queries as queries


def test_kpis_trend_and_funnel_agree(store_db):
    """Monthly GMV and orders add up to the KPIs; the funnel narrows from view to purchase."""
    # Run
    kpis = queries.store_kpis(store_db)
    trend = queries.monthly_trend(store_db)
    funnel = queries.funnel(store_db)
    # Assert
    assert trend["gmv"].sum() == pytest.approx(kpis["gmv"], rel=1e-6)
    assert trend["orders"].sum() == kpis["orders"]
    assert kpis["conversion"] == pytest.approx(kpis["orders"] / kpis["sessions"])
    assert funnel["stage"].tolist() == ["view", "cart", "purchase"]
    assert funnel["sessions"].is_monotonic_decreasing and funnel["share_of_views"].iloc[0] == 1.0


def test_cohorts_rfm_and_categories_are_consistent(store_db):
    """Month 0 of every cohort is the whole cohort; RFM counts every order; category shares sum to 1."""
    # Run
    cohorts = queries.cohort_retention(store_db, "orders")
    rfm = queries.rfm_features(store_db)
    categories = queries.top_categories(store_db)
    kpis = queries.store_kpis(store_db)
    # Assert
    first_month = cohorts[cohorts["months_since"] == 0]
    assert (first_month["retention"] == 1.0).all()
    assert cohorts["retention"].between(0, 1).all()
    assert rfm["frequency"].sum() == kpis["orders"] and len(rfm) == kpis["buyers"]
    assert (rfm["recency_days"] >= 0).all()
    assert categories["gmv_share"].sum() == pytest.approx(1.0)
    with pytest.raises(QueryError):
        queries.cohort_retention(store_db, "weeks")


def test_customer_history_counts_each_kind_of_event(store_db):
    """The most active customer's history lists their products with views, carts and purchases."""
    # Setup
    customer = int(queries.active_customers(store_db, limit=1)["customer_id"].iloc[0])
    # Run
    history = queries.customer_history(store_db, customer)
    # Assert
    assert len(history) == queries.active_customers(store_db, limit=1)["products"].iloc[0]
    assert (history[["views", "carts", "purchases"]].sum(axis=1) > 0).all()


def test_interaction_log_maps_and_filters_columns(upload_log):
    """An uploaded log is read through the chosen columns, keeping only the chosen events and values."""
    # Setup
    db, table = upload_log("clicks.csv", "who,what,kind,stars\na,x,view,5\na,y,buy,2\nb,x,buy,4\n")
    # Run
    everything, total = queries.interaction_log(db, table, "who", "what")
    bought, _ = queries.interaction_log(db, table, "who", "what", event_column="kind", events=["buy"])
    liked, _ = queries.interaction_log(db, table, "who", "what", value_column="stars", min_value=4)
    # Assert
    assert total == 3 and len(everything) == 3 and list(everything.columns) == ["user_id", "item_id"]
    assert bought.values.tolist() == [["a", "y"], ["b", "x"]]
    assert liked.values.tolist() == [["a", "x"], ["b", "x"]]
    with pytest.raises(QueryError, match="no column 'user'"):
        queries.interaction_log(db, table, "user", "what")
