"""Our quality scores agree with SDMetrics 0.32's single-table QualityReport (a dev-only reference)."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

from engines.evaluation import quality_report
from tests.engines.evaluation.tables import CUSTOMER_COLUMN_TYPES, customer_table

with warnings.catch_warnings():
    # SDMetrics deprecates the single-table report in favour of a unified one with the same properties.
    warnings.simplefilter("ignore", FutureWarning)
    sdmetrics_single_table = pytest.importorskip("sdmetrics.reports.single_table")

TOLERANCE = 0.005


def _noisy_resample(real: pd.DataFrame, seed: int, noise: float) -> pd.DataFrame:
    """A bootstrap resample with Gaussian noise (noise x std) on floats: scores neither 1 nor trivial."""
    rng = np.random.default_rng(seed)
    synthetic = real.sample(len(real), replace=True, random_state=seed).reset_index(drop=True)
    for column in synthetic.columns:
        if pd.api.types.is_float_dtype(synthetic[column]):
            synthetic[column] += rng.normal(0, noise * synthetic[column].std(), len(synthetic))
    return synthetic


def _wine():
    real = load_wine(as_frame=True).frame
    real["target"] = real["target"].map({0: "cultivar_a", 1: "cultivar_b", 2: "cultivar_c"})
    column_types = {column: "numerical" for column in real.columns} | {"target": "categorical"}
    return real, _noisy_resample(real, seed=1, noise=0.3), column_types


def _diabetes():
    real = load_diabetes(as_frame=True, scaled=False).frame
    real["sex"] = real["sex"].astype(int).astype(str)
    column_types = {column: "numerical" for column in real.columns} | {"sex": "categorical"}
    return real, _noisy_resample(real, seed=2, noise=0.5), column_types


def _breast_cancer():
    real = load_breast_cancer(as_frame=True).frame
    real["target"] = real["target"].map({0: "malignant", 1: "benign"}).astype("category")
    real["radius_band"] = pd.qcut(real["mean radius"], 4, labels=["small", "medium", "large", "huge"])
    column_types = {column: "numerical" for column in real.columns}
    column_types |= {"target": "categorical", "radius_band": "ordinal"}
    return real, _noisy_resample(real, seed=3, noise=0.4), column_types


def _customers():
    real = customer_table(3000, seed=0)
    synthetic = customer_table(2500, seed=5, age_shift=3)
    return real, synthetic, CUSTOMER_COLUMN_TYPES


def _sdmetrics_scores(real, synthetic, column_types):
    metadata = {"columns": {column: {"sdtype": sdtype} for column, sdtype in column_types.items()}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = sdmetrics_single_table.QualityReport()
        report.generate(real, synthetic, metadata, verbose=False)
    properties = report.get_properties().set_index("Property")["Score"]
    return report, properties


@pytest.mark.parametrize("make_tables", [_wine, _diabetes, _breast_cancer, _customers])
def test_scores_agree_with_sdmetrics(make_tables):
    """Overall, property, column and pair scores are within 0.005 of SDMetrics'; the same pairs count."""
    # Setup
    real, synthetic, column_types = make_tables()
    report, properties = _sdmetrics_scores(real, synthetic, column_types)

    # Run
    ours = quality_report(real, synthetic, column_types)

    # Assert
    assert 0.5 < ours.overall_score < 0.99
    assert ours.overall_score == pytest.approx(report.get_score(), abs=TOLERANCE)
    assert ours.column_shapes_score == pytest.approx(properties["Column Shapes"], abs=TOLERANCE)
    assert ours.column_pair_trends_score == pytest.approx(properties["Column Pair Trends"], abs=TOLERANCE)

    shapes = report.get_details("Column Shapes")
    shapes = shapes.merge(ours.column_shapes, left_on="Column", right_on="column")
    assert len(shapes) == len(ours.column_shapes)
    assert (shapes["Metric"] == shapes["metric"]).all()
    np.testing.assert_allclose(shapes["score"], shapes["Score"], atol=TOLERANCE)

    pairs = report.get_details("Column Pair Trends").merge(
        ours.column_pair_trends, left_on=["Column 1", "Column 2"], right_on=["column_1", "column_2"]
    )
    assert len(pairs) == len(ours.column_pair_trends)
    assert (pairs["Metric"] == pairs["metric"]).all()
    theirs_counted = pairs["Meets Threshold?"].fillna(False).astype(bool)
    assert (theirs_counted == pairs["meets_threshold"]).all()
    assert theirs_counted.sum() > 0
    np.testing.assert_allclose(
        pairs.loc[theirs_counted, "score"], pairs.loc[theirs_counted, "Score"], atol=TOLERANCE
    )
