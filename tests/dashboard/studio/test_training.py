"""From the analyst's choices to trained and scored generators: input checks, the split, the background job."""

import time

import pytest

from dashboard.studio.generators import build_synthesizer, generator_choices
from dashboard.studio.report import leaderboard
from dashboard.studio.training import (
    MIN_TRAINING_ROWS, GeneratorSpec, TrainedGenerator, finished_generators, prepare_training_data, training_job,
)
from engines.errors import InvalidDataError
from tests.dashboard.studio.conftest import TABLE_TYPES, mixed_table


@pytest.mark.parametrize(
    ("rows", "types", "target", "message"),
    [
        (MIN_TRAINING_ROWS - 1, TABLE_TYPES, None, "needs at least 50"),
        (200, {}, None, "No column is included"),
        (200, {"age": "id", "income": "id"}, None, "Every included column is marked 'id'"),
        (200, TABLE_TYPES, "missing", "not among the included columns"),
        (200, {**TABLE_TYPES, "region": "integer"}, None, "holds non-numbers"),
    ],
    ids=["too-few-rows", "no-columns", "only-ids", "target-not-included", "type-does-not-fit"],
)
def test_bad_choices_are_refused_with_a_message(rows, types, target, message):
    """Each unusable choice raises InvalidDataError whose message says what to change."""
    # Setup
    frame = mixed_table(rows)[list(types)] if types else mixed_table(rows)[[]]
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        prepare_training_data(frame, "t", types, target)


def test_single_class_target_is_refused():
    """A target column with one value has nothing to predict."""
    # Setup
    frame = mixed_table(100).assign(member=True)
    # Run / Assert
    with pytest.raises(InvalidDataError, match="single value"):
        prepare_training_data(frame, "t", TABLE_TYPES, "member")


def test_split_keeps_every_row_once_and_is_seeded():
    """A fifth of the rows is held out; the two parts partition the table; the same seed gives the same split."""
    # Setup
    frame = mixed_table(200)
    # Run
    first = prepare_training_data(frame, "t", TABLE_TYPES, "member", seed=3)
    again = prepare_training_data(frame, "t", TABLE_TYPES, "member", seed=3)
    # Assert
    assert (len(first.train), len(first.holdout)) == (160, 40)
    assert sorted(first.train["income"].tolist() + first.holdout["income"].tolist()) == sorted(frame["income"])
    assert first.train.equals(again.train) and first.key == again.key
    assert "t · 4 columns · 160 training rows · target member" == first.label


def test_registry_offers_gan_vae_and_copula_with_presets():
    """The form lists GAN, VAE and copula first, all with quick/balanced/best; overrides reach the model."""
    # Run
    choices = generator_choices()
    gan = build_synthesizer("tabular_gan", "quick", {"epochs": 3, "batch_size": None, "nonsense": 1}, seed=5)
    # Assert
    assert [c.kind for c in choices][:3] == ["tabular_gan", "tabular_vae", "gaussian_copula"]
    assert all(c.presets == ("quick", "balanced", "best") for c in choices)
    assert gan.epochs == 3 and gan.batch_size is None and gan.random_state == 5 and gan.preset == "quick"


def test_job_trains_and_scores_each_generator():
    """Two generators on one click: each is trained (with losses reported) and scored into a report."""
    # Setup
    data = prepare_training_data(mixed_table(200), "t", TABLE_TYPES, "member")
    specs = [GeneratorSpec("tabular_vae", "Tabular VAE", "quick", {"epochs": 2}),
             GeneratorSpec("gaussian_copula", "Gaussian copula", "quick")]
    # Run
    job = training_job(data, specs).start()
    assert job.wait(timeout=120)
    trained, messages = finished_generators(job.snapshot())
    # Assert
    assert messages == []
    assert [t.report.kind for t in trained] == ["tabular_vae", "gaussian_copula"]
    assert job.snapshot()[0].losses, "the VAE reported its losses while training"
    for model in trained:
        assert isinstance(model, TrainedGenerator) and model.data is data
        assert 0 < model.report.quality_score <= 1 and model.report.efficacy is not None
        assert model.report.n_train_rows == 160 and model.report.privacy is not None


def test_cancel_keeps_and_scores_the_generator_stopped_early_and_skips_the_rest():
    """Cancel during the GAN's training keeps the finished copula, scores the GAN's best weights so far as
    'stopped early', and skips the VAE that had not started; each gets a message."""
    # Setup
    data = prepare_training_data(mixed_table(200), "t", TABLE_TYPES)
    specs = [GeneratorSpec("gaussian_copula", "Gaussian copula", "quick"),
             GeneratorSpec("tabular_gan", "Tabular GAN", "quick", {"epochs": 10_000}),
             GeneratorSpec("tabular_vae", "Tabular VAE", "quick")]
    job = training_job(data, specs).start()
    # Run: stop once the GAN has run a few steps
    deadline = time.monotonic() + 60
    while job.snapshot()[2].step < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    job.cancel()
    assert job.wait(timeout=60)
    trained, messages = finished_generators(job.snapshot())
    # Assert
    assert [t.report.kind for t in trained] == ["gaussian_copula", "tabular_gan"]
    gan = trained[1].report
    assert gan.stopped_early and 3 <= gan.training_steps < 10_000 and 0 < gan.quality_score <= 1
    assert "Tabular GAN (stopped early)" in leaderboard([t.report for t in trained])["Generator"].tolist()
    assert messages[0].startswith("Tabular GAN was stopped early after") and "kept and scored" in messages[0]
    assert messages[1] == "Tabular VAE was not trained: the run was cancelled before its turn."


def test_expected_times_follow_the_measured_step_costs_and_the_table_size():
    """Estimates come from the planned steps times the measured cost per step: the quick GAN on the reference
    5,000 x 20 table is about its measured 13.9 s (600 steps, + scoring), longer presets and wider tables take
    longer."""
    # Setup
    from dashboard.studio.generators import SCORING_SECONDS_REFERENCE, expected_seconds

    # Run
    gan_quick = expected_seconds("tabular_gan", "quick", 5_000, 20)
    gan_balanced = expected_seconds("tabular_gan", "balanced", 5_000, 20)
    gan_wide = expected_seconds("tabular_gan", "quick", 5_000, 40)
    copula = expected_seconds("gaussian_copula", "quick", 5_000, 20)
    # Assert
    assert 12 < gan_quick - SCORING_SECONDS_REFERENCE < 16
    assert gan_balanced > 2 * gan_quick - 2 * SCORING_SECONDS_REFERENCE and gan_wide > 1.8 * (gan_quick - 2)
    assert copula < 3


def test_planned_steps_match_what_fit_runs():
    """A generator's planned steps are the steps its fit runs (no early stopping for the VAE)."""
    # Setup
    from dashboard.studio.generators import build_synthesizer

    model = build_synthesizer("tabular_vae", "quick", {"epochs": 3, "batch_size": 50})
    table = mixed_table(200)
    # Run
    planned = model.planned_steps(len(table))
    model.fit(table)
    # Assert
    assert planned == model.training_steps_ == 12
