"""Education: learning analytics, knowledge tracing (DKT vs BKT vs logistic), a student's mastery map with next
exercises and a generated learning plan, the class map, and the same models trained on an uploaded attempt log."""

import streamlit as st

from dashboard import warmup
from dashboard.downloads import csv_bytes
from dashboard.education import charts, page_data
from dashboard.education.shipped import shipped_results
from dashboard.education.your_data_view import show_your_data
from dashboard.glossary import glossary_section, help_text
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database
from dashboard.tables import show_table, show_text_table

setup_page("Education")
db = session_database()
st.title("Education: knowledge tracing and learning plans")
st.caption("A **simulated** maths practice platform: 2,000 students, 15 skills linked by prerequisites, 300 exercises, "
           "153,000 answers. A sequence model reads each student's answers in order to estimate what they know, "
           "picks their next exercise and plans their next sessions.")

with explained_errors("reading the shipped results"):
    results = shipped_results()
    top = page_data.headline(results)
    st.success(page_data.headline_text(top), icon=":material/insights:")

# Only the open tab runs (the student and class tabs need torch and the models; analytics need neither).
tabs = st.tabs(page_data.TAB_LABELS, key="edu_tab", on_change="rerun")
warmup.start_warmup("engines.learning_plan")  # the model tabs open without waiting for torch

if tabs[0].open:
    with tabs[0], explained_errors("computing the learning analytics"):
        data = page_data.analytics(db)
        k = data["kpis"]
        cols = st.columns(5)
        cols[0].metric("Students", f"{k['students']:,}")
        cols[1].metric("Answers", f"{int(k['attempts']):,}")
        cols[2].metric("Answered right", f"{k['accuracy']:.1%}")
        cols[3].metric("Median answers per student", f"{k['median_attempts']:.0f}")
        cols[4].metric("Skills / exercises", f"{k['skills']} / {k['exercises']}")
        left, right = st.columns([3, 2])
        left.markdown("**Answers per week and share right**")
        left.altair_chart(charts.weekly_activity_chart(data["weekly"]), width="stretch")
        left.markdown("**Share right by exercise difficulty**")
        left.altair_chart(charts.difficulty_chart(data["by_difficulty"]), width="stretch")
        right.markdown("**Share right by skill** (bar: all answers; orange tick: first try)")
        right.altair_chart(charts.skill_accuracy_chart(data["by_skill"]), width="stretch")
        st.markdown(f"**Struggling students** — at least 20 answers and fewer than half of their last 20 right "
                    f"({len(data['struggling'])} shown, weakest first)")
        show_table(data["struggling"], height=260, column_config={
            "recent_accuracy": st.column_config.ProgressColumn("last 20 right", format="percent", min_value=0,
                                                               max_value=1),
            "overall_accuracy": st.column_config.NumberColumn("all right", format="percent"),
            "attempts_on_current_skill": st.column_config.NumberColumn("answers on current skill"),
            "last_attempt": st.column_config.DatetimeColumn("last answer", format="YYYY-MM-DD")})

