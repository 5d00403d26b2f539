"""Knowledge-tracing models as generators: simulate learners practising, answer by answer.

A fitted tracer gives, for a learner's current state, the probability of a right answer on any exercise; drawing
the answer from it and updating the state is one simulated attempt. Repeating that produces synthetic learner
trajectories: a whole synthetic cohort (`simulate_cohort`), or many possible futures of one real learner under a
learning plan (`simulate_practice` from `model.state_after(log)`), whose average is the plan's expected effect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engines.core.validation import check_positive_int
from engines.errors import InvalidParameterError
from engines.sequence.kt_base import KnowledgeTracer, LearnerState

# policy(step, last_correct) -> (skills, exercises), one entry per simulated learner; last_correct is None at step 0.
PracticePolicy = Callable[[int, np.ndarray | None], tuple[np.ndarray, np.ndarray]]


@dataclass
class SimulatedPractice:
    """What the simulated learners did: one row per attempt (learner, step, skill, exercise, correct, p_correct),
    the predicted mastery of every skill before the first and after each step (learners x steps + 1 x skills),
    and their final state."""

    attempts: pd.DataFrame
    mastery: np.ndarray
    final_state: LearnerState

    def mastery_gain(self) -> np.ndarray:
        """Per learner: mean predicted mastery over skills at the end minus at the start."""
        return self.mastery[:, -1].mean(axis=1) - self.mastery[:, 0].mean(axis=1)


def simulate_practice(model: KnowledgeTracer, state: LearnerState, policy: PracticePolicy, n_steps: int,
                      seed: int = 0) -> SimulatedPractice:
    """Let the learners in `state` practise `n_steps` exercises chosen by `policy`, drawing each answer from the
    model's predicted probability. Reproducible for a given `seed`."""
    check_positive_int("n_steps", n_steps)
    rng = np.random.default_rng(seed)
    n = state.n
    mastery = np.zeros((n, n_steps + 1, model.n_skills))
    mastery[:, 0] = model.skill_mastery(state)
    columns: dict[str, list[np.ndarray]] = {name: [] for name in ("step", "skill", "exercise", "correct",
                                                                   "p_correct")}
    last_correct = None
    for step in range(n_steps):
        skills, exercises = policy(step, last_correct)
        skills = np.broadcast_to(np.asarray(skills, dtype=np.int64), (n,)).copy()
        exercises = np.broadcast_to(np.asarray(exercises, dtype=np.int64), (n,)).copy()
        p = model.success_probability(state, skills, exercises)
        correct = (rng.random(n) < p).astype(np.int8)
        state = model.advance(state, skills, exercises, correct)
        mastery[:, step + 1] = model.skill_mastery(state)
        for name, value in (("step", np.full(n, step)), ("skill", skills), ("exercise", exercises),
                            ("correct", correct), ("p_correct", p)):
            columns[name].append(value)
        last_correct = correct
    attempts = pd.DataFrame({"learner": np.tile(np.arange(n), n_steps),
                             **{name: np.concatenate(parts) for name, parts in columns.items()}})
    attempts = attempts.sort_values(["learner", "step"], kind="stable", ignore_index=True)
    return SimulatedPractice(attempts=attempts, mastery=mastery, final_state=state)


def fixed_sequence_policy(skills: Sequence[int], exercises: Sequence[int]) -> PracticePolicy:
    """Every learner gets the same exercises in the same order (a plan or a fixed curriculum)."""
    skills, exercises = np.asarray(skills, dtype=np.int64), np.asarray(exercises, dtype=np.int64)

    def policy(step: int, last_correct: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        return skills[step], exercises[step]

    return policy


def curriculum_policy(n_learners: int, skill_order: Sequence[int], exercises_by_skill: dict[int, np.ndarray],
                      streak_to_advance: int = 3, max_attempts_per_skill: int = 10, seed: int = 0) -> PracticePolicy:
    """The platform's usual practice: each learner works through `skill_order`, moving to the next skill after
    `streak_to_advance` right answers in a row or `max_attempts_per_skill` attempts; exercises are drawn at random
    from the skill's exercises (`exercises_by_skill`, -1 entries only when exercises are unknown)."""
    check_positive_int("streak_to_advance", streak_to_advance)
    check_positive_int("max_attempts_per_skill", max_attempts_per_skill)
    order = np.asarray(skill_order, dtype=np.int64)
    if order.size == 0:
        raise InvalidParameterError("The curriculum needs at least one skill.",
                                    key="engine.kt_simulation.no_skills")
    rng = np.random.default_rng(seed)
    position = np.zeros(n_learners, dtype=np.int64)
    streak = np.zeros(n_learners, dtype=np.int64)
    attempts = np.zeros(n_learners, dtype=np.int64)

    def policy(step: int, last_correct: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if last_correct is not None:
            streak[:] = np.where(last_correct == 1, streak + 1, 0)
            attempts[:] += 1
            move = (streak >= streak_to_advance) | (attempts >= max_attempts_per_skill)
            position[move] = (position[move] + 1) % order.size
            streak[move], attempts[move] = 0, 0
        skills = order[position]
        exercises = np.array([rng.choice(exercises_by_skill.get(int(s), np.array([-1]))) for s in skills],
                             dtype=np.int64)
        return skills, exercises

    return policy


def simulate_cohort(model: KnowledgeTracer, n_learners: int, n_steps: int, skill_order: Sequence[int] | None = None,
                    exercises_by_skill: dict[int, np.ndarray] | None = None, seed: int = 0) -> SimulatedPractice:
    """A synthetic cohort: `n_learners` new learners (no history) practising `n_steps` exercises each along the
    curriculum (`skill_order`, default the model's skill order), answers drawn from the model."""
    check_positive_int("n_learners", n_learners)
    order = list(range(model.n_skills)) if skill_order is None else list(skill_order)
    if exercises_by_skill is None:
        exercises_by_skill = {s: np.array([-1]) for s in order}
    policy = curriculum_policy(n_learners, order, exercises_by_skill, seed=seed)
    return simulate_practice(model, model.initial_state(n_learners), policy, n_steps, seed=seed + 1)
