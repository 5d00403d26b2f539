"""Headline figures of the shipped (simulated) datasets for the home page, computed live with DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import SessionDatabase


@dataclass(frozen=True)
class Headline:
    """One figure: what it is, its formatted value, and a plain-words note under it."""

    dataset: str
    label: str
    value: str
    note: str


def headline_figures(database: SessionDatabase) -> list[Headline]:
    """A few figures per sample dataset that show its scale and the problem each demo works on."""
    store = database.query_frame(
        """
        SELECT (SELECT sum(order_value) FROM ecommerce.orders) AS revenue,
               (SELECT count(*) FROM ecommerce.orders) AS orders,
               (SELECT count(DISTINCT session_id) FILTER (WHERE event_type = 'purchase')
                       / count(DISTINCT session_id) FROM ecommerce.events) AS conversion,
               (SELECT count(*) FROM ecommerce.products) AS products
        """
    ).iloc[0]
    bank = database.query_frame(
        """
        SELECT (SELECT count(*) FROM bank.transactions) AS transactions,
               (SELECT avg(is_fraud::DOUBLE) FROM bank.transactions) AS fraud_rate,
               (SELECT avg(defaulted::DOUBLE) FROM bank.loan_applications) AS default_rate
        """
    ).iloc[0]
    school = database.query_frame(
        """
        SELECT (SELECT count(*) FROM education.students) AS students,
               (SELECT count(*) FROM education.attempts) AS attempts,
               (SELECT avg(correct::DOUBLE) FROM education.attempts) AS accuracy,
               (SELECT count(*) FROM education.skills) AS skills
        """
    ).iloc[0]
    return [
        Headline("E-commerce", "Revenue", f"${store.revenue / 1e6:,.2f}M",
                 f"{store.orders:,.0f} orders over {store.products:,.0f} products"),
        Headline("E-commerce", "Session conversion", f"{store.conversion:.1%}",
                 "of browsing sessions end in a purchase"),
        Headline("Retail bank", "Card transactions", f"{bank.transactions:,.0f}",
                 f"of which {bank.fraud_rate:.2%} are fraud: a needle in a haystack"),
        Headline("Retail bank", "Loan default rate", f"{bank.default_rate:.1%}", "of personal-loan applications"),
        Headline("Education", "Exercise attempts", f"{school.attempts:,.0f}",
                 f"by {school.students:,.0f} students on {school.skills:,.0f} skills"),
        Headline("Education", "Answered correctly", f"{school.accuracy:.1%}", "of all attempts"),
    ]
