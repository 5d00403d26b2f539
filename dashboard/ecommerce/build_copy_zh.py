"""Rebuild the shipped Chinese copy writer and its held-out figures: ``python -m dashboard.ecommerce.build_copy_zh``.

Writes into ``sample_data/checkpoints/ecommerce/``:
- ``copywriter_zh/``: the character-level Chinese copy writer (engines/sequence/copywriter_zh.py), trained on the
  Chinese descriptions (sample_data/ecommerce_copy_zh.py, five per product) of 80% of the products, the same
  product split as the English writer (dashboard.ecommerce.build.copy_split);
- ``product_copy_zh.parquet``: three Chinese variants per catalogue product, with checks and provenance (what the
  E-commerce page shows in Chinese without loading the model);
- ``copywriter_zh_results.json``: its checks on the 80 held-out products, 13 variants each (1,040 texts):
  faithful (every attribute stated, no conflicting value; target >= 0.99), fluent, novel, distinct-2, with the
  settings and the training time. Seeded: a rebuild on the same data gives the same texts (timings aside).
``benchmarks/bench_ecommerce.py`` prints the same figures (``chinese_copy_metrics``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import pandas as pd

from dashboard.ecommerce.build import MODEL_SEED, OUT_DIR, copy_split, load_store
from engines.sequence.copywriter_zh import ChineseCopyWriter, distinct_2_zh
from sample_data.ecommerce_copy_zh import chinese_attributes, chinese_copy_catalogue

COPY_SETTINGS_ZH = {"temperature": 1.0, "top_k": 20, "candidates_per_variant": 16}
VARIANTS_MEASURED = 13
EPOCHS = 20
FAITHFULNESS_TARGET = 0.99


def chinese_copy_split(products: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(training descriptions, held-out products, all Chinese descriptions): the English writer's product split."""
    train_products, held_out = copy_split(products)
    catalogue = chinese_copy_catalogue(products, seed=MODEL_SEED)
    return catalogue[catalogue["product_id"].isin(train_products["product_id"])], held_out, catalogue


def chinese_copy_metrics(writer: ChineseCopyWriter, held_out: pd.DataFrame, variants: int = VARIANTS_MEASURED,
                         candidates_per_variant: int = COPY_SETTINGS_ZH["candidates_per_variant"]) -> dict:
    """The checks over ``variants`` texts for each held-out product (shares of texts), and distinct-2."""
    texts = pd.concat([writer.generate(chinese_attributes(product), n_variants=variants,
                                       temperature=COPY_SETTINGS_ZH["temperature"], top_k=COPY_SETTINGS_ZH["top_k"],
                                       candidates_per_variant=candidates_per_variant, seed=int(product["product_id"]))
                       for _, product in held_out.iterrows()], ignore_index=True)
    return {"texts": len(texts), "faithful": float(texts["faithful"].mean()),
            "all_attributes_stated": float((texts["missing_attributes"] == "").mean()),
            "fluent": float(texts["fluent"].mean()), "novel": float(texts["novel"].mean()),
            "distinct_2": distinct_2_zh(texts["text"].tolist()), "examples": texts["text"].head(6).tolist()}


def chinese_product_copy(writer: ChineseCopyWriter, products: pd.DataFrame, variants: int = 3) -> pd.DataFrame:
    """``variants`` checked Chinese texts for every catalogue product (seeded by product id)."""
    frames = [writer.generate(chinese_attributes(product), n_variants=variants,
                              temperature=COPY_SETTINGS_ZH["temperature"], top_k=COPY_SETTINGS_ZH["top_k"],
                              candidates_per_variant=COPY_SETTINGS_ZH["candidates_per_variant"],
                              seed=int(product["product_id"])).assign(product_id=int(product["product_id"]))
              for _, product in products.iterrows()]
    return pd.concat(frames, ignore_index=True)


def build(out_dir: Path = OUT_DIR, epochs: int = EPOCHS) -> dict:
    """Train, measure and save the Chinese copy writer; returns the results written."""
    products = load_store()["products"]
    train, held_out, _ = chinese_copy_split(products)
    started = time.perf_counter()
    writer = ChineseCopyWriter(epochs=epochs, random_state=MODEL_SEED).fit(train)
    fit_seconds = time.perf_counter() - started
    results = {"fit_seconds": fit_seconds, "train_descriptions": len(train), "held_out_products": len(held_out),
               "checked_sampling": chinese_copy_metrics(writer, held_out),
               "raw_sampling": chinese_copy_metrics(writer, held_out, candidates_per_variant=1),
               "settings": COPY_SETTINGS_ZH, "params": writer.get_params(), "version": writer.version_,
               "target_faithful": FAITHFULNESS_TARGET}
    print(json.dumps({k: v for k, v in results.items() if k != "params"}, indent=1, ensure_ascii=False), flush=True)
    shutil.rmtree(out_dir / "copywriter_zh", ignore_errors=True)
    writer.save(out_dir / "copywriter_zh")
    chinese_product_copy(writer, products).to_parquet(out_dir / "product_copy_zh.parquet", index=False,
                                                      compression="zstd")
    (out_dir / "copywriter_zh_results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                                                        "utf-8")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()
    import torch  # noqa: PLC0415

    torch.set_num_threads(1)
    results = build(args.out, args.epochs)
    faithful = results["checked_sampling"]["faithful"]
    verdict = "met" if faithful >= FAITHFULNESS_TARGET else "MISSED"
    print(f"Chinese copy faithful on held-out products: {faithful:.3f} (target >= {FAITHFULNESS_TARGET}) -> {verdict}")


if __name__ == "__main__":
    main()
