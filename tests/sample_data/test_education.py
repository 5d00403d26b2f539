"""The shipped practice platform: a prerequisite DAG, valid ground truth, and an exact Bayes-optimal
recipe."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from sample_data import education

from .conftest import SMALL_SCALE


@pytest.fixture(scope="module")
def platform(shipped):
    """The shipped education tables."""
    return shipped["education"]


@pytest.fixture(scope="module")
def bayes_predictions(platform):
    """The forward-algorithm prediction for every shipped attempt."""
    return education.bayes_optimal_p_correct(platform["attempts"], platform["exercises"],
                                             platform["students"], platform["skill_params"],
                                             platform["skill_prerequisites"])


def test_prerequisites_form_a_dag_over_known_skills(platform):
    """Every prerequisite link joins two existing skills, and repeatedly removing skills without prerequisites
    empties the graph (no cycles)."""
    # Setup
    edges = platform["skill_prerequisites"]
    remaining = set(platform["skills"]["skill_id"])
    links = set(zip(edges["skill_id"], edges["prerequisite_skill_id"]))
    # Run
    while remaining:
        roots = {skill for skill in remaining if not any(s == skill and p in remaining for s, p in links)}
        if not roots:
            break
        remaining -= roots
    # Assert
    assert edges.stack().isin(platform["skills"]["skill_id"]).all()
    assert remaining == set()
    assert 12 <= len(platform["skills"]) <= 20 and len(edges) > 0


def test_attempts_reference_known_rows(platform):
    """Attempts point at existing students and exercises, and their skill is the exercise's skill."""
    # Setup
    attempts = platform["attempts"].merge(platform["exercises"], on="exercise_id", suffixes=("", "_exercise"),
                                          how="left")
    # Run / Assert
    assert attempts["student_id"].isin(platform["students"]["student_id"]).all()
    assert (attempts["skill_id"] == attempts["skill_id_exercise"]).all()
    assert platform["attempts"]["attempt_id"].is_unique
    assert 120_000 <= len(attempts) <= 180_000


def test_ground_truth_probabilities_are_valid(platform):
    """p_correct_true is strictly between 0 and 1 and the skill parameters are probabilities."""
    # Setup
    attempts, params = platform["attempts"], platform["skill_params"]
    probability_columns = [c for c in params.columns if c.startswith("p_")]
    # Run / Assert
    assert attempts["p_correct_true"].between(0, 1, inclusive="neither").all()
    assert params[probability_columns].stack().between(0, 1, inclusive="neither").all()
    assert (params["p_slip"] + params["p_guess"] < 1).all()
    assert set(params["skill_id"]) == set(platform["skills"]["skill_id"])


def test_correct_answers_follow_the_true_probability(platform):
    """The observed correct rate matches the mean true probability overall and within probability bins."""
    # Setup
    attempts = platform["attempts"]
    bins = pd.cut(attempts["p_correct_true"], [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    # Run
    by_bin = attempts.groupby(bins, observed=True).agg(rate=("correct", "mean"), p=("p_correct_true", "mean"),
                                                       n=("correct", "size"))
    # Assert
    assert (by_bin["rate"] - by_bin["p"]).abs().max() < 0.03
    assert abs(attempts["correct"].mean() - attempts["p_correct_true"].mean()) < 0.01


def test_mastery_is_never_lost(platform):
    """Once an attempt finds a skill mastered, every later attempt of that student on that skill does too."""
    # Setup
    attempts = platform["attempts"].sort_values(["student_id", "attempted_at"], kind="stable")
    # Run
    ever_mastered = attempts.groupby(["student_id", "skill_id"])["mastered_before"].cummax()
    # Assert
    assert (ever_mastered == attempts["mastered_before"]).all()
    assert attempts["mastered_before"].mean() > 0.2


def test_mastered_attempts_are_likelier_correct(platform):
    """Students answer correctly far more often on skills they have mastered than on ones they have not."""
    # Setup
    attempts = platform["attempts"]
    # Run
    rates = attempts.groupby("mastered_before")["correct"].mean()
    # Assert
    assert rates[True] > rates[False] + 0.4


def test_sequences_are_skewed_and_roughly_in_curriculum_order(platform):
    """Attempt counts per student are right-skewed, times increase within a student, and students meet early
    skills before late ones on average."""
    # Setup
    attempts = platform["attempts"].sort_values(["student_id", "attempted_at"], kind="stable")
    per_student = attempts.groupby("student_id").size()
    # Run
    first_seen = attempts.groupby(["student_id", "skill_id"])["attempted_at"].min().reset_index()
    first_seen["order"] = first_seen.groupby("student_id")["attempted_at"].rank()
    correlation = first_seen[["skill_id", "order"]].corr(method="spearman").iloc[0, 1]
    gaps = attempts.groupby("student_id")["attempted_at"].diff().dropna()
    # Assert
    assert per_student.mean() > 1.3 * per_student.median() and per_student.max() > 5 * per_student.median()
    assert (gaps > pd.Timedelta(0)).all()
    assert correlation > 0.5


def test_bayes_optimal_prediction_is_calibrated_against_the_truth(platform, bayes_predictions):
    """Given the history, the forward-algorithm prediction is the conditional mean of p_correct_true, so
    within each decile of the prediction the two averages agree closely (a wrong recipe would drift)."""
    # Setup
    frame = pd.DataFrame({"bayes": bayes_predictions, "truth": platform["attempts"]["p_correct_true"]})
    deciles = pd.qcut(frame["bayes"], 10)
    # Run
    gaps = frame.groupby(deciles, observed=True).mean().diff(axis=1)["truth"].abs()
    # Assert
    assert gaps.max() < 0.01
    assert np.all((bayes_predictions > 0) & (bayes_predictions < 1))


def test_bayes_optimal_auc_sits_between_chance_and_the_oracle(platform, bayes_predictions):
    """The Bayes-optimal AUC beats chance and is below the oracle AUC that knows the hidden state."""
    # Setup
    attempts = platform["attempts"]
    # Run
    oracle_auc = roc_auc_score(attempts["correct"], attempts["p_correct_true"])
    bayes_auc = roc_auc_score(attempts["correct"], bayes_predictions)
    # Assert
    assert 0.6 < bayes_auc < oracle_auc < 1.0


def test_bayes_optimal_prediction_works_on_a_subset_of_students(platform, bayes_predictions):
    """Running the forward algorithm on some students' attempts gives the same predictions as on all
    attempts."""
    # Setup
    attempts = platform["attempts"]
    chosen = attempts["student_id"].isin(attempts["student_id"].drop_duplicates().iloc[::7])
    # Run
    subset = education.bayes_optimal_p_correct(attempts[chosen], platform["exercises"], platform["students"],
                                               platform["skill_params"], platform["skill_prerequisites"])
    # Assert
    np.testing.assert_allclose(subset, bayes_predictions[chosen.to_numpy()], rtol=1e-12)


def test_small_simulation_has_the_documented_shape():
    """A small in-memory simulation has one attempt table row per simulated attempt and the fixed
    curriculum."""
    # Setup / Run
    tables = education.simulate(seed=5, scale=SMALL_SCALE)
    # Assert
    assert len(tables["skills"]) == len(education.SKILLS)
    assert len(tables["exercises"]) == len(education.SKILLS) * education.EXERCISES_PER_SKILL
    assert len(tables["students"]) == round(education.N_STUDENTS * SMALL_SCALE)
    assert tables["attempts"]["student_id"].isin(tables["students"]["student_id"]).all()
