"""The home page's headline totals and the education attempt-number curve agree with pandas on the shipped
Parquet files."""

import pandas as pd
import pytest

from dashboard.data import education_queries, headline_queries
from sample_data.catalog import SAMPLE_DATA_DIR


def _table(dataset: str, name: str) -> pd.DataFrame:
    return pd.read_parquet(SAMPLE_DATA_DIR / dataset / f"{name}.parquet")


def test_store_totals_match_pandas(database):
    """Revenue, orders, conversion and products equal the same sums over the Parquet files."""
    # Setup
    orders, events = _table("ecommerce", "orders"), _table("ecommerce", "events")
    bought = events.loc[events["event_type"] == "purchase", "session_id"].nunique()

    # Run
    totals = headline_queries.store_totals(database)

    # Assert
    assert totals.revenue == pytest.approx(orders["order_value"].astype("float64").sum(), rel=1e-9)
    assert totals.orders == len(orders)
    assert totals.conversion == pytest.approx(bought / events["session_id"].nunique())
    assert totals.products == len(_table("ecommerce", "products"))


def test_bank_and_education_totals_match_pandas(database):
    """Transactions, fraud and default rates; students, attempts, share right and skills."""
    # Setup
    transactions, attempts = _table("bank", "transactions"), _table("education", "attempts")

    # Run
    bank, school = headline_queries.bank_totals(database), headline_queries.education_totals(database)

    # Assert
    assert bank.transactions == len(transactions)
    assert bank.fraud_rate == pytest.approx(transactions["is_fraud"].mean())
    assert bank.default_rate == pytest.approx(_table("bank", "loan_applications")["defaulted"].mean())
    assert (school.students, school.attempts) == (len(_table("education", "students")), len(attempts))
    assert school.accuracy == pytest.approx(attempts["correct"].mean())
    assert school.skills == len(_table("education", "skills"))


def test_accuracy_by_attempt_number_matches_pandas(database):
    """The share right at each student's n-th answer (in time order), for n up to the limit."""
    # Setup
    attempts = _table("education", "attempts").sort_values(["student_id", "attempted_at", "attempt_id"])
    attempts["nth"] = attempts.groupby("student_id").cumcount() + 1
    expected = attempts[attempts["nth"] <= 12].groupby("nth")["correct"].mean()

    # Run
    curve = education_queries.accuracy_by_attempt_number(database, 12)

    # Assert
    assert curve["attempt"].tolist() == list(range(1, 13))
    assert curve["accuracy"].to_numpy() == pytest.approx(expected.to_numpy())
