"""A Performance Factors Analysis-style logistic model (Pavlik, Cen & Koedinger 2009).

The log-odds that an attempt on skill k is right are `easiness_k + gain_k * log(1 + successes_k) +
penalty_k * log(1 + failures_k)`, counting the learner's earlier right and wrong answers on that skill, plus the
exercise's own easiness when exercises are known. Counts enter through log(1 + n) rather than raw n, so that a
long history does not push predictions to 0 or 1. Fitted with scikit-learn's L2-regularised logistic regression.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
import torch
from sklearn.linear_model import LogisticRegression

from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.validation import check_positive_int
from engines.sequence.kt_base import KnowledgeTracer
from engines.sequence.kt_data import AttemptLog


def _prior_counts(log: AttemptLog) -> tuple[np.ndarray, np.ndarray]:
    """For every attempt, the learner's earlier right and wrong answers on the same skill."""
    key = log.student_of_attempt.astype(np.int64) * max(log.n_skills, 1) + log.skill
    order = np.argsort(key, kind="stable")  # attempts of one (student, skill) stay in answer order
    sorted_key = key[order]
    right = log.correct[order].astype(np.int64)
    cumulative_right = np.cumsum(right) - right
    cumulative_all = np.arange(order.size)
    group_start = np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]]) if order.size else np.zeros(0, bool)
    start_index = np.maximum.accumulate(np.where(group_start, np.arange(order.size), 0)) if order.size else order
    successes = np.empty(order.size, dtype=np.int64)
    failures = np.empty(order.size, dtype=np.int64)
    successes[order] = cumulative_right - cumulative_right[start_index]
    failures[order] = (cumulative_all - start_index) - successes[order]
    return successes, failures


@register_model
class LogisticKnowledgeTracer(KnowledgeTracer):
    """PFA-style logistic regression on per-skill success and failure counts. `regularization` is the inverse L2
    strength (scikit-learn's C); `use_exercises` adds one easiness term per exercise when the log names them."""

    kind = "logistic_knowledge_tracing"
    label = "Logistic (PFA)"
    description = "Logistic regression on each learner's past successes and failures per skill (PFA-style)."

    def __init__(self, regularization: float = 1.0, use_exercises: bool = True, max_iterations: int = 300) -> None:
        self.regularization = regularization
        self.use_exercises = use_exercises
        self.max_iterations = max_iterations

    def _check_params(self) -> None:
        check_positive_int("max_iterations", self.max_iterations)

    def _design(self, skills: np.ndarray, exercises: np.ndarray, successes: np.ndarray,
                failures: np.ndarray) -> sp.csr_matrix:
        n, k = skills.size, len(self.skills_)
        rows = np.arange(n)
        blocks = [
            sp.csr_matrix((np.ones(n), (rows, skills)), shape=(n, k)),
            sp.csr_matrix((np.log1p(successes), (rows, skills)), shape=(n, k)),
            sp.csr_matrix((np.log1p(failures), (rows, skills)), shape=(n, k)),
        ]
        if self._n_exercise_terms:
            known = exercises >= 0
            blocks.append(sp.csr_matrix((np.ones(known.sum()), (rows[known], exercises[known])),
                                        shape=(n, self._n_exercise_terms)))
        return sp.hstack(blocks, format="csr")

    @property
    def _n_exercise_terms(self) -> int:
        return len(self.exercises_) if self.use_exercises else 0

    def _fit_log(self, log: AttemptLog, on_progress: ProgressCallback | None,
                 cancel: CancelToken | None) -> None:
        successes, failures = _prior_counts(log)
        design = self._design(log.skill, log.exercise, successes, failures)
        regression = LogisticRegression(C=float(self.regularization), max_iter=int(self.max_iterations))
        regression.fit(design, log.correct)
        k = log.n_skills
        coefficients = regression.coef_[0]
        self.easiness_ = coefficients[:k] + regression.intercept_[0]
        self.success_gain_ = coefficients[k:2 * k]
        self.failure_gain_ = coefficients[2 * k:3 * k]
        self.exercise_easiness_ = coefficients[3 * k:] if self._n_exercise_terms else np.zeros(0)
        # A skill's "typical exercise" for mastery maps: the mean easiness of its exercises seen in training.
        typical = np.zeros(k)
        if self._n_exercise_terms:
            known = log.exercise >= 0
            pairs = np.unique(np.stack([log.skill[known], log.exercise[known]], axis=1), axis=0)
            sums = np.bincount(pairs[:, 0], weights=self.exercise_easiness_[pairs[:, 1]], minlength=k)
            counts = np.bincount(pairs[:, 0], minlength=k)
            typical = np.divide(sums, counts, out=np.zeros(k), where=counts > 0)
        self.typical_exercise_easiness_ = typical

    def _logit(self, successes: np.ndarray, failures: np.ndarray, skills: np.ndarray) -> np.ndarray:
        return (self.easiness_[skills] + self.success_gain_[skills] * np.log1p(successes)
                + self.failure_gain_[skills] * np.log1p(failures))

    # ---------------------------------------------------------------------------------- generator interface
    def _initial_state(self, n: int) -> dict[str, Any]:
        k = len(self.skills_)
        return {"successes": np.zeros((n, k)), "failures": np.zeros((n, k))}

    def _success_probability(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray) -> np.ndarray:
        rows = np.arange(skills.size)
        logit = self._logit(state["successes"][rows, skills], state["failures"][rows, skills], skills)
        if self._n_exercise_terms:
            logit = logit + np.where(exercises >= 0, self.exercise_easiness_[np.maximum(exercises, 0)],
                                     self.typical_exercise_easiness_[skills])
        return 1.0 / (1.0 + np.exp(-logit))

    def _advance(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray,
                 correct: np.ndarray) -> dict[str, Any]:
        successes, failures = state["successes"].copy(), state["failures"].copy()
        rows = np.arange(skills.size)
        successes[rows, skills] += correct == 1
        failures[rows, skills] += correct == 0
        return {"successes": successes, "failures": failures}

    def _skill_mastery(self, state: dict[str, Any]) -> np.ndarray:
        k = len(self.skills_)
        logit = self._logit(state["successes"], state["failures"], np.arange(k)) + self.typical_exercise_easiness_
        return 1.0 / (1.0 + np.exp(-logit))

    def predict_proba(self, log: AttemptLog) -> np.ndarray:
        """Next-attempt probabilities (vectorised: PFA needs only the counts before each attempt)."""
        log = self._encode(log)
        successes, failures = _prior_counts(log)
        logit = self._logit(successes, failures, log.skill)
        if self._n_exercise_terms:
            logit = logit + np.where(log.exercise >= 0, self.exercise_easiness_[np.maximum(log.exercise, 0)],
                                     self.typical_exercise_easiness_[log.skill])
        return 1.0 / (1.0 + np.exp(-logit))

    # ---------------------------------------------------------------------------------------- persistence
    def _learned_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        names = ("easiness_", "success_gain_", "failure_gain_", "exercise_easiness_", "typical_exercise_easiness_")
        return {}, {name: torch.as_tensor(np.asarray(getattr(self, name), dtype=np.float64)) for name in names}

    def _restore_learned(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        for name, value in tensors.items():
            setattr(self, name, value.numpy().astype(np.float64))
