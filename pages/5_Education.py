"""Education: learning analytics, knowledge tracing (DKT vs BKT vs logistic), a student's mastery map with next
exercises and a generated learning plan, the class map, and the same models trained on an uploaded attempt log."""

import streamlit as st

from dashboard import warmup
from dashboard.downloads import csv_bytes
from dashboard.education import charts, page_data
from dashboard.education.shipped import shipped_results
from dashboard.education.your_data_view import show_your_data
from dashboard.glossary import glossary_section, help_text
from dashboard.i18n import current_language, number, percent, t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database
from dashboard.tables import show_table, show_text_table

setup_page("Education")
db = session_database()
language = current_language()
st.title(t("education.title"))
st.caption(t("education.caption"))

with explained_errors(t("action.reading_shipped_results")):
    results = shipped_results()
    top = page_data.headline(results)
    st.success(page_data.headline_text(top), icon=":material/insights:")

# Only the open tab runs (the student and class tabs need torch and the models; analytics need neither).
tabs = st.tabs(page_data.tab_labels(), key="edu_tab", on_change="rerun")
warmup.start_warmup("engines.learning_plan")  # the model tabs open without waiting for torch

if tabs[0].open:
    with tabs[0], explained_errors(t("action.education.analytics")):
        data = page_data.analytics(db)
        k = data["kpis"]
        cols = st.columns(5)
        cols[0].metric(t("education.kpi.students"), number(k["students"]))
        cols[1].metric(t("education.kpi.answers"), number(int(k["attempts"])))
        cols[2].metric(t("education.kpi.right"), percent(k["accuracy"]))
        cols[3].metric(t("education.kpi.median_answers"), number(k["median_attempts"], decimals=0))
        cols[4].metric(t("education.kpi.skills_exercises"), f"{k['skills']} / {k['exercises']}")
        left, right = st.columns([3, 2])
        left.markdown(t("education.analytics.weekly"))
        left.altair_chart(charts.weekly_activity_chart(data["weekly"]), width="stretch")
        left.markdown(t("education.analytics.by_difficulty"))
        left.altair_chart(charts.difficulty_chart(data["by_difficulty"]), width="stretch")
        right.markdown(t("education.analytics.by_skill"))
        right.altair_chart(charts.skill_accuracy_chart(data["by_skill"]), width="stretch")
        st.markdown(t("education.analytics.struggling", count=len(data["struggling"])))
        struggling = data["struggling"].assign(
            current_skill=data["struggling"]["current_skill"].map(page_data.skill_label),
            prior_attainment=data["struggling"]["prior_attainment"].map(
                lambda level: t(f"education.prior.{level}")))
        show_table(struggling, height=260, column_config={
            "student_id": st.column_config.NumberColumn(t("education.col.student"), format="%d"),
            "cohort": st.column_config.TextColumn(t("education.col.cohort")),
            "prior_attainment": st.column_config.TextColumn(t("education.col.prior")),
            "attempts": st.column_config.NumberColumn(t("education.col.answers"), format="localized"),
            "recent_accuracy": st.column_config.ProgressColumn(t("education.col.last_20_right"), format="percent",
                                                               min_value=0, max_value=1),
            "overall_accuracy": st.column_config.NumberColumn(t("education.col.all_right"), format="percent"),
            "current_skill": st.column_config.TextColumn(t("education.col.current_skill")),
            "attempts_on_current_skill": st.column_config.NumberColumn(t("education.col.answers_current_skill")),
            "last_attempt": st.column_config.DatetimeColumn(t("education.col.last_answer"), format="YYYY-MM-DD")})

