"""The E-commerce engines on the shipped store, against their baselines and the simulator's truth, in one run.

Recommenders: Mult-VAE, EASE (regulariser tuned on validation users), item-kNN and popularity, evaluated with
held-out users (fold-in 80% of each test user's items, rank the rest) on `--splits` random splits of the
users, next to the oracle that ranks by the simulator's true preference scores. Prints Recall@20, NDCG@100,
coverage@20 and train seconds per model (mean over splits), and the ratios the issue sets targets for. Copy
generator: trained from scratch on 80% of the catalogue, scored on the other 20%: held-out perplexity,
attribute faithfulness, novelty (no 8-word span copied from training) and distinct-2, for raw samples and for
checked sampling (best of 16 drafts), next to the catalogue's own held-out descriptions. Run: `python -m
benchmarks.bench_ecommerce [--splits 3]`. Targets (issue 5): Mult-VAE Recall@20 >= EASE's and >= 0.8 x the
oracle's; Mult-VAE trains in < 60 s on CPU; copy faithfulness >= 0.9, novelty >= 0.8, trained in < 5 minutes
on CPU.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from engines.sequence.copywriter import CopyWriter
from dashboard.ecommerce.build import (
    COPY_SETTINGS,
    MODEL_SEED,
    averaged_leaderboard,
    copy_catalogue,
    copy_metrics,
    copy_split,
    load_store,
    oracle_score_matrix,
    reference_copy_metrics,
    store_interactions,
)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_recommenders(splits: int) -> None:
    store = load_store()
    interactions = store_interactions(store)
    true_scores = oracle_score_matrix(store, interactions)
    print(f"Store: {interactions.n_users:,} customers x {interactions.n_items} products, "
          f"{interactions.n_interactions:,} distinct interactions; {splits} held-out-user splits.")
    mean, boards, _ = averaged_leaderboard(interactions, true_scores, splits)
    for board in boards:
        by_model = board.set_index("model")["recall@20"]
        print(f"  split {board['split'].iloc[0]}: {board.attrs['test_users']} test users, EASE "
              f"l2={board['ease_l2'].iloc[0]:g}, recall@20 Mult-VAE {by_model['Mult-VAE']:.4f} vs EASE "
              f"{by_model['EASE']:.4f}")
    mean = mean.set_index("model")
    print(mean.round(4).to_string())
    vae, ease = mean.loc["Mult-VAE"], mean.loc["EASE"]
    oracle = mean.loc["Oracle (true preferences)"]
    by_split = [b.set_index("model")["recall@20"] for b in boards]
    wins = sum(recall["Mult-VAE"] >= recall["EASE"] for recall in by_split)
    print(f"Mult-VAE / EASE recall@20      = {vae['recall@20'] / ease['recall@20']:.3f}  (target >= 1: "
          f"{_verdict(vae['recall@20'] >= ease['recall@20'])}; Mult-VAE >= EASE on {wins} of {splits} "
          "splits)")
    print(f"Mult-VAE / EASE ndcg@100       = {vae['ndcg@100'] / ease['ndcg@100']:.3f}")
    print(f"Mult-VAE / oracle recall@20    = {vae['recall@20'] / oracle['recall@20']:.3f}  (target >= 0.8: "
          f"{_verdict(vae['recall@20'] >= 0.8 * oracle['recall@20'])})")
    print(f"EASE / oracle recall@20        = {ease['recall@20'] / oracle['recall@20']:.3f}")
    print(f"Mult-VAE train seconds         = {vae['fit_seconds']:.1f}  (target < 60: "
          f"{_verdict(vae['fit_seconds'] < 60)}; EASE {ease['fit_seconds']:.2f} s)")


def bench_copywriter() -> None:
    store = load_store()
    catalogue = copy_catalogue(store["products"])
    train, held_out = copy_split(catalogue)
    started = time.perf_counter()
    writer = CopyWriter(random_state=MODEL_SEED).fit(train)
    fit_seconds = time.perf_counter() - started
    raw = copy_metrics(writer, held_out, candidates_per_variant=1)
    checked = copy_metrics(writer, held_out, COPY_SETTINGS["candidates_per_variant"])
    reference = reference_copy_metrics(train, held_out)
    print(f"Copy generator: {len(train)} training / {len(held_out)} held-out products, 3 variants each, "
          f"temperature {COPY_SETTINGS['temperature']}, top-k {COPY_SETTINGS['top_k']}.")
    print(f"  held-out perplexity per token = {writer.perplexity(held_out):.3f} (training "
          f"{writer.perplexity(train):.3f}); trained in {fit_seconds:.1f} s (target < 300: "
          f"{_verdict(fit_seconds < 300)})")
    rows = pd.DataFrame([
        {"copy": "raw samples", **raw},
        {"copy": f"checked (best of {COPY_SETTINGS['candidates_per_variant']})", **checked},
        {"copy": "catalogue's own held-out descriptions", "faithfulness": np.nan, **reference},
    ]).set_index("copy")
    print(rows[["faithfulness", "novelty", "distinct_2", "texts"]].round(3).to_string())
    print(f"faithfulness (checked)         = {checked['faithfulness']:.3f}  (target >= 0.9: "
          f"{_verdict(checked['faithfulness'] >= 0.9)}; raw {raw['faithfulness']:.3f})")
    print(f"novelty (checked)              = {checked['novelty']:.3f}  (target >= 0.8: "
          f"{_verdict(checked['novelty'] >= 0.8)}; raw {raw['novelty']:.3f}, catalogue "
          f"{reference['novelty']:.3f})")
    print(f"distinct-2 checked / catalogue = {checked['distinct_2'] / reference['distinct_2']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=3, help="held-out-user splits to average (default 3)")
    args = parser.parse_args()
    started = time.perf_counter()
    bench_recommenders(args.splits)
    bench_copywriter()
    print(f"Total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
