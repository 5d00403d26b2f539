"""The Education page: opens on analytics at once, shows the model comparison, a student's mastery map with next
exercises and a plan, the class map, explains a bad attempt log, and draws a finished training job."""

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.education.page_data import tab_labels
from dashboard.education.your_data import StudentSplit
from dashboard.jobs import BackgroundJob
from dashboard.your_data import ColumnMapping, PreparedData
from engines.sequence.knowledge_tracing import LogisticKnowledgeTracer, attempt_log_from_frame, split_students
from tests.pages.chart_specs import chart_data, chart_specs, encoded_fields, layers
from tests.pages.conftest import page_text

PAGE = "pages/5_Education.py"


def frame_with(app, column: str) -> pd.DataFrame:
    """The first table on the page that has `column`."""
    return next(element.value for element in app.dataframe if column in element.value.columns)


def open_tab(run_page, index: int):
    """The page with tab `index` open (only the open tab runs)."""
    return run_page(PAGE, session_state={"edu_tab": tab_labels()[index]})


def test_opens_on_analytics_with_headline(run_page):
    """No exception or error; the headline compares DKT with the Bayes-optimal ceiling; KPIs and the struggling list."""
    # Run
    app = run_page(PAGE)
    # Assert
    assert not app.exception and not app.error
    assert "simulated" in page_text(app)
    assert "Bayes-optimal" in app.success[0].value
    assert [metric.label for metric in app.metric][:3] == ["Students", "Answers", "Answered right"]
    struggling = frame_with(app, "recent_accuracy")
    assert len(struggling) > 0 and (struggling["recent_accuracy"] < 0.5).all()


def test_model_comparison_lists_three_models(run_page):
    """The comparison table has DKT, BKT and the logistic model with AUC above chance and a gap to the ceiling."""
    # Run
    app = open_tab(run_page, 1)
    # Assert
    assert not app.exception and not app.error
    table = frame_with(app, "gap_to_bayes_optimal")
    assert set(table["model"]) == {"DKT", "BKT", "Logistic (PFA)"}
    assert (table["auc"] > 0.6).all() and (table["gap_to_bayes_optimal"] > -0.01).all()


def test_student_tab_shows_recommendations_and_plan_and_reacts_to_picker(run_page):
    """Recommendations lie in the band; the plan has 3 sessions of 8; another student gets another plan."""
    # Setup
    app = open_tab(run_page, 2)
    assert not app.exception and not app.error
    labels = [metric.label for metric in app.metric]
    assert "Expected mastery gain, this plan" in labels
    plan = frame_with(app, "expected_success")
    assert len(plan) == 24 and set(plan["session"]) == {1, 2, 3}
    # Run
    other = app.selectbox(key="edu_student").options[3]
    app.selectbox(key="edu_student").set_value(int(other.split()[1])).run()
    # Assert
    assert not app.exception and not app.error
    picks = [element.value for element in app.table if "chance right" in element.value.columns]
    for frame in picks:
        assert frame["chance right"].str.rstrip("%").astype(float).between(60, 80).all()
    assert any("recommend" in str(element.value).lower() for element in app.markdown)


def test_class_tab_shows_groups_and_synthetic_cohort(run_page):
    """Four learner groups covering every student, and a synthetic cohort download."""
    # Run
    app = open_tab(run_page, 3)
    # Assert
    assert not app.exception and not app.error
    summary = frame_with(app, "weakest_skill")
    assert len(summary) == 4 and summary["share"].sum() == pytest.approx(1.0)


def test_bad_log_explained_and_finished_job_drawn(run_page):
    """A log without a binary correctness column gets a clear message; a finished job shows its results table."""
    # Setup
    rng = np.random.default_rng(0)
    n = 400
    log_frame = pd.DataFrame({"student": rng.integers(0, 30, n), "skill": rng.integers(0, 4, n),
                              "correct": rng.integers(0, 2, n)})
    log = attempt_log_from_frame(log_frame, student="student", skill="skill", correct="correct")
    train, test = split_students(log, 0.2, 0)
    model = LogisticKnowledgeTracer()
    job = BackgroundJob([("Logistic (PFA)", lambda report: (model.fit(train), {"model": model.label, "auc": 0.5,
                                                                               "accuracy": 0.5, "fit_seconds": 0.1}))])
    job.start().wait(30)
    prepared = PreparedData(ColumnMapping("log", {}), StudentSplit(log, train, test), "", ["note shown"])
    # Run
    app = open_tab(run_page, 4)
    db = app.session_state["session_database"]
    db.add_upload("scores.csv", io.BytesIO(b"student,skill,correct\n1,a,0.5\n2,a,1\n"), None)
    app.session_state["active_table"] = "scores"  # what an upload does: make it active, as a new choice
    app.session_state["active_table_serial"] = app.session_state["active_table_serial"] + 1 \
        if "active_table_serial" in app.session_state else 1
    app.run()
    app.button(key="edu_run").click().run()
    message = " ".join(element.value for element in app.error)
    app.session_state["edu_prepared"], app.session_state["edu_job"] = prepared, job
    app.session_state["edu_job_drawn"] = job
    app.run()
    # Assert
    assert "0/1 or true/false" in message
    assert not app.exception
    assert "note shown" in [element.value for element in app.info]
    assert "auc" in frame_with(app, "fit_seconds").columns


def test_model_comparison_chart_names_each_bar_on_a_zero_based_axis(run_page):
    """The comparison chart's bars are named by model on the category axis (labels shown), and the AUC axis
    starts at 0, so gaps are not exaggerated."""
    # Run
    app = open_tab(run_page, 1)
    # Assert
    spec = next(s for s in chart_specs(app) if "model" in encoded_fields(s, "y"))
    bars = next(view for view in layers(spec) if view["encoding"].get("y", {}).get("field") == "model")
    assert bars["encoding"]["y"]["axis"].get("labels", True) is not False
    assert bars["encoding"]["x"]["scale"]["domain"][0] == 0
    assert {"DKT", "BKT", "Logistic (PFA)"} <= {row.get("model") for row in chart_data(spec)}
    assert bars["encoding"]["x"]["title"]


def test_learner_group_chart_draws_four_distinct_titled_lines(run_page):
    """The learner-group profile has four series (one per group) that differ, a titled axis and a legend."""
    # Run
    app = open_tab(run_page, 3)
    # Assert
    spec = next(s for s in chart_specs(app) if "group" in encoded_fields(s, "color"))
    rows = pd.DataFrame(chart_data(spec))
    profiles = rows.pivot_table(index="skill", columns="group", values="mastery")
    assert profiles.shape[1] == 4 and profiles.T.drop_duplicates().shape[0] == 4
    assert profiles.max().max() - profiles.min().min() > 0.2  # not collapsed onto one value
    assert spec["encoding"]["x"]["title"] and spec["encoding"]["color"]["legend"] is not None
    assert spec["encoding"]["y"]["axis"]["labelOverlap"] is False


def test_student_plan_compares_with_the_named_baseline_in_words(run_page):
    """The plan's metrics carry no unexplained arrow: the baseline is named and a sentence says who wins."""
    # Run
    app = open_tab(run_page, 2)
    # Assert
    assert all(not metric.proto.delta for metric in app.metric)
    assert any("(the baseline)" in metric.label for metric in app.metric)
    assert any("fixed curriculum" in element.value and "mastery points" in element.value for element in app.markdown)
