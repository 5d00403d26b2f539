"""Knowledge tracing: every tracer's accuracy and step-by-step interface on a tiny simulated platform, the
Bayes-optimal forward pass against the simulator's own, BKT's EM on pure BKT data, DKT's early stopping, and
the metrics on hand-made inputs (the generic fit / save / load / seed / cancel checks run for every model in
tests/engines/test_model_protocol.py)."""

from functools import lru_cache

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from engines.errors import InvalidParameterError
from engines.sequence.knowledge_tracing import (
    BayesianKnowledgeTracer,
    DeepKnowledgeTracer,
    KnowledgeTracer,
    LogisticKnowledgeTracer,
    SimulatorTruth,
    attempt_log_from_frame,
    bayes_optimal_probabilities,
    next_attempt_scores,
    simulate_cohort,
    split_students,
)


@lru_cache(maxsize=1)
def simulated_platform():
    """The shipped simulator at 5% scale (100 students, about 7,000 answers): tables, log and split."""
    from sample_data.education import simulate

    tables = simulate(3, scale=0.05)
    log = attempt_log_from_frame(tables["attempts"], student="student_id", skill="skill_id", correct="correct",
                                 timestamp="attempted_at", exercise="exercise_id")
    train, test = split_students(log, test_fraction=0.25, seed=0)
    return tables, log, train, test


def quick_tracers() -> list[KnowledgeTracer]:
    """One of each model, set to train in a few seconds."""
    return [DeepKnowledgeTracer(epochs=4, hidden_size=32, embedding_size=16, readout_size=16, batch_size=16,
                                random_state=1),
            BayesianKnowledgeTracer(max_iterations=20),
            LogisticKnowledgeTracer()]


@lru_cache(maxsize=1)
def fitted_tracers() -> dict[str, KnowledgeTracer]:
    """The quick tracers fitted once on the simulated training students."""
    _, _, train, _ = simulated_platform()
    return {model.kind: model.fit(train) for model in quick_tracers()}


TRACER_KINDS = [model.kind for model in quick_tracers()]


@pytest.mark.parametrize("kind", TRACER_KINDS)
def test_every_tracer_beats_chance_on_held_out_students(kind):
    """Held-out next-attempt AUC is clearly above 0.5 and probabilities are proper, one per attempt."""
    # Setup
    _, _, _, test = simulated_platform()
    model = fitted_tracers()[kind]
    # Run
    predicted = model.predict_proba(test)
    scores = next_attempt_scores(test.correct, predicted)
    # Assert
    assert predicted.shape == (test.n_attempts,)
    assert ((predicted > 0) & (predicted < 1)).all()
    assert scores["auc"] > 0.68


@pytest.mark.parametrize("kind", TRACER_KINDS)
def test_generator_interface_agrees_with_predict_proba(kind):
    """The step-by-step interface agrees with predict_proba; mastery maps have one row per attempt / student,
    and the last row of each student's history is their current mastery."""
    # Setup
    _, _, _, test = simulated_platform()
    model = fitted_tracers()[kind]
    # Run
    stepwise = KnowledgeTracer.predict_proba(model, test)
    history = model.mastery_history(test)
    current = model.current_mastery(test)
    # Assert
    np.testing.assert_allclose(stepwise, model.predict_proba(test), atol=1e-5)
    assert history.shape == (test.n_attempts, len(model.skills_))
    assert current.shape == (test.n_students, len(model.skills_))
    last_rows = test.offsets[1:] - 1
    np.testing.assert_allclose(history[last_rows], current, atol=1e-5)


def test_dkt_loss_falls_and_validation_loss_is_recorded():
    """DKT's training loss falls over epochs, and every epoch records the held-out students' loss."""
    # Setup
    _, _, train, _ = simulated_platform()
    # Run
    model = DeepKnowledgeTracer(epochs=3, hidden_size=16, embedding_size=8, readout_size=8, batch_size=16,
                                patience=10, random_state=5).fit(train)
    # Assert
    losses = [record["loss"] for record in model.loss_history_]
    assert losses[-1] < losses[0]
    assert all(record["validation_loss"] > 0 for record in model.loss_history_)


def test_dkt_stops_after_patience_and_keeps_its_best_epoch():
    """With a learning rate too large to keep improving, DKT stops `patience` epochs after its best one and
    restores that epoch's weights: it predicts exactly as the same model trained for just that many epochs."""
    # Setup
    _, _, train, test = simulated_platform()
    settings = dict(hidden_size=16, embedding_size=8, readout_size=8, batch_size=16, learning_rate=0.5,
                    patience=2, random_state=5)
    # Run
    model = DeepKnowledgeTracer(epochs=12, **settings).fit(train)
    until_best = DeepKnowledgeTracer(epochs=model.best_epoch_, **settings).fit(train)
    # Assert
    validation = [record["validation_loss"] for record in model.loss_history_]
    assert model.stop_reason_ == "early_stopped" and len(validation) == model.best_epoch_ + 2
    assert validation[model.best_epoch_ - 1] == min(validation)
    np.testing.assert_array_equal(model.predict_proba(test), until_best.predict_proba(test))


