"""Bayesian Knowledge Tracing (Corbett & Anderson 1995): one two-state hidden Markov model per skill.

Each skill is either not yet learned or learned. A learner starts learned with probability `p_init`; after each
practice attempt an unlearned skill becomes learned with probability `p_learn` (and, optionally, a learned one is
forgotten with `p_forget`, 0 in classic BKT). A learned skill is answered right unless the learner slips
(`p_slip`); an unlearned one only by a guess (`p_guess`). The four numbers per skill are fitted by
expectation-maximisation (Baum-Welch), vectorised over all students of a skill.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult, run_training
from engines.core.validation import check_fraction, check_positive_int
from engines.sequence.kt_base import KnowledgeTracer
from engines.sequence.kt_data import AttemptLog

# Guess and slip above one half would let EM swap the meaning of the two states ("learned" answering worse).
MAX_GUESS, MAX_SLIP = 0.45, 0.45
_EPS = 1e-6


def bkt_forward(correct: np.ndarray, mask: np.ndarray, p_init: float, p_learn: float, p_guess: float,
                p_slip: float, p_forget: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Forward pass of one skill's BKT over a padded batch of sequences (learners x attempts).

    Returns `(p_correct, p_learned_before)`: for every attempt, the probability that it is correct given the
    learner's earlier attempts on the skill, and the probability that the skill was learned just before it."""
    n, length = correct.shape
    learned = np.full(n, p_init, dtype=np.float64)
    p_correct = np.zeros((n, length))
    learned_before = np.zeros((n, length))
    for t in range(length):
        learned_before[:, t] = learned
        right = learned * (1.0 - p_slip) + (1.0 - learned) * p_guess
        p_correct[:, t] = right
        posterior = np.where(correct[:, t] == 1, learned * (1.0 - p_slip) / right,
                             learned * p_slip / (1.0 - right))
        posterior = np.where(mask[:, t], posterior, learned)
        step = posterior * (1.0 - p_forget) + (1.0 - posterior) * p_learn
        learned = np.where(mask[:, t], step, learned)
    return p_correct, learned_before


