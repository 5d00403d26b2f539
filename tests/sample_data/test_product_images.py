"""The simulated product-picture renderer: seeded, attributes as documented, catalogue renders stored."""

import numpy as np
import pandas as pd
import pytest

from sample_data import product_images as renderer


def test_same_seed_same_pictures_and_other_seed_differs():
    # Setup / Run
    first = renderer.product_image_set(12, seed=3)
    again = renderer.product_image_set(12, seed=3)
    other = renderer.product_image_set(12, seed=4)
    # Assert
    assert np.array_equal(first.images, again.images)
    pd.testing.assert_frame_equal(first.attributes, again.attributes)
    assert not np.array_equal(first.images, other.images)
    assert first.images.shape == (12, 64, 64, 3) and first.images.dtype == np.uint8


def test_attributes_are_the_documented_values_and_codes_agree():
    pictures = renderer.product_image_set(200, seed=1)
    frame = pictures.attributes
    for name, values in renderer.ATTRIBUTES.items():
        assert set(frame[name]) <= set(values)
        assert (frame[name] == [values[code] for code in frame[f"{name}_code"]]).all()
    assert pictures.codes().shape == (200, 3)


def test_colour_paints_the_product_and_pattern_adds_an_accent():
    # A plain red product is mostly red where it stands; stripes add a second tone.
    plain = renderer.render_product("Home", "red", "plain", shape=2).astype(float)
    striped = renderer.render_product("Home", "red", "stripes", shape=2).astype(float)
    centre = plain[28:36, 28:36].reshape(-1, 3).mean(0)
    assert centre[0] > 150 and centre[1] < 80 and centre[2] < 80
    assert striped[20:44, 30, 1].std() > 3 * plain[20:44, 30, 1].std()


def test_shapes_of_categories_differ_and_shift_moves_the_product():
    a = renderer.render_product("Clothing", "navy", "plain", shape=0, seed=0).astype(float)
    b = renderer.render_product("Footwear", "navy", "plain", shape=0, seed=0).astype(float)
    moved = renderer.render_product("Clothing", "navy", "plain", shape=0, shift_x=4, seed=0).astype(float)
    assert np.abs(a - b).mean() > 10
    assert np.abs(a - moved).mean() > 3


def test_unknown_attribute_raises_a_clear_error():
    with pytest.raises(ValueError, match="Unknown colour"):
        renderer.render_product("Home", "mauve", "plain")
    with pytest.raises(ValueError, match="Unknown pattern"):
        renderer.render_product("Home", "red", "paisley")
    with pytest.raises(ValueError, match="Unknown category"):
        renderer.render_product("Garden", "red", "plain")


def test_stored_catalogue_renders_match_the_catalogue_and_stay_small():
    stored = renderer.catalogue_images()
    products = pd.read_parquet(renderer.STORE_DIR.parent / "ecommerce" / "products.parquet")
    assert stored.images.shape == (len(products), 64, 64, 3)
    merged = stored.attributes.merge(products, on="product_id", suffixes=("", "_catalogue"))
    assert (merged["category"] == merged["category_catalogue"]).all()
    assert (merged["colour"] == merged["colour_catalogue"]).all()
    assert sum(p.stat().st_size for p in renderer.STORE_DIR.iterdir()) < 5_000_000
    # The stored pictures are what the renderer draws today.
    redrawn = renderer.render_catalogue(products)
    assert np.array_equal(redrawn.images, stored.images)
    pd.testing.assert_frame_equal(redrawn.attributes, stored.attributes)
