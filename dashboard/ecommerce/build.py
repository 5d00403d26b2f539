"""Rebuild the E-commerce page's shipped models and precomputed results from the shipped store: ``python -m
dashboard.ecommerce.build``.

Writes into ``sample_data/checkpoints/ecommerce/``:
- ``mult_vae/``: the Mult-VAE recommender, trained on the training users of the first evaluation split;
- ``copywriter/``: the product-copy generator, trained on 80% of the catalogue's descriptions;
- ``results.json``: the recommender leaderboard (held-out users, oracle included, averaged over three random
  splits of the users) and the copy generator's held-out perplexity, faithfulness, novelty and distinct-2,
  with every setting used;
- ``recommendations.parquet``: every active customer's top-10 products from the Mult-VAE, with scores,
  why-lines (their most similar products) and the simulator's true rank of each product for that customer;
- ``product_copy.parquet``: three generated copy variants per product, with checks and provenance. Everything
  is seeded, so a rebuild on the same data gives the same results (timings aside). The benchmark
  ``benchmarks/bench_ecommerce.py`` reuses the functions below.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.ecommerce.product_copy import item_phrase
from dashboard.ecommerce.shipped import SHIPPED
from dashboard.ecommerce.your_data import generative_step_budget
from engines.recommend import (
    EASERecommender,
    InteractionMatrix,
    ItemKNNRecommender,
    MultVAERecommender,
    PopularityRecommender,
    RecVAERecommender,
    compare_recommenders,
    item_cosine_similarity,
    split_held_out_users,
    top_k,
    tune_ease_l2,
)
from engines.sequence.copywriter import CopyWriter
from engines.sequence.copywriter_text import copied_span, distinct_n, span_hashes
from sample_data.catalog import SAMPLE_DATA_DIR
from sample_data.ecommerce import true_preference_scores

STORE_DIR = SAMPLE_DATA_DIR / "ecommerce"
OUT_DIR = SHIPPED.folder
SPLIT_SEED = 0
N_SPLITS = 3  # the leaderboard averages this many random held-out-user splits (seeds 0, 1, 2)
MODEL_SEED = 0
COPY_HELD_OUT_SHARE = 0.2
COPY_SETTINGS = {"temperature": 1.2, "top_k": 20, "candidates_per_variant": 16}
# 13 variants for each of the 80 held-out products: the copy checks are measured on over 1,000 texts.
COPY_VARIANTS_MEASURED = 13
RECOMMENDATIONS_PER_CUSTOMER = 10
WHY_ITEMS = 2


# ---------------------------------------------------------------------------------------------- inputs
def load_store(store_dir: Path = STORE_DIR) -> dict[str, pd.DataFrame]:
    """The shipped store's tables (events, products, customers and the two ground-truth factor tables)."""
    names = ("events", "products", "customers", "customer_factors", "product_factors")
    missing = [name for name in names if not (store_dir / f"{name}.parquet").exists()]
    if missing:
        raise SystemExit(f"Missing {', '.join(missing)} in {store_dir}; run `python -m sample_data.build` "
                         "first.")
    return {name: pd.read_parquet(store_dir / f"{name}.parquet") for name in names}


def store_interactions(store: dict[str, pd.DataFrame]) -> InteractionMatrix:
    """Customers x products, 1 where the customer viewed, carted or bought the product (whole catalogue)."""
    return InteractionMatrix.from_log(store["events"], "customer_id", "product_id",
                                      item_ids=store["products"]["product_id"].to_numpy())


def oracle_score_matrix(store: dict[str, pd.DataFrame], interactions: InteractionMatrix) -> np.ndarray:
    """The simulator's true preference scores in the interaction matrix's row and column order."""
    scores = true_preference_scores(store["customer_factors"], store["product_factors"])
    return scores.loc[interactions.user_ids, interactions.item_ids].to_numpy()


def copy_catalogue(products: pd.DataFrame) -> pd.DataFrame:
    """Products with the `item` phrase their descriptions use ("pair of running shoes"), from the name
    ("<brand> <model word> <product type>")."""
    frame = products.copy()
    frame["item"] = frame["name"].str.split(" ", n=2).str[2].map(item_phrase)
    return frame


