"""precision@k, the IsolationForest baseline, risk-warning data and the transaction features."""

import numpy as np
import pandas as pd
import pytest

from engines.anomaly import isolation_forest_scores, precision_at_k, risk_warnings, transaction_features
from engines.errors import InvalidDataError


def test_precision_at_k_by_hand():
    """Two of the top three scores are positives."""
    labels = np.array([1, 0, 1, 0, 0, 1])
    scores = np.array([0.9, 0.8, 0.7, 0.1, 0.2, 0.05])
    assert precision_at_k(labels, scores, 3) == pytest.approx(2 / 3)
    assert precision_at_k(labels, scores, 100) == pytest.approx(0.5)


def test_isolation_forest_ranks_outliers_first():
    """Far-away rows get the highest IsolationForest scores."""
    rng = np.random.default_rng(0)
    train = pd.DataFrame({"x": rng.normal(size=500), "kind": rng.choice(["a", "b"], 500)})
    test = pd.concat([train.head(100), pd.DataFrame({"x": [15.0, -15.0], "kind": ["a", "b"]})], ignore_index=True)
    scores = isolation_forest_scores(train, test)
    assert set(np.argsort(-scores)[:2]) == {100, 101}


def test_risk_warnings_lists_drivers_and_accounts():
    """The top flags come first with their biggest error features; flagged rows add up per account."""
    # Setup
    rows = pd.DataFrame({"customer_id": [1, 1, 2, 3], "amount": [10.0, 20.0, 5.0, 1.0]})
    errors = pd.DataFrame({"amount_z": [9.0, 1.0, 1.0, 0.5], "hour": [1.0, 8.0, 0.5, 0.5]})
    scores = errors.mean(axis=1).to_numpy()
    # Run
    report = risk_warnings(rows, scores, errors, title="t", period="p", top_k=2, flag_share=0.5)
    # Assert
    assert [f["amount"] for f in report.flags] == [10.0, 20.0]
    assert report.flags[0]["drivers"][0]["feature"] == "amount_z"
    assert report.flags[1]["drivers"][0]["feature"] == "hour"
    assert report.accounts[0] == {"customer_id": 1, "flagged_rows": 2, "max_score": 5.0, "flagged_amount": 30.0}
    assert sum(b["rows"] for b in report.score_histogram) == 4
    with pytest.raises(InvalidDataError):
        risk_warnings(rows.head(2), scores, errors, title="t", period="p")


def test_transaction_features_look_only_backwards():
    """Amount vs usual, a new device, a new country and payments in the last hour use earlier rows only."""
    # Setup: customer 7 pays twice at home, then from a new device abroad three minutes later
    transactions = pd.DataFrame({
        "customer_id": [7, 8, 7, 7],
        "transaction_time": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-02 12:00",
                                            "2024-01-02 12:03"]),
        "amount": [10.0, 50.0, 10.0, 1000.0],
        "country": ["US", "US", "US", "FR"],
        "channel": ["online", "in_store", "online", "online"],
        "device_id": ["d1", None, "d1", "d2"],
        "merchant_category": ["grocery", "fuel", "grocery", "electronics"],
        "device": ["ios_app", "card_terminal", "ios_app", "web_desktop"],
    })
    # Run
    features = transaction_features(transactions)
    # Assert
    last = features.iloc[3]
    assert last["new_device"] == 1 and features.iloc[2]["new_device"] == 0
    assert last["abroad"] == 1 and last["new_country"] == 1
    assert last["payments_last_hour"] == 1 and features.iloc[2]["payments_last_hour"] == 0
    assert last["amount_vs_usual"] == pytest.approx(np.log(1000) - np.log(10))
    assert list(features.index) == list(transactions.index)
