"""What the planners need to know about the shipped platform, in the shipped model's index space: skill names,
the prerequisite graph and the exercise catalogue. Built once from the session's DuckDB tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.data import SessionDatabase
from dashboard.data import education_queries as queries

if TYPE_CHECKING:
    from engines.learning_plan import ExerciseCatalog, SkillGraph
    from engines.sequence.knowledge_tracing import KnowledgeTracer


@dataclass(frozen=True)
class PlatformContext:
    """Skill names (by the model's skill id strings), the prerequisite graph and the exercise catalogue."""

    skill_names: dict[str, str]
    skill_domains: dict[str, str]
    graph: SkillGraph
    catalog: ExerciseCatalog
    skills: pd.DataFrame

    def name(self, skill_id: object) -> str:
        """The skill's name (its id when the name is unknown)."""
        return self.skill_names.get(str(skill_id), str(skill_id))


@st.cache_resource(show_spinner=False)
def platform_context(_db: SessionDatabase, _model: KnowledgeTracer) -> PlatformContext:
    """Context for the shipped platform and model (shared by every session: the shipped data are the same)."""
    from engines.learning_plan import ExerciseCatalog, SkillGraph

    skills = queries.skills(_db)
    edges = queries.skill_prerequisites(_db)
    exercises = queries.exercises(_db)
    ids = skills["skill_id"].astype(str)
    graph = SkillGraph.from_edges(
        _model.skills_, edges[["skill_id", "prerequisite_skill_id"]].itertuples(index=False),
        order_hint=dict(zip(ids, zip(skills["typical_year"], skills["skill_id"]))))
    catalog = ExerciseCatalog.from_model_vocabulary(
        _model.skills_, _model.exercises_, dict(zip(exercises["exercise_id"].astype(str),
                                                    exercises["skill_id"].astype(str))),
        dict(zip(exercises["exercise_id"].astype(str), exercises["difficulty"])))
    return PlatformContext(skill_names=dict(zip(ids, skills["skill_name"])),
                           skill_domains=dict(zip(ids, skills["domain"])), graph=graph, catalog=catalog,
                           skills=skills)
