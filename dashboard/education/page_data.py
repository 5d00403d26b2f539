"""Everything the Education page shows about the shipped platform, computed once and cached: analytics from
DuckDB, the model comparison, one student's mastery, next exercises and plan, the class map and a synthetic cohort.
The shipped data are the same for every session, so results are cached by their arguments only; a result holding
words takes the reader's ``language`` as an argument, so each language has its own cached copy. Skill and domain
names are data of the simulated platform, shown in the reader's language through ``skill_label``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.data import education_queries as queries
from dashboard.education.shipped import class_mastery, shipped_models
from dashboard.education.context import PlatformContext, platform_context
from dashboard.i18n import has_key, number, percent, t

if TYPE_CHECKING:
    from engines.learning_plan import LearningPlan
    from engines.sequence.knowledge_tracing import AttemptLog

# The engines (and torch) are imported inside the functions that need them: the analytics tab shows without them.

TAB_KEYS = ("analytics", "comparison", "student", "class", "your_data")
TAB_ICONS = (":material/monitoring:", ":material/leaderboard:", ":material/person:", ":material/groups:",
             ":material/upload_file:")
MAX_HEATMAP_COLUMNS = 120
CLUSTER_KEYS = ("getting_started", "building_foundations", "secure_basics", "ahead")
CLEAR_AUC_LEAD = 0.01  # below this, DKT's lead over BKT is not worth a headline
PLAN_TIE_POINTS = 0.5  # mastery points: smaller plan-vs-curriculum differences are within the simulation's noise
# engines.learning_plan.STRATEGIES, in order -> their catalogue keys (education.strategy.<key>).
STRATEGY_KEYS = {"weakest unlocked skill first": "weakest_first",
                 "curriculum order, exercises in the band": "curriculum_order"}


def tab_labels() -> list[str]:
    """The page's tab titles in the reader's language."""
    return [f"{icon} {t(f'education.tab.{key}')}" for icon, key in zip(TAB_ICONS, TAB_KEYS)]


def skill_label(name: str) -> str:
    """A skill or domain name of the simulated platform in the reader's language (an unknown name, such as one
    from an uploaded log, as it is)."""
    key = f"education.skill.{name}"
    return t(key) if has_key(key) else str(name)


def model_description(key: str, english: str) -> str:
    """A model's one-line description on the comparison tab (the shipped results hold the English one)."""
    catalogue_key = f"education.model.{key}.description"
    return t(catalogue_key) if has_key(catalogue_key) else english


def context(db: SessionDatabase) -> PlatformContext:
    """The shipped platform's skill graph, catalogue and names, in the shipped DKT's index space."""
    return platform_context(db, shipped_models()["dkt"])


@st.cache_data(show_spinner=False, max_entries=1)
def analytics(_db: SessionDatabase) -> dict[str, object]:
    """KPIs, weekly activity, accuracy by skill and by difficulty, and the struggling-student list."""
    return {"kpis": queries.platform_kpis(_db), "weekly": queries.weekly_activity(_db),
            "by_skill": queries.accuracy_by_skill(_db), "by_difficulty": queries.accuracy_by_difficulty(_db),
            "struggling": queries.struggling_students(_db)}


