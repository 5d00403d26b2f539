"""The Recommendations section: the leaderboard of recommenders and one customer's history next to their
recommended products, with plain-words reasons."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import number, percent, t
from engines.errors import InvalidDataError

GENERATIVE = ("Mult-VAE", "RecVAE")  # the generative models of a leaderboard; the other rows are baselines

LEADERBOARD_COLUMNS = {
    "model": "Model", "recall@20": "Recall@20", "ndcg@100": "NDCG@100",
    "coverage@20": "Catalogue coverage@20",
    "fit_seconds": "Train time (s)", "% of oracle recall": "% of oracle",
}
MODEL_NOTES = {
    "Popularity": "the same best-sellers for everyone",
    "Item-kNN (cosine)": "'people who viewed this also viewed'",
    "EASE": "a linear item-to-item model solved in closed form (strong, simple)",
    "Mult-VAE": "generative: learns a taste profile per shopper, then a distribution over the whole "
                "catalogue",
    "RecVAE": "generative: Mult-VAE with a prior that lets each taste profile move only a little per epoch, "
              "trained in alternating encoder and decoder rounds",
    "Oracle (true preferences)": "ranks by the simulator's hidden true tastes: the best any model could do",
}


def leaderboard_table(rows: list[dict]) -> pd.DataFrame:
    """The leaderboard as the page shows it: friendly column names, best model first (the oracle last)."""
    board = pd.DataFrame(rows)
    board = board[[c for c in LEADERBOARD_COLUMNS if c in board.columns]].rename(columns=LEADERBOARD_COLUMNS)
    is_oracle = board["Model"].str.startswith("Oracle")
    ranked = board[~is_oracle].sort_values("Recall@20", ascending=False)
    return pd.concat([ranked, board[is_oracle]], ignore_index=True)


def model_notes(models: list[str]) -> str:
    """One line per model saying what it is, for a caption under the leaderboard."""
    return "  \n".join(f"**{model}**: {MODEL_NOTES[model]}" for model in models if model in MODEL_NOTES)


def headline(rows: list[dict]) -> dict[str, float | str]:
    """The best generative model's recall, its ratio to the best baseline and to the oracle, for the page's
    one-line takeaway (`model` names it; `vs_baseline` < 1 means the baseline finds more)."""
    board = pd.DataFrame(rows).set_index("model")
    generative = [m for m in GENERATIVE if m in board.index]
    if not generative:
        raise InvalidDataError("The leaderboard has no generative model row; rebuild the shipped results.")
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
    age = row.get("age_band") if isinstance(row.get("age_band"), str) else "age n/a"
    return (f"Customer {int(row['customer_id'])} · {row.get('region') or 'region n/a'}, {age} · "
            f"{int(row['products'])} products, {int(row['orders'])} orders")


def recommended_products(recommendations: pd.DataFrame, catalogue: pd.DataFrame,
                         customer_id: int) -> pd.DataFrame:
    """A customer's top-10 as the page shows it: rank, product, category, price, match score (% of the
    customer's predicted interest among products they have not seen), a why-line naming the products of theirs
    it is most similar to, and the product's true rank for this (simulated) customer."""
    rows = recommendations[recommendations["customer_id"] == customer_id].sort_values("rank")
    if rows.empty:
        raise InvalidDataError(f"Customer {customer_id} has no recommendations: they have no recorded "
                               "activity.")
    names = catalogue.set_index("product_id")["name"]
    rows = rows.merge(catalogue[["product_id", "name", "category", "price"]], on="product_id", how="left")

    def why(row: pd.Series) -> str:
        ids = [int(x) for x in str(row["because_product_ids"]).split(",") if x]
        if not ids:
            return "Popular with shoppers like this one"
        liked = " and ".join(f"“{names.get(i, i)}”" for i in ids)
        return f"Often explored by the same shoppers as {liked}"

    return pd.DataFrame({
        "Rank": rows["rank"].astype(int),
        "Product": rows["name"],
        "Category": rows["category"],
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
        "Product": frame["name"], "Category": frame["category"], "Price": frame["price"],
        "Views": frame["views"].astype(int), "Carts": frame["carts"].astype(int),
        "Bought": frame["purchases"].astype(int), "Last seen": frame["last_seen"],
    })
