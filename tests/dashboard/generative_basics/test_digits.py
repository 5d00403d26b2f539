"""The digits experiment's parts: a generator trained within a time budget with previews, scored by the shipped
classifier against held-out real digits."""

import numpy as np

from dashboard.generative_basics.digits import DIGIT_MODELS, score_model, train_digit_model
from dashboard.generative_basics.shipped import SHIPPED
from engines import load_model
from engines.generative_basics.evaluation import DigitJudge
from sample_data.digits import digit_splits


def test_digit_splits_do_not_overlap_and_are_balanced():
    """Generators, scorer and reference sets: 250 / 150 / 100 per class, no image in two sets."""
    # Run
    splits = digit_splits()
    # Assert
    assert [len(splits[name].labels) for name in ("generators", "scorer", "reference")] == [2_500, 1_500, 1_000]
    assert np.bincount(splits["reference"].labels).tolist() == [100] * 10
    flat = {name: {part.tobytes() for part in split.images} for name, split in splits.items()}
    assert not (flat["generators"] & flat["reference"]) and not (flat["scorer"] & flat["reference"])


def test_a_budgeted_training_previews_and_scores():
    """One second of GAN training (the page's live training is bounded by time) stops on time, hands previews
    of every class, and is scored."""
    # Setup
    previews = []
    spec = next(spec for spec in DIGIT_MODELS if spec.kind == "image_gan")
    splits = digit_splits()
    judge = DigitJudge.build(load_model(SHIPPED.path("digit_scorer"), device="cpu"), splits["reference"].images,
                             splits["reference"].labels, splits["generators"].images)
    # Run
    model = train_digit_model(spec, max_seconds=1.0, on_preview=lambda step, images, classes: previews.append(
        (step, images.shape, sorted(set(classes.tolist())))), preview_every=25)
    scores = score_model(model, judge)
    # Assert
    assert model.stop_reason_ == "time_limit" and model.training_steps_ >= 25
    assert previews and previews[0][1] == (40, 1, 28, 28) and previews[0][2] == list(range(10))
    assert 0 <= scores["conditioning_accuracy"] <= 1 and scores["frechet_distance"] > 0
    assert scores["images_per_second"] > 0


def test_the_experiment_trains_each_model_for_its_fixed_steps():
    """Without a time budget a model trains exactly its spec's steps (the shipped build's setting)."""
    # Setup
    spec = DIGIT_MODELS[0]
    short = type(spec)(spec.kind, spec.label, 50, spec.params)  # whole 25-step records
    # Run
    model = train_digit_model(short)
    # Assert
    assert model.training_steps_ == 50 and model.stop_reason_ != "time_limit"
