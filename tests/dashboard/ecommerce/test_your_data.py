"""The e-commerce "Your data" scenario: logs the recommenders cannot be compared on get messages, a good one runs
the whole comparison, and a time column holds out each user's latest items. (Column guesses and mapping checks
are the shared flow's, tested in tests/dashboard/test_your_data.py.)"""

import numpy as np
import pytest

from dashboard.ecommerce.your_data import (
    MIN_GENERATIVE_STEPS,
    SCENARIO,
    generative_step_budget,
    job_leaderboard,
)
from dashboard.your_data import ColumnMapping, prepare, start_comparison
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


def mapping(table: str, user: str = "customer", item: str = "sku", **more) -> ColumnMapping:
    """A mapping of the user and item columns, plus any optional role given by name."""
    return ColumnMapping(table, {"user": user, "item": item, **{k: v for k, v in more.items() if k != "events"}},
                         {"events": more.get("events", ())})


@pytest.mark.parametrize("text, message", [
    ("customer,sku\na,x\na,y\na,z\n", "holds 1 user"),
    ("customer,sku\na,x\nb,y\nc,x\nd,z\n", "Too few interactions to evaluate"),
    ("customer,sku,event\na,x,view\nb,y,view\n", "No rows are left after the event and value filters"),
])
def test_logs_that_cannot_be_compared_give_a_clear_message(upload_log, text, message):
    """A single user, too few interactions and filters that keep no row each raise a message."""
    # Setup
    db, table = upload_log("log.csv", text)
    extra = {"event": "event", "events": ("buy",)} if "event" in text else {}
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        prepare(db, SCENARIO, mapping(table, **extra))


def test_text_ids_and_duplicates_are_explained_then_every_model_is_compared(upload_log):
    """Non-numeric ids and repeated rows become notes, and the background job fills a five-model leaderboard.
    """
    # Setup
    db, table = upload_log("clicks.csv", synthetic_log())
    prepared = prepare(db, SCENARIO, mapping(table, event="event", events=("view",)))
    # Run
    job = start_comparison(SCENARIO, prepared)
    finished = job.wait(timeout=120)
    board = job_leaderboard(job)
    # Assert
    notes = " ".join(prepared.notes)
    assert "not numbers" in notes and "repeated" in notes
    assert "60 users x 20 items" in prepared.summary and "drawn at random" in notes
    assert finished and [s.state for s in job.snapshot()] == ["done"] * 5
    assert board["model"].tolist() == ["Popularity", "Item-kNN (cosine)", "EASE", "Mult-VAE", "RecVAE"]
    ndcg = board.set_index("model")["ndcg@100"]
    assert (ndcg.drop("Popularity") > ndcg["Popularity"]).all()


def test_generative_step_budget_shrinks_with_the_catalogue():
    """Wider catalogues get fewer optimisation steps (a step costs in proportion to the items), never fewer
    than the floor."""
    # Run
    budgets = [generative_step_budget(n_items) for n_items in (100, 1_000, 5_000, 10_000_000)]
    # Assert
    assert budgets == sorted(budgets, reverse=True) and budgets[0] > budgets[2]
    assert budgets[-1] == MIN_GENERATIVE_STEPS


def test_a_time_column_holds_out_the_latest_items(upload_log):
    """Mapping a timestamp makes the evaluation hold out each test user's most recent items, and says so."""
    # Setup
    rows = ["user_id,item_id,seen_at"] + [f"{u},{i},2024-01-{i + 1:02d}" for u in range(60) for i in range(8)]
    db, table = upload_log("timed.csv", "\n".join(rows) + "\n")
    # Run
    prepared = prepare(db, SCENARIO, mapping(table, "user_id", "item_id", time="seen_at"))
    # Assert
    assert any("most recent 20%" in note for note in prepared.notes)
    interactions, split = prepared.data.interactions, prepared.data.split
    assert set(interactions.item_ids[split.held_out.nonzero()[1]]) <= {6, 7}
