"""`KnowledgeTracer`: the family base of every knowledge-tracing model, on the lab's model contract
(`engines.core.model.BaseModel`).

A tracer reads a student's answers one at a time and keeps a belief about what the student knows. Public methods
are the same for every model (the template method: `fit` validates, then calls the subclass's `_fit_log`):
- `fit(log, on_progress=None, cancel=None)` learns from an `AttemptLog`; returns self (the contract's wrapper
  records `fit_seconds_`, `loss_history_`, `stop_reason_`, `cancelled_`, ...).
- `predict_proba(log)` gives, for every attempt, the probability it is correct given the student's earlier
  attempts only (the next-attempt prediction that AUC is computed on).
- `mastery_history(log)` / `current_mastery(log)` give the predicted success probability on every skill after
  each attempt / after a student's last attempt (mastery maps).
- The generator interface, used to simulate learners: `initial_state(n)`, `state_after(log)`,
  `success_probability(state, skills, exercises)`, `advance(state, skills, exercises, correct)` and
  `skill_mastery(state)`, all vectorised over a batch of learners held in a `LearnerState`.
- `save(path)` / `KnowledgeTracer.load(path)` write and read a model folder (JSON + safetensors, no pickle);
  `KnowledgeTracer.load` opens a folder of any registered knowledge-tracing model.
A subclass sets `kind`, `label` and `description`, is registered with `@register_model`, and implements
`_fit_log`, `_initial_state`, `_advance`, `_success_probability`, `_skill_mastery`, `_learned_state` (its JSON
state and tensors) and `_restore_learned`.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import torch

from engines.core.model import BaseModel
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult
from engines.errors import InvalidDataError
from engines.sequence.kt_data import AttemptLog

TracerT = TypeVar("TracerT", bound="KnowledgeTracer")


@dataclass
class LearnerState:
    """What a tracer believes about a batch of learners: named arrays whose first axis is the learner."""

    arrays: dict[str, Any]

    @property
    def n(self) -> int:
        return int(next(iter(self.arrays.values())).shape[0])

    def take(self, index: np.ndarray) -> LearnerState:
        """The states of some learners (repeat an index to clone a learner for several simulated futures)."""
        index = np.asarray(index, dtype=np.int64)
        picked = {}
        for name, value in self.arrays.items():
            picked[name] = value[torch.as_tensor(index, device=value.device)] if isinstance(value, torch.Tensor) \
                else value[index]
        return LearnerState(picked)


class KnowledgeTracer(BaseModel):
    """Base class of every knowledge-tracing model; see the module docstring for the protocol."""

    # ------------------------------------------------------------------------------------------ parameters
    def _check_params(self) -> None:
        """Raise `InvalidParameterError` for hyper-parameters the model cannot use (subclasses extend)."""

    # ------------------------------------------------------------------------------------------------ fit
    def fit(self: TracerT, log: AttemptLog, on_progress: ProgressCallback | None = None,
            cancel: CancelToken | None = None) -> TracerT:
        """Learn from the attempts in `log`; returns self.

        `on_progress(step, total, losses)` is called as training goes; returning False, or setting the `cancel`
        event, stops early and keeps a usable model (`cancelled_` is then True)."""
        return super().fit(log, on_progress=on_progress, cancel=cancel)

    def _fit(self, log: AttemptLog, *, on_progress: ProgressCallback | None,
             cancel: CancelToken | None) -> TrainingResult | None:
        if not isinstance(log, AttemptLog):
            raise InvalidDataError("fit expects an AttemptLog; build one with attempt_log_from_frame(table, ...).",
                                   key="engine.knowledge_tracing.fit_needs_log")
        if log.n_attempts < 2:
            raise InvalidDataError("Training needs at least two attempts.",
                                   key="engine.knowledge_tracing.too_few_attempts")
        if len(np.unique(log.correct)) < 2:
            raise InvalidDataError(
                "Every answer in the log is " + ("right" if log.correct[0] else "wrong") + "; a model can only learn "
                "to tell right from wrong answers when both occur.",
                key=("engine.knowledge_tracing.all_right" if log.correct[0]
                     else "engine.knowledge_tracing.all_wrong"),
            )
        self._check_params()
        self.skills_ = tuple(log.skills)
        self.exercises_ = tuple(log.exercises)
        self.n_students_trained_ = log.n_students
        self.n_attempts_trained_ = log.n_attempts
        return self._fit_log(log, on_progress, cancel)

    @abstractmethod
    def _fit_log(self, log: AttemptLog, on_progress: ProgressCallback | None,
                 cancel: CancelToken | None) -> TrainingResult | None:
        """Learn from the (validated) log; return `run_training`'s result, or None when fitted in one pass."""

    @property
    def n_skills(self) -> int:
        self._check_fitted()
        return len(self.skills_)

    def _encode(self, log: AttemptLog) -> AttemptLog:
        self._check_fitted()
        if not isinstance(log, AttemptLog):
            raise InvalidDataError("Expected an AttemptLog; build one with attempt_log_from_frame(table, ...).",
                                   key="engine.knowledge_tracing.expected_log")
        return log.with_vocabulary(self.skills_, self.exercises_)

    # ---------------------------------------------------------------------------------- generator interface
    def initial_state(self, n: int) -> LearnerState:
        """The belief about `n` learners who have not answered anything yet."""
        self._check_fitted()
        return LearnerState(self._initial_state(int(n)))

    def advance(self, state: LearnerState, skills: np.ndarray, exercises: np.ndarray,
                correct: np.ndarray) -> LearnerState:
        """The belief after each learner of `state` answered one exercise (-1: unknown exercise) rightly or not."""
        return LearnerState(self._advance(state.arrays, np.asarray(skills, dtype=np.int64),
                                          np.asarray(exercises, dtype=np.int64), np.asarray(correct, dtype=np.int8)))

    def success_probability(self, state: LearnerState, skills: np.ndarray, exercises: np.ndarray) -> np.ndarray:
        """Probability that each learner answers the given exercise (one per learner) correctly."""
        return self._success_probability(state.arrays, np.asarray(skills, dtype=np.int64),
                                         np.asarray(exercises, dtype=np.int64))

    def skill_mastery(self, state: LearnerState) -> np.ndarray:
        """Predicted success probability of each learner on a typical exercise of every skill, (n, n_skills)."""
        return self._skill_mastery(state.arrays)

    def state_after(self, log: AttemptLog) -> LearnerState:
        """The belief about each student of `log` after all of their attempts (one row per student)."""
        log = self._encode(log)
        return self._walk(log, collect=False)[2]

    @abstractmethod
    def _initial_state(self, n: int) -> dict[str, Any]: ...

    @abstractmethod
    def _advance(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray,
                 correct: np.ndarray) -> dict[str, Any]: ...

    @abstractmethod
    def _success_probability(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def _skill_mastery(self, state: dict[str, Any]) -> np.ndarray: ...

    # ------------------------------------------------------------------------------------------- predict
    def predict_proba(self, log: AttemptLog) -> np.ndarray:
        """For every attempt of `log` (in the log's order), the predicted probability that it is correct, from the
        same student's earlier attempts only."""
        return self._walk(self._encode(log), collect=True)[0]

    def mastery_history(self, log: AttemptLog) -> np.ndarray:
        """Predicted success probability on every skill after each attempt of `log`, shape (n_attempts, n_skills)."""
        return self._walk(self._encode(log), collect=True, mastery=True)[1]

    def current_mastery(self, log: AttemptLog) -> np.ndarray:
        """Predicted success probability on every skill after each student's last attempt, (n_students, n_skills)."""
        return self.skill_mastery(self.state_after(log))

    def _walk(self, log: AttemptLog, collect: bool, mastery: bool = False) -> tuple[np.ndarray, np.ndarray | None,
                                                                                    LearnerState]:
        """Step every student through their attempts at once: at step t, all students with more than t attempts.

        Students are processed longest first so the active ones are always a prefix of the batch."""
        lengths = log.lengths
        order = np.argsort(-lengths, kind="stable")
        sorted_lengths = lengths[order]
        starts = log.offsets[:-1][order]
        state = self._initial_state(log.n_students)
        predictions = np.zeros(log.n_attempts, dtype=np.float64)
        history = np.zeros((log.n_attempts, self.n_skills), dtype=np.float32) if mastery else None
        for t in range(int(sorted_lengths[0]) if log.n_students else 0):
            active = int(np.searchsorted(-sorted_lengths, -t, side="left"))  # students with length > t
            rows = starts[:active] + t
            part = {name: value[:active] for name, value in state.items()}
            skills, exercises, correct = log.skill[rows], log.exercise[rows], log.correct[rows]
            if collect:
                predictions[rows] = self._success_probability(part, skills, exercises)
            part = self._advance(part, skills, exercises, correct)
            for name, value in part.items():
                state[name][:active] = value
            if mastery:
                history[rows] = self._skill_mastery(part)
        unsorted = LearnerState(state).take(np.argsort(order))
        return predictions, history, unsorted

    # ---------------------------------------------------------------------------------------- persistence
    @abstractmethod
    def _learned_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        """The model's own learned state: a JSON-able dict and named tensors."""

    @abstractmethod
    def _restore_learned(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        """Set the model's own learned attributes from `_learned_state`'s output."""

    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        state, tensors = self._learned_state()
        state = {"skills": list(self.skills_), "exercises": list(self.exercises_),
                 "n_students_trained": int(self.n_students_trained_),
                 "n_attempts_trained": int(self.n_attempts_trained_), **state}
        return state, tensors

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        self.skills_ = tuple(state["skills"])
        self.exercises_ = tuple(state["exercises"])
        self.n_students_trained_ = int(state["n_students_trained"])
        self.n_attempts_trained_ = int(state["n_attempts_trained"])
        self._restore_learned(state, tensors)
