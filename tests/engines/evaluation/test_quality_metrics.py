"""Quality metrics on tiny tables whose scores are computed by hand in the comments."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats.contingency import association

from engines.evaluation import (
    association_matrices,
    contingency_similarity,
    correlation_similarity,
    cramers_v,
    ks_complement,
    quality_report,
    tv_complement,
)


def test_ks_complement_is_one_minus_largest_cdf_gap():
    """KSComplement = 1 - max |F_real - F_syn|, missing values dropped."""
    # Setup
    real = pd.Series([1.0, 2.0, 3.0, 4.0, np.nan])
    synthetic = pd.Series([3.0, 4.0, 5.0, 6.0])
    # CDFs at 1..6: real .25 .5 .75 1 1 1, synthetic 0 0 .25 .5 .75 1 -> largest gap .5 (at 2, 3 and 4)

    # Run
    score = ks_complement(real, synthetic)

    # Assert
    assert score == pytest.approx(0.5)


def test_ks_complement_on_dates_and_on_identical_columns():
    """Dates are compared as timestamps; identical columns score 1."""
    # Setup
    days = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"])
    later = pd.to_datetime(["2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06"])

    # Run / Assert: same layout as the numeric case above, so the same .5
    assert ks_complement(pd.Series(days), pd.Series(later)) == pytest.approx(0.5)
    assert ks_complement(pd.Series(days), pd.Series(days)) == 1.0
    assert np.isnan(ks_complement(pd.Series([np.nan, np.nan]), pd.Series([1.0])))


def test_tv_complement_is_one_minus_half_the_share_differences():
    """TVComplement = 1 - 0.5 * sum |p_real - p_syn| over the categories of both columns."""
    # Setup
    real = pd.Series(["a", "a", "b", "c", None])
    synthetic = pd.Series(["a", "b", "b", "d"])
    # real a .5 b .25 c .25; synthetic a .25 b .5 d .25 -> |diffs| .25 .25 .25 .25 -> TV .5

    # Run
    score = tv_complement(real, synthetic)

    # Assert
    assert score == pytest.approx(0.5)


def test_correlation_similarity_is_one_minus_half_the_rho_gap():
    """CorrelationSimilarity = 1 - |rho_real - rho_syn| / 2 (Pearson)."""
    # Setup
    real = pd.DataFrame({"x": [1, 2, 3], "y": [1, 2, 3]})  # rho = 1
    opposite = pd.DataFrame({"x": [1, 2, 3], "y": [3, 2, 1]})  # rho = -1
    # centred x = (-1, 0, 1), y = (-1, 1, 0): cov 1, variances 2 and 2 -> rho = .5
    half = pd.DataFrame({"x": [1, 2, 3], "y": [1, 3, 2]})

    # Run / Assert
    assert correlation_similarity(real, opposite) == pytest.approx(0.0)  # 1 - |1 - (-1)| / 2
    assert correlation_similarity(real, half) == pytest.approx(0.75)  # 1 - |1 - .5| / 2


def test_contingency_similarity_counts_missing_as_a_category():
    """ContingencySimilarity = 1 - TV distance of the joint tables; a missing value is its own category."""
    # Setup
    real = pd.DataFrame({"a": ["p", "p", "q", "q"], "b": ["x", "x", "y", "y"]})
    synthetic = pd.DataFrame({"a": ["p", "p", "q", "q"], "b": ["x", "y", "y", "y"]})
    # real (p,x) .5 (q,y) .5; synthetic (p,x) .25 (p,y) .25 (q,y) .5 -> |diffs| .25 + .25 -> TV .25
    with_missing = pd.DataFrame({"a": ["p", None], "b": ["x", "x"]})
    no_missing = pd.DataFrame({"a": ["p", "p"], "b": ["x", "x"]})
    # (p,x) .5 and (NaN,x) .5 against (p,x) 1 -> TV .5

    # Run / Assert
    assert contingency_similarity(real, synthetic) == pytest.approx(0.75)
    assert contingency_similarity(with_missing, no_missing) == pytest.approx(0.5)


def test_cramers_v_matches_the_chi_square_formula():
    """Cramer's V = sqrt(chi2 / (n * (min(rows, cols) - 1))), no continuity correction."""
    # Setup
    table = np.array([[10, 20], [30, 40]])
    # row totals 30, 70; column totals 40, 60; n = 100
    # chi2 = n * (sum O^2 / (R C) - 1) = 100 * (100/1200 + 400/1800 + 900/2800 + 1600/4200 - 1) = 0.7937
    # V = sqrt(0.7937 / 100) = 0.0891

    # Run / Assert
    assert cramers_v(table) == pytest.approx(0.0891, abs=1e-4)
    assert cramers_v(table) == pytest.approx(association(table, method="cramer"))
    assert cramers_v(np.array([[2, 0], [0, 2]])) == pytest.approx(1.0)
    assert cramers_v(np.array([[1, 1], [1, 1]])) == pytest.approx(0.0)
    assert np.isnan(cramers_v(np.array([[3, 4]])))