def test_bayes_optimal_matches_the_simulator_and_sits_between_models_and_oracle():
    """The engine's forward pass reproduces the simulator's Bayes-optimal predictions exactly; its AUC is below the
    oracle's and (on held-out students) not below any fitted model's by more than noise."""
    # Setup
    tables, log, _, test = simulated_platform()
    from sample_data.education import bayes_optimal_p_correct

    truth = SimulatorTruth.from_tables(tables["skill_params"], tables["exercises"], tables["skill_prerequisites"],
                                       tables["students"])
    band = tables["students"].set_index(tables["students"]["student_id"].astype(str))["prior_attainment"]
    groups = band.loc[list(log.students)].map({g: i for i, g in enumerate(truth.groups)}).to_numpy()
    # Run
    ours = bayes_optimal_probabilities(log, truth, groups)
    reference = bayes_optimal_p_correct(tables["attempts"], tables["exercises"], tables["students"],
                                        tables["skill_params"], tables["skill_prerequisites"])[log.source_rows]
    log_only = bayes_optimal_probabilities(log, truth)
    # Assert
    np.testing.assert_allclose(ours, reference, atol=1e-9)
    oracle = tables["attempts"]["p_correct_true"].to_numpy()[log.source_rows]
    assert roc_auc_score(log.correct, oracle) > roc_auc_score(log.correct, ours) > 0.7
    assert abs(roc_auc_score(log.correct, log_only) - roc_auc_score(log.correct, ours)) < 0.02
    test_bayes = roc_auc_score(test.correct, bayes_optimal_probabilities(test, truth))
    for model in fitted_tracers().values():
        assert roc_auc_score(test.correct, model.predict_proba(test)) < test_bayes + 0.02


def test_bkt_em_recovers_guess_and_slip_of_pure_bkt_data():
    """On answers drawn from one known BKT skill, EM finds guess and slip within 0.05 and learn within 0.06."""
    # Setup
    rng = np.random.default_rng(0)
    n_students, length = 400, 25
    p_init, p_learn, p_guess, p_slip = 0.2, 0.15, 0.25, 0.1
    rows = []
    for student in range(n_students):
        learned = rng.random() < p_init
        for _ in range(length):
            right = rng.random() < ((1 - p_slip) if learned else p_guess)
            rows.append((student, "k", int(right)))
            learned = learned or rng.random() < p_learn
    import pandas as pd

    log = attempt_log_from_frame(pd.DataFrame(rows, columns=["s", "k", "c"]), "s", "k", "c")
    # Run
    fitted = BayesianKnowledgeTracer(max_iterations=200, tolerance=1e-7).fit(log).skill_parameters
    # Assert
    assert fitted["p_guess"][0] == pytest.approx(p_guess, abs=0.05)
    assert fitted["p_slip"][0] == pytest.approx(p_slip, abs=0.05)
    assert fitted["p_learn"][0] == pytest.approx(p_learn, abs=0.06)


def test_next_attempt_scores_on_hand_made_inputs():
    """Perfect and reversed rankings give AUC 1 and 0, ties count half, one kind of answer gives NaN; accuracy
    and log loss follow their formulas."""
    # Setup
    correct = np.array([0, 0, 1, 1, 1, 0, 1])
    scores = np.array([0.1, 0.4, 0.4, 0.8, 0.9, 0.2, 0.4])
    # Run
    result = next_attempt_scores(np.array([1, 0]), np.array([0.9, 0.2]))
    # Assert
    assert next_attempt_scores(correct, scores)["auc"] == pytest.approx(11 / 12)
    assert next_attempt_scores(np.array([0, 1]), np.array([0.9, 0.2]))["auc"] == 0.0
    assert np.isnan(next_attempt_scores(np.array([1, 1]), np.array([0.2, 0.3]))["auc"])
    assert result["auc"] == 1.0 and result["accuracy"] == 1.0
    assert result["log_loss"] == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)


def test_synthetic_cohort_is_reproducible_and_bad_settings_refuse():
    """A synthetic cohort has one row per learner and step and repeats with its seed; a wrong hyper-parameter
    gives a clear error."""
    # Setup
    model = fitted_tracers()["logistic_knowledge_tracing"]
    # Run
    cohort = simulate_cohort(model, n_learners=12, n_steps=7, seed=3)
    again = simulate_cohort(model, n_learners=12, n_steps=7, seed=3)
    # Assert
    assert len(cohort.attempts) == 84 and cohort.mastery.shape == (12, 8, len(model.skills_))
    assert cohort.attempts.equals(again.attempts)
    with pytest.raises(InvalidParameterError, match="cell"):
        DeepKnowledgeTracer(cell="transformer").fit(simulated_platform()[2])
    with pytest.raises(InvalidParameterError, match="max_seconds"):
        DeepKnowledgeTracer(max_seconds=0).fit(simulated_platform()[2])
