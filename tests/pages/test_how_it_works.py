"""The "How generative AI works" page: shipped digits results at once, and a finished 2-D training drawn with
frames, scores, plain-words diagnosis, the VAE's latent space and the diffusion path."""

import pytest

from dashboard.generative_basics.playground import PlaygroundSettings, playground_job
from dashboard.generative_basics.views import PLAYGROUND_KEY
from tests.pages.conftest import page_text

PAGE = "pages/0_How_generative_AI_works.py"


@pytest.fixture(scope="module")
def finished_playground():
    """A finished playground run on the ring (few steps: the GAN and VAE are far from done)."""
    job, run = playground_job(PlaygroundSettings(target="ring", steps=200))
    job.start()
    assert job.wait(timeout=120)
    return job, run


def test_page_opens_with_the_shipped_digits_results(run_page):
    """Cold open: the takeaway title, the score table with the real baseline, grids, no error."""
    # Run
    app = run_page(PAGE)
    # Assert
    assert not app.exception and not app.error
    text = page_text(app)
    assert "GANs are sharp" in app.title[0].value
    assert "Real digits (baseline)" in app.dataframe[0].value["Model"].tolist()
    assert len(app.dataframe[0].value) == 4
    assert "Train the three models" in text or app.button
    assert len(app.get("image")) >= 5  # three grids, 64 generated digits, the interpolation


def test_a_finished_training_shows_scores_diagnosis_and_paths(run_page, finished_playground):
    """With a finished job in the session: metrics per model, a named failure or success, latent space and the
    denoising-path slider."""
    # Run
    app = run_page(PAGE, {PLAYGROUND_KEY: finished_playground})
    # Assert
    assert not app.exception and not app.error
    text = page_text(app)
    assert "Blobs" in text and "On shape" in text
    assert "The VAE's latent space" in text and "Diffusion, step by step" in text
    assert any(slider.label == "Denoising step" for slider in app.slider)
    assert any(word in text for word in ("Mode collapse", "Blur", "land on the shape", "blobs"))


def test_two_columns_of_a_table_can_be_picked_as_the_shape(run_page):
    """Learning from a table shows the table and two numeric column pickers, and the form names them."""
    # Run
    app = run_page(PAGE, {"gb_source": "table", "gb_table": "bank.loan_applications"})
    # Assert
    assert not app.exception and not app.error
    labels = [box.label for box in app.selectbox]
    assert {"Table", "Column across", "Column up"} <= set(labels)
    across = next(box for box in app.selectbox if box.label == "Column across").value
    up = next(box for box in app.selectbox if box.label == "Column up").value
    assert across != up and f"**Learning** {across} and {up}" in page_text(app)