def test_quality_report_combines_shapes_and_pairs_by_hand():
    """Shapes, a binned mixed pair and the overall mean, all worked out by hand."""
    # Setup
    real = pd.DataFrame({"amount": [1.0, 2.0, 3.0, 4.0], "kind": ["a", "a", "b", "c"]})
    synthetic = pd.DataFrame({"amount": [3.0, 4.0, 5.0, 6.0], "kind": ["a", "b", "b", "d"]})
    # Shapes: KS .5 and TV .5 (the cases above) -> .5.
    # Pair: amount is cut into 10 equal bins on each table's own range, bin numbers 1..11:
    #   real 1..4 (bin width .3): 1 -> 1, 2 -> 4, 3 -> 7, 4 (the max) -> 11
    #   synthetic 3..6: 3 -> 1, 4 -> 4, 5 -> 7, 6 -> 11
    #   real cells (1,a) (4,a) (7,b) (11,c); synthetic (1,a) (4,b) (7,b) (11,d), each .25
    #   -> (4,a) (11,c) (4,b) (11,d) differ by .25 each -> TV .5 -> score .5
    #   real Cramer's V: each bin holds one kind -> V = 1 > .3, so the pair counts.
    # Overall = mean(.5, .5).

    # Run
    result = quality_report(real, synthetic, {"amount": "numerical", "kind": "categorical"})

    # Assert
    assert result.column_shapes_score == pytest.approx(0.5)
    pair = result.column_pair_trends.iloc[0]
    assert pair["metric"] == "ContingencySimilarity"
    assert pair["score"] == pytest.approx(0.5)
    assert pair["real_association"] == pytest.approx(1.0)
    assert bool(pair["meets_threshold"])
    assert result.overall_score == pytest.approx(0.5)


def test_pairs_without_a_real_relationship_do_not_count():
    """A correlation pair counts only if |rho_real| > .5; with none counted, overall = shapes score."""
    # Setup
    # x = 1..4, y = (1, -1, -1, 1): centred x (-1.5, -.5, .5, 1.5) . y = -1.5 + .5 - .5 + 1.5 = 0 -> rho 0
    real = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [1.0, -1.0, -1.0, 1.0]})
    synthetic = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [-1.0, -1.0, 1.0, 1.0]})

    # Run
    result = quality_report(real, synthetic)

    # Assert
    pair = result.column_pair_trends.iloc[0]
    assert pair["real_correlation"] == pytest.approx(0.0, abs=1e-12)
    assert not pair["meets_threshold"]
    assert np.isnan(result.column_pair_trends_score)
    assert result.overall_score == pytest.approx(result.column_shapes_score) == pytest.approx(1.0)


def test_binning_follows_sdmetrics_quirks():
    """As in SDMetrics: bins come from each table's own range; the maximum shares a bin with missing data."""
    # Setup
    real = pd.DataFrame({"v": [0.0, 10.0, np.nan, 5.0], "k": ["a", "b", "b", "a"]})
    # real bins: 0 -> 1, 10 (max) -> 11, NaN -> 11, 5 -> 6
    doubled_without_missing = pd.DataFrame({"v": [0.0, 20.0, 20.0, 10.0], "k": ["a", "b", "b", "a"]})
    # synthetic range 0..20: 0 -> 1, 20 -> 11, 20 -> 11, 10 -> 6: the same cells, so the pair scores 1

    # Run
    result = quality_report(real, doubled_without_missing, {"v": "numerical", "k": "categorical"})

    # Assert
    assert result.column_pair_trends["score"].iloc[0] == pytest.approx(1.0)


def test_association_matrices_put_each_pair_in_both_cells():
    """The heatmap matrices are symmetric with 1 on the diagonal, rho for numbers and Cramer's V otherwise."""
    # Setup
    real = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [2.0, 4.0, 6.0, 8.0], "k": ["a", "a", "b", "b"]})
    synthetic = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0, 4.0], "y": [8.0, 6.0, 4.0, 2.0], "k": ["a", "b", "a", "b"]}
    )

    # Run
    real_matrix, synthetic_matrix = association_matrices(quality_report(real, synthetic))

    # Assert
    assert list(real_matrix.index) == ["x", "y", "k"]
    assert real_matrix.loc["x", "y"] == pytest.approx(1.0)
    assert synthetic_matrix.loc["y", "x"] == pytest.approx(-1.0)
    assert real_matrix.loc["k", "x"] == pytest.approx(1.0)  # x's bins split a from b exactly
    np.testing.assert_allclose(np.diag(synthetic_matrix), 1.0)
    np.testing.assert_allclose(real_matrix.to_numpy(), real_matrix.to_numpy().T)


def test_constant_columns_have_no_correlation():
    """Correlation with a constant column is undefined, so the pair is shown as NaN and does not count."""
    # Setup
    real = pd.DataFrame({"x": [0.1, 0.1, 0.1, 0.1], "y": [1.0, 2.0, 3.0, 4.0]})

    # Run
    result = quality_report(real, real)

    # Assert
    pair = result.column_pair_trends.iloc[0]
    assert np.isnan(pair["real_correlation"]) and not pair["meets_threshold"]
