"""The shared "Your data" flow, once for every scenario: column guesses, clear messages for bad mappings, the
prepared table and its background job, and the tab drawing a finished job."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.jobs import BackgroundJob
from dashboard.your_data import (
    TIME_HINTS,
    ColumnMapping,
    ColumnRole,
    PreparedData,
    TableColumn,
    YourDataScenario,
    check_mapping,
    describe_table,
    finished_results,
    guess_columns,
    prepare,
    role_options,
    start_comparison,
)
from engines.errors import InvalidDataError

USER = ColumnRole("user", "User", ("user", "customer"))
ITEM = ColumnRole("item", "Item", ("item", "product"))
TIME = ColumnRole("time", "Time (optional)", TIME_HINTS, required=False, kind="time")


def test_a_column_named_timestamp_is_preselected_for_a_time_role():
    """An exact name beats a partial one, even when the partial one has a time type."""
    # Setup
    columns = [TableColumn("customer_id", "INTEGER"), TableColumn("created_time", "TIMESTAMP"),
               TableColumn("timestamp", "VARCHAR"), TableColumn("product", "VARCHAR")]
    # Run
    guesses = guess_columns([USER, ITEM, TIME], columns)
    # Assert
    assert guesses == {"user": "customer_id", "item": "product", "time": "timestamp"}


def test_a_fitting_type_breaks_ties_between_partial_names():
    """Of two names containing a hint, the one of the role's type wins over a number (seconds spent)."""
    # Setup
    role = ColumnRole("time", "Time", (*TIME_HINTS, "attempted"), required=False, kind="time")
    columns = [TableColumn("time_spent", "BIGINT"), TableColumn("attempted_at", "TIMESTAMP")]
    # Run / Assert
    assert guess_columns([role], columns) == {"time": "attempted_at"}


def test_unmatched_required_roles_take_free_columns_and_optional_roles_stay_empty():
    """Without a matching name, required roles get different columns (those of their kind first); optional
    roles are left unmapped, because mapping them changes how the comparison runs."""
    # Setup
    columns = [TableColumn("a", "INTEGER", 40), TableColumn("b", "TIMESTAMP", 90),
               TableColumn("c", "TINYINT", 2)]
    label = ColumnRole("label", "Label", kind="binary")
    # Run
    guesses = guess_columns([USER, ITEM, label, ColumnRole("event", "Event", required=False)], columns)
    # Assert
    assert guesses == {"user": "a", "item": "b", "label": "c", "event": None}


def test_kind_restricted_roles_offer_only_fitting_columns():
    """A time-only role lists date/time columns; a grouping role lists columns with few values; optional roles
    start with None."""
    # Setup
    columns = [TableColumn("amount", "DOUBLE", 900), TableColumn("day", "DATE", 30),
               TableColumn("region", "VARCHAR", 5)]
    time = ColumnRole("time", "Time", required=False, kind="time", only_kind=True)
    group = ColumnRole("group", "Group", required=False, kind="few_values", only_kind=True)
    # Run / Assert
    assert role_options(time, columns) == [None, "day"]
    assert role_options(group, columns) == [None, "region"]
    assert role_options(USER, columns) == ["amount", "day", "region"]


def test_a_time_only_role_also_offers_and_preselects_epoch_seconds_named_timestamp():
    """A log that keeps time as epoch seconds in a BIGINT column named "timestamp" (MovieLens does) gets that
    column offered and preselected by a time-only role; other numbers stay out of its picker."""
    # Setup
    columns = [TableColumn("amount", "DOUBLE", 900), TableColumn("timestamp", "BIGINT", 800),
               TableColumn("is_fraud", "TINYINT", 2)]
    time = ColumnRole("time", "Time", TIME_HINTS, required=False, kind="time", only_kind=True)
    # Run / Assert
    assert role_options(time, columns) == [None, "timestamp"]
    assert guess_columns([time], columns) == {"time": "timestamp"}


