"""The Content section: the attributes a product's copy is written around, generation, and the table of
variants with their checks and provenance."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

ATTRIBUTE_LABELS = {"category": "Category", "brand": "Brand", "colour": "Colour", "price_band": "Price band"}
# Product types named in the plural read as one item in a sentence this way; the rest take "pair of".
COUNTABLE_PHRASES = {"Resistance Bands": "set of resistance bands"}


def item_phrase(product_type: str) -> str:
    """The phrase the copy generator is conditioned on for one product of this type ("webcam", "pair of running
    shoes"). It is the model's input, so it lives with the model's caller rather than in the simulator; the store
    simulator writes its descriptions with the same wording (tests/dashboard/ecommerce check they agree), which
    is what the shipped generator was trained on."""
    if product_type in COUNTABLE_PHRASES:
        return COUNTABLE_PHRASES[product_type]
    return ("pair of " if product_type.endswith("s") else "") + product_type.lower()


def product_attributes(product: Mapping) -> dict[str, str]:
    """The attributes of a catalogue row that copy is written from, including its name and item phrase."""
    product_type = str(product["name"]).split(" ", 2)[-1]
    return {"category": str(product["category"]), "brand": str(product["brand"]),
            "colour": str(product["colour"]), "price_band": str(product["price_band"]),
            "name": str(product["name"]), "item": item_phrase(product_type)}


def attribute_options(catalogue: pd.DataFrame) -> dict[str, list[str]]:
    """Known values of each attribute, for the pickers (anything else may be typed in)."""
    return {name: sorted(catalogue[name].dropna().astype(str).unique()) for name in ATTRIBUTE_LABELS}


def product_types(catalogue: pd.DataFrame, category: str) -> list[str]:
    """Product types sold in `category` ("Wireless Earbuds", ...), from the product names."""
    names = catalogue.loc[catalogue["category"] == category, "name"].astype(str)
    return sorted(names.str.split(" ", n=2).str[-1].unique())


def custom_attributes(category: str, brand: str, colour: str, price_band: str,
                      product_type: str | None) -> dict:
    """Attributes typed or picked by the person, with the item phrase of the product type when one is given.
    """
    values = {"category": category, "brand": brand, "colour": colour, "price_band": price_band}
    if product_type:
        values["item"] = item_phrase(product_type.strip())
        values["name"] = f"{brand.strip()} {product_type.strip()}"
    return values


def check_notes(row: Mapping) -> str:
    """What the checks found besides "ok": missing or conflicting attributes, the span copied from training,
    what reads badly, and words out of place for the category."""
    from dashboard.i18n import t  # noqa: PLC0415

    notes = []
    if row.get("missing_attributes"):
        notes.append(t("ecommerce.note.missing", values=row["missing_attributes"]))
    if row.get("conflicts"):
        notes.append(t("ecommerce.note.conflicting", values=row["conflicts"]))
    if row.get("copied_span") and not row.get("novel", False):
        notes.append(t("ecommerce.note.copies", span=row["copied_span"]))
    if row.get("fluency_problems"):
        notes.append(str(row["fluency_problems"]))
    if row.get("repeated_phrase"):
        notes.append(t("ecommerce.note.repeated", phrase=row["repeated_phrase"]))
    if row.get("odd_words"):
        notes.append(t("ecommerce.note.odd_words", words=row["odd_words"]))
    return "; ".join(notes) or "ok"
