"""SQL for the home page's headline figures: one row of totals per shipped (simulated) dataset. Every function
takes the session's database and returns that row as a Series whose labels are the figures' names."""

from __future__ import annotations

import pandas as pd

from dashboard.data.database import SessionDatabase


def store_totals(db: SessionDatabase) -> pd.Series:
    """The e-commerce store: `revenue` (sum of order values), `orders`, `conversion` (share of browsing sessions
    with a purchase) and `products`."""
    return db.query_frame(
        """
        SELECT (SELECT sum(order_value) FROM ecommerce.orders) AS revenue,
               (SELECT count(*) FROM ecommerce.orders) AS orders,
               (SELECT count(DISTINCT session_id) FILTER (WHERE event_type = 'purchase')
                       / count(DISTINCT session_id) FROM ecommerce.events) AS conversion,
               (SELECT count(*) FROM ecommerce.products) AS products
        """
    ).iloc[0]


def bank_totals(db: SessionDatabase) -> pd.Series:
    """The retail bank: card `transactions`, their `fraud_rate`, and the loan applications' `default_rate`."""
    return db.query_frame(
        """
        SELECT (SELECT count(*) FROM bank.transactions) AS transactions,
               (SELECT avg(is_fraud::DOUBLE) FROM bank.transactions) AS fraud_rate,
               (SELECT avg(defaulted::DOUBLE) FROM bank.loan_applications) AS default_rate
        """
    ).iloc[0]


def education_totals(db: SessionDatabase) -> pd.Series:
    """The practice platform: `students`, `attempts`, `accuracy` (share of attempts right) and `skills`."""
    return db.query_frame(
        """
        SELECT (SELECT count(*) FROM education.students) AS students,
               (SELECT count(*) FROM education.attempts) AS attempts,
               (SELECT avg(correct::DOUBLE) FROM education.attempts) AS accuracy,
               (SELECT count(*) FROM education.skills) AS skills
        """
    ).iloc[0]
