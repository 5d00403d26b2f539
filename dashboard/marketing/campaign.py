"""The campaign that learns: a pool of creatives (the top product of each segment, in two variants each),
served to every segment under a simulated response model; an even split against a Thompson-sampling bandit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from engines.campaigns.bandit import CampaignRun, compare_policies, run_campaign, simulated_click_rates

ROUNDS = 40
PER_ROUND = 500
N_CAMPAIGNS = 50
RESPONSE_SEED = 16  # the page's one campaign; the comparison runs seeds 0..49


def pool_products(plan: dict[str, list[int]]) -> list[int]:
    """The campaign's products: for each segment its best-ranked product not already in the pool (segments often
    share their top product), so the pool holds one product per segment when the lists allow it."""
    pool: list[int] = []
    for products in plan.values():
        fresh = [p for p in products if p not in pool]
        if fresh:
            pool.append(fresh[0])
    return pool


def creative_label(name: str, variant: int) -> str:
    """A short name for a creative: the product name without its brand and model word, and the variant."""
    words = name.split()
    return f"{' '.join(words[2:]) or name} · v{variant}"


def campaign_runs(features: np.ndarray, traffic_mix: np.ndarray, seed: int = RESPONSE_SEED
                  ) -> tuple[np.ndarray, dict[str, CampaignRun]]:
    """(the oracle's click rates (segments, creatives), {policy: run}) for one simulated campaign."""
    rates = simulated_click_rates(features, len(traffic_mix), seed)
    runs = {policy: run_campaign(rates, policy, ROUNDS, PER_ROUND, traffic_mix, seed=seed)
            for policy in ("even split", "Thompson sampling")}
    return rates, runs


def comparison_summary(features: np.ndarray, traffic_mix: np.ndarray) -> dict[str, Any]:
    """Both policies on N_CAMPAIGNS seeded campaigns (each its own truth and visitors)."""
    result = compare_policies(features, len(traffic_mix), N_CAMPAIGNS, ROUNDS, PER_ROUND, traffic_mix, seed=0)
    return {"n_campaigns": N_CAMPAIGNS, "rounds": ROUNDS, "impressions_per_round": PER_ROUND,
            "bandit_win_share": result.bandit_win_share, "clicks_gained": result.clicks_gained,
            "even_regret_mean": float(result.even_regret.mean()),
            "bandit_regret_mean": float(result.bandit_regret.mean()),
            "even_clicks_mean": float(result.even_clicks.mean()),
            "bandit_clicks_mean": float(result.bandit_clicks.mean())}


def cumulative_clicks(runs: dict[str, CampaignRun]) -> pd.DataFrame:
    """Long frame: `impressions` (after each round), `policy`, `clicks` (cumulative)."""
    frames = []
    for policy, run in runs.items():
        per_round = run.impressions.sum(axis=1)
        frames.append(pd.DataFrame({"impressions": per_round.cumsum(), "policy": policy,
                                    "clicks": run.clicks.sum(axis=1).cumsum()}))
    return pd.concat(frames, ignore_index=True)


def traffic_shares(run: CampaignRun, labels: list[str]) -> pd.DataFrame:
    """Long frame: `round`, `creative`, `share` of that round's impressions."""
    shares = run.traffic_share()
    return pd.DataFrame([{"round": r + 1, "creative": labels[c], "share": float(shares[r, c])}
                         for r in range(shares.shape[0]) for c in range(shares.shape[1])])


def winners(rates: np.ndarray, run: CampaignRun, segments: list[str], labels: list[str]) -> pd.DataFrame:
    """Per segment: the truly best creative and its click rate, and the creative the bandit showed most."""
    shown = run.segment_impressions
    return pd.DataFrame({
        "segment": segments,
        "best_creative": [labels[i] for i in rates.argmax(axis=1)],
        "best_click_rate": rates.max(axis=1),
        "bandit_favourite": [labels[i] for i in shown.argmax(axis=1)],
        "bandit_share": shown.max(axis=1) / np.maximum(shown.sum(axis=1), 1),
        "even_split_click_rate": rates.mean(axis=1)})
