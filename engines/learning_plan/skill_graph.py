"""The prerequisite graph between skills and the exercise catalogue, in the index space of a fitted tracer.

`SkillGraph` holds which skills must be in place before another (a directed acyclic graph), the curriculum order
(a topological order, ties broken by a hint such as the school year), and decides which skills are unlocked for a
learner given predicted mastery. `ExerciseCatalog` says which skill every exercise trains.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engines.errors import InvalidDataError


@dataclass(frozen=True)
class SkillGraph:
    """Prerequisites over `skills`: `prerequisites[s, q]` is True when skill q must be in place before skill s.
    `curriculum` lists skill indices in teaching order (every prerequisite before the skills that need it)."""

    skills: tuple[str, ...]
    prerequisites: np.ndarray
    curriculum: tuple[int, ...]

    @classmethod
    def from_edges(cls, skills: Sequence[str], edges: Iterable[tuple[object, object]],
                   order_hint: Mapping[str, object] | None = None) -> SkillGraph:
        """Build the graph from (skill, prerequisite) pairs named like `skills`. Pairs naming a skill the model
        does not know are ignored (nothing can be recommended on them anyway); a cycle raises `InvalidDataError`
        naming the skills on it. `order_hint[skill]` (e.g. the school year) orders skills that could come in
        either order; without it the order of `skills` is used."""
        skills = tuple(str(s) for s in skills)
        position = {skill: i for i, skill in enumerate(skills)}
        matrix = np.zeros((len(skills), len(skills)), dtype=bool)
        for skill, prerequisite in edges:
            skill, prerequisite = str(skill), str(prerequisite)
            if skill in position and prerequisite in position:
                if skill == prerequisite:
                    raise InvalidDataError(f"Skill {skill!r} is listed as its own prerequisite.",
                                           key="engine.skill_graph.self_prerequisite", skill=repr(skill))
                matrix[position[skill], position[prerequisite]] = True
        hint = {i: (order_hint.get(skill, 0) if order_hint else 0, i) for skill, i in position.items()}
        return cls(skills=skills, prerequisites=matrix, curriculum=_topological_order(matrix, hint, skills))

    @classmethod
    def without_prerequisites(cls, skills: Sequence[str]) -> SkillGraph:
        """A graph with no prerequisite at all (for logs that come without one)."""
        return cls.from_edges(skills, [])

    @property
    def n_skills(self) -> int:
        return len(self.skills)

    def prerequisites_of(self, skill: int) -> np.ndarray:
        """Indices of the direct prerequisites of `skill`."""
        return np.flatnonzero(self.prerequisites[skill])

    def unlocked(self, mastery: np.ndarray, threshold: float) -> np.ndarray:
        """Whether every direct prerequisite of each skill has predicted mastery >= `threshold`; `mastery` is
        (n_skills,) or (n_learners, n_skills) and so is the result."""
        in_place = np.asarray(mastery) >= threshold
        missing = self.prerequisites & ~in_place[..., None, :]
        return ~missing.any(axis=-1)


def _topological_order(matrix: np.ndarray, hint: dict[int, tuple], skills: tuple[str, ...]) -> tuple[int, ...]:
    remaining = matrix.sum(axis=1)
    ready = [(hint[i], i) for i in range(len(skills)) if remaining[i] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, skill = heapq.heappop(ready)
        order.append(skill)
        for dependent in np.flatnonzero(matrix[:, skill]):
            remaining[dependent] -= 1
            if remaining[dependent] == 0:
                heapq.heappush(ready, (hint[dependent], int(dependent)))
    if len(order) < len(skills):
        stuck = [skills[i] for i in range(len(skills)) if i not in set(order)]
        raise InvalidDataError(
            "The prerequisite links go round in a circle among the skills "
            f"{', '.join(map(repr, stuck[:6]))}{' ...' if len(stuck) > 6 else ''}; a skill cannot (even indirectly) "
            "be its own prerequisite. Remove one of the links.",
            key="engine.skill_graph.cycle", skills=', '.join(map(repr, stuck[:6])),
            more=' ...' if len(stuck) > 6 else ''
        )
    return tuple(order)


@dataclass(frozen=True)
class ExerciseCatalog:
    """The exercises a learner can be given: their names, the skill each trains (index into the tracer's skills)
    and optionally a difficulty to show. Exercise i is exercise i of the tracer's exercise vocabulary; a catalogue
    for a model trained without exercises has one "typical exercise" (-1) per skill."""

    names: tuple[str, ...]
    exercise_index: np.ndarray
    skill: np.ndarray
    difficulty: np.ndarray | None = None

    @classmethod
    def from_model_vocabulary(cls, skills: Sequence[str], exercises: Sequence[str],
                              exercise_skill: Mapping[str, str], difficulty: Mapping[str, float] | None = None
                              ) -> ExerciseCatalog:
        """Catalogue of the tracer's exercises; `exercise_skill` maps exercise name to skill name (exercises whose
        skill is unknown are left out). Without exercises: one typical exercise per skill."""
        position = {skill: i for i, skill in enumerate(skills)}
        if not exercises:
            return cls(names=tuple(f"Typical {skill} exercise" for skill in skills),
                       exercise_index=np.full(len(skills), -1, dtype=np.int64),
                       skill=np.arange(len(skills), dtype=np.int64))
        rows = [(i, name, position[str(exercise_skill[name])]) for i, name in enumerate(exercises)
                if name in exercise_skill and str(exercise_skill[name]) in position]
        if not rows:
            raise InvalidDataError("None of the exercises could be matched to a skill.",
                                   key="engine.skill_graph.no_matches")
        index, names, skill = zip(*rows)
        values = None if difficulty is None else np.array([float(difficulty.get(n, np.nan)) for n in names])
        return cls(names=tuple(names), exercise_index=np.array(index, dtype=np.int64),
                   skill=np.array(skill, dtype=np.int64), difficulty=values)

    @property
    def n_exercises(self) -> int:
        return len(self.names)

    def of_skill(self, skill: int) -> np.ndarray:
        """Catalogue positions of the exercises of `skill`."""
        return np.flatnonzero(self.skill == skill)
