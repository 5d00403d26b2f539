"""Comparing recommenders on an uploaded log: bad logs give messages, a good one runs the whole comparison."""

import numpy as np
import pytest

from dashboard.data import QueryError
from dashboard.ecommerce.log_comparison import (
    LogMapping,
    comparison_job,
    job_leaderboard,
    mult_vae_epochs,
    prepare_log,
)
from engines.errors import InvalidDataError


def synthetic_log(n_users: int = 60, seed: int = 0) -> str:
    """Users of two tastes over text item ids, with every row written twice (duplicates)."""
    rng = np.random.default_rng(seed)
    lines = ["customer,sku,event"]
    for user in range(n_users):
        block = 0 if user % 2 else 10
        for item in rng.choice(10, size=6, replace=False):
            lines += [f"u{user},sku{block + item},view"] * 2
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text, mapping, error, message", [
    ("customer,sku\na,x\n", dict(user_column="user", item_column="sku"), QueryError, "no column 'user'"),
    ("customer,sku\na,x\na,y\na,z\n", {}, InvalidDataError, "holds 1 user"),
    ("customer,sku\na,x\nb,y\nc,x\nd,z\n", {}, InvalidDataError, "Too few interactions to evaluate"),
    ("customer,sku\na,x\n", dict(user_column="sku", item_column="sku"), InvalidDataError, "two different"),
])
def test_bad_logs_give_a_clear_message(upload_log, text, mapping, error, message):
    """A missing column, a single user, too few interactions and one column used twice each raise a message.
    """
    # Setup
    db, table = upload_log("log.csv", text)
    # Run / Assert
    with pytest.raises(error, match=message):
        prepare_log(db, LogMapping(table, **({"user_column": "customer", "item_column": "sku"} | mapping)))


def test_text_ids_and_duplicates_are_explained_then_every_model_is_compared(upload_log):
    """Non-numeric ids and repeated rows become notes, and the background job fills a four-model leaderboard.
    """
    # Setup
    db, table = upload_log("clicks.csv", synthetic_log())
    prepared = prepare_log(db, LogMapping(table, "customer", "sku", "event", ("view",)))
    # Run
    job = comparison_job(prepared)
    finished = job.wait(timeout=120)
    board = job_leaderboard(job)
    # Assert
    notes = " ".join(prepared.notes)
    assert "not numbers" in notes and "repeated" in notes
    assert "60 users x 20 items" in prepared.summary and "drawn at random" in notes
    assert finished and [s.state for s in job.snapshot()] == ["done"] * 4
    assert board["model"].tolist() == ["Popularity", "Item-kNN (cosine)", "EASE", "Mult-VAE"]
    ndcg = board.set_index("model")["ndcg@100"]
    assert (ndcg.drop("Popularity") > ndcg["Popularity"]).all()


def test_mult_vae_epochs_shrink_for_big_logs():
    """Small logs get the full 60 epochs; big ones fewer, never under 5."""
    # Run / Assert
    assert mult_vae_epochs(400) == 60
    assert mult_vae_epochs(500 * 100) == 15
    assert mult_vae_epochs(10_000_000) == 5


def test_a_time_column_holds_out_the_latest_items(upload_log):
    """Mapping a timestamp makes the evaluation hold out each test user's most recent items, and says so."""
    # Setup
    rows = ["user_id,item_id,seen_at"] + [f"{u},{i},2024-01-{i + 1:02d}" for u in range(60) for i in range(8)]
    db, table = upload_log("timed.csv", "\n".join(rows) + "\n")
    # Run
    prepared = prepare_log(db, LogMapping(table, "user_id", "item_id", time_column="seen_at"))
    # Assert
    assert any("most recent 20%" in note for note in prepared.notes)
    held_out_items = prepared.interactions.item_ids[prepared.split.held_out.nonzero()[1]]
    assert set(held_out_items) <= {6, 7}
