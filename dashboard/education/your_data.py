"""The "Your data" section: map an uploaded attempt log's columns, check it, and train DKT, BKT and the logistic
model on it in a background job, scored on held-out students the same way as the shipped platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.data import SessionDatabase
from dashboard.data.education_queries import attempt_log_columns, table_column_names
from dashboard.jobs import BackgroundJob
from engines.errors import InvalidDataError

if TYPE_CHECKING:  # the engines (and torch) load only when a log is trained on
    from engines.sequence.knowledge_tracing import AttemptLog

ROLE_HINTS = {
    "student": ("student", "learner", "user", "pupil"),
    "skill": ("skill", "concept", "topic", "kc", "knowledge"),
    "correct": ("correct", "right", "success", "outcome", "score"),
    "timestamp": ("time", "date", "timestamp", "attempted"),
    "exercise": ("exercise", "item", "question", "problem"),
}
__all__ = ["LogMapping", "PreparedLog", "guess_column", "job_results", "mastery_table", "prepare_log",
           "table_column_names", "training_job"]
DKT_SECONDS_BUDGET = 90  # DKT stops after the epoch that passes this; the job stays around a minute or two


@dataclass(frozen=True)
class LogMapping:
    """Which columns of the uploaded table hold the student, skill, correctness and (optional) time and exercise."""

    table: str
    student: str
    skill: str
    correct: str
    timestamp: str | None = None
    exercise: str | None = None

    def columns(self) -> dict[str, str]:
        """Role -> column for the roles that are mapped."""
        roles = {"student": self.student, "skill": self.skill, "correct": self.correct,
                 "timestamp": self.timestamp, "exercise": self.exercise}
        return {role: column for role, column in roles.items() if column}


@dataclass
class PreparedLog:
    """The checked log, its split into training and held-out students, and notes for the person."""

    log: AttemptLog
    train: AttemptLog
    test: AttemptLog
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line: students, skills, attempts, held-out students."""
        log = self.log
        exercises = f", {log.n_exercises:,} exercises" if log.n_exercises else ""
        return (f"{log.n_students:,} students, {log.n_skills:,} skills{exercises}, {log.n_attempts:,} attempts "
                f"({log.correct.mean():.0%} right); {self.test.n_students:,} students held out for testing.")


def guess_column(columns: list[str], role: str, optional: bool = False) -> int:
    """Index of the first column whose name contains a hint for `role` (in the options list, which starts with
    None for optional roles); 0 when nothing matches."""
    offset = 1 if optional else 0
    for hint in ROLE_HINTS[role]:
        for index, column in enumerate(columns):
            if hint in column.lower():
                return index + offset
    return 0


def prepare_log(db: SessionDatabase, mapping: LogMapping) -> PreparedLog:
    """Read and check the mapped columns and split students 80/20. Raises InvalidDataError (or QueryError) with
    what to change for a log the models cannot learn from."""
    from engines.sequence.knowledge_tracing import attempt_log_from_frame, split_students

    columns = mapping.columns()
    if len(set(columns.values())) < len(columns):
        raise InvalidDataError("Pick a different column for each role (student, skill, correct, time, exercise).")
    frame, total = attempt_log_columns(db, mapping.table, columns)
    notes = [] if len(frame) == total else [f"Only the first {len(frame):,} of {total:,} rows were used."]
    log = attempt_log_from_frame(frame, student="student", skill="skill", correct="correct",
                                 timestamp="timestamp" if mapping.timestamp else None,
                                 exercise="exercise" if mapping.exercise else None, min_students=2)
    notes += list(log.notes)
    train, test = split_students(log, test_fraction=0.2, seed=0)
    if len(np.unique(train.correct)) < 2:
        raise InvalidDataError("In the training students every answer is right (or every answer wrong); the models "
                               "need both. Add more students or check the correctness column.")
    if len(np.unique(test.correct)) < 2:
        notes.append("The held-out students' answers are all right or all wrong, so AUC cannot be computed; "
                     "accuracy and log loss are shown.")
    return PreparedLog(log=log, train=train, test=test, notes=notes)


def training_job(prepared: PreparedLog) -> BackgroundJob:
    """A started background job with one step per model; each step's result is (model, held-out metrics)."""
    from engines.sequence.knowledge_tracing import (
        BayesianKnowledgeTracer,
        DeepKnowledgeTracer,
        LogisticKnowledgeTracer,
        next_attempt_scores,
    )

    def run(make_model):
        def work(report):
            model = make_model()
            model.fit(prepared.train, on_progress=report)
            scores = next_attempt_scores(prepared.test.correct, model.predict_proba(prepared.test))
            return model, {"model": model.label, "fit_seconds": model.fit_seconds_, **scores}
        return work

    return BackgroundJob([
        ("Logistic (PFA)", run(LogisticKnowledgeTracer)),
        ("BKT", run(BayesianKnowledgeTracer)),
        ("DKT", run(lambda: DeepKnowledgeTracer(max_seconds=DKT_SECONDS_BUDGET))),
    ]).start()


def job_results(job: BackgroundJob) -> tuple[pd.DataFrame, dict]:
    """(metrics table, fitted models by label) of the finished steps; failed or cancelled steps are left out."""
    done = [step.result for step in job.snapshot() if step.state == "done" and step.result is not None]
    return pd.DataFrame([metrics for _, metrics in done]), {model.label: model for model, _ in done}


def mastery_table(model, prepared: PreparedLog, student_index: int) -> pd.DataFrame:
    """One student's predicted mastery of every skill after each attempt, as a long frame for the heatmap."""
    one = prepared.log.subset(np.array([student_index]))
    values = model.mastery_history(one)
    steps = np.arange(1, values.shape[0] + 1)
    answered = [f"{model.skills_[s]}: {'right' if c else 'wrong'}" for s, c in zip(one.skill, one.correct)] \
        if tuple(one.skills) == tuple(model.skills_) else [""] * values.shape[0]
    return pd.DataFrame({"attempt": np.repeat(steps, values.shape[1]),
                         "skill": np.tile(list(model.skills_), steps.size), "mastery": values.ravel(),
                         "answered": np.repeat(answered, values.shape[1])})
