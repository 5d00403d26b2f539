"""The copy generator's conditioning attributes: the item phrase is the model side's own, and it matches the
wording the store simulator wrote the training descriptions with."""

import pandas as pd

from dashboard.ecommerce.product_copy import custom_attributes, item_phrase, product_attributes
from sample_data.catalog import SAMPLE_DATA_DIR
from sample_data.ecommerce import item_phrase as simulated_item_phrase


def _catalogue() -> pd.DataFrame:
    return pd.read_parquet(SAMPLE_DATA_DIR / "ecommerce" / "products.parquet")


def test_item_phrase_matches_the_simulators_wording_on_every_shipped_product_type():
    """The shipped generator was trained on the simulator's phrases; the page must condition on the same ones."""
    # Setup
    product_types = sorted(_catalogue()["name"].str.split(" ", n=2).str[2].unique())

    # Run
    differing = {t: (item_phrase(t), simulated_item_phrase(t)) for t in product_types
                 if item_phrase(t) != simulated_item_phrase(t)}

    # Assert
    assert len(product_types) > 20
    assert differing == {}


def test_item_phrase_reads_as_one_item():
    """Plural product types take "pair of", listed exceptions their own phrase, the rest are lower-cased."""
    # Run / Assert
    assert item_phrase("Running Shoes") == "pair of running shoes"
    assert item_phrase("Resistance Bands") == "set of resistance bands"
    assert item_phrase("Webcam") == "webcam"


def test_attributes_of_a_catalogue_row_and_of_typed_values():
    """A catalogue row and typed-in values give the same attribute names, with the item phrase of the type."""
    # Setup
    row = _catalogue().iloc[0].to_dict()

    # Run
    from_row = product_attributes(row)
    typed = custom_attributes(row["category"], row["brand"], row["colour"], row["price_band"], "Yoga Mats ")

    # Assert
    assert from_row["item"] == item_phrase(row["name"].split(" ", 2)[-1])
    assert from_row["name"] == row["name"]
    assert typed["item"] == "pair of yoga mats" and typed["name"] == f"{row['brand']} Yoga Mats"
