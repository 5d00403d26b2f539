"""The education "Your data" scenario: an uploaded attempt log's roles, checking the mapped log and splitting
its students, and training DKT, BKT and the logistic model on it, scored on held-out students the same way as
the shipped platform. The shared flow is in `dashboard.your_data`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.data import SessionDatabase
from dashboard.data.education_queries import attempt_log_columns
from dashboard.jobs import BackgroundJob, StepWork
from dashboard.your_data import (
    TIME_HINTS,
    ColumnMapping,
    ColumnRole,
    PreparedData,
    YourDataScenario,
    finished_results,
)
from dashboard.i18n import Message, t
from engines.errors import InvalidDataError

if TYPE_CHECKING:  # the engines (and torch) load only when a log is trained on
    from engines.sequence.knowledge_tracing import AttemptLog

DKT_SECONDS_BUDGET = 90  # DKT stops after the epoch that passes this; the job stays around a minute or two
ROLES = (
    ColumnRole("student", Message("education.role.student"), ("student", "learner", "user", "pupil")),
    ColumnRole("skill", Message("education.role.skill"), ("skill", "concept", "topic", "kc", "knowledge")),
    ColumnRole("correct", Message("education.role.correct"), ("correct", "right", "success", "outcome", "score"),
               noun="correctness"),
    ColumnRole("timestamp", Message("education.role.timestamp"), (*TIME_HINTS, "attempted"), required=False,
               kind="time", noun="time"),
    ColumnRole("exercise", Message("education.role.exercise"), ("exercise", "item", "question", "problem"),
               required=False),
)


@dataclass(frozen=True)
class StudentSplit:
    """The checked attempt log and its split into training and held-out students."""

    log: AttemptLog
    train: AttemptLog
    test: AttemptLog


def prepare_log(db: SessionDatabase, mapping: ColumnMapping) -> PreparedData[StudentSplit]:
    """Read and check the mapped columns and split students 80/20. Raises InvalidDataError (or QueryError)
    with what to change for a log the models cannot learn from."""
    from engines.sequence.knowledge_tracing import attempt_log_from_frame, split_students

    columns = mapping.mapped()
    frame, total = attempt_log_columns(db, mapping.table, columns)
    notes = [] if len(frame) == total else [Message("your_data.note.first_rows", used=len(frame), total=int(total))]
    log = attempt_log_from_frame(frame, student="student", skill="skill", correct="correct",
                                 timestamp="timestamp" if "timestamp" in columns else None,
                                 exercise="exercise" if "exercise" in columns else None, min_students=2)
    notes += list(log.notes)
    train, test = split_students(log, test_fraction=0.2, seed=0)
    if len(np.unique(train.correct)) < 2:
        raise InvalidDataError("In the training students every answer is right (or every answer wrong); the "
                               "models need both. Add more students or check the correctness column.",
                               key="education.your_data.one_outcome")
    if len(np.unique(test.correct)) < 2:
        notes.append(Message("education.your_data.no_auc"))
    return PreparedData(mapping, StudentSplit(log, train, test), log_summary(log, test), notes)


def log_summary(log: AttemptLog, test: AttemptLog) -> str:
    """One line: students, skills, attempts, held-out students."""
    values = {"students": int(log.n_students), "skills": int(log.n_skills), "attempts": int(log.n_attempts),
              "right": f"{log.correct.mean():.0%}", "held_out": int(test.n_students)}
    if log.n_exercises:
        return Message("education.your_data.summary.exercises", exercises=int(log.n_exercises), **values)
    return Message("education.your_data.summary", **values)


def training_steps(prepared: PreparedData[StudentSplit]) -> list[tuple[str, StepWork]]:
    """One job step per model; each step's result is (model, held-out metrics)."""
    from engines.sequence.knowledge_tracing import (
        BayesianKnowledgeTracer,
        DeepKnowledgeTracer,
        LogisticKnowledgeTracer,
        next_attempt_scores,
    )

    train, test = prepared.data.train, prepared.data.test

    def run(make_model):
        def work(report):
            model = make_model()
            model.fit(train, on_progress=report)
            scores = next_attempt_scores(test.correct, model.predict_proba(test))
            return model, {"model": model.label, "fit_seconds": model.fit_seconds_, **scores}
        return work

    return [
        ("Logistic (PFA)", run(LogisticKnowledgeTracer)),
        ("BKT", run(BayesianKnowledgeTracer)),
        ("DKT", run(lambda: DeepKnowledgeTracer(max_seconds=DKT_SECONDS_BUDGET))),
    ]


def job_results(job: BackgroundJob) -> tuple[pd.DataFrame, dict]:
    """(metrics table, fitted models by label) of the finished steps; failed or cancelled steps are left
    out."""
    done = finished_results(job)
    return pd.DataFrame([metrics for _, metrics in done]), {model.label: model for model, _ in done}


def winner_line(table: pd.DataFrame) -> str:
    """Which model won on the analyst's own log, in plain words: ranked by AUC on the held-out students, or by
    log loss (lower is better) when AUC could not be computed; "" for an empty table."""
    if table.empty:
        return ""
    if "auc" in table and table["auc"].notna().any():
        ranked = table.dropna(subset=["auc"]).sort_values("auc", ascending=False)
        best = ranked.iloc[0]
        values = {"best": best["model"], "auc": f"{best['auc']:.3f}"}
        if len(ranked) == 1:
            return t("education.your_data.winner.alone", **values)
        runner = ranked.iloc[1]
        key = ("education.your_data.winner.tie" if best["auc"] - runner["auc"] < 0.005 else
               "education.your_data.winner.clear")
        return t(key, runner=runner["model"], runner_auc=f"{runner['auc']:.3f}", **values)
    best = table.sort_values("log_loss").iloc[0]
    return t("education.your_data.winner.log_loss", best=best["model"], log_loss=f"{best['log_loss']:.3f}")


def mastery_table(model, log: AttemptLog, student_index: int) -> pd.DataFrame:
    """One student's predicted mastery of every skill after each attempt, as a long frame for the heatmap."""
    one = log.subset(np.array([student_index]))
    values = model.mastery_history(one)
    steps = np.arange(1, values.shape[0] + 1)
    answered = [t("education.answered.right" if c else "education.answered.wrong", skill=model.skills_[s])
                for s, c in zip(one.skill, one.correct)] \
        if tuple(one.skills) == tuple(model.skills_) else [""] * values.shape[0]
    return pd.DataFrame({"attempt": np.repeat(steps, values.shape[1]),
                         "skill": np.tile(list(model.skills_), steps.size), "mastery": values.ravel(),
                         "answered": np.repeat(answered, values.shape[1])})


SCENARIO = YourDataScenario("edu", ROLES, prepare_log, training_steps)
