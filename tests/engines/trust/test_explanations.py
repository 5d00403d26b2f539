"""SHAP explanations of gradient boosting: they add up to the model's margin, name the feature that matters,
give an ignored feature nothing, and refuse a model whose splits SHAP cannot read."""

import numpy as np
import pytest

from engines.errors import InvalidParameterError
from engines.rebalancing.classifiers import fit_classifier
from engines.trust.explanations import explain_trees, global_importance, numeric_codes_classifier, waterfall


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    rows = np.column_stack([rng.normal(size=2000), rng.normal(size=2000), rng.integers(0, 3, 2000).astype(float)])
    labels = (rows[:, 0] + 0.3 * rng.normal(size=2000) > 1.0).astype(int)  # only the first column matters
    return rows, labels


def test_values_add_up_and_find_the_feature_that_matters(data):
    """Local accuracy within 1e-6; the label's only cause ranks first and an unused column gets (almost) 0."""
    # Setup
    rows, labels = data
    model = numeric_codes_classifier(rows, labels, seed=0, params={"max_iter": 40})
    # Run
    explanation = explain_trees(model, rows[:300], ["cause", "noise", "code"])
    importance = global_importance(explanation)
    # Assert
    assert explanation.local_accuracy_gap < 1e-6
    assert importance.iloc[0]["feature"] == "cause"
    assert importance.set_index("feature").loc["cause", "share"] > 0.8
    assert importance["share"].sum() == pytest.approx(1.0)


def test_waterfall_runs_from_the_base_value_to_the_margin(data):
    """The last step ends at the case's margin; the steps are contiguous."""
    # Setup
    rows, labels = data
    model = numeric_codes_classifier(rows, labels, seed=0, params={"max_iter": 20})
    explanation = explain_trees(model, rows[:5], ["cause", "noise", "code"])
    # Run
    steps = waterfall(explanation, 2, max_features=2)
    # Assert
    assert steps.iloc[0]["start"] == pytest.approx(explanation.base_value)
    assert steps.iloc[-1]["end"] == pytest.approx(explanation.margins[2], abs=1e-6)
    assert np.allclose(steps["start"].to_numpy()[1:], steps["end"].to_numpy()[:-1])
    assert steps.iloc[-1]["feature"] == "1 other features"


def test_native_category_splits_are_refused(data):
    """SHAP misreads scikit-learn's categorical bit-set splits, so such a model gets a clear error."""
    # Setup
    rows, labels = data
    model = fit_classifier("gbm", rows, labels, None, np.array([False, False, True]), 0, {"max_iter": 10})
    # Run / Assert
    with pytest.raises(InvalidParameterError, match="categorical"):
        explain_trees(model, rows[:5], ["cause", "noise", "code"])
    with pytest.raises(InvalidParameterError, match="columns"):
        explain_trees(numeric_codes_classifier(rows, labels, params={"max_iter": 5}), rows[:5, :2], ["a", "b", "c"])
