"""The Campaign section: for one customer segment, the products the recommender would put in front of most of
its customers, each with generated copy, ready to download."""

from __future__ import annotations

import pandas as pd

from engines.errors import InvalidDataError


def segment_top_products(recommendations: pd.DataFrame, segmented: pd.DataFrame, segment: str,
                         n_products: int = 5) -> pd.DataFrame:
    """The `n_products` products most often in the top-10 of the segment's customers: `product_id`, `reach`
    (customers with it in their top-10), `reach_share` and `mean_match` (mean match score, %)."""
    members = segmented.loc[segmented["segment"] == segment, "customer_id"]
    if members.empty:
        raise InvalidDataError(f"The segment {segment!r} has no customers; pick another segment.",
                               key="ecommerce.error.empty_segment", segment=segment)
    rows = recommendations[recommendations["customer_id"].isin(members)]
    top = (rows.groupby("product_id")
           .agg(reach=("customer_id", "nunique"), mean_match=("score_percent", "mean"))
           .reset_index().sort_values(["reach", "mean_match"], ascending=False).head(n_products))
    top["reach_share"] = top["reach"] / len(members)
    return top.reset_index(drop=True)


def campaign_table(segment: str, top_products: pd.DataFrame, catalogue: pd.DataFrame,
                   copy_variants: pd.DataFrame) -> pd.DataFrame:
    """One row per campaign product: segment, product, reach, and its first generated copy variant that
    states every attribute (else the first variant), with the checks and provenance kept for the download."""
    best = (copy_variants.sort_values(["product_id", "faithful", "novel", "variant"],
                                      ascending=[True, False, False, True])
            .drop_duplicates("product_id"))
    table = (top_products.merge(catalogue[["product_id", "name", "category", "brand", "colour", "price",
                                           "price_band"]], on="product_id", how="left")
             .merge(best[["product_id", "text", "faithful", "novel", "model", "model_version", "seed",
                          "provenance"]], on="product_id", how="left"))
    table.insert(0, "segment", segment)
    return table.rename(columns={"text": "copy", "faithful": "copy_states_all_attributes",
                                 "novel": "copy_is_new_wording"})
