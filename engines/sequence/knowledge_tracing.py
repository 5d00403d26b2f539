"""Knowledge tracing: predict whether a learner answers the next exercise right from their answers so far.

One import for everything a notebook or the app needs:

    from engines.sequence.knowledge_tracing import attempt_log_from_frame, split_students, DeepKnowledgeTracer
    log = attempt_log_from_frame(attempts, student="student_id", skill="skill_id", correct="correct",
                                 timestamp="attempted_at", exercise="exercise_id")
    train, test = split_students(log, test_fraction=0.2, seed=0)
    dkt = DeepKnowledgeTracer().fit(train, on_progress=print)
    next_attempt_scores(test.correct, dkt.predict_proba(test))   # {"auc": ..., "accuracy": ..., "log_loss": ...}

Models (same protocol, see `kt_base.KnowledgeTracer`): `DeepKnowledgeTracer` (DKT, GRU/LSTM),
`BayesianKnowledgeTracer` (per-skill BKT by EM) and `LogisticKnowledgeTracer` (PFA-style);
`KnowledgeTracer.load(path)` opens a saved model of any of them. On simulated data,
`bayes_optimal_probabilities` gives the ceiling. `simulate_cohort` turns any fitted model into a generator of
synthetic learner trajectories.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from engines.errors import InvalidDataError
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

__all__ = [
    "AttemptLog", "BayesianKnowledgeTracer", "DeepKnowledgeTracer", "KnowledgeTracer", "LearnerState",
    "LogisticKnowledgeTracer", "PosteriorState", "SimulatorTruth", "attempt_log_from_frame",
    "bayes_optimal_probabilities", "correctness_values", "next_attempt_scores", "posterior_state",
    "simulate_cohort", "simulate_practice", "simulate_true_practice", "split_students",
]


def next_attempt_scores(correct: np.ndarray, probabilities: np.ndarray) -> dict[str, float]:
    """AUC, accuracy (threshold 0.5), log loss and the number of attempts scored, for next-attempt predictions."""
    correct = np.asarray(correct).astype(np.float64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if correct.shape != probabilities.shape:
        raise InvalidDataError("There must be one predicted probability per attempt.",
                               key="engine.knowledge_tracing.prediction_count")
    if correct.size == 0:
        raise InvalidDataError("There are no attempts to score.", key="engine.knowledge_tracing.no_attempts")
    clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
    return {
        # ROC AUC is undefined when only one kind of answer is present: NaN, not scikit-learn's error.
        "auc": float(roc_auc_score(correct, probabilities)) if np.unique(correct).size == 2 else float("nan"),
        "accuracy": float(((probabilities >= 0.5) == (correct == 1)).mean()),
        "log_loss": float(-np.mean(correct * np.log(clipped) + (1 - correct) * np.log(1 - clipped))),
        "attempts": float(correct.size),
    }

