"""The Education "Your data" tab: the shared upload-map-compare flow for an attempt log, and the finished
training drawn as a metrics table with one student's mastery map from DKT."""

from __future__ import annotations

import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.education import charts
from dashboard.education.your_data import SCENARIO, job_results, mastery_table
from dashboard.jobs import BackgroundJob
from dashboard.your_data import PreparedData
from dashboard.your_data_view import your_data_tab


def show_your_data(db: SessionDatabase) -> None:
    """Draw the tab: intro, upload, column mapping, the training job, its metrics and a mastery map."""
    st.markdown("Upload an attempt log (one row per answer: student, skill, right or wrong; optionally a "
                "timestamp and an exercise), map its columns, and train the same three models on it. 20% of "
                "the students are held out to score them.")
    your_data_tab(db, SCENARIO, table_label="Attempt log", default_table="education.attempts",
                  run_label="Train the models on this log", reading="reading the attempt log",
                  running="training on your log", draw_results=_draw_training)


def _draw_training(job: BackgroundJob, prepared: PreparedData) -> None:
    table, fitted = job_results(job)
    if table.empty:
        return
    st.dataframe(table, hide_index=True, width="stretch", key="edu_log_board", column_config={
        "auc": st.column_config.NumberColumn("AUC", format="%.4f"),
        "accuracy": st.column_config.NumberColumn(format="percent"),
        "fit_seconds": st.column_config.NumberColumn("train time (s)", format="%.1f")})
    model = fitted.get("DKT") or next(iter(fitted.values()))
    log = prepared.data.log
    students = list(log.students)
    chosen = st.selectbox("Student of your log", students, key="edu_log_student")
    heat = mastery_table(model, log, students.index(chosen))
    st.altair_chart(charts.mastery_heatmap(heat, list(model.skills_)), width="stretch")
