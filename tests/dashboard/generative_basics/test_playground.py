"""The 2-D playground job: three models trained one after another, previews recorded while they train, scores
and a plain diagnosis for each; a cancel stops it."""

import numpy as np

from dashboard.generative_basics.pictures import image_grid
from dashboard.generative_basics.playground import MODEL_NAMES, PlaygroundSettings, diagnosis, playground_job


def test_the_job_trains_three_models_with_previews_and_scores():
    """Every model finishes, left a preview, and has ring scores."""
    # Setup
    job, run = playground_job(PlaygroundSettings(target="ring", steps=200, seed=1))
    # Run
    job.start()
    assert job.wait(timeout=120)
    # Assert
    steps = job.snapshot()
    assert [step.state for step in steps] == ["done"] * 3
    assert set(run.latest()) == set(MODEL_NAMES)
    for step in steps:
        assert step.result.samples.shape == (2_000, 2)
        assert 0 <= step.result.scores["modes_covered"] <= 8
        assert step.losses


def test_cancel_stops_the_job_and_skips_the_rest():
    """A cancelled run stops the model in training and never starts the others."""
    # Setup
    job, run = playground_job(PlaygroundSettings(target="moons", steps=4_000))
    # Run
    job.start()
    job.cancel()
    assert job.wait(timeout=60)
    # Assert
    states = [step.state for step in job.snapshot()]
    assert "done" not in states[1:] and states[-1] == "cancelled"


def test_diagnosis_names_collapse_and_blur():
    """Fewer than 8 blobs is called mode collapse for the GAN; a low on-shape share is called blur for the VAE."""
    # Run / Assert
    assert "Mode collapse" in diagnosis("GAN", {"modes_covered": 5, "high_quality_share": 0.9}, ring=True)
    assert "Blur" in diagnosis("VAE", {"modes_covered": 8, "high_quality_share": 0.5}, ring=True)
    assert "every blob" in diagnosis("Diffusion", {"modes_covered": 8, "high_quality_share": 0.8}, ring=True)


def test_image_grid_tiles_images_as_ink_on_paper():
    """A grid has the right size, white gaps, and dark strokes where the image was bright."""
    # Setup
    images = np.zeros((5, 1, 4, 4), dtype=np.float32)
    images[:, :, 1, 1] = 1.0
    # Run
    grid = image_grid(images, columns=3, gap=1)
    # Assert
    assert grid.shape == (2 * 5 + 1, 3 * 5 + 1)
    assert grid[0, 0] == 1.0 and grid[2, 2] == 0.0
