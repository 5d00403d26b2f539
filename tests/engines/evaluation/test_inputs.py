"""Bad input gets a clear `InvalidDataError` (a `ValueError`); every figure has a one-line explanation."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from engines.errors import InvalidDataError, InvalidParameterError
from engines.evaluation import (
    EXPLANATIONS,
    DetectionResult,
    EfficacyResult,
    PrivacyResult,
    QualityResult,
    detection_report,
    efficacy_report,
    privacy_report,
    quality_report,
)
from tests.engines.evaluation.tables import customer_table

REAL = customer_table(60, seed=0)
OTHER = customer_table(60, seed=1)


REPORTS = {
    "quality": lambda real, other: quality_report(real, other),
    "detection": lambda real, other: detection_report(real, other),
    "efficacy": lambda real, other: efficacy_report(real, other, "churned"),
    "privacy": lambda real, other: privacy_report(real, other, other),
}
BAD_TABLES = {
    "empty": (REAL.iloc[:0], OTHER, "empty"),
    "missing column": (REAL, OTHER.drop(columns="region"), "missing from synthetic: \\['region'\\]"),
    "not a frame": (REAL.to_numpy(), OTHER, "must be a pandas DataFrame"),
}


@pytest.mark.parametrize("report", REPORTS.values(), ids=REPORTS.keys())
@pytest.mark.parametrize(("real", "other", "message"), BAD_TABLES.values(), ids=BAD_TABLES.keys())
def test_every_report_rejects_empty_and_mismatched_tables(report, real, other, message):
    """Empty tables, missing columns and non-DataFrames are refused with the problem named."""
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        report(real, other)


def test_metadata_errors_name_the_column():
    """Unknown columns or sdtypes in the metadata are refused; partial metadata is completed by detection, and
    SDMetrics' type names read as the lab's."""
    # Run / Assert
    with pytest.raises(InvalidDataError, match="not in the data: \\['salary'\\]"):
        quality_report(REAL, OTHER, {"salary": "numerical"})
    with pytest.raises(InvalidDataError, match="'age' has sdtype 'number'"):
        quality_report(REAL, OTHER, {"age": "number"})
    with pytest.raises(InvalidDataError, match="every column is an id"):
        quality_report(REAL[["customer_id"]], OTHER[["customer_id"]])
    with pytest.raises(InvalidDataError, match="holds non-numbers"):
        quality_report(REAL, OTHER, {"segment": "numerical"})
    inferred = quality_report(REAL, OTHER, {"churned": "boolean"}).column_types
    assert inferred == {
        "customer_id": "id", "age": "integer", "income": "continuous", "segment": "categorical",
        "churned": "boolean", "signup": "datetime", "region": "categorical",
    }
    sdv_style = {"columns": {"age": {"sdtype": "categorical"}, "income": {"sdtype": "numerical"}}}
    assert quality_report(REAL, OTHER, sdv_style).column_types == inferred | {"age": "categorical"}


def test_efficacy_rejects_missing_or_single_class_targets():
    """A target that is absent or holds one class cannot be learnt."""
    # Setup
    one_class = OTHER.assign(churned=True)

    # Run / Assert
    with pytest.raises(InvalidDataError, match="Target column 'revenue' is not in the data"):
        efficacy_report(REAL, OTHER, "revenue")
    with pytest.raises(InvalidDataError, match="single class"):
        efficacy_report(REAL.assign(churned=True), one_class, "churned")
    with pytest.raises(InvalidDataError, match="fewer than 2 of the real classes in the synthetic data"):
        efficacy_report(REAL, one_class, "churned")
    with pytest.raises(InvalidDataError, match="datetime"):
        efficacy_report(REAL, OTHER, "signup", task="classification")
    with pytest.raises(InvalidParameterError, match="task must be"):
        efficacy_report(REAL, OTHER, "churned", task="ranking")
    assert issubclass(InvalidDataError, ValueError)


def test_single_column_table_has_no_pairs():
    """With one column there is no pair: the pair score is NaN and the overall score is the shapes score."""
    # Run
    result = quality_report(REAL[["age"]], OTHER[["age"]])

    # Assert
    assert result.column_pair_trends.empty
    assert np.isnan(result.column_pair_trends_score)
    assert result.overall_score == result.column_shapes_score


def test_every_figure_has_a_one_line_explanation():
    """Each metric name and each score field a UI shows has a single-line explanation."""
    # Setup
    quality = quality_report(REAL, OTHER)
    shown = set(quality.column_shapes["metric"]) | set(quality.column_pair_trends["metric"])
    shown |= {"overall_score", "column_shapes_score", "column_pair_trends_score"}
    shown |= {"detection_auc", "detection_score", "trtr_score", "tstr_score", "efficacy_ratio"}
    shown |= {"dcr_synthetic_to_train", "dcr_holdout_to_train", "exact_copy_share"}
    shown |= {"membership_inference_auc", "privacy_verdict"}
    fields = {f.name for cls in (QualityResult, DetectionResult, EfficacyResult, PrivacyResult)
              for f in dataclasses.fields(cls)}

    # Assert
    assert shown <= set(EXPLANATIONS)
    assert {"overall_score", "trtr_score", "tstr_score", "exact_copy_share"} <= fields
    assert "membership_inference_auc" in fields
    for text in EXPLANATIONS.values():
        assert text and "\n" not in text and len(text) < 200


def test_datetime_strings_and_units_are_accepted():
    """Dates given as text, or in another resolution, are compared as the same instants."""
    # Setup
    real = pd.DataFrame({"when": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])})
    as_text = pd.DataFrame({"when": ["2024-01-01", "2024-02-01", "2024-03-01"]})
    as_seconds = real.astype({"when": "datetime64[s]"})

    # Run / Assert
    assert quality_report(real, as_text, {"when": "datetime"}).overall_score == 1.0
    assert quality_report(real, as_seconds).overall_score == 1.0
