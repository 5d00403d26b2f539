"""The Education "Your data" tab: the shared upload-map-compare flow for an attempt log, and the finished
training drawn as a metrics table with one student's mastery map from DKT."""

from __future__ import annotations

import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.charts import natural_sorted
from dashboard.education import charts
from dashboard.education.your_data import SCENARIO, job_results, mastery_table, winner_line
from dashboard.glossary import help_text
from dashboard.i18n import t
from dashboard.jobs import BackgroundJob
from dashboard.tables import show_table
from dashboard.your_data import PreparedData
from dashboard.your_data_view import your_data_tab


def show_your_data(db: SessionDatabase) -> None:
    """Draw the tab: intro, upload, column mapping, the training job, its metrics and a mastery map."""
    st.markdown(t("education.your_data.intro"))
    your_data_tab(db, SCENARIO, table_label=t("education.your_data.table"), default_table="education.attempts",
                  run_label=t("education.your_data.run"), reading=t("action.education.reading_log"),
                  running=t("action.education.training_log"), draw_results=_draw_training)


def _draw_training(job: BackgroundJob, prepared: PreparedData) -> None:
    table, fitted = job_results(job)
    if table.empty:
        return
    st.markdown(winner_line(table))
    show_table(table, key="edu_log_board", column_config={
        "model": st.column_config.TextColumn(t("education.col.model")),
        "auc": st.column_config.NumberColumn(t("education.your_data.col.auc"), format="%.4f", help=help_text("AUC")),
        "accuracy": st.column_config.NumberColumn(t("education.col.right_calls"), format="percent",
                                                  help=t("education.help.right_calls")),
        "log_loss": st.column_config.NumberColumn(t("education.your_data.col.log_loss"), format="%.4f",
                                                  help=help_text("log loss")),
        "fit_seconds": st.column_config.NumberColumn(t("education.col.train_seconds"), format="%.1f")})
    model = fitted.get("DKT") or next(iter(fitted.values()))
    log = prepared.data.log
    students = list(log.students)
    chosen = st.selectbox(t("education.your_data.student"), students, key="edu_log_student")
    heat = mastery_table(model, log, students.index(chosen))
    # Skill ids read as numbers: 1, 2, ..., 10, 11 (not 1, 10, 11, ..., 2).
    st.altair_chart(charts.mastery_heatmap(heat, natural_sorted(model.skills_)), width="stretch")
