"""The best any model could do on simulated data: the Bayes-optimal next-attempt probability.

The shipped education data come from Bayesian Knowledge Tracing with exercise difficulty and prerequisite-
dependent learning (`sample_data/education/README.md`): per skill s, a hidden mastered / not-mastered state;
slip = logistic(logit(p_slip_s) + k_s d_e) and guess = logistic(logit(p_guess_s) - k_s d_e) on an exercise of
difficulty d_e; after each attempt an unmastered skill is learned with probability
p_learn_s (f + (1 - f) r), r = share of s's prerequisites the learner has *certified* (three right answers in a
row on them) before the attempt. Certification is observable, so given the learner's group (prior attainment) the
posterior factorises over skills and the forward algorithm per (learner, skill) is exact.

A model that sees only the attempt log does not know the group; its ceiling is the Bayes-optimal prediction
*given the log alone*: the mixture over groups weighted by each group's posterior probability from all of the
learner's earlier answers (`bayes_optimal_probabilities(..., groups=None)`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError
from engines.sequence.kt_data import AttemptLog


def _logistic(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p) - np.log1p(-p)


@dataclass(frozen=True)
class SimulatorTruth:
    """The true parameters of the difficulty + prerequisite BKT simulator, indexed like an `AttemptLog`'s skills.

    `p_init` has one row per learner group (`groups`, e.g. prior attainment bands) and `group_shares` their
    population shares; `prerequisites[s, q]` is True when q is a prerequisite of s; `exercise_difficulty` maps
    exercise names to difficulty."""

    skills: tuple[str, ...]
    groups: tuple[str, ...]
    group_shares: np.ndarray
    p_init: np.ndarray
    p_learn: np.ndarray
    p_slip: np.ndarray
    p_guess: np.ndarray
    difficulty_slope: np.ndarray
    prerequisite_floor: np.ndarray
    prerequisites: np.ndarray
    exercise_difficulty: dict[str, float]
    completion_streak: int = 3

    @classmethod
    def from_tables(cls, skill_params: pd.DataFrame, exercises: pd.DataFrame, skill_prerequisites: pd.DataFrame,
                    students: pd.DataFrame | None = None, group_column: str = "prior_attainment",
                    completion_streak: int = 3) -> SimulatorTruth:
        """Read the truth from the shipped tables (`skill_params` with p_init_<group> columns, `exercises` with
        difficulty, `skill_prerequisites`); `students` gives the group shares (equal shares without it)."""
        params = skill_params.sort_values("skill_id", ignore_index=True)
        groups = tuple(column.removeprefix("p_init_") for column in params.columns if column.startswith("p_init_"))
        if not groups:
            raise InvalidDataError("skill_params has no p_init_<group> columns.",
                                   key="engine.kt_oracle.no_groups")
        skills = tuple(str(s) for s in params["skill_id"])
        position = {skill: i for i, skill in enumerate(skills)}
        matrix = np.zeros((len(skills), len(skills)), dtype=bool)
        for skill, prerequisite in skill_prerequisites[["skill_id", "prerequisite_skill_id"]].itertuples(index=False):
            matrix[position[str(skill)], position[str(prerequisite)]] = True
        if students is not None and group_column in students:
            counts = students[group_column].value_counts()
            shares = np.array([counts.get(group, 0) for group in groups], dtype=np.float64)
        else:
            shares = np.ones(len(groups))
        column = lambda name: params[name].to_numpy(np.float64)  # noqa: E731
        return cls(
            skills=skills, groups=groups, group_shares=shares / shares.sum(),
            p_init=np.stack([column(f"p_init_{group}") for group in groups]),
            p_learn=column("p_learn"), p_slip=column("p_slip"), p_guess=column("p_guess"),
            difficulty_slope=column("difficulty_slope"), prerequisite_floor=column("prerequisite_floor"),
            prerequisites=matrix,
            exercise_difficulty={str(e): float(d) for e, d in exercises[["exercise_id", "difficulty"]].itertuples(
                index=False)},
            completion_streak=completion_streak,
        )

    def aligned(self, log: AttemptLog) -> tuple[np.ndarray, np.ndarray]:
        """Skill positions of the log's skills in this truth, and each log exercise's difficulty."""
        position = {skill: i for i, skill in enumerate(self.skills)}
        unknown = [s for s in log.skills if s not in position]
        if unknown:
            raise InvalidDataError(f"The simulator has no skill(s) {unknown[:5]}.",
                                   key="engine.kt_oracle.unknown_skills", unknown=unknown[:5])
        skill_map = np.array([position[s] for s in log.skills], dtype=np.int64)
        difficulty = np.array([self.exercise_difficulty.get(e, np.nan) for e in log.exercises] + [0.0])
        if np.isnan(difficulty).any():
            raise InvalidDataError("Some exercises of the log are not in the simulator's exercise table.",
                                   key="engine.kt_oracle.unknown_exercises")
        return skill_map, difficulty

    def slip_guess(self, skills: np.ndarray, difficulty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-attempt slip and guess on exercises of the given difficulty (skills are positions in this truth)."""
        shift = self.difficulty_slope[skills] * difficulty
        return (_logistic(_logit(self.p_slip[skills]) + shift), _logistic(_logit(self.p_guess[skills]) - shift))

    def learn_probability(self, skills: np.ndarray, certified: np.ndarray) -> np.ndarray:
        """Probability that an unmastered skill is learned by one attempt, given the learners' certified skills."""
        needed = self.prerequisites[skills]
        count = needed.sum(axis=1)
        readiness = np.where(count > 0, (certified & needed).sum(axis=1) / np.maximum(count, 1), 1.0)
        floor = self.prerequisite_floor[skills]
        return self.p_learn[skills] * (floor + (1.0 - floor) * readiness)