if tabs[1].open:
    with tabs[1], explained_errors("showing the model comparison"):
        models, references = page_data.comparison_frames(results)
        split = results["split"]
        best = models.sort_values("auc", ascending=False).iloc[0]
        st.markdown(f"**{best['model']} ranks first; the {len(models)} models are within "
                    f"{models['auc'].max() - models['auc'].min():.3f} AUC of each other and at most "
                    f"{models['gap_to_bayes_optimal'].max():.3f} below the best possible prediction.** Trained on "
                    f"**{split['train_students']:,} students**, tested on **{split['test_students']:,} others** "
                    f"({split['test_attempts']:,} answers): before each answer, each model gives the chance it is "
                    "right from the student's earlier answers only.")
        st.altair_chart(charts.comparison_chart(models, references), width="stretch")
        show_table(models[["model", "auc", "gap_to_bayes_optimal", "accuracy", "log_loss", "fit_seconds"]],
                   column_config={
            "model": st.column_config.TextColumn("model", width="medium"),
            "auc": st.column_config.NumberColumn("AUC", format="%.4f", width="small", help=help_text("AUC")),
            "gap_to_bayes_optimal": st.column_config.NumberColumn(
                "gap to best possible", format="%.4f", width="small", help=help_text("Bayes-optimal")),
            "accuracy": st.column_config.NumberColumn("right calls", format="percent", width="small",
                                                      help="Share of answers whose outcome the model called "
                                                      "right (chance above or below 50%)."),
            "log_loss": st.column_config.NumberColumn("mistake penalty", format="%.4f", width="small",
                                                      help=help_text("log loss")),
            "fit_seconds": st.column_config.NumberColumn("train time (s)", format="%.1f", width="small")})
        st.markdown("\n".join(f"- **{row.model}**: {row.description}" for row in models.itertuples()))
        st.caption("Because the data are simulated, two references exist. **Bayes-optimal**: the exact probability "
                   "given the earlier answers and the simulator's true parameters (the ceiling for any model; green: "
                   "also knowing each student's prior attainment, red: from the answer log alone). **Oracle**: knows "
                   "whether the skill is truly mastered at that moment, which no model can see.")

if tabs[2].open:
    with tabs[2], explained_errors("analysing the student"):
        options = page_data.student_options(db)
        labels = dict(zip(options["student_id"].astype(int), options["label"]))
        student = st.selectbox("Student", list(labels), format_func=labels.get, key="edu_student",
                               index=list(labels).index(page_data.default_student(options)))
        cols = st.columns([2, 1, 1])
        band = cols[0].slider("Target chance of success for the next exercise", 0.3, 0.95, (0.6, 0.8), 0.05,
                              key="edu_band", help="Practice is most useful when it is neither too easy nor too hard.")
        threshold = cols[1].slider("Mastery needed on prerequisites", 0.5, 0.95, 0.75, 0.05, key="edu_threshold")
        sessions = cols[2].number_input("Sessions to plan", 1, 6, 3, key="edu_sessions")
        attempts, history = page_data.student_mastery(db, student)
        order = page_data.skill_order(db)
        st.markdown(f"**What DKT believes the student knows, after each of their {len(attempts)} answers** "
                    "(darker = more likely to answer a typical exercise of that skill right)")
        st.altair_chart(charts.mastery_heatmap(history, order), width="stretch")
        picks, outlook = page_data.next_exercises(db, student, band, threshold)
        left, right = st.columns([3, 2])
        left.markdown("**Predicted chance of a right answer on every exercise next** (shaded: target band)")
        left.altair_chart(charts.outlook_chart(outlook, band, order), width="stretch")
        right.markdown("**Recommended next exercises**")
        if picks.empty:
            right.info("No unlocked exercise is predicted in the target band for this student. Widen the band or lower "
                       "the prerequisite mastery; the chart shows where every exercise lies.", icon=":material/info:")
        else:
            with right:
                # The skill has its own column: the reason drops its "Skill: " prefix.
                show_text_table(picks[["exercise", "skill", "p_success", "reason"]].assign(
                                    reason=picks["reason"].str.split(": ", n=1).str[-1]),
                                {"p_success": "chance right"}, {"p_success": "{:.0%}"})
        right.caption("Only skills whose prerequisites the student masters are offered (grey dots are locked).")
        plan = page_data.learning_plan(db, student, band, threshold, int(sessions), 8)
        st.markdown(f"**Learning plan for the next {int(sessions)} sessions** (8 exercises each)")
        st.markdown(page_data.plan_verdict(plan))
        cols = st.columns(3)
        gain_help = ("Mastery points: the rise of the student's mean mastery across skills (0-100 scale), averaged "
                     f"over {plan.n_simulations} simulated futures in which DKT draws each answer.")
        cols[0].metric("Expected mastery gain, this plan", f"+{plan.expected_gain * 100:.1f} pts", help=gain_help)
        cols[1].metric("Expected gain, fixed curriculum (the baseline)", f"+{plan.curriculum_gain * 100:.1f} pts",
                       help="Everyone gets the unmastered skills in curriculum order, 4 catalogue exercises each. "
                       + gain_help)
        cols[2].metric("Plan minus fixed curriculum", f"{plan.advantage * 100:+.1f} pts",
                       help=f"Differences within ±{page_data.PLAN_TIE_POINTS} points are too small for the "
                       "simulated futures to tell apart.")
        show_table(plan.steps[["session", "slot", "skill", "exercise", "difficulty", "expected_success",
                               "reason"]].assign(reason=plan.steps["reason"].str.split(": ", n=1).str[-1]),
                   height=300, column_config={
            "session": st.column_config.NumberColumn("session", width=65),
            "slot": st.column_config.NumberColumn("slot", width=45),
            "skill": st.column_config.TextColumn("skill", width=170),
            "exercise": st.column_config.TextColumn("exercise", width=70),
            "difficulty": st.column_config.NumberColumn("difficulty", format="%.2f", width=75),
            "expected_success": st.column_config.ProgressColumn(
                "expected chance right", format="percent", min_value=0, max_value=1, width=150)})
        left, right = st.columns([3, 2])
        left.altair_chart(charts.plan_progress_chart(plan.progress), width="stretch")
        right.caption(f"Skill order chosen on simulated futures: **{plan.strategy}**. The fixed curriculum gives "
                      "everyone the unmastered skills in curriculum order, 4 catalogue exercises each.")
        st.download_button("Download the plan (CSV)", lambda: csv_bytes(plan.steps), f"plan_student_{student}.csv",
                           "text/csv", icon=":material/download:", on_click="ignore", key="edu_plan_download")

