"""Protocol cases of the sequence models: knowledge tracing and the copy writer (see
tests/engines/protocol/__init__.py)."""

from functools import lru_cache

import numpy as np
import pandas as pd

from engines.sequence.copywriter import CopyWriter
from engines.sequence.copywriter_zh import ChineseCopyWriter
from engines.sequence.knowledge_tracing import (
    AttemptLog,
    BayesianKnowledgeTracer,
    DeepKnowledgeTracer,
    LogisticKnowledgeTracer,
    attempt_log_from_frame,
)
from tests.engines.protocol import ProtocolCase


@lru_cache(maxsize=1)
def tiny_attempt_log() -> AttemptLog:
    """30 students x 20 answers on 3 skills and 6 exercises; a student's chance of a right answer on a skill
    grows with their practice on it."""
    rng = np.random.default_rng(0)
    rows = []
    for student in range(30):
        practice = np.zeros(3)
        for _ in range(20):
            skill = int(rng.integers(3))
            right = rng.random() < 0.3 + 0.1 * min(practice[skill], 5)
            rows.append((student, f"s{skill}", f"e{2 * skill + int(rng.integers(2))}", int(right)))
            practice[skill] += 1
    frame = pd.DataFrame(rows, columns=["student", "skill", "exercise", "correct"])
    return attempt_log_from_frame(frame, "student", "skill", "correct", exercise="exercise")


def _log() -> tuple:
    return (tiny_attempt_log(),)


def _every_answer_right() -> tuple:
    frame = pd.DataFrame({"student": [1, 1, 2, 2], "skill": ["a", "b", "a", "b"], "correct": [1, 1, 1, 1]})
    return (attempt_log_from_frame(frame, "student", "skill", "correct"),)


def _predictions(model) -> np.ndarray:
    return model.predict_proba(tiny_attempt_log())


TEMPLATES = ("This {colour} {item} from {brand} is a {band} pick from our {category} range.",
             "{brand} makes this {band} {item} in {colour} for the {category} aisle.")


@lru_cache(maxsize=1)
def tiny_catalogue(n: int = 24) -> pd.DataFrame:
    """A hand-made catalogue whose descriptions state category, brand, colour and price band."""
    rows = []
    options = [("Kitchen", "Acme", "kettle"), ("Toys", "Playwell", "puzzle"), ("Home", "Nestwell", "lamp")]
    for i in range(n):
        category, brand, item = options[i % 3]
        colour, band = ("red", "blue", "green")[i % 3 - 1], ("budget", "premium")[i % 2]
        text = TEMPLATES[i % 2].format(colour=colour, item=item, brand=brand, band=band,
                                       category=category.lower())
        rows.append({"product_id": i, "category": category, "brand": brand, "colour": colour,
                     "price_band": band, "item": item, "name": f"{brand} {item.title()}",
                     "description": text})
    return pd.DataFrame(rows)


def _catalogue() -> tuple:
    return (tiny_catalogue(),)


def _copy(model) -> pd.DataFrame:
    attributes = {"category": "Toys", "brand": "Playwell", "colour": "green", "price_band": "premium"}
    return model.generate(attributes, n_variants=2, seed=5, candidates_per_variant=2)


@lru_cache(maxsize=1)
def tiny_chinese_catalogue(n: int = 24) -> pd.DataFrame:
    """A hand-made Chinese catalogue whose descriptions state category, brand, colour, price band and item."""
    options = [("厨房", "Acme", "电热水壶"), ("玩具", "Playwell", "拼图"), ("家居", "Nestwell", "台灯")]
    rows = []
    for i in range(n):
        category, brand, item = options[i % 3]
        colour, band = ("红色", "蓝色", "绿色")[i % 3 - 1], ("平价", "高端")[i % 2]
        text = (f"{brand}这款{colour}{item}是{category}类的{band}之选。" if i % 2 else
                f"来自{brand}的{band}{category}单品：{colour}{item}。")
        rows.append({"category": category, "brand": brand, "colour": colour, "price_band": band, "item": item,
                     "description": text})
    return pd.DataFrame(rows)


def _chinese_copy(model) -> pd.DataFrame:
    attributes = {"category": "玩具", "brand": "Playwell", "colour": "绿色", "price_band": "高端"}
    return model.generate(attributes, n_variants=2, seed=5, candidates_per_variant=2)


CASES: dict[str, ProtocolCase] = {
    "copywriter_zh": ProtocolCase(
        lambda seed: ChineseCopyWriter(embedding_dim=8, attribute_dim=4, hidden_dim=16, epochs=2, batch_size=8,
                                       random_state=seed),
        lambda: (tiny_chinese_catalogue(),), _chinese_copy,
        lambda: (tiny_chinese_catalogue().drop(columns="item"),)),
    "deep_knowledge_tracing": ProtocolCase(
        lambda seed: DeepKnowledgeTracer(epochs=3, hidden_size=8, embedding_size=8, readout_size=4,
                                         batch_size=8, patience=5, random_state=seed),
        _log, _predictions, _every_answer_right),
    "bayesian_knowledge_tracing": ProtocolCase(lambda seed: BayesianKnowledgeTracer(max_iterations=5), _log,
                                               _predictions, _every_answer_right),
    "logistic_knowledge_tracing": ProtocolCase(lambda seed: LogisticKnowledgeTracer(), _log, _predictions,
                                               _every_answer_right, trains_in_steps=False),
    "copywriter": ProtocolCase(
        lambda seed: CopyWriter(embedding_dim=8, attribute_dim=4, hidden_dim=16, epochs=2, batch_size=8,
                                random_state=seed),
        _catalogue, _copy, lambda: (tiny_catalogue().drop(columns="colour"),)),
}
