"""Rebuild the shipped results of the Marketing & creative page: `python -m dashboard.marketing.build`
(`--reuse-generator` scores the shipped generator again without retraining it).

Renders the simulated product pictures (sample_data/product_images.py), trains the conditional VAE on 12,000
of them within 9 minutes on one thread, trains the independent judge (a classifier per attribute) on 6,000
others, scores generated pictures against 2,000 held-out renders, measures the watermark on 200 banners and
the bandit on 50 seeded campaigns, and writes product_vae/, results.json and pictures.npz to
sample_data/checkpoints/marketing. Training is bounded by time, so the number of steps (and the figures)
depends on the machine and its load: results.json records the steps the generator ran.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import SessionDatabase
from dashboard.data import ecommerce_queries
from dashboard.ecommerce.campaign import segment_top_products
from dashboard.ecommerce.segments import segment_customers
from dashboard.ecommerce.shipped import SHIPPED as ECOMMERCE
from dashboard.marketing import campaign, creative_models, creatives, studio
from dashboard.marketing.shipped import GENERATOR_FOLDER, PICTURES_FILE, RESULTS_FILE, SHIPPED
from sample_data.product_images import SPLIT_SIZES, catalogue_images, product_image_set, split_set

BASELINE_SEED = 404  # a fourth set of real renders: the real-vs-real baseline
TOP_PRODUCTS = 3
SEGMENTS = 4
WATERMARK_BANNERS = 200


def store_segments() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(customers with their segment, catalogue) of the shipped store, as the E-commerce page's k = 4."""
    db = SessionDatabase()
    try:
        segmented = segment_customers(ecommerce_queries.rfm_features(db), k=SEGMENTS, seed=0)
        return segmented, ecommerce_queries.catalogue(db)
    finally:
        db.close()


def segment_plan(segmented: pd.DataFrame) -> dict[str, list[int]]:
    """Each segment's top products by the shipped recommender (the Ad creatives tab's default)."""
    recommendations = ECOMMERCE.parquet("recommendations.parquet")
    order = segmented["segment"].value_counts().index.tolist()
    return {segment: [int(p) for p in segment_top_products(recommendations, segmented, segment,
                                                           TOP_PRODUCTS)["product_id"]]
            for segment in order}


def product_pictures(generator, product_ids: list[int]) -> dict[tuple[int, int], np.ndarray]:
    """The generated picture of each product and variant seed (uint8 64x64x3)."""
    looks = catalogue_images().attributes.set_index("product_id")
    pictures = {}
    for product_id in product_ids:
        codes = looks.loc[product_id, ["category_code", "colour_code", "pattern_code"]].to_numpy(dtype=np.int64)
        for variant in range(1, creatives.VARIANTS_PER_PRODUCT + 1):
            pictures[(product_id, variant)] = creative_models.as_bytes(
                generator.sample_designs(1, codes, seed=variant))[0]
    return pictures


@dataclass
class Measurements:
    """Everything the build writes and the benchmark prints, measured on one generator."""

    scores: dict
    watermark: dict
    campaign: dict
    plan: dict[str, list[int]]
    pool: list
    traffic_mix: list[float]
    creative_pictures: dict[tuple[int, int], np.ndarray]


def measure(generator, scorers: dict) -> Measurements:
    """Score the generator with the judge, build the segments' creatives, run the 50 campaigns and measure the
    watermark on 200 banners of generated pictures."""
    from engines.product_images.judge import ProductJudge

    training = split_set("generator")
    reference = split_set("reference")
    judge = ProductJudge.build(scorers, creative_models.as_float(reference.images),
                               creative_models.as_float(training.images))
    baseline = product_image_set(len(reference.images), BASELINE_SEED)
    scores = creative_models.evaluate_generator(generator, judge, baseline)
    print(json.dumps(scores, indent=1), flush=True)

    segmented, catalogue = store_segments()
    plan = segment_plan(segmented)
    products = sorted({p for ids in plan.values() for p in ids})
    pictures = product_pictures(generator, products)
    copy = ECOMMERCE.parquet("product_copy.parquet")
    looks = catalogue_images().attributes
    pool_products = pd.DataFrame({"product_id": campaign.pool_products(plan)})
    pool = creatives.segment_creatives(pool_products, catalogue, copy, looks, pictures)
    mix = segmented["segment"].value_counts(normalize=True).reindex(list(plan)).to_numpy()
    campaign_summary = campaign.comparison_summary(creatives.creative_features(pool), mix)
    print(json.dumps(campaign_summary, indent=1), flush=True)

    # Watermark: banners of generated pictures of random catalogue products (each with its own copy).
    rng = np.random.default_rng(5)
    measured_ids = list(dict.fromkeys(int(p) for p in rng.choice(catalogue["product_id"].to_numpy(),
                                                                 WATERMARK_BANNERS, replace=False)))
    codes = looks.set_index("product_id").loc[measured_ids, ["category_code", "colour_code", "pattern_code"]]
    drawn = creative_models.as_bytes(generator.sample_designs(len(codes), codes.to_numpy(dtype=np.int64), seed=9))
    measured_pictures = {(p, v): drawn[i] for i, p in enumerate(measured_ids) for v in (1, 2)}
    measured = creatives.segment_creatives(pd.DataFrame({"product_id": measured_ids}), catalogue, copy, looks,
                                           measured_pictures)[::2]
    watermark = creatives.watermark_rates(measured, baseline.images[:300])
    print(json.dumps(watermark, indent=1), flush=True)
    return Measurements(scores, watermark, campaign_summary, plan, [c.creative_id for c in pool],
                        [float(share) for share in mix], pictures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-generator", action="store_true",
                        help="score the shipped generator again instead of training a new one")
    parser.add_argument("--scorers-dir", type=Path, default=None,
                        help="keep the judge's classifiers in this folder (reused when present; not shipped)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    from engines.product_images.generators import ProductImageVAE
    from engines.provenance.records import weights_hash

    started = time.perf_counter()
    SHIPPED.folder.mkdir(parents=True, exist_ok=True)
    generator_path = SHIPPED.folder / GENERATOR_FOLDER
    if args.reuse_generator:
        generator = ProductImageVAE.load(generator_path, device="cpu")
    else:
        generator = creative_models.train_generator(split_set("generator"))
        shutil.rmtree(generator_path, ignore_errors=True)
        generator.save(generator_path)
    print(f"generator: {generator.training_steps_} steps in {generator.fit_seconds_:.0f} s", flush=True)
    scorers = creative_models.load_or_train_scorers(args.scorers_dir)
    measured = measure(generator, scorers)
    arrays = studio.shipped_picture_arrays(generator, measured.creative_pictures)
    np.savez_compressed(SHIPPED.folder / PICTURES_FILE, **arrays)
    results = {
        "built_utc": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": f"{platform.machine()}, torch {torch.__version__}, one training thread",
        "generator": {"engine": ProductImageVAE.label, "params": generator._saved_params(),
                      "training_seconds": generator.fit_seconds_, "training_steps": generator.training_steps_,
                      "stop_reason": generator.stop_reason_, "training_pictures": SPLIT_SIZES["generator"],
                      "version": weights_hash(generator_path)},
        "scores": measured.scores,
        "watermark": measured.watermark,
        "campaign": measured.campaign,
        "segments": measured.plan,
        "pool": measured.pool,
        "traffic_mix": measured.traffic_mix,
        "build_seconds": time.perf_counter() - started,
    }
    (SHIPPED.folder / RESULTS_FILE).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written to sample_data/checkpoints/{SHIPPED.scenario} in {results['build_seconds']:.0f} s")


if __name__ == "__main__":
    main()