if tabs[1].open:
    with tabs[1], explained_errors(t("action.education.comparison")):
        models, references = page_data.comparison_frames(results)
        split = results["split"]
        best = models.sort_values("auc", ascending=False).iloc[0]
        st.markdown(t("education.comparison.lead", best=best["model"], count=len(models),
                      spread=number(models["auc"].max() - models["auc"].min(), decimals=3),
                      gap=number(models["gap_to_bayes_optimal"].max(), decimals=3),
                      train=int(split["train_students"]), test=int(split["test_students"]),
                      answers=int(split["test_attempts"])))
        st.altair_chart(charts.comparison_chart(models, references), width="stretch")
        show_table(models[["model", "auc", "gap_to_bayes_optimal", "accuracy", "log_loss", "fit_seconds"]],
                   column_config={
            "model": st.column_config.TextColumn(t("education.col.model"), width="medium"),
            "auc": st.column_config.NumberColumn("AUC", format="%.4f", width="small", help=help_text("AUC")),
            "gap_to_bayes_optimal": st.column_config.NumberColumn(
                t("education.col.gap"), format="%.4f", width="small", help=help_text("Bayes-optimal")),
            "accuracy": st.column_config.NumberColumn(t("education.col.right_calls"), format="percent", width="small",
                                                      help=t("education.help.right_calls")),
            "log_loss": st.column_config.NumberColumn(t("education.col.mistake_penalty"), format="%.4f",
                                                      width="small", help=help_text("log loss")),
            "fit_seconds": st.column_config.NumberColumn(t("education.col.train_seconds"), format="%.1f",
                                                         width="small")})
        st.markdown("\n".join(f"- **{row.model}**: {page_data.model_description(row.key, row.description)}"
                              for row in models.itertuples()))
        st.caption(t("education.comparison.references"))

if tabs[2].open:
    with tabs[2], explained_errors(t("action.education.student")):
        options = page_data.student_options(db, language)
        labels = dict(zip(options["student_id"].astype(int), options["label"]))
        student = st.selectbox(t("education.student.picker"), list(labels), format_func=labels.get, key="edu_student",
                               index=list(labels).index(page_data.default_student(options)))
        cols = st.columns([2, 1, 1])
        band = cols[0].slider(t("education.student.band"), 0.3, 0.95, (0.6, 0.8), 0.05,
                              key="edu_band", help=t("education.student.band.help"))
        threshold = cols[1].slider(t("education.student.threshold"), 0.5, 0.95, 0.75, 0.05, key="edu_threshold")
        sessions = cols[2].number_input(t("education.student.sessions"), 1, 6, 3, key="edu_sessions")
        attempts, history = page_data.student_mastery(db, student, language)
        order = page_data.skill_order(db)
        st.markdown(t("education.student.heatmap", count=len(attempts)))
        st.altair_chart(charts.mastery_heatmap(history, order), width="stretch")
        picks, outlook = page_data.next_exercises(db, student, band, threshold, language)
        left, right = st.columns([3, 2])
        left.markdown(t("education.student.outlook"))
        left.altair_chart(charts.outlook_chart(outlook, band, order), width="stretch")
        right.markdown(t("education.student.picks"))
        if picks.empty:
            right.info(t("education.student.no_picks"), icon=":material/info:")
        else:
            with right:
                show_text_table(picks[["exercise", "skill", "p_success", "reason"]],
                                {"exercise": t("education.col.exercise"), "skill": t("education.col.skill"),
                                 "p_success": t("education.col.chance_right"), "reason": t("education.col.why")},
                                {"p_success": "{:.0%}"})
        right.caption(t("education.student.locked_note"))
        plan = page_data.learning_plan(db, student, band, threshold, int(sessions), 8, language)
        st.markdown(t("education.plan.title", count=int(sessions)))
        st.markdown(page_data.plan_verdict(plan))
        cols = st.columns(3)
        gain_help = t("education.plan.gain.help", simulations=plan.n_simulations)
        points = t("education.plan.points", points="+" + number(plan.expected_gain * 100, decimals=1))
        cols[0].metric(t("education.plan.gain"), points, help=gain_help)
        cols[1].metric(t("education.plan.curriculum_gain"),
                       t("education.plan.points", points="+" + number(plan.curriculum_gain * 100, decimals=1)),
                       help=t("education.plan.curriculum_gain.help", simulations=plan.n_simulations))
        advantage = plan.advantage * 100
        cols[2].metric(t("education.plan.advantage"),
                       t("education.plan.points", points=("+" if advantage >= 0 else "") + number(advantage, decimals=1)),
                       help=t("education.plan.advantage.help", points=number(page_data.PLAN_TIE_POINTS, decimals=1)))
        show_table(plan.steps[["session", "slot", "skill", "exercise", "difficulty", "expected_success",
                               "band_fit", "reason"]], height=300, column_config={
            "session": st.column_config.NumberColumn(t("education.col.session"), width=65),
            "slot": st.column_config.NumberColumn(t("education.col.slot"), width=45),
            "skill": st.column_config.TextColumn(t("education.col.skill"), width=170),
            "exercise": st.column_config.TextColumn(t("education.col.exercise"), width=70),
            "difficulty": st.column_config.NumberColumn(t("education.col.difficulty"), format="%.2f", width=75),
            "expected_success": st.column_config.ProgressColumn(
                t("education.col.expected_right"), format="percent", min_value=0, max_value=1, width=150),
            "band_fit": st.column_config.TextColumn(t("education.col.band_fit"), width=110),
            "reason": st.column_config.TextColumn(t("education.col.why"))})
        left, right = st.columns([3, 2])
        left.altair_chart(charts.plan_progress_chart(plan.progress), width="stretch")
        right.caption(t("education.plan.strategy", strategy=plan.strategy))
        st.download_button(t("education.plan.download"), lambda: csv_bytes(plan.steps), f"plan_student_{student}.csv",
                           "text/csv", icon=":material/download:", on_click="ignore", key="edu_plan_download")

