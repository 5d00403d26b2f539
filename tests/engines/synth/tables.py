"""Small seeded tables with every column type the generators must handle."""

import numpy as np
import pandas as pd


def mixed_table(n_rows: int = 300, seed: int = 0) -> pd.DataFrame:
    """Customers: an id, a rare category, integers, money with 2 decimals, a bounded score with nulls, a
    boolean, dates, a nullable category, a constant, and a numeric column that depends on the segment."""
    rng = np.random.default_rng(seed)
    segment = rng.choice(["gold", "silver", "bronze", "platinum"], n_rows, p=[0.25, 0.35, 0.35, 0.05])
    segment[:3] = "platinum"  # the rare level is present even in very small samples
    age = rng.integers(18, 80, n_rows)
    income = np.round(np.exp(rng.normal(10, 0.4, n_rows)) + np.where(segment == "gold", 30_000, 0), 2)
    score = np.clip(rng.normal(0.6, 0.2, n_rows), 0.0, 1.0)
    score[rng.random(n_rows) < 0.15] = np.nan
    city = pd.Series(rng.choice(["Paris", "Lyon", "Nice"], n_rows), dtype=object)
    city[rng.random(n_rows) < 0.2] = None
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n_rows)],
            "segment": segment,
            "age": age,
            "income": income,
            "score": score,
            "is_active": rng.random(n_rows) < 0.7,
            "signup_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 700, n_rows), "D"),
            "city": city,
            "country": "FR",
            "n_products": rng.integers(0, 4, n_rows),
        }
    )


# Small networks and few steps: the protocol tests check behaviour, not quality.
FAST_PARAMS = {
    "tabular_gan": {"epochs": 70, "max_steps": 200, "batch_size": 100, "generator_dims": (32, 32),
                    "critic_dims": (32, 32), "embedding_dim": 16, "learning_rate": 1e-3, "quality_checks": 2},
    "tabular_vae": {"epochs": 40, "max_steps": 120, "batch_size": 100, "encoder_dims": (32,),
                    "decoder_dims": (32,), "latent_dim": 8},
    "tabular_argn": {"epochs": 8, "max_steps": 100, "batch_size": 64, "hidden_dim": 16},
    "gaussian_copula": {},
}
