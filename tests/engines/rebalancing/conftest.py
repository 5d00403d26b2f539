"""A small seeded labelled table: rare positives that depend on two features, a category, a date order and an
age band, so every part of the comparison has something to find."""

import numpy as np
import pandas as pd
import pytest


def labelled_frame(n_rows: int = 1200, positive_rate: float = 0.06, seed: int = 0) -> pd.DataFrame:
    """Positives are likelier with high `x1`, low `x2` and channel 'web'."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n_rows), rng.normal(size=n_rows)
    channel = rng.choice(["web", "store", "phone"], size=n_rows)
    logit = 1.8 * x1 - 1.2 * x2 + 1.0 * (channel == "web")
    threshold = np.quantile(logit + rng.logistic(size=n_rows), 1 - positive_rate)
    label = (logit + rng.logistic(size=n_rows) > threshold).astype(int)
    return pd.DataFrame({
        "row_id": np.arange(n_rows),
        "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.permutation(n_rows), unit="h"),
        "x1": x1, "x2": np.where(rng.random(n_rows) < 0.05, np.nan, x2), "channel": channel,
        "region": rng.choice(["north", "south"], size=n_rows),
        "band": rng.choice(["young", "old"], size=n_rows), "label": label,
    })


@pytest.fixture
def frame() -> pd.DataFrame:
    return labelled_frame()


@pytest.fixture
def labelled_frame_common() -> pd.DataFrame:
    """The same table with the rarer class at about 30% of rows."""
    return labelled_frame(600, 0.3)