if tabs[3].open:
    with tabs[3], explained_errors(t("action.education.class")):
        view = page_data.class_view(db, language=language)
        st.markdown(t("education.class.heatmap"))
        st.altair_chart(charts.class_heatmap(view["heat"], page_data.skill_order(db), view["student_order"]),
                        width="stretch")
        st.markdown(t("education.class.profile"))
        st.altair_chart(charts.cluster_profile_chart(view["profile"], page_data.skill_order(db)), width="stretch")
        show_table(view["summary"].drop(columns="cluster"), column_config={
            "group": st.column_config.TextColumn(t("education.col.group"), help=help_text("k-means")),
            "students": st.column_config.NumberColumn(t("education.col.students"), format="localized"),
            "share": st.column_config.ProgressColumn(t("education.col.share"), format="percent", min_value=0,
                                                     max_value=1),
            "mean_mastery": st.column_config.NumberColumn(t("education.col.mean_mastery"), format="percent",
                                                          help=help_text("mastery")),
            "weakest_skill": st.column_config.TextColumn(t("education.col.weakest")),
            "strongest_skill": st.column_config.TextColumn(t("education.col.strongest"))})
        st.markdown(t("education.class.cohort"))
        cols = st.columns([1, 1, 3], vertical_alignment="bottom")
        n_learners = cols[0].number_input(t("education.class.learners"), 10, 1000, 200, 10, key="edu_cohort_n")
        n_steps = cols[1].number_input(t("education.class.answers_each"), 5, 150, 60, 5, key="edu_cohort_steps")
        cohort = page_data.synthetic_cohort(db, int(n_learners), int(n_steps), 0, language)
        st.altair_chart(charts.cohort_curve_chart(cohort["curves"]), width="stretch")
        st.download_button(t("education.class.download"), lambda: csv_bytes(cohort["attempts"]),
                           "synthetic_cohort.csv", "text/csv", icon=":material/download:", on_click="ignore",
                           key="edu_cohort_download")

if tabs[4].open:
    with tabs[4]:
        show_your_data(db)

glossary_section(["AUC", "DKT", "BKT", "Logistic (PFA)", "Bayes-optimal", "Oracle", "Mastery", "Log loss",
                  "k-means"])
