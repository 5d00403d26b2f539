"""SQL for the Retail banking risk page: headline figures of the shipped bank, fraud by pattern and month,
defaults by age band, customer look-ups for product suggestions, the FAQ, and reading an uploaded labelled table.
Every function takes the session's database; the shipped bank lives in the `bank` schema."""

from __future__ import annotations

import pandas as pd

from dashboard.data.database import SessionDatabase
from dashboard.data.errors import QueryError

BANK = "bank"
MAX_UPLOAD_ROWS = 500_000


def bank_kpis(db: SessionDatabase) -> dict[str, float]:
    """Customers, transactions, fraud rows and rate, loan applications and default rate."""
    row = db.query_frame(f"""
        SELECT (SELECT count(*) FROM {BANK}.customers) AS customers,
               t.transactions, t.fraud_rows, t.fraud_rows / t.transactions AS fraud_rate,
               l.applications, l.default_rate
        FROM (SELECT count(*) AS transactions, sum(is_fraud) AS fraud_rows FROM {BANK}.transactions) t,
             (SELECT count(*) AS applications, avg(defaulted) AS default_rate FROM {BANK}.loan_applications) l
    """).iloc[0]
    return {key: float(value) for key, value in row.items()}


def fraud_by_pattern(db: SessionDatabase) -> pd.DataFrame:
    """Per fraud scheme (the simulator's truth, reported or not): rows, median amount, share online and share
    abroad, and the share the bank has on record as fraud."""
    return db.query_frame(f"""
        SELECT fraud_pattern, count(*) AS rows, median(amount) AS median_amount,
               avg((channel = 'online')::INT) AS share_online, avg((country <> 'US')::INT) AS share_abroad,
               avg(is_fraud) AS share_reported
        FROM {BANK}.transactions WHERE is_fraud_true = 1 GROUP BY fraud_pattern ORDER BY rows DESC""")


def fraud_by_month(db: SessionDatabase) -> pd.DataFrame:
    """Per calendar month: transactions, fraud rows and fraud rate (the bank's labels)."""
    return db.query_frame(f"""
        SELECT date_trunc('month', transaction_time) AS month, count(*) AS transactions, sum(is_fraud) AS fraud_rows,
               avg(is_fraud) AS fraud_rate
        FROM {BANK}.transactions GROUP BY 1 ORDER BY 1""")


def customer_choices(db: SessionDatabase, customer_ids: list[int]) -> pd.DataFrame:
    """The given customers for the product picker: id, age, segment, risk tolerance (and label), products held."""
    return db.query_frame(f"""
        SELECT customer_id, age, segment, risk_tolerance, risk_tolerance_label, n_products_held
        FROM {BANK}.customers WHERE list_contains(?, customer_id) ORDER BY customer_id""",
                          [[int(i) for i in customer_ids]])


def customer_profile(db: SessionDatabase, customer_id: int) -> pd.DataFrame:
    """One customer's row (empty when the id is unknown)."""
    return db.query_frame(f"SELECT * FROM {BANK}.customers WHERE customer_id = ?", [int(customer_id)])


def customer_holdings(db: SessionDatabase, customer_id: int) -> pd.DataFrame:
    """The products one customer holds, with name, type, risk level and opening date."""
    return db.query_frame(f"""
        SELECT h.customer_id, h.product_id, p.name, p.type, p.risk_level, h.opened_at
        FROM {BANK}.holdings h JOIN {BANK}.products p USING (product_id)
        WHERE h.customer_id = ? ORDER BY h.opened_at""", [int(customer_id)])


def products(db: SessionDatabase) -> pd.DataFrame:
    """The product catalogue."""
    return db.query_frame(f"SELECT * FROM {BANK}.products ORDER BY product_id")


def faq(db: SessionDatabase) -> pd.DataFrame:
    """The FAQ entries."""
    return db.query_frame(f"SELECT faq_id, topic, question, answer FROM {BANK}.faq ORDER BY faq_id")


def faq_examples(db: SessionDatabase, limit: int = 8) -> list[str]:
    """A few customer rewordings to suggest as example questions."""
    frame = db.query_frame(f"SELECT question FROM {BANK}.faq_paraphrases WHERE paraphrase_id % 29 = 1 LIMIT ?",
                           [int(limit)])
    return frame["question"].tolist()


def labelled_table(db: SessionDatabase, sql_name: str, max_rows: int = MAX_UPLOAD_ROWS) -> pd.DataFrame:
    """An uploaded labelled table as a DataFrame (refused beyond `max_rows` rows, with what to do)."""
    rows = db.row_count(sql_name)
    if rows > max_rows:
        raise QueryError(f"The table has {rows:,} rows; the comparison runs on up to {max_rows:,}. Upload a sample "
                         "or a shorter period.", key="data.bank.too_many_rows", rows=rows, max_rows=max_rows)
    return db.read_table(sql_name)