@register_model
class BayesianKnowledgeTracer(KnowledgeTracer):
    """Per-skill BKT fitted by EM. `max_iterations` bounds the EM loop (it stops earlier once the log-likelihood
    gains less than `tolerance` per attempt); `fit_forgetting` adds the forget probability to the fit."""

    kind = "bayesian_knowledge_tracing"
    label = "BKT"
    description = "Bayesian Knowledge Tracing: per skill, a hidden learned / not-learned state fitted by EM."

    def __init__(self, max_iterations: int = 40, tolerance: float = 1e-5, fit_forgetting: bool = False) -> None:
        self.max_iterations = max_iterations
        self.tolerance = tolerance
        self.fit_forgetting = fit_forgetting

    def _check_params(self) -> None:
        check_positive_int("max_iterations", self.max_iterations)
        check_fraction("tolerance", self.tolerance, 0.0, 1.0)

    # ------------------------------------------------------------------------------------------------ fit
    def _fit_log(self, log: AttemptLog, on_progress: ProgressCallback | None,
                 cancel: CancelToken | None) -> TrainingResult:
        n_skills = log.n_skills
        # init, learn, guess, slip, forget; a skill left unfitted by a cancel keeps these starting values.
        self.params_ = np.tile(np.array([[0.3, 0.15, 0.2, 0.1, 0.0]]), (n_skills, 1))
        student = log.student_of_attempt

        def fit_skill(k: int) -> dict[str, float]:
            rows = np.flatnonzero(log.skill == k)
            correct, mask = _padded(student[rows], log.correct[rows])
            if not correct.size:
                return {}
            self.params_[k], neg_log_likelihood = self._em(correct, mask, self.params_[k])
            return {"neg_log_likelihood": neg_log_likelihood}

        # Skills are fitted independently: one "epoch" per skill, so that the loop reports progress and
        # honours a cancel after every skill, and the history has one record per skill.
        return run_training(fit_skill, epochs=n_skills, steps_per_epoch=1, on_progress=on_progress,
                            cancel=cancel)

    def _em(self, correct: np.ndarray, mask: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, float]:
        """EM from the parameters `start`; returns the fitted parameters and the negative log-likelihood per
        attempt at the last E-step."""
        p_init, p_learn, p_guess, p_slip, p_forget = start
        previous = -np.inf
        y = correct.astype(np.float64)
        valid = mask.astype(np.float64)
        n_obs = max(valid.sum(), 1.0)
        for _ in range(self.max_iterations):
            gamma, xi, loglik = _posteriors(y, mask, p_init, p_learn, p_guess, p_slip, p_forget)
            unlearned, learned = gamma[..., 0] * valid, gamma[..., 1] * valid
            p_init = float(np.clip(gamma[:, 0, 1].mean(), _EPS, 1 - _EPS))
            transition_from_unlearned = unlearned[:, :-1] * valid[:, 1:]
            p_learn = float(np.clip(xi[..., 0, 1].sum() / max(transition_from_unlearned.sum(), _EPS), _EPS, 1 - _EPS))
            if self.fit_forgetting:
                transition_from_learned = learned[:, :-1] * valid[:, 1:]
                p_forget = float(np.clip(xi[..., 1, 0].sum() / max(transition_from_learned.sum(), _EPS), 0.0, 0.5))
            p_guess = float(np.clip((unlearned * y).sum() / max(unlearned.sum(), _EPS), _EPS, MAX_GUESS))
            p_slip = float(np.clip((learned * (1 - y)).sum() / max(learned.sum(), _EPS), _EPS, MAX_SLIP))
            if loglik - previous < self.tolerance * n_obs:
                break
            previous = loglik
        return np.array([p_init, p_learn, p_guess, p_slip, p_forget]), float(-loglik / n_obs)

    @property
    def skill_parameters(self) -> dict[str, np.ndarray]:
        """The fitted per-skill probabilities: p_init, p_learn, p_guess, p_slip, p_forget (arrays over skills)."""
        self._check_fitted()
        names = ("p_init", "p_learn", "p_guess", "p_slip", "p_forget")
        return {name: self.params_[:, i].copy() for i, name in enumerate(names)}

    # ---------------------------------------------------------------------------------- generator interface
    def _initial_state(self, n: int) -> dict[str, Any]:
        return {"learned": np.tile(self.params_[:, 0], (n, 1))}

    def _success_probability(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray) -> np.ndarray:
        learned = state["learned"][np.arange(skills.size), skills]
        guess, slip = self.params_[skills, 2], self.params_[skills, 3]
        return learned * (1.0 - slip) + (1.0 - learned) * guess

    def _advance(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray,
                 correct: np.ndarray) -> dict[str, Any]:
        learned = state["learned"].copy()
        rows = np.arange(skills.size)
        before = learned[rows, skills]
        p_learn, guess, slip, forget = (self.params_[skills, i] for i in (1, 2, 3, 4))
        right = before * (1.0 - slip) + (1.0 - before) * guess
        posterior = np.where(correct == 1, before * (1.0 - slip) / right, before * slip / (1.0 - right))
        learned[rows, skills] = posterior * (1.0 - forget) + (1.0 - posterior) * p_learn
        return {"learned": learned}

    def _skill_mastery(self, state: dict[str, Any]) -> np.ndarray:
        learned = state["learned"]
        return learned * (1.0 - self.params_[:, 3]) + (1.0 - learned) * self.params_[:, 2]

    # ---------------------------------------------------------------------------------------- persistence
    def _learned_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        return {}, {"params": torch.as_tensor(self.params_, dtype=torch.float64)}

    def _restore_learned(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        self.params_ = tensors["params"].numpy().astype(np.float64)


def _padded(group: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of `values` grouped by `group` (already in order within each group) as a padded matrix and its mask."""
    if group.size == 0:
        return np.zeros((0, 0), dtype=np.int8), np.zeros((0, 0), dtype=bool)
    _, codes, counts = np.unique(group, return_inverse=True, return_counts=True)
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    column = np.arange(codes.size) - starts[codes]
    matrix = np.zeros((counts.size, counts.max()), dtype=np.int8)
    mask = np.zeros_like(matrix, dtype=bool)
    matrix[codes, column] = values[order]
    mask[codes, column] = True
    return matrix, mask


def _posteriors(y: np.ndarray, mask: np.ndarray, p_init: float, p_learn: float, p_guess: float, p_slip: float,
                p_forget: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Scaled forward-backward: state posteriors gamma (n, T, 2), transition posteriors xi (n, T-1, 2, 2) and the
    log-likelihood of the observed attempts. Padded steps emit with probability 1, so they change nothing."""
    n, length = y.shape
    transition = np.array([[1.0 - p_learn, p_learn], [p_forget, 1.0 - p_forget]])
    emit_right = np.array([p_guess, 1.0 - p_slip])
    emission = np.where(y[..., None] == 1, emit_right, 1.0 - emit_right)
    emission = np.where(mask[..., None], emission, 1.0)
    alpha = np.zeros((n, length, 2))
    scale = np.ones((n, length))
    prior = np.tile([1.0 - p_init, p_init], (n, 1))
    for t in range(length):
        joint = prior * emission[:, t]
        scale[:, t] = joint.sum(axis=1)
        alpha[:, t] = joint / scale[:, t, None]
        prior = alpha[:, t] @ transition
    beta = np.ones((n, length, 2))
    for t in range(length - 2, -1, -1):
        beta[:, t] = (emission[:, t + 1] * beta[:, t + 1]) @ transition.T / scale[:, t + 1, None]
    gamma = alpha * beta
    gamma /= gamma.sum(axis=2, keepdims=True)
    xi = (alpha[:, :-1, :, None] * transition[None, None] * (emission[:, 1:] * beta[:, 1:])[:, :, None, :]
          / scale[:, 1:, None, None])
    xi *= mask[:, 1:, None, None]
    return gamma, xi, float(np.log(scale).sum())
