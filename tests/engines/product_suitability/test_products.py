"""Product suggestions: the suitability rule is never broken, the model beats popularity on held-out holdings,
Recall@k by hand, and the generated copy is faithful and tagged. Fitting, save/load and bad input are checked
for every model in tests/engines/test_model_protocol.py."""

import numpy as np
import pandas as pd
import pytest

from engines.product_suitability import (
    ProductPopularityBaseline,
    ProductRecommender,
    evaluate_recommenders,
    facts_check,
    holdings_matrix,
    marketing_copy,
    recall_at_k,
    recommend,
    split_holdings,
    suitable,
)
from sample_data.catalog import SAMPLE_DATA_DIR


@pytest.fixture(scope="module")
def bank():
    folder = SAMPLE_DATA_DIR / "bank"
    customers = pd.read_parquet(folder / "customers.parquet").head(3000)
    holdings = pd.read_parquet(folder / "holdings.parquet")
    return customers, holdings[holdings["customer_id"].isin(customers["customer_id"])], pd.read_parquet(folder / "products.parquet")


def test_recall_at_k_by_hand():
    """One of two held-out items in the top 2, and a customer with one held out found: (0.5 + 1) / 2."""
    assert recall_at_k([[1, 2, 3], [4, 5]], [{2, 9}, {4}], k=2) == pytest.approx(0.75)


def test_model_beats_popularity_and_respects_the_rule(bank):
    """On held-out holdings the conditional model has higher Recall@5 than popularity; no suggestion is riskier
    than the customer's tolerance or already held."""
    # Setup
    customers, holdings, products = bank
    split = split_holdings(customers, holdings, seed=0)
    # Run
    model = ProductRecommender(random_state=0).fit(split.train_customers, split.train_holdings, products["product_id"])
    popularity = ProductPopularityBaseline().fit(split.train_customers, split.train_holdings,
                                                 products["product_id"])
    table = evaluate_recommenders({"model": model, "popularity": popularity}, split, products).set_index("recommender")
    # Assert
    assert table.loc["model", "recall_at_5"] > table.loc["popularity", "recall_at_5"] + 0.03
    scores = model.predict_proba(split.test_customers, split.input_holdings)
    ids = products["product_id"].to_numpy()
    held = holdings_matrix(split.input_holdings, split.test_customers["customer_id"].to_numpy(), ids)
    allowed = suitable(products["risk_level"].to_numpy(), split.test_customers["risk_tolerance"].to_numpy())
    picks = recommend(scores, held, allowed, ids, k=5)
    risk = dict(zip(ids, products["risk_level"]))
    tolerance = split.test_customers["risk_tolerance"].to_numpy()
    assert all(risk[p] <= tolerance[i] for i, row in enumerate(picks) for p in row)
    assert all(not held[i, np.searchsorted(ids, p)] for i, row in enumerate(picks) for p in row)


def test_marketing_copy_is_faithful_and_tagged(bank):
    """Numbers in the copy come from the catalogue; the provenance names the generator and says AI-generated."""
    customers, _, products = bank
    customer, product = customers.iloc[0], products.iloc[8]
    copy = marketing_copy(customer, product, score=0.4)
    assert product["name"] in copy.text
    assert copy.provenance["ai_generated"] and copy.provenance["facts_check"] == "passed"
    assert copy.provenance["human_review"] == "not reviewed"
    assert not facts_check(copy.text + " Now with 9.99% cashback!", product)
    assert marketing_copy(customer, product, seed=0).text == marketing_copy(customer, product, seed=0).text
