"""Campaign simulation: which creative to show each impression.

The truth (kept as an oracle the policies never see): each customer segment clicks each creative with a
probability `click_rates[segment, creative]`, built by `simulated_click_rates` as a logistic function of the
creative's features with segment-specific tastes around a base rate. Traffic arrives in rounds (an ad server
updates its counts every so often, not per impression); each impression's segment is drawn from the traffic mix.

- Even split (A/B/n test): every creative gets the same share of each segment's impressions, all campaign long.
- Thompson sampling (Thompson 1933; Chapelle & Li 2011): per segment and creative a Beta(1 + clicks,
  1 + misses) belief about the click rate; each impression draws one rate from every belief and shows the
  highest draw. Creatives that look good get more traffic, the uncertain ones still get some.

Regret = clicks the oracle (always the best creative of the segment) would expect minus the clicks the policy's
choices would expect; it measures what learning cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engines.errors import InvalidDataError, InvalidParameterError

POLICIES = ("even split", "Thompson sampling")


def simulated_click_rates(creative_features: np.ndarray, n_segments: int, seed: int, base_rate: float = 0.03,
                          taste_spread: float = 0.5) -> np.ndarray:
    """(n_segments, n_creatives) click probabilities: logit(base_rate) plus each segment's taste weights
    (normal, sd `taste_spread`) times the creative's 0/1 features, plus a small creative-only effect."""
    features = np.asarray(creative_features, dtype=np.float64)
    if features.ndim != 2 or len(features) < 2:
        raise InvalidDataError("Give a feature row for each of at least 2 creatives.",
                               key="engine.bandit.too_few_creatives")
    rng = np.random.default_rng(seed)
    tastes = rng.normal(0.0, taste_spread, (int(n_segments), features.shape[1]))
    own = rng.normal(0.0, 0.15, len(features))
    logits = np.log(base_rate / (1 - base_rate)) + tastes @ features.T + own[None, :]
    return 1.0 / (1.0 + np.exp(-logits))


@dataclass(frozen=True)
class CampaignRun:
    """One policy on one campaign: per round, impressions and clicks per creative, (rounds, n_creatives), and
    the clicks the oracle would expect."""

    policy: str
    impressions: np.ndarray
    clicks: np.ndarray
    expected_clicks: float
    oracle_expected_clicks: float
    segment_impressions: np.ndarray = field(repr=False)  # (n_segments, n_creatives) over the whole campaign

    @property
    def total_clicks(self) -> int:
        return int(self.clicks.sum())

    @property
    def regret(self) -> float:
        """Expected clicks lost against always showing each segment its best creative."""
        return float(self.oracle_expected_clicks - self.expected_clicks)

    def traffic_share(self) -> np.ndarray:
        """Share of each round's impressions per creative, (rounds, n_creatives)."""
        return self.impressions / np.maximum(self.impressions.sum(axis=1, keepdims=True), 1)


def _check(click_rates: np.ndarray, traffic_mix: np.ndarray | None, rounds: int, per_round: int
           ) -> tuple[np.ndarray, np.ndarray]:
    rates = np.asarray(click_rates, dtype=np.float64)
    if rates.ndim != 2 or rates.shape[1] < 2 or not np.all((rates >= 0) & (rates <= 1)):
        raise InvalidDataError("Click rates must be a (segments, creatives) table of probabilities, "
                               ">= 2 creatives.", key="engine.bandit.bad_click_rates")
    mix = np.full(len(rates), 1.0 / len(rates)) if traffic_mix is None else np.asarray(traffic_mix, float)
    if mix.shape != (len(rates),) or np.any(mix < 0) or mix.sum() <= 0:
        raise InvalidDataError("The traffic mix needs one non-negative share per segment.",
                               key="engine.bandit.bad_traffic_mix")
    if int(rounds) < 1 or int(per_round) < 1:
        raise InvalidParameterError("rounds and impressions per round must be >= 1.",
                                    key="engine.bandit.bad_rounds")
    return rates, mix / mix.sum()


