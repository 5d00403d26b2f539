"""Headline figures of the shipped (simulated) datasets for the home page, computed live by the data layer
(`dashboard/data/headline_queries.py`) and worded here."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import SessionDatabase, headline_queries


@dataclass(frozen=True)
class Headline:
    """One figure: what it is, its formatted value, and a plain-words note under it."""

    dataset: str
    label: str
    value: str
    note: str


def headline_figures(database: SessionDatabase) -> list[Headline]:
    """A few figures per sample dataset that show its scale and the problem each demo works on."""
    store = headline_queries.store_totals(database)
    bank = headline_queries.bank_totals(database)
    school = headline_queries.education_totals(database)
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
