"""Scoring a synthetic table into a StudioReport: chart data on hand-made columns, and the four checks."""

import math

import numpy as np
import pandas as pd

from dashboard.studio.evaluation import column_distribution, evaluate_synthetic
from dashboard.studio.report import StudioReport
from engines.evaluation import EXPLANATIONS
from tests.dashboard.studio.conftest import TABLE_TYPES, mixed_table


def _empty_report() -> StudioReport:
    return StudioReport("k", "Test", "test", "quick", "t", 0, 0, 0, 0.0)


def test_categorical_distribution_counts_top_values_and_other():
    """Shares are computed over the real data's top categories; values outside them fall in '(other)'."""
    # Setup
    real = pd.Series(["a"] * 6 + ["b"] * 4, name="c")
    synthetic = pd.Series(["a"] * 5 + ["b"] * 3 + ["z"] * 2, name="c")
    # Run
    result = column_distribution(real, synthetic, "categorical", "TVComplement", 0.8)
    # Assert
    assert result.labels == ["a", "b", "(other)"]
    assert result.real_share == [0.6, 0.4, 0.0]
    assert result.synthetic_share == [0.5, 0.3, 0.2]


def test_numeric_distribution_uses_shared_bins_and_clips_outliers():
    """Both sides are binned on the real 1st-99th percentile range; far values count in the end bins."""
    # Setup
    real = pd.Series(np.arange(1, 101, dtype=float), name="n")
    synthetic = pd.Series([-1_000.0] * 10 + [50.0] * 80 + [1_000.0] * 10, name="n")
    # Run
    result = column_distribution(real, synthetic, "continuous", "KSComplement", 0.5)
    # Assert
    assert result.kind == "numeric" and len(result.labels) == 20
    assert math.isclose(sum(result.real_share), 1.0) and math.isclose(sum(result.synthetic_share), 1.0)
    assert result.synthetic_share[0] == 0.1 and result.synthetic_share[-1] == 0.1
    assert result.lower[0] == np.percentile(real, 1) and result.upper[-1] == np.percentile(real, 99)


def test_copied_rows_score_perfect_quality_and_high_privacy_risk():
    """A 'synthetic' table that copies the training rows is indistinguishable and flagged as a privacy risk."""
    # Setup
    table = mixed_table(300)
    train, holdout = table.iloc[:240].reset_index(drop=True), table.iloc[240:].reset_index(drop=True)
    # Run
    report = evaluate_synthetic(_empty_report(), train, holdout, train.copy(), TABLE_TYPES, target="member")
    # Assert
    assert report.notes == []
    assert report.explain("detection_auc") == EXPLANATIONS["detection_auc"]
    assert math.isclose(report.quality_score, 1.0)
    assert report.detection_score > 0.8
    assert report.privacy.exact_copy_share == 1.0 and report.privacy_risk == "high"
    assert report.efficacy.target == "member" and 0.8 < report.efficacy.ratio < 1.2
    assert [d.column for d in report.distributions] == list(TABLE_TYPES)
    assert report.association_columns == list(TABLE_TYPES)


def test_independent_noise_scores_lower_and_a_failed_check_becomes_a_note():
    """Shuffled columns lose the relationships; a target with one class in the synthetic rows leaves a note."""
    # Setup
    table = mixed_table(300)
    train, holdout = table.iloc[:240].reset_index(drop=True), table.iloc[240:].reset_index(drop=True)
    rng = np.random.default_rng(1)
    shuffled = train.apply(lambda column: column.sample(frac=1, random_state=rng.integers(1_000)).to_numpy())
    shuffled["member"] = True
    # Run
    report = evaluate_synthetic(_empty_report(), train, holdout, shuffled, TABLE_TYPES, target="member")
    # Assert
    assert report.column_pair_trends_score < 0.9
    assert report.efficacy is None
    assert len(report.notes) == 1 and report.notes[0].startswith("Machine-learning efficacy could not be measured")
    assert not math.isnan(report.quality_score) and report.privacy is not None