def run_campaign(click_rates: np.ndarray, policy: str, rounds: int = 40, per_round: int = 500,
                 traffic_mix: np.ndarray | None = None, seed: int = 0) -> CampaignRun:
    """Serve `rounds` x `per_round` impressions with `policy` ("even split" or "Thompson sampling"); the same
    seed gives the same visitors (segments and their click luck) to both policies."""
    if policy not in POLICIES:
        raise InvalidParameterError(f"policy must be one of {', '.join(POLICIES)}; got {policy!r}.",
                                    key="engine.bandit.unknown_policy", policies=', '.join(POLICIES),
                                    policy=repr(policy))
    rates, mix = _check(click_rates, traffic_mix, rounds, per_round)
    n_segments, n_creatives = rates.shape
    visitors = np.random.default_rng(seed)  # who comes and how lucky each impression is: shared by policies
    choices = np.random.default_rng(seed + 1_000_003)  # the policy's own draws
    successes = np.zeros((n_segments, n_creatives))
    failures = np.zeros((n_segments, n_creatives))
    impressions = np.zeros((int(rounds), n_creatives), dtype=np.int64)
    clicks = np.zeros((int(rounds), n_creatives), dtype=np.int64)
    expected = 0.0
    for round_index in range(int(rounds)):
        segments = visitors.choice(n_segments, int(per_round), p=mix)
        luck = visitors.random(int(per_round))
        if policy == "even split":
            shown = (np.arange(int(per_round)) + round_index * int(per_round)) % n_creatives
        else:
            draws = choices.beta(1.0 + successes[segments], 1.0 + failures[segments])
            shown = draws.argmax(axis=1)
        clicked = luck < rates[segments, shown]
        expected += float(rates[segments, shown].sum())
        np.add.at(successes, (segments, shown), clicked)
        np.add.at(failures, (segments, shown), ~clicked)
        impressions[round_index] = np.bincount(shown, minlength=n_creatives)
        clicks[round_index] = np.bincount(shown[clicked], minlength=n_creatives)
    oracle = float(int(rounds) * int(per_round) * (mix * rates.max(axis=1)).sum())
    return CampaignRun(policy, impressions, clicks, expected, oracle, successes + failures)


@dataclass(frozen=True)
class PolicyComparison:
    """Both policies on `n_campaigns` seeded campaigns: clicks and regret per campaign (n_campaigns,)."""

    even_clicks: np.ndarray
    bandit_clicks: np.ndarray
    even_regret: np.ndarray
    bandit_regret: np.ndarray

    @property
    def bandit_win_share(self) -> float:
        """Share of campaigns where the bandit got more clicks than the even split."""
        return float((self.bandit_clicks > self.even_clicks).mean())

    @property
    def clicks_gained(self) -> float:
        """Mean relative gain in clicks of the bandit over the even split."""
        return float((self.bandit_clicks / np.maximum(self.even_clicks, 1) - 1).mean())


def compare_policies(creative_features: np.ndarray, n_segments: int, n_campaigns: int = 50, rounds: int = 40,
                     per_round: int = 500, traffic_mix: np.ndarray | None = None, seed: int = 0
                     ) -> PolicyComparison:
    """Even split against Thompson sampling on `n_campaigns` campaigns, each with its own simulated truth
    (`simulated_click_rates` from seed + campaign) and visitors."""
    results: dict[str, list[tuple[int, float]]] = {policy: [] for policy in POLICIES}
    for campaign in range(int(n_campaigns)):
        rates = simulated_click_rates(creative_features, n_segments, seed + campaign)
        for policy in POLICIES:
            run = run_campaign(rates, policy, rounds, per_round, traffic_mix, seed=seed + campaign)
            results[policy].append((run.total_clicks, run.regret))
    even, bandit = np.array(results["even split"]), np.array(results["Thompson sampling"])
    return PolicyComparison(even[:, 0], bandit[:, 0], even[:, 1], bandit[:, 1])
