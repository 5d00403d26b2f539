"""Fixtures for the Studio's building blocks: a small mixed-type table, its column types, a fitted copula."""

import numpy as np
import pandas as pd
import pytest

from dashboard.studio.report import EfficacySummary, PrivacySummary, StudioReport
from engines.evaluation import EXPLANATIONS

TABLE_TYPES = {"age": "integer", "income": "continuous", "region": "categorical", "member": "boolean"}


def mixed_table(rows: int = 300, seed: int = 0) -> pd.DataFrame:
    """Ages, incomes that grow with age, a region and a membership flag that depends on income."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, rows)
    income = 20_000 + 900 * age + rng.normal(0, 5_000, rows)
    region = rng.choice(["north", "south", "east", "=west"], rows, p=[0.4, 0.3, 0.2, 0.1])
    member = income + rng.normal(0, 8_000, rows) > np.median(income)
    return pd.DataFrame({"age": age, "income": income.round(2), "region": region, "member": member})


@pytest.fixture
def table() -> pd.DataFrame:
    """300 rows of ``mixed_table``."""
    return mixed_table()


def make_report(key: str, quality: float, detection: float, efficacy: float | None = None, risk: str = "low",
                fit_seconds: float = 1.0, kind: str = "tabular_gan") -> StudioReport:
    """A hand-made report with the given scores (for leaderboard and rendering tests)."""
    report = StudioReport(key=key, generator=key, kind=kind, preset="quick", table="t", n_train_rows=100,
                          n_holdout_rows=25, n_synthetic_rows=100, fit_seconds=fit_seconds,
                          quality_score=quality, detection_score=detection, detection_auc=1 - detection / 2,
                          explanations=dict(EXPLANATIONS))
    if efficacy is not None:
        report.efficacy = EfficacySummary("member", "classification", "roc_auc", 0.8, 0.8 * efficacy, efficacy)
    report.privacy = PrivacySummary(0.2, 0.2, 1.0, 0.0, 0.0, 0.5, risk, f"{risk} risk")
    return report
