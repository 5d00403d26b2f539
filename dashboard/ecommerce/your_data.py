"""The e-commerce "Your data" scenario: an uploaded interaction log's roles, turning the mapped log into a
user x item matrix with a held-out-user split, and comparing the recommenders on it (the same evaluation as
the shipped store, without an oracle). The shared flow is in `dashboard.your_data`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.data import SessionDatabase
from dashboard.data.ecommerce_queries import interaction_log
from dashboard.jobs import BackgroundJob, StepWork
from dashboard.your_data import (
    TIME_HINTS,
    ColumnMapping,
    ColumnRole,
    PreparedData,
    YourDataScenario,
    finished_results,
)
from engines.errors import InvalidDataError

if TYPE_CHECKING:  # the engines load only when a log is compared
    import scipy.sparse as sp

    from engines.recommend import HeldOutSplit, InteractionMatrix, Recommender

MAX_ITEMS = 5_000  # keeps EASE's item x item inverse (and the page) fast; the rarest items are dropped
# The generative recommenders' budget (see `generative_step_budget`): about a minute on two cores.
GENERATIVE_ITEM_STEPS = 2_500_000
# What a step costs besides the catalogue, in items: RecVAE's five 600-wide encoder layers.
STEP_OVERHEAD_ITEMS = 1_500
MIN_GENERATIVE_STEPS = 200

ROLES = (
    ColumnRole("user", "User id column", ("user", "customer", "client", "member", "visitor")),
    ColumnRole("item", "Item id column", ("item", "product", "sku", "article", "movie", "book")),
    ColumnRole("time", "Timestamp (optional)", TIME_HINTS, required=False, kind="time"),
    # No hints: mapping an event or value column filters rows, which the person should choose knowingly.
    ColumnRole("event", "Event column (optional)", required=False),
    ColumnRole("value", "Value column (optional)", required=False),
)


@dataclass(frozen=True)
class InteractionSplit:
    """The user x item matrix built from the log, and its held-out-user evaluation split."""

    interactions: InteractionMatrix
    split: HeldOutSplit


def prepare_log(db: SessionDatabase, mapping: ColumnMapping) -> PreparedData[InteractionSplit]:
    """Read the mapped columns (keeping the `events` and `min_value` settings' rows), build the user x item
    matrix and the held-out-user split. Raises a clear InvalidDataError (or QueryError) for a log that cannot
    be compared: one user, too few interactions, no rows left; repeated rows, blanks and text ids are handled
    and reported in the notes."""
    from engines.recommend import InteractionMatrix, split_held_out_users

    time_column, events = mapping.column("time"), list(mapping.settings.get("events", ()))
    log, total_rows = interaction_log(db, mapping.table, mapping.column("user"), mapping.column("item"),
                                      mapping.column("event"), events or None, mapping.column("value"),
                                      mapping.settings.get("min_value"), time_column)
    notes = []
    if len(log) < total_rows:
        notes.append(f"{total_rows - len(log):,} of {total_rows:,} rows were left out by the event / value "
                     "filters or the row limit.")
    if log.empty:
        raise InvalidDataError("No rows are left after the event and value filters; loosen them.")
    item_counts = log.drop_duplicates(["user_id", "item_id"]).groupby("item_id", dropna=True).size()
    if len(item_counts) > MAX_ITEMS:
        keep = item_counts.nlargest(MAX_ITEMS).index
        notes.append(f"The log has {len(item_counts):,} items; the {MAX_ITEMS:,} most popular were kept.")
        log = log[log["item_id"].isin(keep)]
    by_time = time_column is not None
    interactions = InteractionMatrix.from_log(log, "user_id", "item_id",
                                              time_column="event_time" if by_time else None)
    notes += list(interactions.notes)
    split = split_held_out_users(interactions, random_state=0, by_time=by_time)
    notes.append("Each test user's most recent 20% of items are held out: the models predict what comes next."
                 if by_time else "Each test user's held-out 20% of items is drawn at random (map a time "
                                 "column to hold out their most recent ones instead).")
    summary = log_summary(interactions, split)
    return PreparedData(mapping, InteractionSplit(interactions, split), summary, notes)


def log_summary(interactions: InteractionMatrix, split: HeldOutSplit) -> str:
    """One line: users, items, interactions, test users."""
    return (f"{interactions.n_users:,} users x {interactions.n_items:,} items, "
            f"{interactions.n_interactions:,} distinct interactions; {len(split.test_rows):,} users held out "
            "for testing.")


def generative_step_budget(n_items: int) -> int:
    """Optimisation steps for a generative recommender on a log of `n_items` items: a step costs about
    batch x (items + the encoder's fixed layers) x hidden multiply-adds, so the budget shrinks with the
    catalogue to keep training near a minute on two cores (and never below MIN_GENERATIVE_STEPS). Early
    stopping on validation users usually ends training sooner."""
    return int(max(MIN_GENERATIVE_STEPS, GENERATIVE_ITEM_STEPS // (max(n_items, 1) + STEP_OVERHEAD_ITEMS)))


def tab_models(train: sp.csr_matrix) -> dict[str, Callable[[], Recommender]]:
    """The recommenders the tab compares, by label, as functions that make each one ready to fit on `train`
    (EASE's regulariser is tuned on validation users inside its function, so its time counts); the
    benchmark (`benchmarks/bench_ecommerce.py`) trains the same ones."""
    from engines.recommend import (
        EASERecommender,
        ItemKNNRecommender,
        MultVAERecommender,
        PopularityRecommender,
        RecVAERecommender,
        tune_ease_l2,
    )

    steps = generative_step_budget(train.shape[1])
    return {
        "Popularity": PopularityRecommender,
        "Item-kNN (cosine)": ItemKNNRecommender,
        "EASE": lambda: EASERecommender(l2=tune_ease_l2(train)),
        "Mult-VAE": lambda: MultVAERecommender(max_steps=steps),
        "RecVAE": lambda: RecVAERecommender(max_steps=steps),
    }


def comparison_steps(prepared: PreparedData[InteractionSplit]) -> list[tuple[str, StepWork]]:
    """One job step per recommender; each step's result is its metrics dict."""
    from engines.recommend import evaluate_recommender

    split = prepared.data.split

    def run(make_model):
        def work(report):
            model = make_model()
            return {"model": model.label, **evaluate_recommender(model, split, on_progress=report)}
        return work

    return [(label, run(make_model)) for label, make_model in tab_models(split.train).items()]


def job_leaderboard(job: BackgroundJob) -> pd.DataFrame:
    """The finished models' metrics as leaderboard rows (failed or cancelled models are left out)."""
    return pd.DataFrame([result for result in finished_results(job) if isinstance(result, dict)])


SCENARIO = YourDataScenario("ecom", ROLES, prepare_log, comparison_steps)
