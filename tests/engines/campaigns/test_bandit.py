"""The campaign simulator: Thompson sampling finds a known best creative and beats an even split; the even split
shares traffic evenly; bad input is refused."""

import numpy as np
import pytest

from engines.campaigns.bandit import compare_policies, run_campaign, simulated_click_rates
from engines.errors import InvalidDataError, InvalidParameterError

KNOWN = np.array([[0.02, 0.05, 0.02, 0.03],  # segment 0: creative 1 is best
                  [0.06, 0.01, 0.02, 0.02]])  # segment 1: creative 0 is best


def test_thompson_sampling_sends_most_traffic_to_each_segments_best_creative():
    run = run_campaign(KNOWN, "Thompson sampling", rounds=40, per_round=500, seed=1)
    favourite = run.segment_impressions.argmax(axis=1)
    assert favourite.tolist() == [1, 0]
    share = run.traffic_share()
    assert share[-5:, :].sum() == pytest.approx(5.0)


def test_bandit_beats_even_split_and_has_lower_regret_on_the_known_optimum():
    even = run_campaign(KNOWN, "even split", rounds=40, per_round=500, seed=2)
    bandit = run_campaign(KNOWN, "Thompson sampling", rounds=40, per_round=500, seed=2)
    assert bandit.total_clicks > even.total_clicks
    assert 0 <= bandit.regret < even.regret
    assert np.ptp(even.impressions.sum(axis=0)) <= 1  # an even split is even


def test_same_seed_reproduces():
    a = run_campaign(KNOWN, "Thompson sampling", rounds=5, per_round=100, seed=3)
    b = run_campaign(KNOWN, "Thompson sampling", rounds=5, per_round=100, seed=3)
    assert np.array_equal(a.impressions, b.impressions) and np.array_equal(a.clicks, b.clicks)


def test_simulated_rates_and_comparison_over_seeded_campaigns():
    features = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=float)
    rates = simulated_click_rates(features, 3, seed=0)
    assert rates.shape == (3, 4) and ((rates > 0) & (rates < 1)).all()
    result = compare_policies(features, 3, n_campaigns=6, rounds=20, per_round=300)
    assert result.bandit_win_share >= 0.5
    assert result.bandit_regret.mean() < result.even_regret.mean()


def test_bad_input_is_refused():
    with pytest.raises(InvalidParameterError, match="policy"):
        run_campaign(KNOWN, "greedy")
    with pytest.raises(InvalidDataError, match="probabilities"):
        run_campaign(np.array([[1.5, 0.2]]), "even split")
    with pytest.raises(InvalidDataError, match="traffic mix"):
        run_campaign(KNOWN, "even split", traffic_mix=np.array([1.0]))