def comparison_frames(results: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(models, references): one row per model with auc, accuracy, log_loss, fit_seconds, gap to Bayes-optimal;
    one row per reference line (Bayes-optimal, oracle) with its auc."""
    models = pd.DataFrame(results["models"])
    ceiling = results["references"]["bayes_optimal"]["auc"]
    models["gap_to_bayes_optimal"] = ceiling - models["auc"]
    references = pd.DataFrame([{"reference": t(f"education.reference.{key}"), "key": key, **values}
                               for key, values in results["references"].items()])
    return models, references


def headline(results: dict) -> dict[str, float]:
    """The numbers of the page's one-line takeaway."""
    models, _ = comparison_frames(results)
    by_key = models.set_index("key")
    bayes = results["references"]["bayes_optimal"]["auc"]
    return {"dkt_auc": float(by_key.loc["dkt", "auc"]), "bkt_auc": float(by_key.loc["bkt", "auc"]),
            "bayes_auc": bayes, "share_of_bayes": float((by_key.loc["dkt", "auc"] - 0.5) / (bayes - 0.5)),
            "dkt_seconds": float(by_key.loc["dkt", "fit_seconds"]),
            "bkt_seconds": float(by_key.loc["bkt", "fit_seconds"])}


def headline_text(top: dict[str, float]) -> str:
    """The page's top line: how close the models come to the best possible prediction, and what the deep model
    adds over the classic one (accuracy when its lead is clear, otherwise what it powers)."""
    lead = top["dkt_auc"] - top["bkt_auc"]
    values = {"dkt_auc": number(top["dkt_auc"], decimals=3), "bayes_auc": number(top["bayes_auc"], decimals=3),
              "bkt_auc": number(top["bkt_auc"], decimals=3), "lead": number(abs(lead), decimals=3)}
    if lead < CLEAR_AUC_LEAD:
        speed = top["dkt_seconds"] / max(top["bkt_seconds"], 1e-9)
        return t("education.headline.close", speed=number(speed, decimals=0), **values)
    return t("education.headline.clear_lead", **values)


def plan_verdict(plan: LearningPlan) -> str:
    """One plain sentence comparing the plan with the fixed curriculum, honest when the plan does not win: a
    difference smaller than ``PLAN_TIE_POINTS`` is within what the simulated futures can tell apart."""
    points = plan.advantage * 100
    if points >= PLAN_TIE_POINTS:
        return t("education.plan.verdict.better", points=number(points, decimals=1))
    if points > -PLAN_TIE_POINTS:
        return t("education.plan.verdict.tie", points=("+" if points >= 0 else "") + number(points, decimals=1))
    return t("education.plan.verdict.worse", points=number(-points, decimals=1))


@st.cache_data(show_spinner=False, max_entries=2)
def student_options(_db: SessionDatabase, language: str = "en") -> pd.DataFrame:
    """Students for the picker, with a label in ``language``; the default is a typical active student."""
    frame = queries.student_choices(_db)
    frame["label"] = [t("education.student.label", student=str(s), attempts=int(n), right=percent(a, decimals=0),
                        prior=t(f"education.prior.{p}") if has_key(f"education.prior.{p}") else p)
                      for s, n, a, p in zip(frame["student_id"], frame["attempts"], frame["accuracy"],
                                            frame["prior_attainment"])]
    return frame


def default_student(options: pd.DataFrame) -> int:
    """A student with a history long enough to be interesting and short enough to read (near 80 attempts)."""
    return int(options.iloc[(options["attempts"] - 80).abs().argsort().iloc[0]]["student_id"])


def _student_log(db: SessionDatabase, student_id: int) -> tuple[pd.DataFrame, AttemptLog]:
    from engines.sequence.knowledge_tracing import attempt_log_from_frame

    attempts = queries.student_attempts(db, student_id)
    log = attempt_log_from_frame(attempts, student="student_id", skill="skill_id", correct="correct",
                                 timestamp="attempted_at", exercise="exercise_id")
    return attempts, log


@st.cache_data(show_spinner=False, max_entries=64)
def student_mastery(_db: SessionDatabase, student_id: int, language: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(attempts, history): the student's attempts, and DKT's mastery of every skill after each attempt as a long
    frame (attempt, skill, mastery, answered) for the heatmap (long histories are thinned to at most
    MAX_HEATMAP_COLUMNS columns, keeping the last attempt)."""
    ctx = context(_db)
    model = shipped_models()["dkt"]
    attempts, log = _student_log(_db, student_id)
    mastery = model.mastery_history(log)
    initial = model.skill_mastery(model.initial_state(1))
    values = np.vstack([initial, mastery])
    steps = np.arange(values.shape[0])
    keep = np.unique(np.r_[np.linspace(0, steps[-1], min(MAX_HEATMAP_COLUMNS, steps.size)).round().astype(int)])
    answered = [t("education.answered.start")] + [
        t("education.answered.right" if c else "education.answered.wrong", skill=skill_label(name))
        for name, c in zip(attempts["skill_name"], attempts["correct"])]
    names = [skill_label(ctx.name(s)) for s in model.skills_]
    history = pd.DataFrame({
        "attempt": np.repeat(keep, len(names)),
        "skill": np.tile(names, keep.size),
        "mastery": values[keep].ravel(),
        "answered": np.repeat(np.asarray(answered, dtype=object)[keep], len(names)),
    })
    return attempts, history


def _student_state(db: SessionDatabase, student_id: int):
    model = shipped_models()["dkt"]
    return model.state_after(_student_log(db, student_id)[1])


@st.cache_data(show_spinner=False, max_entries=64)
def next_exercises(_db: SessionDatabase, student_id: int, band: tuple[float, float],
                   mastery_threshold: float, language: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(recommendations, outlook) for the student's next attempt, with skill names and a status per exercise."""
    from engines.learning_plan import exercise_outlook, recommend_next_exercises

    ctx = context(_db)
    model = shipped_models()["dkt"]
    state = _student_state(_db, student_id)
    outlook = exercise_outlook(model, state, ctx.catalog, ctx.graph, band, mastery_threshold)
    picks = recommend_next_exercises(model, state, ctx.catalog, ctx.graph, band, mastery_threshold)
    status = np.where(~outlook["unlocked"], "locked", np.where(outlook["in_band"], "in_band", "unlocked")).astype(object)
    status[outlook["exercise"].isin(picks["exercise"]).to_numpy()] = "recommended"
    outlook = outlook.assign(status=[t(f"education.status.{code}") for code in status],
                             skill=[skill_label(ctx.name(s)) for s in outlook["skill"]])
    picks = picks.assign(skill=[skill_label(ctx.name(s)) for s in picks["skill"]],
                         reason=[t("education.pick.review" if mastered else "education.pick.next",
                                   success=percent(p, decimals=0))
                                 for mastered, p in zip(picks["skill_mastered"], picks["p_success"])])
    return picks, outlook


def outlook_statuses() -> list[str]:
    """The outlook chart's legend, in order: recommended, in the band, unlocked, locked."""
    return [t(f"education.status.{code}") for code in ("recommended", "in_band", "unlocked", "locked")]


def schedules() -> list[str]:
    """The plan chart's two lines: the personalised plan and the fixed curriculum."""
    return [t("education.schedule.plan"), t("education.schedule.curriculum")]


@st.cache_data(show_spinner=False, max_entries=32)
def learning_plan(_db: SessionDatabase, student_id: int, band: tuple[float, float], mastery_threshold: float,
                  n_sessions: int, exercises_per_session: int, language: str = "en") -> LearningPlan:
    """The student's plan for the next sessions and its simulated effect against the fixed curriculum."""
    from engines.learning_plan import generate_learning_plan

    ctx = context(_db)
    model = shipped_models()["dkt"]
    plan = generate_learning_plan(model, _student_state(_db, student_id), ctx.catalog, ctx.graph, n_sessions,
                                  exercises_per_session, band, mastery_threshold, n_simulations=200, seed=student_id)
    rename = lambda frame: frame.assign(skill=[skill_label(ctx.name(s)) for s in frame["skill"]])  # noqa: E731
    plan.steps = rename(plan.steps)
    low, high = band
    plan.steps["reason"] = [t(f"education.plan.reason.{code}") for code in plan.steps["reason_code"]]
    plan.steps["band_fit"] = [t("education.fit.in" if low <= p <= high else
                                "education.fit.harder" if p < low else "education.fit.easier")
                              for p in plan.steps["expected_success"]]
    plan.curriculum_steps = rename(plan.curriculum_steps)
    plan.by_skill = rename(plan.by_skill)
    plan.progress = plan.progress.assign(schedule=plan.progress["schedule"].map(
        {"Personalised plan": schedules()[0], "Fixed curriculum": schedules()[1]}))
    plan.strategy = t(f"education.strategy.{STRATEGY_KEYS[plan.strategy]}")
    return plan


def skill_order(db: SessionDatabase) -> list[str]:
    """Skill names in curriculum order."""
    ctx = context(db)
    return [skill_label(ctx.name(ctx.graph.skills[s])) for s in ctx.graph.curriculum]


@st.cache_data(show_spinner=False, max_entries=4)
def class_view(_db: SessionDatabase, n_students: int = 80, seed: int = 0, language: str = "en") -> dict[str, pd.DataFrame]:
    """The class map: a sample of students (stratified by learner group) x skills, the groups' mean mastery per
    skill, and a summary per group (students, share, mean mastery, weakest and strongest skill)."""
    ctx = context(_db)
    frame = class_mastery().copy()
    frame["skill"] = [skill_label(ctx.name(s)) for s in frame["skill_id"]]
    groups = np.asarray([t(f"education.group.{key}") for key in CLUSTER_KEYS], dtype=object)
    frame["group"] = groups[frame["cluster"].to_numpy()]
    per_student = frame.groupby(["student_id", "group", "cluster"], as_index=False)["mastery"].mean()
    share = n_students / max(len(per_student), 1)
    sample = per_student.groupby("cluster").sample(frac=min(share, 1.0), random_state=seed)
    sample = sample.sort_values(["cluster", "mastery"])
    sample["student"] = [t("education.student.short", student=str(s)) for s in sample["student_id"]]
    heat = frame[frame["student_id"].isin(sample["student_id"])].assign(
        student=lambda f: [t("education.student.short", student=str(s)) for s in f["student_id"]])
    profile = frame.groupby(["group", "cluster", "skill"], as_index=False)["mastery"].mean()
    summary = []
    for (group, cluster), part in profile.groupby(["group", "cluster"]):
        members = per_student[per_student["cluster"] == cluster]
        ordered = part.sort_values("mastery")
        summary.append({"group": group, "cluster": cluster, "students": len(members),
                        "share": len(members) / len(per_student), "mean_mastery": members["mastery"].mean(),
                        "weakest_skill": ordered["skill"].iloc[0], "strongest_skill": ordered["skill"].iloc[-1]})
    return {"heat": heat, "student_order": sample["student"].tolist(), "profile": profile,
            "summary": pd.DataFrame(summary).sort_values("cluster")}


@st.cache_data(show_spinner=False, max_entries=8)
def synthetic_cohort(_db: SessionDatabase, n_learners: int, n_steps: int, seed: int,
                     language: str = "en") -> dict[str, pd.DataFrame]:
    """New learners generated by DKT along the curriculum (three right in a row, or 10 attempts, moves a learner
    on), next to the real students' share correct at each attempt number."""
    from engines.sequence.knowledge_tracing import simulate_cohort

    ctx = context(_db)
    model = shipped_models()["dkt"]
    by_skill = {s: ctx.catalog.exercise_index[ctx.catalog.of_skill(s)] for s in range(ctx.graph.n_skills)}
    cohort = simulate_cohort(model, n_learners, n_steps, skill_order=list(ctx.graph.curriculum),
                             exercises_by_skill=by_skill, seed=seed)
    attempts = cohort.attempts.assign(
        learner=lambda f: "synthetic-" + (f["learner"] + 1).astype(str).str.zfill(4),
        skill=lambda f: [skill_label(ctx.name(model.skills_[s])) for s in f["skill"]],
        exercise=lambda f: [model.exercises_[e] if e >= 0 else None for e in f["exercise"]])
    real = queries.accuracy_by_attempt_number(_db, n_steps)
    synthetic = attempts.groupby("step", as_index=False)["correct"].mean().rename(
        columns={"step": "attempt", "correct": "accuracy"}).assign(attempt=lambda f: f["attempt"] + 1)
    curves = pd.concat([real.assign(source=t("education.cohort.real")),
                        synthetic.assign(source=t("education.cohort.synthetic"))], ignore_index=True)
    return {"attempts": attempts, "curves": curves,
            "mastery_gain": pd.DataFrame({"mean_gain": [float(cohort.mastery_gain().mean())]})}