def copy_split(products: pd.DataFrame, seed: int = SPLIT_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and held-out products for the copy generator (held-out share COPY_HELD_OUT_SHARE)."""
    order = np.random.default_rng(seed).permutation(len(products))
    n_held_out = int(round(COPY_HELD_OUT_SHARE * len(products)))
    return products.iloc[order[n_held_out:]], products.iloc[order[:n_held_out]]


# ---------------------------------------------------------------------------------------------- evaluation
def recommender_models(ease_l2: float, n_items: int) -> list:
    """The models the page compares, in leaderboard order; the generative ones get the "Your data" tab's
    step budget for `n_items` items."""
    steps = generative_step_budget(n_items)
    return [PopularityRecommender(), ItemKNNRecommender(), EASERecommender(l2=ease_l2),
            MultVAERecommender(max_steps=steps, random_state=MODEL_SEED),
            RecVAERecommender(max_steps=steps, random_state=MODEL_SEED)]


def recommender_leaderboard(interactions: InteractionMatrix, true_scores: np.ndarray,
                            seed: int = SPLIT_SEED) -> tuple[pd.DataFrame, list, float]:
    """Leaderboard on one held-out-user split; returns (board, fitted models, tuned EASE l2)."""
    split = split_held_out_users(interactions, random_state=seed)
    ease_l2 = tune_ease_l2(split.train, random_state=seed)
    models = recommender_models(ease_l2, split.train.shape[1])
    board = compare_recommenders(models, split, true_scores=true_scores)
    board.attrs["test_users"] = len(split.test_rows)
    return board, models, ease_l2


def averaged_leaderboard(interactions: InteractionMatrix, true_scores: np.ndarray,
                         splits: int = N_SPLITS) -> tuple[pd.DataFrame, list[pd.DataFrame],
                                                          MultVAERecommender]:
    """The leaderboard averaged over `splits` held-out-user splits (seeds 0..splits-1), with the spread of
    Recall@20 across splits; also each split's board, and the Mult-VAE fitted on the first split's training
    users."""
    boards, first_model = [], None
    for seed in range(splits):
        board, models, ease_l2 = recommender_leaderboard(interactions, true_scores, seed=seed)
        boards.append(board.assign(split=seed, ease_l2=ease_l2))
        first_model = first_model or next(m for m in models if isinstance(m, MultVAERecommender))
    every = pd.concat(boards)
    columns = ["recall@20", "ndcg@100", "coverage@20", "fit_seconds"]
    mean = every.groupby("model", sort=False)[columns].mean()
    mean["recall@20 sd"] = every.groupby("model", sort=False)["recall@20"].std().fillna(0.0)
    mean["% of oracle recall"] = 100.0 * mean["recall@20"] / mean.loc["Oracle (true preferences)",
                                                                      "recall@20"]
    mean.attrs["test_users"] = boards[0].attrs["test_users"]
    return mean.reset_index(), boards, first_model


def copy_metrics(model: CopyWriter, held_out: pd.DataFrame, candidates_per_variant: int,
                 variants_per_product: int = COPY_VARIANTS_MEASURED) -> dict[str, float]:
    """Over `variants_per_product` variants written for each held-out product (over 1,000 texts): the shares
    that are faithful (state every attribute, no conflicting value), novel (no 8-word span copied from
    training), fluent (no broken clause, stray capital, doubled word or unfinished sentence), sensible (no
    describing word the category's copy never uses) and publishable (all of the first, third and fourth); and
    distinct-2 of the first variants (one text per product, so it compares with the catalogue's own
    descriptions)."""
    settings = dict(COPY_SETTINGS, candidates_per_variant=candidates_per_variant)
    texts = pd.concat([model.generate(row, n_variants=variants_per_product, seed=int(row["product_id"]),
                                      **settings)
                       for row in held_out.to_dict("records")], ignore_index=True)
    publishable = texts["faithful"] & texts["fluent"] & texts["sensible"]
    return {"faithfulness": float(texts["faithful"].mean()), "novelty": float(texts["novel"].mean()),
            "fluency": float(texts["fluent"].mean()), "sense": float(texts["sensible"].mean()),
            "publishable": float(publishable.mean()),
            "distinct_2": distinct_n(texts.loc[texts["variant"] == 1, "text"].tolist()),
            "texts": int(len(texts))}


def reference_copy_metrics(train: pd.DataFrame, held_out: pd.DataFrame) -> dict[str, float]:
    """The same novelty and distinct-2 for the held-out products' own (human-style) descriptions: what the
    catalogue's writing itself scores, the natural ceiling of a model that imitates it."""
    hashes = set().union(*(span_hashes(text) for text in train["description"]))
    texts = held_out["description"].tolist()
    return {"novelty": float(np.mean([copied_span(text, hashes) is None for text in texts])),
            "distinct_2": distinct_n(texts), "texts": len(texts)}


# ---------------------------------------------------------------------------------------------- precomputed
def customer_recommendations(model: MultVAERecommender, interactions: InteractionMatrix,
                             true_scores: np.ndarray) -> pd.DataFrame:
    """Top-10 unseen products of every customer, with the score as a share of the customer's predicted
    interest among unseen products (%), two why-products, and the simulator's true rank of the product for the
    customer."""
    matrix = interactions.matrix
    log_scores = model.predict(matrix).astype(np.float64)
    log_scores[matrix.nonzero()] = -np.inf
    indices, values = top_k(log_scores, RECOMMENDATIONS_PER_CUSTOMER)
    shares = np.exp(values - np.logaddexp.reduce(log_scores, axis=1, keepdims=True))
    similarity = item_cosine_similarity(matrix)
    masked_truth = np.where(matrix.toarray() > 0, -np.inf, true_scores)
    picked_truth = np.take_along_axis(masked_truth, indices, 1)
    true_rank = (masked_truth[:, None, :] > picked_truth[:, :, None]).sum(2) + 1
    rows = []
    for user in range(matrix.shape[0]):
        history = matrix.indices[matrix.indptr[user]:matrix.indptr[user + 1]]
        for rank, (item, share) in enumerate(zip(indices[user], shares[user]), start=1):
            closest = history[np.argsort(-similarity[item, history], kind="stable")[:WHY_ITEMS]]
            rows.append((interactions.user_ids[user], rank, interactions.item_ids[item], 100.0 * share,
                         ",".join(str(interactions.item_ids[h]) for h in closest),
                         float(similarity[item, closest].max()) if len(closest) else 0.0,
                         int(true_rank[user, rank - 1])))
    return pd.DataFrame(rows,
                        columns=["customer_id", "rank", "product_id", "score_percent", "because_product_ids",
                                       "because_similarity", "true_rank"]).astype(
        {"customer_id": "int32", "rank": "int8", "product_id": "int32", "score_percent": "float32",
         "because_similarity": "float32", "true_rank": "int16"})


def product_copy(model: CopyWriter, products: pd.DataFrame) -> pd.DataFrame:
    """Three checked copy variants per product, seeded by the product id, with provenance."""
    frames = []
    for row in products.to_dict("records"):
        frame = model.generate(row, n_variants=3, seed=int(row["product_id"]), **COPY_SETTINGS)
        frame.insert(0, "product_id", int(row["product_id"]))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------- build
def build(out_dir: Path = OUT_DIR, store_dir: Path = STORE_DIR, copy_epochs: int | None = None) -> dict:
    """Train, evaluate and precompute everything listed in the module docstring; return the results dict."""
    store = load_store(store_dir)
    interactions = store_interactions(store)
    true_scores = oracle_score_matrix(store, interactions)
    board, boards, mult_vae = averaged_leaderboard(interactions, true_scores)
    print(board.round(4).to_string(index=False), flush=True)

    catalogue = copy_catalogue(store["products"])
    train, held_out = copy_split(catalogue)
    started = time.perf_counter()
    writer = CopyWriter(random_state=MODEL_SEED,
                        **({"epochs": copy_epochs} if copy_epochs else {})).fit(train)
    copy_seconds = time.perf_counter() - started
    copy_results = {
        "fit_seconds": copy_seconds,
        "train_products": len(train), "held_out_products": len(held_out),
        "held_out_perplexity": writer.perplexity(held_out), "train_perplexity": writer.perplexity(train),
        "raw_sampling": copy_metrics(writer, held_out, candidates_per_variant=1),
        "checked_sampling": copy_metrics(writer, held_out, COPY_SETTINGS["candidates_per_variant"]),
        "catalogue_descriptions": reference_copy_metrics(train, held_out),
        "settings": COPY_SETTINGS, "params": writer.get_params(), "version": writer.version_,
    }
    print(json.dumps({k: v for k, v in copy_results.items() if k != "params"}, indent=1, default=str),
          flush=True)

    out_dir.mkdir(parents=True, exist_ok=True)
    for folder in ("mult_vae", "copywriter"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    mult_vae.save(out_dir / "mult_vae")
    writer.save(out_dir / "copywriter")
    customer_recommendations(mult_vae, interactions, true_scores).to_parquet(
        out_dir / "recommendations.parquet", index=False, compression="zstd")
    product_copy(writer, catalogue).to_parquet(out_dir / "product_copy.parquet", index=False,
                                               compression="zstd")
    results = {
        "store": {"customers": interactions.n_users, "products": interactions.n_items,
                  "interactions": interactions.n_interactions, "test_users": board.attrs["test_users"],
                  "splits": N_SPLITS, "model_seed": MODEL_SEED},
        "leaderboard": board.to_dict("records"),
        "leaderboard_per_split": pd.concat(boards).to_dict("records"),
        "mult_vae_params": mult_vae.get_params(),
        "copywriter": copy_results,
    }
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, default=float) + "\n", "utf-8")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.out)
    size = sum(path.stat().st_size for path in args.out.rglob("*") if path.is_file())
    print(f"Wrote {args.out} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
