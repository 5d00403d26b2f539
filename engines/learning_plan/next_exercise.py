"""Next-exercise recommendation: exercises the learner will probably, but not certainly, get right.

Practice teaches most when it is neither too easy nor too hard, so the recommender looks for exercises whose
predicted success lies in a target band (0.6-0.8 by default), on skills whose prerequisites the learner already
masters (predicted success on each prerequisite >= `mastery_threshold`), preferring skills not yet mastered and
earlier in the curriculum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.errors import InvalidParameterError
from engines.learning_plan.skill_graph import ExerciseCatalog, SkillGraph
from engines.sequence.kt_base import KnowledgeTracer, LearnerState

DEFAULT_BAND = (0.6, 0.8)
DEFAULT_MASTERY_THRESHOLD = 0.75


def check_band(band: tuple[float, float]) -> tuple[float, float]:
    """The band as two floats, or InvalidParameterError when it is not 0 <= low < high <= 1."""
    try:
        low, high = (float(value) for value in band)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"The target band must be two probabilities (low, high); got {band!r}.",
                                    key="engine.learning_plan.bad_band", band=repr(band)) from None
    if not 0.0 <= low < high <= 1.0:
        raise InvalidParameterError(f"The target band must satisfy 0 <= low < high <= 1; got {band!r}.",
                                    key="engine.learning_plan.bad_band_order", band=repr(band))
    return low, high


def exercise_outlook(model: KnowledgeTracer, state: LearnerState, catalog: ExerciseCatalog, graph: SkillGraph,
                     band: tuple[float, float] = DEFAULT_BAND,
                     mastery_threshold: float = DEFAULT_MASTERY_THRESHOLD) -> pd.DataFrame:
    """For one learner (`state` holds one row), every catalogue exercise with its predicted success, its skill's
    predicted mastery, whether the skill is unlocked (prerequisites mastered) or already mastered, and whether the
    prediction lies in `band`. One row per exercise, in catalogue order."""
    low, high = check_band(band)
    if state.n != 1:
        raise InvalidParameterError("exercise_outlook works on one learner; pass state.take([i]).",
                                    key="engine.learning_plan.outlook_one_learner")
    many = state.take(np.zeros(catalog.n_exercises, dtype=np.int64))
    p_success = model.success_probability(many, catalog.skill, catalog.exercise_index)
    mastery = model.skill_mastery(state)[0]
    unlocked = graph.unlocked(mastery, mastery_threshold)
    frame = pd.DataFrame({
        "exercise": list(catalog.names),
        "skill": [graph.skills[s] for s in catalog.skill],
        "skill_index": catalog.skill,
        "p_success": p_success,
        "skill_mastery": mastery[catalog.skill],
        "unlocked": unlocked[catalog.skill],
        "skill_mastered": mastery[catalog.skill] >= mastery_threshold,
        "in_band": (p_success >= low) & (p_success <= high),
        "curriculum_position": np.argsort(graph.curriculum)[catalog.skill],
    })
    if catalog.difficulty is not None:
        frame.insert(3, "difficulty", catalog.difficulty)
    return frame


def rank_candidates(outlook: pd.DataFrame, band: tuple[float, float]) -> pd.DataFrame:
    """Unlocked exercises in the band, best first: skills not yet mastered first, then earlier in the curriculum,
    then predicted success closest to the middle of the band."""
    low, high = check_band(band)
    candidates = outlook[outlook["unlocked"] & outlook["in_band"]].copy()
    candidates["distance_to_centre"] = (candidates["p_success"] - (low + high) / 2).abs()
    return candidates.sort_values(["skill_mastered", "curriculum_position", "distance_to_centre"], kind="stable")


def recommend_next_exercises(model: KnowledgeTracer, state: LearnerState, catalog: ExerciseCatalog,
                             graph: SkillGraph, band: tuple[float, float] = DEFAULT_BAND,
                             mastery_threshold: float = DEFAULT_MASTERY_THRESHOLD, limit: int = 5,
                             per_skill: int = 2) -> pd.DataFrame:
    """Up to `limit` exercises for this learner's next attempt (at most `per_skill` from one skill), each unlocked
    and with predicted success inside `band`, with a `reason` in words. Empty when no exercise qualifies (the
    caller can then widen the band or show `exercise_outlook`)."""
    ranked = rank_candidates(exercise_outlook(model, state, catalog, graph, band, mastery_threshold), band)
    ranked = ranked.groupby("skill_index", sort=False).head(per_skill).head(limit).copy()
    ranked["reason"] = [
        (f"{skill}: {'mastered, keeps it fresh' if mastered else 'next to learn'}; prerequisites in place; "
         f"predicted success {p:.0%}")
        for skill, mastered, p in zip(ranked["skill"], ranked["skill_mastered"], ranked["p_success"])
    ]
    return ranked.drop(columns=["distance_to_centre"]).reset_index(drop=True)
