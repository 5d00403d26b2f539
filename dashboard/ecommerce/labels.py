"""The simulated store's data in the reader's language: category names, product names and the item words of the
Chinese catalogue (sample_data/ecommerce_copy_zh.py). Brand and model names stay as the store writes them."""

from __future__ import annotations

from dashboard.i18n import current_language
from sample_data.ecommerce_copy_zh import CATEGORY_ZH, COLOUR_ZH, ITEM_ZH, PRICE_BAND_ZH


def category_label(category: object) -> str:
    """A category of the store ("Kitchen") in the reader's language ("厨房")."""
    return CATEGORY_ZH.get(str(category), str(category)) if current_language() == "zh" else str(category)


def colour_label(colour: object) -> str:
    """A colour of the store in the reader's language."""
    return COLOUR_ZH.get(str(colour), str(colour)) if current_language() == "zh" else str(colour)


def price_band_label(band: object) -> str:
    """A price band of the store in the reader's language."""
    return PRICE_BAND_ZH.get(str(band), str(band)) if current_language() == "zh" else str(band)


def product_label(name: object, brand: object | None = None) -> str:
    """A product's name in the reader's language: brand and model word as written, the product type in Chinese
    ("Playwell Pulse 遥控车")."""
    text = str(name)
    if current_language() != "zh":
        return text
    for english, chinese in sorted(ITEM_ZH.items(), key=lambda item: -len(item[0])):
        if text.endswith(" " + english):
            return f"{text[: -len(english) - 1]} {chinese}"
    return text
