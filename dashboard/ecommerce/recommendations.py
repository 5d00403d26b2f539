"""The Recommendations section: the leaderboard of recommenders and one customer's history next to their
recommended products, with plain-words reasons."""

from __future__ import annotations

import pandas as pd

from dashboard.ecommerce.labels import category_label, product_label
from dashboard.i18n import has_key, number, percent, t
from engines.errors import InvalidDataError

GENERATIVE = ("Mult-VAE", "RecVAE")  # the generative models of a leaderboard; the other rows are baselines

LEADERBOARD_COLUMNS = {
    "model": "Model", "recall@20": "Recall@20", "ndcg@100": "NDCG@100",
    "coverage@20": "Catalogue coverage@20",
    "fit_seconds": "Train time (s)", "% of oracle recall": "% of oracle",
}
# What each leaderboard model is, in one line: catalogue keys ecommerce.model_note.<code>.
MODEL_NOTES = {"Popularity": "popularity", "Item-kNN (cosine)": "item_knn", "EASE": "ease", "Mult-VAE": "mult_vae",
               "RecVAE": "recvae", "Oracle (true preferences)": "oracle"}


MODEL_NAME_KEYS = {"Popularity": "popularity", "Item-kNN (cosine)": "item_knn", "Oracle (true preferences)": "oracle"}


def model_label(model: str) -> str:
    """A leaderboard model's name in the reader's language (names of published methods stay as written; the
    oracle keeps its "Oracle" prefix, which the chart reads)."""
    key = MODEL_NAME_KEYS.get(model)
    return t(f"ecommerce.model_name.{key}") if key else model


def leaderboard_table(rows: list[dict]) -> pd.DataFrame:
    """The leaderboard as the page shows it: friendly column names, best model first (the oracle last)."""
    board = pd.DataFrame(rows)
    board = board[[c for c in LEADERBOARD_COLUMNS if c in board.columns]].rename(columns=LEADERBOARD_COLUMNS)
    is_oracle = board["Model"].str.startswith("Oracle")
    ranked = board[~is_oracle].sort_values("Recall@20", ascending=False)
    board = pd.concat([ranked, board[is_oracle]], ignore_index=True)
    return board.assign(Model=board["Model"].map(model_label))


def model_notes(models: list[str]) -> str:
    """One line per model saying what it is, for a caption under the leaderboard."""
    by_label = {model_label(model): model for model in MODEL_NOTES}
    return "  \n".join(t("ecommerce.model_note.line", model=model,
                         note=t(f"ecommerce.model_note.{MODEL_NOTES[by_label.get(model, model)]}"))
                       for model in models if by_label.get(model, model) in MODEL_NOTES)


def headline(rows: list[dict]) -> dict[str, float | str]:
    """The best generative model's recall, its ratio to the best baseline and to the oracle, for the page's
    one-line takeaway (`model` names it; `vs_baseline` < 1 means the baseline finds more)."""
    board = pd.DataFrame(rows).set_index("model")
    generative = [m for m in GENERATIVE if m in board.index]
    if not generative:
        raise InvalidDataError("The leaderboard has no generative model row; rebuild the shipped results.",
                               key="data.ecommerce.no_generative_row")
    model = str(board.loc[generative, "recall@20"].idxmax())
    baselines = board.drop(index=[m for m in board.index if m in GENERATIVE or m.startswith("Oracle")])
    best_baseline = baselines["recall@20"].idxmax()
    recall = float(board.loc[model, "recall@20"])
    popularity = float(board.loc["Popularity", "recall@20"]) if "Popularity" in board.index else float("nan")
    result = {"model": model, "recall": recall, "best_baseline": best_baseline,
              "vs_baseline": recall / float(baselines.loc[best_baseline, "recall@20"]),
              "vs_popularity": recall / popularity}
    oracle = [m for m in board.index if m.startswith("Oracle")]
    result["vs_oracle"] = recall / float(board.loc[oracle[0], "recall@20"]) if oracle else float("nan")
    return result


def headline_sentence(top: dict) -> str:
    """The recommender half of the page's takeaway, honest about which model wins: the best generative model's
    recall, against best-sellers, the best classic method (or that the classic method finds more) and the
    oracle."""
    key = "ecommerce.headline.ahead" if top["vs_baseline"] >= 1 else "ecommerce.headline.behind"
    return t(key, model=top["model"], recall=percent(top["recall"], decimals=0),
             vs_popularity=number(top["vs_popularity"], decimals=1), baseline=top["best_baseline"],
             vs_baseline=number(top["vs_baseline"], decimals=2), vs_oracle=percent(top["vs_oracle"], decimals=0))


def customer_label(row: pd.Series) -> str:
    """How the customer picker names a customer."""
    age = row.get("age_band") if isinstance(row.get("age_band"), str) else t("ecommerce.customer.age_na")
    region = row.get("region")
    region = t(f"ecommerce.region.{region}") if isinstance(region, str) and has_key(f"ecommerce.region.{region}") \
        else (region or t("ecommerce.customer.region_na"))
    return t("ecommerce.customer.label", customer=str(int(row["customer_id"])), region=region, age=age,
             products=int(row["products"]), orders=int(row["orders"]))


def recommended_products(recommendations: pd.DataFrame, catalogue: pd.DataFrame,
                         customer_id: int) -> pd.DataFrame:
    """A customer's top-10 as the page shows it: rank, product, category, price, match score (% of the
    customer's predicted interest among products they have not seen), a why-line naming the products of theirs
    it is most similar to, and the product's true rank for this (simulated) customer."""
    rows = recommendations[recommendations["customer_id"] == customer_id].sort_values("rank")
    if rows.empty:
        raise InvalidDataError(f"Customer {customer_id} has no recommendations: they have no recorded activity.",
                               key="ecommerce.error.no_recommendations", customer=str(customer_id))
    names = catalogue.set_index("product_id")["name"].map(product_label)
    rows = rows.merge(catalogue[["product_id", "name", "category", "price"]], on="product_id", how="left")

    def why(row: pd.Series) -> str:
        ids = [int(x) for x in str(row["because_product_ids"]).split(",") if x]
        if not ids:
            return t("ecommerce.why.popular")
        if len(ids) == 1:
            return t("ecommerce.why.one", first=names.get(ids[0], ids[0]))
        return t("ecommerce.why.two", first=names.get(ids[0], ids[0]), second=names.get(ids[1], ids[1]))

    return pd.DataFrame({
        "Rank": rows["rank"].astype(int),
        "Product": rows["name"].map(product_label),
        "Category": rows["category"].map(category_label),
        "Price": rows["price"],
        "Match": rows["score_percent"] / 100.0,
        # The short rank before the long sentence, so it stays in view at the table's width.
        "True taste rank": rows["true_rank"].astype(int),
        "Why": rows.apply(why, axis=1),
    })


def history_table(history: pd.DataFrame, limit: int = 15) -> pd.DataFrame:
    """A customer's most recent products, with what they did (viewed, carted, bought)."""
    frame = history.head(limit)
    return pd.DataFrame({
        "Product": frame["name"].map(product_label), "Category": frame["category"].map(category_label),
        "Price": frame["price"],
        "Views": frame["views"].astype(int), "Carts": frame["carts"].astype(int),
        "Bought": frame["purchases"].astype(int), "Last seen": frame["last_seen"],
    })
