"""The generative scores on cases with a known answer: identical clouds, a collapsed generator, real vs real."""

import numpy as np
import pytest

from engines.errors import InvalidDataError
from engines.generative_basics.evaluation import (
    DigitJudge,
    DigitScorer,
    diversity,
    energy_distance,
    frechet_distance,
    point_scores,
    ring_mode_counts,
)
from engines.generative_basics.targets import ring_centres, target_points


def test_real_ring_points_cover_every_mode_and_sit_on_the_shape():
    """Fresh real ring points: 8 of 8 blobs, almost all within 3 sigma, energy distance near 0."""
    # Setup
    real, fresh = target_points("ring", 2_000, seed=0), target_points("ring", 2_000, seed=1)
    # Run
    scores = point_scores(fresh, real, ring=True)
    # Assert
    assert scores.modes_covered == 8
    assert scores.high_quality_share > 0.98
    assert scores.energy_distance < 0.02


def test_a_collapsed_generator_covers_one_mode_and_is_far_away():
    """All points on one blob: 1 mode covered and a large energy distance."""
    # Setup
    real = target_points("ring", 2_000, seed=0)
    collapsed = ring_centres()[[0]] + np.random.default_rng(0).normal(0, 0.05, (1_000, 2))
    # Run
    scores = point_scores(collapsed, real, ring=True)
    # Assert
    assert scores.modes_covered == 1 and ring_mode_counts(collapsed)[0] == 1_000
    assert scores.energy_distance > 1.0


def test_energy_and_frechet_distances_are_zero_for_identical_sets():
    """A set against itself scores 0 (up to rounding)."""
    # Setup
    points = np.random.default_rng(0).normal(size=(300, 4))
    # Run / Assert
    assert energy_distance(points, points) == pytest.approx(0.0, abs=1e-9)
    assert frechet_distance(points, points) == pytest.approx(0.0, abs=1e-6)
    assert frechet_distance(points, points + 3.0) == pytest.approx(4 * 9.0, rel=1e-6)


def test_diversity_is_zero_for_a_generator_that_repeats_itself():
    """Copies of one image per class score 0; different images score more."""
    # Setup
    rng = np.random.default_rng(0)
    varied = rng.random((20, 1, 8, 8)).astype(np.float32)
    labels = np.arange(20) % 2
    repeated = np.stack([varied[label] for label in labels])
    # Run / Assert
    assert diversity(repeated, labels) == pytest.approx(0.0, abs=1e-6)
    assert diversity(varied, labels) > 0.2
    with pytest.raises(InvalidDataError):
        diversity(varied[:1], labels[:1])


def test_the_judge_gives_real_data_the_baseline_and_flags_copies():
    """Real held-out images score like the baseline; training images given back as 'generated' are all
    near-copies."""
    # Setup
    rng = np.random.default_rng(0)
    labels = np.arange(90) % 3
    images = np.clip(rng.random((90, 1, 8, 8)) * 0.4 + labels[:, None, None, None] * 0.3, 0, 1).astype(np.float32)
    scorer = DigitScorer(image_size=8, n_classes=3, steps=150, batch_size=16, feature_dim=8).fit(images[:30],
                                                                                               labels[:30])
    judge = DigitJudge.build(scorer, images[30:60], labels[30:60], images[60:])
    # Run
    copies = judge.score(images[60:], labels[60:])
    real = judge.real_baseline(images[60:], labels[60:])
    # Assert
    assert copies.near_copy_share == 1.0
    assert real.near_copy_share <= 0.05
    assert real.conditioning_accuracy > 0.9
