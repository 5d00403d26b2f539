"""The banking page's SQL on the shipped (simulated) bank."""

import pytest

from dashboard.data import SessionDatabase, bank_queries


@pytest.fixture(scope="module")
def db():
    database = SessionDatabase()
    yield database
    database.close()


def test_kpis_match_the_shipped_data(db):
    """About 0.3% of 200k transactions are fraud and about 11% of loans defaulted."""
    kpis = bank_queries.bank_kpis(db)
    assert kpis["customers"] == 10_000
    assert 0.002 < kpis["fraud_rate"] < 0.004
    assert 0.08 < kpis["default_rate"] < 0.14


def test_customer_lookups(db):
    """A picked customer has a profile and holdings with product names and risk levels."""
    choices = bank_queries.customer_choices(db, [7, 14, 21, 999_999])
    assert len(choices) == 3
    customer_id = int(choices["customer_id"].iloc[0])
    assert len(bank_queries.customer_profile(db, customer_id)) == 1
    holdings = bank_queries.customer_holdings(db, customer_id)
    assert len(holdings) == choices["n_products_held"].iloc[0]
    assert {"name", "risk_level"} <= set(holdings.columns)
    assert bank_queries.customer_profile(db, -1).empty
