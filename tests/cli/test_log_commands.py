"""`aigc-lab recommend` and `aigc-lab tracing`: logs mapped like the 'Your data' tabs, scored and saved."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.core.model import load_model


def _interaction_log(path):
    rng = np.random.default_rng(3)
    users = np.repeat(np.arange(300), 8)
    # Two tastes: even users favour the first half of the catalogue, odd users the second.
    items = (rng.integers(0, 20, len(users)) + 20 * (users % 2)).astype(int)
    pd.DataFrame({"customer": users, "sku": [f"p{i}" for i in items], "ts": np.arange(len(users))}).to_csv(
        path, index=False)
    return path


def test_recommend_evaluate_scores_models_and_fit_saves_one(run_cli, tmp_path):
    """Columns are guessed by name; EASE beats popularity on a log with two tastes; a fitted model reloads."""
    # Setup
    log = _interaction_log(tmp_path / "log.csv")

    # Run
    scored = run_cli("recommend", "evaluate", log, "--models", "popularity,ease")
    fitted = run_cli("recommend", "fit", log, "--model", "ease", "--user-col", "customer", "-o", tmp_path / "ease")

    # Assert
    assert scored.exit_code == 0, scored.stderr
    assert "user=customer" in scored.stderr and "item=sku" in scored.stderr
    rows = {line.split()[0]: line.split() for line in scored.stdout.splitlines()[1:]}
    header = scored.stdout.splitlines()[0].split()
    recall = header.index("recall@20")
    assert float(rows["EASE"][recall]) > float(rows["Popularity"][recall])
    assert fitted.exit_code == 0, fitted.stderr
    assert load_model(tmp_path / "ease").kind == "ease"


def test_tracing_evaluate_and_bad_mapping(run_cli, tmp_path):
    """BKT and the logistic model score held-out students; a column that is not in the log is one line."""
    # Setup
    rng = np.random.default_rng(1)
    n_students, n_attempts = 120, 20
    student = np.repeat(np.arange(n_students), n_attempts)
    skill = rng.integers(0, 3, len(student))
    practice = np.tile(np.arange(n_attempts), n_students)
    correct = (rng.random(len(student)) < 0.3 + 0.6 * (practice > 8)).astype(int)
    pd.DataFrame({"student": student, "skill": skill, "correct": correct, "attempted_at": practice}).to_parquet(
        tmp_path / "attempts.parquet")

    # Run
    scored = run_cli("tracing", "evaluate", tmp_path / "attempts.parquet", "--models", "bkt,logistic")
    wrong = run_cli("tracing", "evaluate", tmp_path / "attempts.parquet", "--skill-col", "topic")
    unknown = run_cli("tracing", "fit", tmp_path / "attempts.parquet", "--model", "transformer", "-o", tmp_path / "m")

    # Assert
    assert scored.exit_code == 0, scored.stderr
    aucs = [float(line.split()[-4]) for line in scored.stdout.splitlines()[1:]]
    assert len(aucs) == 2 and all(0.6 < auc <= 1.0 for auc in aucs)
    assert wrong.exit_code == 3 and "'topic'" in wrong.stderr and "Traceback" not in wrong.stderr
    assert unknown.exit_code == 2 and "dkt" in unknown.stderr
