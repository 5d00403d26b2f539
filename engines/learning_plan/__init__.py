"""Learning plans from a knowledge-tracing model: next-exercise recommendation in a target success band that
respects the prerequisite graph, and multi-session plans with their simulated effect against a fixed curriculum."""

from engines.learning_plan.next_exercise import (
    DEFAULT_BAND,
    DEFAULT_MASTERY_THRESHOLD,
    exercise_outlook,
    recommend_next_exercises,
)
from engines.learning_plan.plan import LearningPlan, fixed_curriculum, generate_learning_plan
from engines.learning_plan.skill_graph import ExerciseCatalog, SkillGraph

__all__ = [
    "DEFAULT_BAND", "DEFAULT_MASTERY_THRESHOLD", "ExerciseCatalog", "LearningPlan", "SkillGraph",
    "exercise_outlook", "fixed_curriculum", "generate_learning_plan", "recommend_next_exercises",
]
