"""Product-picture generators conditioned on several attributes: codes fold and unfold, training lowers the
loss, the asked colour is drawn, a seed reproduces, save/load gives the same pictures, restyling changes the
colour and keeps the place, bad attributes are refused; the judge reads real pictures."""

import numpy as np
import pytest

from engines.core.model import load_model
from engines.errors import InvalidDataError
from engines.product_images.generators import ProductImageGAN, ProductImageVAE
from engines.product_images.judge import ProductJudge, train_product_scorers

COLOURS = np.array([[0.9, 0.1, 0.1], [0.1, 0.2, 0.9], [0.1, 0.8, 0.2]], dtype=np.float32)
SIZES = (3, 2)  # attribute 1: colour, attribute 2: which half holds the square


def tiny_pictures(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """16x16 pictures: a coloured 6x6 square in the left or right half, jittered by a pixel, on grey."""
    rng = np.random.default_rng(seed)
    codes = np.stack([rng.integers(0, 3, n), rng.integers(0, 2, n)], axis=1)
    images = np.full((n, 3, 16, 16), 0.5, dtype=np.float32)
    for i, (colour, half) in enumerate(codes):
        top, left = 5 + rng.integers(-1, 2), 1 + 8 * half + rng.integers(0, 2)
        images[i, :, top:top + 6, left:left + 6] = COLOURS[colour][:, None, None]
    return images, codes


@pytest.fixture(scope="module")
def trained_vae():
    images, codes = tiny_pictures(600)
    model = ProductImageVAE(condition_sizes=SIZES, image_size=16, steps=400, batch_size=32, base_width=8,
                            latent_dim=4, decoder="plain", random_state=0)
    return model.fit(images, codes)


def square_colour(picture: np.ndarray, half: int) -> np.ndarray:
    return picture[:, 5:11, 2 + 8 * half:6 + 8 * half].mean(axis=(1, 2))


def test_attribute_codes_fold_into_classes_and_back():
    model = ProductImageVAE(condition_sizes=(8, 25, 4))
    codes = np.array([[0, 0, 0], [7, 24, 3], [2, 13, 1]])
    classes = model.encode_attributes(codes)
    assert classes.tolist() == [0, 799, (2 * 25 + 13) * 4 + 1]
    assert np.array_equal(model.decode_classes(classes), codes)
    vectors = model._condition_vectors(__import__("torch").as_tensor(classes)).numpy()
    assert vectors.shape == (3, 37) and (vectors.sum(axis=1) == 3).all()
    assert vectors[1, 7] == 1 and vectors[1, 8 + 24] == 1 and vectors[1, 33 + 3] == 1


def test_training_lowers_the_loss_and_the_asked_colour_is_drawn(trained_vae):
    losses = [record["loss"] for record in trained_vae.loss_history_]
    assert losses[-1] < losses[0]
    for colour in range(3):
        pictures = trained_vae.sample_designs(8, [colour, 0], seed=1)
        drawn = np.stack([square_colour(p, 0) for p in pictures]).mean(axis=0)
        assert np.abs(drawn - COLOURS[colour]).sum() < np.abs(drawn - COLOURS[(colour + 1) % 3]).sum()


def test_seed_reproduces_and_save_load_gives_the_same_pictures(trained_vae, tmp_path):
    first = trained_vae.sample_designs(4, [1, 1], seed=5)
    assert np.array_equal(first, trained_vae.sample_designs(4, [1, 1], seed=5))
    assert not np.array_equal(first, trained_vae.sample_designs(4, [1, 1], seed=6))
    loaded = load_model(trained_vae.save(tmp_path / "vae"))
    assert isinstance(loaded, ProductImageVAE) and tuple(loaded.condition_sizes) == SIZES
    assert np.array_equal(first, loaded.sample_designs(4, [1, 1], seed=5))


def test_restyle_changes_the_colour_and_keeps_the_place(trained_vae):
    images, codes = tiny_pictures(40, seed=9)
    red_left = np.flatnonzero((codes[:, 0] == 0) & (codes[:, 1] == 0))[:6]
    restyled = trained_vae.restyle(images[red_left], codes[red_left], [1, 0])
    assert trained_vae.restyle(images[red_left[:1]], codes[red_left[:1]], [1, 0]).shape == (1, 3, 16, 16)
    blue = COLOURS[1]
    for picture in restyled:
        colour = square_colour(picture, 0)
        assert np.abs(colour - blue).sum() < np.abs(colour - COLOURS[0]).sum()
        assert np.abs(square_colour(picture, 1) - 0.5).max() < 0.2  # the right half stays background


def test_unknown_attribute_value_is_refused(trained_vae):
    with pytest.raises(InvalidDataError, match="attribute 1"):
        trained_vae.sample_designs(2, [3, 0])
    with pytest.raises(InvalidDataError, match="2 attribute codes"):
        trained_vae.sample_designs(2, [0, 0, 0])


def test_layered_decoder_draws_each_attribute_in_its_own_layer():
    images, codes = tiny_pictures(300)
    codes3 = np.stack([codes[:, 1], codes[:, 0], np.zeros(len(codes), dtype=int)], axis=1)  # place, colour, pattern
    model = ProductImageVAE(condition_sizes=(2, 3, 1), image_size=16, steps=300, batch_size=32, base_width=8,
                            latent_dim=4, learning_rate=3e-3, random_state=0).fit(images, codes3)
    losses = [record["loss"] for record in model.loss_history_]
    assert losses[-1] < losses[0]
    for colour in range(3):
        drawn = np.stack([square_colour(p, 0) for p in model.sample_designs(8, [0, colour, 0], seed=1)]).mean(0)
        assert np.abs(drawn - COLOURS[colour]).sum() < np.abs(drawn - COLOURS[(colour + 1) % 3]).sum()
    with pytest.raises(Exception, match="three attributes"):
        ProductImageVAE(condition_sizes=SIZES, image_size=16).fit(images, codes)


def test_gan_trains_on_several_attributes():
    images, codes = tiny_pictures(64)
    model = ProductImageGAN(condition_sizes=SIZES, image_size=16, steps=30, batch_size=16, base_width=8,
                            latent_dim=4).fit(images, codes)
    pictures = model.sample_designs(3, [[0, 0], [1, 1], [2, 0]], seed=0)
    assert pictures.shape == (3, 3, 16, 16) and 0 <= pictures.min() and pictures.max() <= 1


def test_judge_reads_real_pictures_and_scores_them_against_real_ones():
    images, codes = tiny_pictures(300, seed=1)
    scorers = train_product_scorers(images, codes, ["colour", "half"], SIZES, steps=150)
    reference, _ = tiny_pictures(100, seed=2)
    judge = ProductJudge.build(scorers, reference, images)
    held_out, held_codes = tiny_pictures(100, seed=3)
    scores = judge.real_baseline(held_out, held_codes)
    assert scores.accuracy["colour"] > 0.9 and scores.accuracy["half"] > 0.9
    noise = np.random.default_rng(0).random((100, 3, 16, 16)).astype(np.float32)
    assert judge.score(noise, held_codes).frechet_distance > scores.frechet_distance