@pytest.mark.parametrize("columns, message", [
    ({"user": "customer", "item": None}, "Pick a column for the item"),
    ({"user": "customer", "item": "sku", "time": "when"}, "no column 'when' for the time"),
    ({"user": "sku", "item": "sku"}, "different column for each role: the user and the item both use 'sku'"),
])
def test_bad_mappings_give_a_clear_message(columns, message):
    """An unmapped required role, a column the table lacks and one column used twice each name the fix."""
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        check_mapping(ColumnMapping("t", columns), [USER, ITEM, TIME], ["customer", "sku", "seen_at"])


def count_rows(db, mapping: ColumnMapping) -> PreparedData:
    """A toy scenario's preparation: the number of rows, as its model input."""
    rows = db.row_count(mapping.table)
    return PreparedData(mapping, rows, f"{rows} rows", ["a note"])


def toy_steps(prepared: PreparedData):
    """Two steps that finish and one that fails."""
    def fail(report):
        raise InvalidDataError("no luck")
    return [("double", lambda report: prepared.data * 2), ("fails", fail),
            ("triple", lambda report: prepared.data * 3)]


TOY = YourDataScenario("toy", (USER, ITEM, TIME), count_rows, toy_steps)


def test_prepare_checks_the_mapping_then_the_job_keeps_finished_results(upload_log):
    """`prepare` refuses a bad mapping before reading; the job runs every step and keeps the failed one's
    message apart from the results."""
    # Setup
    db, table = upload_log("log.csv", "customer,sku,seen_at\na,x,2024-01-01\nb,y,2024-01-02\n")
    # Run
    with pytest.raises(InvalidDataError, match="both use 'sku'"):
        prepare(db, TOY, ColumnMapping(table, {"user": "sku", "item": "sku"}))
    prepared = prepare(db, TOY, ColumnMapping(table, {"user": "customer", "item": "sku"}))
    job = start_comparison(TOY, prepared)
    # Assert
    assert job.wait(10)
    assert prepared.summary == "2 rows" and finished_results(job) == [4, 6]
    assert [(step.state, step.error) for step in job.snapshot()][1] == ("failed", "no luck")
    assert describe_table(db, table, TOY.roles)[-1].is_kind("time")


def shared_tab() -> None:
    """An app with only the shared tab, for a toy scenario on the shipped store's events."""
    import streamlit as st

    from dashboard.data import SessionDatabase
    from dashboard.your_data import TIME_HINTS, ColumnRole, PreparedData, YourDataScenario
    from dashboard.your_data_view import your_data_tab

    roles = (ColumnRole("user", "User", ("customer",)), ColumnRole("item", "Item", ("product",)),
             ColumnRole("time", "Time (optional)", TIME_HINTS, required=False, kind="time"))
    scenario = YourDataScenario("toy", roles, lambda db, mapping: PreparedData(mapping, 0, "", []),
                                lambda prepared: [])
    if "toy_db" not in st.session_state:
        st.session_state["toy_db"] = SessionDatabase()
    your_data_tab(st.session_state["toy_db"], scenario, table_label="Log", default_table="ecommerce.events",
                  run_label="Compare", reading="reading", running="comparing",
                  draw_results=lambda job, prepared: st.markdown(f"results: {job.snapshot()[0].result}"))


def test_the_tab_preselects_guesses_and_draws_a_finished_job():
    """The pickers open on the guessed columns; a finished job in the session shows the summary, the notes
    and the scenario's results."""
    # Setup
    job = BackgroundJob([("only", lambda report: 42)]).start()
    job.wait(10)
    prepared = PreparedData(ColumnMapping("t", {}), 0, "3 rows summarised", ["a note"])
    app = AppTest.from_function(shared_tab, default_timeout=60)
    app.session_state["toy_prepared"], app.session_state["toy_job"] = prepared, job
    app.session_state["toy_job_drawn"] = job
    # Run
    app.run()
    # Assert
    assert not app.exception and not app.error
    assert app.selectbox(key="toy_col_time").value == "event_time"
    assert app.selectbox(key="toy_col_user").value == "customer_id"
    assert "3 rows summarised" in [caption.value for caption in app.caption]
    assert "a note" in [info.value for info in app.info]
    assert "results: 42" in [markdown.value for markdown in app.markdown]
