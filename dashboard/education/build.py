"""Train the Education page's shipped knowledge-tracing models and precompute what the page shows at once.

Run `python -m dashboard.education.build` (about a minute on two CPU cores). It reads the simulated
maths platform (`sample_data/education/*.parquet`), holds out 20% of the students, trains DKT, BKT and the PFA-style
logistic model on the others, scores all three on the held-out students next to the Bayes-optimal and oracle
predictions, and writes into `sample_data/checkpoints/education/`:
- `dkt/`, `bkt/`, `logistic/`: the model folders (JSON + safetensors);
- `results.json`: the comparison (AUC, accuracy, log loss, training seconds), the split and the DKT loss curve;
- `class_mastery.parquet`: DKT's current predicted mastery of every student on every skill, with learner clusters.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.cluster import KMeans

from dashboard.education.shipped import SHIPPED
from engines.sequence.knowledge_tracing import (
    BayesianKnowledgeTracer,
    DeepKnowledgeTracer,
    LogisticKnowledgeTracer,
    SimulatorTruth,
    attempt_log_from_frame,
    bayes_optimal_probabilities,
    next_attempt_scores,
    split_students,
)
from sample_data.catalog import SAMPLE_DATA_DIR

OUT_DIR = SHIPPED.folder
DATA_DIR = SAMPLE_DATA_DIR / "education"
TEST_FRACTION = 0.2
SPLIT_SEED = 0
N_CLUSTERS = 4


def load_tables(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """The shipped education tables as DataFrames."""
    names = ("skills", "skill_prerequisites", "exercises", "students", "attempts", "skill_params")
    return {name: pd.read_parquet(data_dir / f"{name}.parquet") for name in names}


def shipped_attempt_log(attempts: pd.DataFrame):
    """The attempt log exactly as the page and the benchmark build it."""
    return attempt_log_from_frame(attempts, student="student_id", skill="skill_id", correct="correct",
                                  timestamp="attempted_at", exercise="exercise_id")


def student_groups(log, students: pd.DataFrame, truth: SimulatorTruth) -> np.ndarray:
    """Each log student's prior-attainment group index (for the Bayes-optimal prediction that knows it)."""
    band = students.assign(student_id=students["student_id"].astype(str)).set_index("student_id")["prior_attainment"]
    position = {group: i for i, group in enumerate(truth.groups)}
    return band.loc[list(log.students)].map(position).to_numpy()


def make_models(seed: int = 0) -> dict[str, object]:
    """The three models with the settings the page ships (one place, shared with the benchmark)."""
    return {
        "dkt": DeepKnowledgeTracer(random_state=seed),
        "bkt": BayesianKnowledgeTracer(),
        "logistic": LogisticKnowledgeTracer(),
    }


def evaluate(tables: dict[str, pd.DataFrame], seed: int = 0, verbose: bool = True) -> tuple[dict, dict, object]:
    """Train the three models on 80% of the students and score them on the rest. Returns (results, models, log)."""
    log = shipped_attempt_log(tables["attempts"])
    train, test = split_students(log, TEST_FRACTION, SPLIT_SEED)
    truth = SimulatorTruth.from_tables(tables["skill_params"], tables["exercises"], tables["skill_prerequisites"],
                                       tables["students"])
    rows = []
    models = make_models(seed)
    for key, model in models.items():
        model.fit(train)
        predicted = model.predict_proba(test)
        scores = next_attempt_scores(test.correct, predicted)
        rows.append({"key": key, "model": model.label, "description": model.description,
                     "fit_seconds": round(model.fit_seconds_, 2), **scores})
        if verbose:
            print(f"{model.label:>15}: AUC {scores['auc']:.4f}  accuracy {scores['accuracy']:.4f}  "
                  f"log loss {scores['log_loss']:.4f}  trained in {model.fit_seconds_:.1f} s", flush=True)
    groups = student_groups(test, tables["students"], truth)
    test_rows = tables["attempts"].iloc[test.source_rows]
    references = {
        "bayes_optimal": next_attempt_scores(test.correct, bayes_optimal_probabilities(test, truth, groups)),
        "bayes_optimal_log_only": next_attempt_scores(test.correct, bayes_optimal_probabilities(test, truth)),
        "oracle": next_attempt_scores(test.correct, test_rows["p_correct_true"].to_numpy()),
    }
    results = {
        "models": rows,
        "references": references,
        "split": {"test_fraction": TEST_FRACTION, "seed": SPLIT_SEED, "train_students": train.n_students,
                  "test_students": test.n_students, "train_attempts": train.n_attempts,
                  "test_attempts": test.n_attempts},
        "dkt_loss_history": models["dkt"].loss_history_,
        "dkt_best_epoch": models["dkt"].best_epoch_,
        "built_with": {"torch": torch.__version__, "python": platform.python_version(),
                       "built_at": time.strftime("%Y-%m-%d %H:%M:%S")},
    }
    return results, models, log


def class_mastery(model, log, n_clusters: int = N_CLUSTERS, seed: int = 0) -> pd.DataFrame:
    """Long table (student_id, skill_id, mastery, cluster) of the model's current mastery for every student, with
    k-means clusters of the students' mastery profiles, numbered from the weakest cluster (0) to the strongest."""
    mastery = model.current_mastery(log)
    labels = KMeans(n_clusters=n_clusters, n_init=10, random_state=seed).fit_predict(mastery)
    strength = np.array([mastery[labels == k].mean() for k in range(n_clusters)])
    rank = np.argsort(np.argsort(strength))
    frame = pd.DataFrame(mastery.astype(np.float32), columns=list(model.skills_))
    frame.insert(0, "cluster", rank[labels].astype(np.int8))
    frame.insert(0, "student_id", log.students.astype(str))
    return frame.melt(id_vars=["student_id", "cluster"], var_name="skill_id", value_name="mastery")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    tables = load_tables()
    results, models, log = evaluate(tables, args.seed)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for key, model in models.items():
        model.save(OUT_DIR / key)
    (OUT_DIR / "results.json").write_text(json.dumps(results, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    class_mastery(models["dkt"], log, seed=args.seed).to_parquet(OUT_DIR / "class_mastery.parquet", index=False,
                                                                 compression="zstd")
    size = sum(path.stat().st_size for path in OUT_DIR.rglob("*") if path.is_file())
    print(f"Wrote {OUT_DIR} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
