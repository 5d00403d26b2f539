"""The "Your data" section: map an uploaded interaction log's columns, check it, and compare the recommenders
on it in a background job (the same held-out-user evaluation as the shipped store, without an oracle)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from dashboard.data import SessionDatabase
from dashboard.data.ecommerce_queries import interaction_log
from dashboard.jobs import BackgroundJob
from engines.errors import InvalidDataError

MAX_ITEMS = 5_000  # keeps EASE's item x item inverse (and the page) fast; the rarest items are dropped
MULT_VAE_STEP_BUDGET = 1_500  # optimisation steps, so training stays around a minute on two cores


@dataclass(frozen=True)
class LogMapping:
    """Which columns of the uploaded table hold what; event and value filters are optional."""

    table: str
    user_column: str
    item_column: str
    event_column: str | None = None
    events: tuple = ()
    value_column: str | None = None
    min_value: float | None = None
    time_column: str | None = None


@dataclass
class PreparedLog:
    """The interaction matrix built from a mapped log, its evaluation split, and notes for the person."""

    interactions: object
    split: object
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line: users, items, interactions, test users."""
        m = self.interactions
        return (f"{m.n_users:,} users x {m.n_items:,} items, {m.n_interactions:,} distinct interactions; "
                f"{len(self.split.test_rows):,} users held out for testing.")


def prepare_log(db: SessionDatabase, mapping: LogMapping) -> PreparedLog:
    """Read the mapped columns, build the user x item matrix and the held-out-user split. Raises a clear
    InvalidDataError (or QueryError) for a log that cannot be compared: a missing column, one user, too few
    interactions; repeated rows, blanks and text ids are handled and reported in `notes`."""
    from engines.recommend import InteractionMatrix, split_held_out_users

    if mapping.user_column == mapping.item_column:
        raise InvalidDataError("Pick two different columns for the user and the item.")
    for role, column in (("event", mapping.event_column), ("value", mapping.value_column),
                         ("time", mapping.time_column)):
        if column in (mapping.user_column, mapping.item_column):
            raise InvalidDataError(f"The {role} column cannot also be the user or the item column.")
    log, total_rows = interaction_log(db, mapping.table, mapping.user_column, mapping.item_column,
                                      mapping.event_column, list(mapping.events) or None,
                                      mapping.value_column,
                                      mapping.min_value, mapping.time_column)
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
    by_time = mapping.time_column is not None
    interactions = InteractionMatrix.from_log(log, "user_id", "item_id",
                                              time_column="event_time" if by_time else None)
    notes += list(interactions.notes)
    split = split_held_out_users(interactions, random_state=0, by_time=by_time)
    notes.append("Each test user's most recent 20% of items are held out: the models predict what comes next."
                 if by_time else "Each test user's held-out 20% of items is drawn at random (map a time "
                                 "column to hold out their most recent ones instead).")
    return PreparedLog(interactions, split, notes)


def mult_vae_epochs(n_train_users: int, batch_size: int = 500) -> int:
    """Epochs that keep Mult-VAE within the step budget: 60 on small logs, fewer (at least 5) on big ones."""
    steps_per_epoch = math.ceil(n_train_users / min(batch_size, max(n_train_users, 1)))
    return int(max(5, min(60, MULT_VAE_STEP_BUDGET // max(steps_per_epoch, 1))))


def comparison_job(prepared: PreparedLog) -> BackgroundJob:
    """A started background job with one step per recommender; each step's result is its metrics dict."""
    from engines.recommend import (
        EASERecommender,
        ItemKNNRecommender,
        MultVAERecommender,
        PopularityRecommender,
        evaluate_recommender,
        tune_ease_l2,
    )

    split = prepared.split

    def run(make_model):
        def work(report):
            model = make_model()
            return {"model": model.label, **evaluate_recommender(model, split, on_progress=report)}
        return work

    epochs = mult_vae_epochs(split.train.shape[0])
    steps = [
        ("Popularity", run(PopularityRecommender)),
        ("Item-kNN (cosine)", run(ItemKNNRecommender)),
        ("EASE", run(lambda: EASERecommender(l2=tune_ease_l2(split.train)))),
        ("Mult-VAE", run(lambda: MultVAERecommender(epochs=epochs))),
    ]
    return BackgroundJob(steps).start()


def job_leaderboard(job: BackgroundJob) -> pd.DataFrame:
    """The finished models' metrics as leaderboard rows (failed or cancelled models are left out)."""
    rows = [step.result for step in job.snapshot() if step.state == "done" and isinstance(step.result, dict)]
    return pd.DataFrame(rows)
