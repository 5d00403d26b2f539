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
from dashboard.i18n import Message
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
    ColumnRole("user", Message("ecommerce.role.user"), ("user", "customer", "client", "member", "visitor")),
    ColumnRole("item", Message("ecommerce.role.item"), ("item", "product", "sku", "article", "movie", "book")),
    ColumnRole("time", Message("ecommerce.role.time"), TIME_HINTS, required=False, kind="time"),
    # No hints: mapping an event or value column filters rows, which the person should choose knowingly.
    ColumnRole("event", Message("ecommerce.role.event"), required=False),
    ColumnRole("value", Message("ecommerce.role.value"), required=False),
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
        notes.append(Message("ecommerce.your_data.left_out", left_out=int(total_rows - len(log)),
                             total=int(total_rows)))
    if log.empty:
        raise InvalidDataError("No rows are left after the event and value filters; loosen them.",
                               key="ecommerce.your_data.no_rows")
    item_counts = log.drop_duplicates(["user_id", "item_id"]).groupby("item_id", dropna=True).size()
    if len(item_counts) > MAX_ITEMS:
        keep = item_counts.nlargest(MAX_ITEMS).index
        notes.append(Message("ecommerce.your_data.items_cut", items=int(len(item_counts)), kept=int(MAX_ITEMS)))
        log = log[log["item_id"].isin(keep)]
    by_time = time_column is not None
    interactions = InteractionMatrix.from_log(log, "user_id", "item_id",
                                              time_column="event_time" if by_time else None)
    notes += list(interactions.notes)
    split = split_held_out_users(interactions, random_state=0, by_time=by_time)
    notes.append(Message("ecommerce.your_data.held_out.by_time" if by_time else "ecommerce.your_data.held_out.random"))
    summary = log_summary(interactions, split)
    return PreparedData(mapping, InteractionSplit(interactions, split), summary, notes)


def log_summary(interactions: InteractionMatrix, split: HeldOutSplit) -> str:
    """One line: users, items, interactions, test users."""
    return Message("ecommerce.your_data.summary", users=int(interactions.n_users), items=int(interactions.n_items),
                   interactions=int(interactions.n_interactions), held_out=int(len(split.test_rows)))


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
