"""Seeded test tables for the evaluation tests: a customer table with every column type and missing values."""

import numpy as np
import pandas as pd

CUSTOMER_COLUMN_TYPES = {
    "customer_id": "id",
    "age": "numerical",
    "income": "numerical",
    "segment": "categorical",
    "churned": "boolean",
    "signup": "datetime",
    "region": "categorical",
}


def customer_table(n_rows: int, seed: int, age_shift: float = 0.0) -> pd.DataFrame:
    """Customers whose segment, churn and signup date depend on age; about 5-10% missing in four columns."""
    rng = np.random.default_rng(seed)
    age = rng.normal(40 + age_shift, 12, n_rows).round()
    income = np.exp(rng.normal(10, 0.5, n_rows)) + 300 * age
    segment = np.where(
        age + rng.normal(0, 8, n_rows) > 45, "senior", np.where(rng.random(n_rows) < 0.5, "young", "mid")
    )
    churned = rng.random(n_rows) < np.where(segment == "senior", 0.5, 0.1)
    signup = pd.Timestamp("2020-01-01") + pd.to_timedelta(
        (age * 20 + rng.normal(0, 60, n_rows)).astype(int), unit="D"
    )
    table = pd.DataFrame(
        {
            "customer_id": np.arange(n_rows) + 1000 * seed,
            "age": age,
            "income": income,
            "segment": segment.astype(object),
            "churned": churned.astype(object),
            "signup": signup,
            "region": rng.choice(list("NSEW"), n_rows, p=[0.4, 0.3, 0.2, 0.1]),
        }
    )
    table.loc[rng.random(n_rows) < 0.1, "income"] = np.nan
    table.loc[rng.random(n_rows) < 0.05, "segment"] = None
    table.loc[rng.random(n_rows) < 0.05, "signup"] = pd.NaT
    table.loc[rng.random(n_rows) < 0.03, "churned"] = None
    return table