@dataclass
class PosteriorState:
    """The exact belief about learners after their logged attempts: P(mastered) per skill (mixed over groups by
    their posterior), the groups' posterior, and the observable certification state (right answers in a row)."""

    mastered: np.ndarray
    group_posterior: np.ndarray
    certified: np.ndarray
    streak: np.ndarray


def bayes_optimal_probabilities(log: AttemptLog, truth: SimulatorTruth, groups: np.ndarray | None = None) -> np.ndarray:
    """The Bayes-optimal probability that each attempt of `log` is correct given the learner's earlier attempts.

    With `groups` (each student's group index into `truth.groups`) the learner's group is known and the forward
    algorithm runs per (learner, skill); without it the prediction mixes the groups by their posterior given
    everything the learner answered before (the ceiling for a model that sees only the log)."""
    return _forward(log, truth, groups)[0]


def posterior_state(log: AttemptLog, truth: SimulatorTruth, groups: np.ndarray | None = None) -> PosteriorState:
    """The exact posterior about each student of `log` after all of their attempts (rows follow `log.students`;
    skills follow `truth.skills`)."""
    return _forward(log, truth, groups)[1]


def _forward(log: AttemptLog, truth: SimulatorTruth, groups: np.ndarray | None) -> tuple[np.ndarray, PosteriorState]:
    skill_map, difficulty_table = truth.aligned(log)
    n, n_skills = log.n_students, len(truth.skills)
    n_groups = len(truth.groups)
    if groups is not None:
        groups = np.asarray(groups, dtype=np.int64)
        if groups.shape != (n,):
            raise InvalidDataError("groups must give one group index per student of the log.",
                                   key="engine.kt_oracle.bad_groups")
    lengths = log.lengths
    order = np.argsort(-lengths, kind="stable")
    sorted_lengths, starts = lengths[order], log.offsets[:-1][order]
    # belief[g, i, s]: P(mastered) of student i on skill s if the student belongs to group g.
    belief = np.repeat(truth.p_init[:, None, :], n, axis=1)
    log_weight = np.tile(np.log(truth.group_shares)[:, None], (1, n))
    if groups is not None:
        log_weight = np.where(np.arange(n_groups)[:, None] == groups[order][None, :], 0.0, -np.inf)
    streak = np.zeros((n, n_skills), dtype=np.int64)
    certified = np.zeros((n, n_skills), dtype=bool)
    prediction = np.zeros(log.n_attempts)
    for t in range(int(sorted_lengths[0]) if n else 0):
        active = int(np.searchsorted(-sorted_lengths, -t, side="left"))
        rows = starts[:active] + t
        learners = np.arange(active)
        skills = skill_map[log.skill[rows]]
        right = log.correct[rows] == 1
        slip, guess = truth.slip_guess(skills, difficulty_table[log.exercise[rows]])
        b = belief[:, learners, skills]  # (groups, active)
        p = b * (1.0 - slip) + (1.0 - b) * guess
        weight = np.exp(log_weight[:, :active] - log_weight[:, :active].max(axis=0))
        prediction[rows] = (weight * p).sum(axis=0) / weight.sum(axis=0)
        log_weight[:, :active] += np.log(np.where(right, p, 1.0 - p))
        posterior = np.where(right, b * (1.0 - slip) / p, b * slip / (1.0 - p))
        learn = truth.learn_probability(skills, certified[learners])
        belief[:, learners, skills] = posterior + (1.0 - posterior) * learn
        streak[learners, skills] = np.where(right, streak[learners, skills] + 1, 0)
        certified[learners, skills] |= streak[learners, skills] >= truth.completion_streak
    weight = np.exp(log_weight - log_weight.max(axis=0))
    weight /= weight.sum(axis=0)
    unsort = np.argsort(order)
    state = PosteriorState(mastered=(weight[:, :, None] * belief).sum(axis=0)[unsort], group_posterior=weight.T[unsort],
                           certified=certified[unsort], streak=streak[unsort])
    return prediction, state


def simulate_true_practice(truth: SimulatorTruth, start: PosteriorState, learner: int, skills: np.ndarray,
                           difficulty: np.ndarray, n_futures: int = 200, seed: int = 0) -> np.ndarray:
    """Run the simulator itself forward for one learner practising the given exercises (skill positions in
    `truth.skills` and their difficulties), from hidden states drawn from the exact posterior; returns, per
    future, the mean over skills of the true mastered state at the end minus the posterior mastery now."""
    rng = np.random.default_rng(seed)
    belief = start.mastered[learner]
    mastered = rng.random((n_futures, belief.size)) < belief
    certified = np.tile(start.certified[learner], (n_futures, 1))
    streak = np.tile(start.streak[learner], (n_futures, 1))
    rows = np.arange(n_futures)
    for skill, level in zip(np.asarray(skills, dtype=np.int64), np.asarray(difficulty, dtype=np.float64)):
        column = np.full(n_futures, skill)
        slip, guess = truth.slip_guess(column, np.full(n_futures, level))
        right = rng.random(n_futures) < np.where(mastered[:, skill], 1.0 - slip, guess)
        learn = truth.learn_probability(column, certified)
        mastered[:, skill] |= rng.random(n_futures) < learn
        streak[rows, skill] = np.where(right, streak[rows, skill] + 1, 0)
        certified[rows, skill] |= streak[rows, skill] >= truth.completion_streak
    return mastered.mean(axis=1) - belief.mean()
