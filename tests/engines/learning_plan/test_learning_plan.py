"""Learning plans: the prerequisite graph, the next-exercise recommender (target band, prerequisites) and the plan
generator, on a hand-made tracer whose beliefs and learning are known, then on a fitted model."""

import numpy as np
import pytest

from engines.errors import InvalidDataError, InvalidParameterError
from engines.learning_plan import (
    ExerciseCatalog,
    SkillGraph,
    exercise_outlook,
    generate_learning_plan,
    recommend_next_exercises,
)
from engines.sequence.kt_base import KnowledgeTracer

SKILLS = ("count", "add", "multiply", "divide")
EDGES = [("add", "count"), ("multiply", "add"), ("divide", "multiply")]


class KnownTracer(KnowledgeTracer):
    """A tracer whose belief is a mastery vector: success on an exercise = mastery of its skill + the exercise's
    easiness; practising a skill whose prerequisites are at >= 0.75 adds 0.1 (up to 0.95), otherwise nothing."""

    kind = "test.known"
    label = "Known"

    def __init__(self, start=(0.9, 0.5, 0.2, 0.1), easiness=(0.0, 0.1, 0.2, -0.1, -0.2)) -> None:
        self.start = start
        self.easiness = easiness

    def _fit_log(self, log, on_progress, cancel) -> None:
        pass

    def _initial_state(self, n):
        return {"mastery": np.tile(np.asarray(self.start, dtype=float), (n, 1))}

    def _success_probability(self, state, skills, exercises):
        bonus = np.asarray(self.easiness)[np.maximum(exercises, 0) % len(self.easiness)]
        return np.clip(state["mastery"][np.arange(skills.size), skills] + bonus, 0.01, 0.99)

    def _advance(self, state, skills, exercises, correct):
        mastery = state["mastery"].copy()
        graph = SkillGraph.from_edges(SKILLS, EDGES)
        ready = graph.unlocked(mastery, 0.75)[np.arange(skills.size), skills]
        mastery[np.arange(skills.size), skills] = np.minimum(mastery[np.arange(skills.size), skills] + 0.1 * ready,
                                                             0.95)
        return {"mastery": mastery}

    def _skill_mastery(self, state):
        return state["mastery"].copy()

    def _learned_state(self):
        return {}, {}

    def _restore_learned(self, state, tensors):
        pass


def known_setup():
    """The hand-made tracer, graph and a catalogue of 5 exercises per skill."""
    model = KnownTracer()
    exercises = tuple(f"{skill}-{i}" for skill in SKILLS for i in range(5))
    model.skills_, model.exercises_ = SKILLS, exercises
    catalog = ExerciseCatalog.from_model_vocabulary(SKILLS, exercises, {e: e.split("-")[0] for e in exercises})
    return model, SkillGraph.from_edges(SKILLS, EDGES), catalog


def test_graph_orders_prerequisites_first_and_refuses_cycles():
    """The curriculum lists every prerequisite before its skills; a circle of prerequisites is named."""
    # Setup
    graph = SkillGraph.from_edges(["divide", "add", "count", "multiply"], EDGES)
    # Run
    order = [graph.skills[s] for s in graph.curriculum]
    # Assert
    assert order == ["count", "add", "multiply", "divide"]
    unlocked = SkillGraph.from_edges(SKILLS, EDGES).unlocked(np.array([0.9, 0.5, 0.2, 0.1]), 0.75)
    assert unlocked.tolist() == [True, True, False, False]
    with pytest.raises(InvalidDataError, match="circle"):
        SkillGraph.from_edges(SKILLS, EDGES + [("count", "divide")])


def test_recommendations_lie_in_the_band_and_respect_prerequisites():
    """Only unlocked skills (count, add) are offered, the unmastered one first, each exercise within the band; an
    impossible band gives none."""
    # Setup
    model, graph, catalog = known_setup()
    state = model.initial_state(1)
    # Run
    picks = recommend_next_exercises(model, state, catalog, graph, band=(0.55, 0.75), mastery_threshold=0.75)
    outlook = exercise_outlook(model, state, catalog, graph, band=(0.55, 0.75), mastery_threshold=0.75)
    none = recommend_next_exercises(model, state, catalog, graph, band=(0.92, 0.98))
    # Assert
    assert len(picks) > 0 and picks["skill"].iloc[0] == "add" and set(picks["skill"]) <= {"count", "add"}
    assert picks["p_success"].between(0.55, 0.75).all()
    locked = outlook[~outlook["unlocked"]]
    assert set(locked["skill"]) == {"multiply", "divide"}
    assert (outlook["in_band"] & outlook["unlocked"]).sum() >= len(picks)
    assert none.empty
    with pytest.raises(InvalidParameterError, match="band"):
        recommend_next_exercises(model, state, catalog, graph, band=(0.8, 0.6))


def test_plan_beats_the_fixed_curriculum_when_skills_must_unlock():
    """The plan has sessions x exercises rows, repeats with its seed, and gains at least what the fixed curriculum
    gains (which spends exercises on still-locked skills)."""
    # Setup
    model, graph, catalog = known_setup()
    state = model.initial_state(1)
    # Run
    plan = generate_learning_plan(model, state, catalog, graph, n_sessions=2, exercises_per_session=4,
                                  n_simulations=20, seed=1)
    again = generate_learning_plan(model, state, catalog, graph, n_sessions=2, exercises_per_session=4,
                                   n_simulations=20, seed=1)
    # Assert
    assert len(plan.steps) == 8 and plan.steps["session"].tolist() == [1] * 4 + [2] * 4
    assert plan.steps.equals(again.steps)
    assert plan.expected_gain >= plan.curriculum_gain - 1e-9
    assert plan.expected_gain > 0
    assert plan.steps["skill"].iloc[0] == "add"
    assert len(plan.progress) == 2 * 9 and set(plan.by_skill["skill"]) == set(SKILLS)


def test_plan_and_recommendations_on_a_fitted_model():
    """On a model fitted to simulated answers: recommended exercises are unlocked and in the band, and the plan
    reports finite gains with their ranges."""
    # Setup
    from tests.engines.sequence.test_knowledge_tracing import fitted_tracers, simulated_platform

    tables, _, _, test = simulated_platform()
    model = fitted_tracers()["logistic_knowledge_tracing"]
    graph = SkillGraph.from_edges(model.skills_, tables["skill_prerequisites"].itertuples(index=False))
    exercises = tables["exercises"]
    catalog = ExerciseCatalog.from_model_vocabulary(
        model.skills_, model.exercises_, dict(zip(exercises["exercise_id"].astype(str),
                                                  exercises["skill_id"].astype(str))))
    state = model.state_after(test.subset(np.array([0])))
    # Run
    picks = recommend_next_exercises(model, state, catalog, graph, band=(0.5, 0.9), mastery_threshold=0.6)
    plan = generate_learning_plan(model, state, catalog, graph, n_sessions=1, exercises_per_session=6,
                                  n_simulations=30)
    # Assert
    mastery = model.skill_mastery(state)[0]
    for skill in picks["skill_index"]:
        assert (mastery[graph.prerequisites_of(skill)] >= 0.6).all()
    assert picks["p_success"].between(0.5, 0.9).all()
    assert np.isfinite([plan.expected_gain, plan.curriculum_gain]).all()
    assert plan.gain_interval[0] <= plan.expected_gain <= plan.gain_interval[1]