if tabs[3].open:
    with tabs[3], explained_errors("building the class view"):
        view = page_data.class_view(db)
        st.markdown("**Every student's current mastery, grouped into four learner groups** (k-means on DKT's mastery "
                    "profiles; a stratified sample of 80 students is drawn)")
        st.altair_chart(charts.class_heatmap(view["heat"], page_data.skill_order(db), view["student_order"]),
                        width="stretch")
        st.markdown("**Each group's mean mastery per skill** (one line per learner group)")
        st.altair_chart(charts.cluster_profile_chart(view["profile"], page_data.skill_order(db)), width="stretch")
        show_table(view["summary"].drop(columns="cluster"), column_config={
            "group": st.column_config.TextColumn("learner group", help=help_text("k-means")),
            "share": st.column_config.ProgressColumn("share", format="percent", min_value=0, max_value=1),
            "mean_mastery": st.column_config.NumberColumn("mean mastery", format="percent",
                                                          help=help_text("mastery")),
            "weakest_skill": st.column_config.TextColumn("weakest skill"),
            "strongest_skill": st.column_config.TextColumn("strongest skill")})
        st.markdown("**Synthetic cohort** — DKT used as a generator: new learners answer exercise after exercise, "
                    "each answer drawn from the model's prediction, moving on after three right in a row (or 10).")
        cols = st.columns([1, 1, 3], vertical_alignment="bottom")
        n_learners = cols[0].number_input("Learners", 10, 1000, 200, 10, key="edu_cohort_n")
        n_steps = cols[1].number_input("Answers each", 5, 150, 60, 5, key="edu_cohort_steps")
        cohort = page_data.synthetic_cohort(db, int(n_learners), int(n_steps), 0)
        st.altair_chart(charts.cohort_curve_chart(cohort["curves"]), width="stretch")
        st.download_button("Download the synthetic cohort (CSV)", lambda: csv_bytes(cohort["attempts"]),
                           "synthetic_cohort.csv", "text/csv", icon=":material/download:", on_click="ignore",
                           key="edu_cohort_download")

if tabs[4].open:
    with tabs[4]:
        show_your_data(db)

glossary_section(["AUC", "DKT", "BKT", "Logistic (PFA)", "Bayes-optimal", "Oracle", "Mastery", "Log loss",
                  "k-means"])
