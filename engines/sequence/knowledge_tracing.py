"""Knowledge tracing: predict whether a learner answers the next exercise right from their answers so far.

One import for everything a notebook or the app needs:

    from engines.sequence.knowledge_tracing import attempt_log_from_frame, split_students, DeepKnowledgeTracer
    log = attempt_log_from_frame(attempts, student="student_id", skill="skill_id", correct="correct",
                                 timestamp="attempted_at", exercise="exercise_id")
    train, test = split_students(log, test_fraction=0.2, seed=0)
    dkt = DeepKnowledgeTracer().fit(train, on_progress=print)
    next_attempt_scores(test.correct, dkt.predict_proba(test))   # {"auc": ..., "accuracy": ..., "log_loss": ...}

Models (same protocol, see `kt_base.KnowledgeTracer`): `DeepKnowledgeTracer` (DKT, GRU/LSTM),
`BayesianKnowledgeTracer` (per-skill BKT by EM) and `LogisticKnowledgeTracer` (PFA-style). On simulated data,
`bayes_optimal_probabilities` gives the ceiling. `simulate_cohort` turns any fitted model into a generator of
synthetic learner trajectories.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engines.core.persistence import read_manifest
from engines.errors import InvalidDataError, ModelFileError
from engines.sequence.kt_base import KnowledgeTracer, LearnerState
from engines.sequence.kt_bkt import BayesianKnowledgeTracer
from engines.sequence.kt_data import AttemptLog, attempt_log_from_frame, correctness_values, split_students
from engines.sequence.kt_dkt import DeepKnowledgeTracer
from engines.sequence.kt_logistic import LogisticKnowledgeTracer
from engines.sequence.kt_oracle import (
    PosteriorState,
    SimulatorTruth,
    bayes_optimal_probabilities,
    posterior_state,
    simulate_true_practice,
)
from engines.sequence.kt_simulation import simulate_cohort, simulate_practice

TRACERS: dict[str, type[KnowledgeTracer]] = {
    cls.kind: cls for cls in (DeepKnowledgeTracer, BayesianKnowledgeTracer, LogisticKnowledgeTracer)
}

__all__ = [
    "AttemptLog", "BayesianKnowledgeTracer", "DeepKnowledgeTracer", "KnowledgeTracer", "LearnerState",
    "LogisticKnowledgeTracer", "PosteriorState", "SimulatorTruth", "TRACERS", "attempt_log_from_frame", "auc_score",
    "bayes_optimal_probabilities", "correctness_values", "load_tracer", "next_attempt_scores", "posterior_state",
    "simulate_cohort", "simulate_practice", "simulate_true_practice", "split_students",
]


def auc_score(correct: np.ndarray, probabilities: np.ndarray) -> float:
    """ROC AUC (probability that a random right answer was rated above a random wrong one; ties count half).
    NaN when only one kind of answer is present."""
    labels = np.asarray(correct).astype(bool)
    scores = np.asarray(probabilities, dtype=np.float64)
    n_right, n_wrong = int(labels.sum()), int((~labels).sum())
    if n_right == 0 or n_wrong == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    # Average ranks for ties, computed on the sorted scores.
    boundaries = np.r_[True, sorted_scores[1:] != sorted_scores[:-1], True]
    starts = np.flatnonzero(boundaries[:-1])
    ends = np.flatnonzero(boundaries[1:]) + 1
    average_rank = (starts + ends + 1) / 2.0
    ranks = np.empty(scores.size)
    ranks[order] = np.repeat(average_rank, ends - starts)
    return float((ranks[labels].sum() - n_right * (n_right + 1) / 2.0) / (n_right * n_wrong))


def next_attempt_scores(correct: np.ndarray, probabilities: np.ndarray) -> dict[str, float]:
    """AUC, accuracy (threshold 0.5), log loss and the number of attempts scored, for next-attempt predictions."""
    correct = np.asarray(correct).astype(np.float64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if correct.shape != probabilities.shape:
        raise InvalidDataError("There must be one predicted probability per attempt.")
    if correct.size == 0:
        raise InvalidDataError("There are no attempts to score.")
    clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
    return {
        "auc": auc_score(correct, probabilities),
        "accuracy": float(((probabilities >= 0.5) == (correct == 1)).mean()),
        "log_loss": float(-np.mean(correct * np.log(clipped) + (1 - correct) * np.log(1 - clipped))),
        "attempts": float(correct.size),
    }


def load_tracer(path: str | Path) -> KnowledgeTracer:
    """Load any saved knowledge-tracing model, whichever kind it is."""
    kind = read_manifest(path)["kind"]
    if kind not in TRACERS:
        raise ModelFileError(f"{str(path)!r} holds a {kind!r} model, not a knowledge-tracing model.")
    return TRACERS[kind].load(path)
