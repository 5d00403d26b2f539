"""StudioReport: the leaderboard's ranking and best-marking rule, the heatmap data, and the JSON round trip."""

import json
import math

from dashboard.studio.report import (
    ColumnDistribution, StudioReport, baseline_of, best_report, leaderboard, leaderboard_headline,
)
from tests.dashboard.studio.conftest import make_report


def test_overall_score_is_mean_of_quality_detection_and_capped_efficacy():
    """Overall = mean(quality, detection, min(efficacy, 1)); without a target only the first two count."""
    # Setup
    with_target = make_report("a", quality=0.9, detection=0.6, efficacy=1.2)
    without_target = make_report("b", quality=0.9, detection=0.6)
    # Assert
    assert math.isclose(with_target.overall_score, (0.9 + 0.6 + 1.0) / 3)
    assert math.isclose(without_target.overall_score, 0.75)


def test_leaderboard_marks_best_and_skips_high_privacy_risk():
    """The best is the top overall score among generators whose privacy risk is not high, listed first."""
    # Setup
    leaky = make_report("leaky", quality=0.99, detection=0.99, risk="high")
    good = make_report("good", quality=0.85, detection=0.7, risk="low")
    weak = make_report("weak", quality=0.6, detection=0.2, risk="medium")
    # Run
    board = leaderboard([weak, leaky, good])
    # Assert
    assert best_report([weak, leaky, good]).key == "good"
    assert list(board["key"]) == ["good", "leaky", "weak"]
    assert list(board["Best"]) == ["★ best", "", ""]
    assert list(board["Privacy risk"]) == ["low", "high", "medium"]


def test_best_falls_back_to_highest_when_every_risk_is_high():
    """When every generator leaks, the best is still the highest overall score (and is marked)."""
    # Setup
    reports = [make_report("x", 0.7, 0.5, risk="high"), make_report("y", 0.8, 0.5, risk="high")]
    # Run / Assert
    assert best_report(reports).key == "y"
    assert best_report([]) is None


def test_baseline_is_the_copula():
    """The report compared against is the Gaussian copula's, when one was trained."""
    # Setup
    reports = [make_report("gan", 0.8, 0.5), make_report("copula", 0.7, 0.9, kind="gaussian_copula")]
    # Run / Assert
    assert baseline_of(reports).key == "copula"
    assert baseline_of(reports[:1]) is None


def test_association_difference_is_synthetic_minus_real():
    """Each heatmap cell is synthetic - real; undefined cells stay NaN."""
    # Setup
    report = make_report("a", 0.8, 0.5)
    report.association_columns = ["x", "y"]
    report.association_real = [[1.0, 0.8], [0.8, 1.0]]
    report.association_synthetic = [[1.0, 0.5], [math.nan, 1.0]]
    # Run
    frame = report.association_difference().set_index(["column_1", "column_2"])
    # Assert
    assert math.isclose(frame.loc[("x", "y"), "difference"], -0.3)
    assert math.isnan(frame.loc[("y", "x"), "difference"])
    assert frame.loc[("x", "x"), "difference"] == 0.0


def test_json_round_trip_keeps_scores_nan_and_charts():
    """to_dict -> JSON text -> from_dict gives the same report, with NaN scores written as null."""
    # Setup
    report = make_report("a", 0.8, math.nan, efficacy=0.9)
    report.distributions = [ColumnDistribution("region", "categorical", "TVComplement", 0.9, ["a", "b"],
                                               [0.5, 0.5], [0.4, 0.6])]
    report.association_columns = ["x", "y"]
    report.association_real = [[1.0, math.nan], [math.nan, 1.0]]
    report.association_synthetic = [[1.0, 0.1], [0.1, 1.0]]
    # Run
    text = json.dumps(report.to_dict())
    back = StudioReport.from_dict(json.loads(text))
    # Assert
    assert "NaN" not in text
    assert math.isnan(back.detection_score) and back.quality_score == 0.8
    assert back.efficacy == report.efficacy and back.privacy.verdict == "low"
    assert back.distributions == report.distributions
    assert math.isnan(back.association_real[0][1]) and back.association_synthetic[0][1] == 0.1


def test_leaderboard_headline_says_what_to_use_and_when_the_baseline_wins():
    """The headline names the best generator against the copula baseline, and says so plainly when the simple
    baseline beats the networks."""
    # Setup
    gan = make_report("GAN", quality=0.9, detection=0.8)
    copula = make_report("Copula", quality=0.7, detection=0.5, kind="gaussian_copula")
    weak_gan = make_report("Weak GAN", quality=0.5, detection=0.2)
    # Run
    network_wins = leaderboard_headline([gan, copula])
    baseline_wins = leaderboard_headline([weak_gan, copula])
    # Assert
    assert network_wins.startswith("**Use GAN:**") and "+0.25 against the Gaussian copula baseline" in network_wins
    assert baseline_wins.startswith("**The simple baseline wins") and "Weak GAN" in baseline_wins
    assert leaderboard_headline([]) == ""


def test_zero_one_column_is_drawn_as_paired_shares_not_a_histogram():
    """A 0/1 column scored as a number is drawn as bars for 0 and 1 (real and synthetic), not 20 bins."""
    # Setup
    from dashboard.studio.report_charts import distribution_chart

    edges = [i / 20 for i in range(21)]
    real = [0.9] + [0.0] * 18 + [0.1]
    synthetic = [0.85] + [0.01] * 18 + [0.15 - 0.18]
    column = ColumnDistribution("defaulted", "numeric", "KSComplement", 0.95, [str(e) for e in edges[:-1]],
                                real, synthetic, edges[:-1], edges[1:])
    # Run
    spec = distribution_chart(column).to_dict()
    # Assert
    rows = next(iter(spec["datasets"].values()))
    assert sorted({row["label"] for row in rows}) == ["0", "1"] and spec["encoding"]["y"]["field"] == "label"
