"""Design studio and "try it in another colour": the attribute pickers' values, the shipped default pictures
(so a cold open needs no model), new designs and restyles from the shipped generator, and picture mosaics."""

from __future__ import annotations

from typing import Any

import numpy as np

from dashboard.i18n import t
from engines.errors import InvalidDataError
from sample_data.product_images import ATTRIBUTES, SHAPE_NAMES

DESIGN_COUNT = 16
DEFAULT_DESIGN = {"category": "Clothing", "colour": "red", "pattern": "stripes"}
DEFAULT_SEED = 0
DEFAULT_RESTYLE_PRODUCT = 4  # a black Sports product of the catalogue
DEFAULT_RESTYLE = {"colour": "orange", "pattern": None}  # None: keep the product's own
STUDIO_KEY = "studio_default"
CREATIVE_KEY = "creative_{product_id}_{variant}"


def restyle_key(product_id: int, colour: str, pattern: str) -> str:
    return f"restyle_{product_id}_{colour}_{pattern}"


def attribute_codes(choice: dict[str, str]) -> np.ndarray:
    """Attribute names -> codes (1, 3); `InvalidDataError` naming an unknown value and what is known."""
    codes = []
    for name, values in ATTRIBUTES.items():
        value = choice.get(name)
        if value not in values:
            raise InvalidDataError(f"Unknown {name} {value!r}: choose one of {', '.join(values)}.",
                                   key="marketing.error.unknown_value", attribute=name, value=str(value),
                                   known=", ".join(values))
        codes.append(values.index(value))
    return np.array([codes], dtype=np.int64)


def design_caption(choice: dict[str, str]) -> str:
    """"red striped clothing (t-shirt, trousers or dress)"."""
    from dashboard.marketing.labels import category_label, colour_label  # noqa: PLC0415

    shapes = [t(f"marketing.shape.{shape.replace(' ', '_')}") for shape in SHAPE_NAMES[choice["category"]]]
    return t(f"marketing.design.{choice['pattern']}", colour=colour_label(choice["colour"]),
             category=category_label(choice["category"]).lower(), first=shapes[0], second=shapes[1], third=shapes[2])


def mosaic(pictures: np.ndarray, columns: int = 4, scale: int = 2, gap: int = 4) -> np.ndarray:
    """uint8 (n, H, W, 3) pictures laid out in a grid with white gaps, each enlarged `scale` times."""
    pictures = np.asarray(pictures)
    if scale > 1:
        pictures = pictures.repeat(scale, axis=1).repeat(scale, axis=2)
    n, height, width, _ = pictures.shape
    rows = -(-n // columns)
    canvas = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap, 3), 255, dtype=np.uint8)
    for index, picture in enumerate(pictures):
        r, c = divmod(index, columns)
        canvas[r * (height + gap):r * (height + gap) + height, c * (width + gap):c * (width + gap) + width] = picture
    return canvas


def generate_designs(generator: Any, choice: dict[str, str], seed: int, count: int = DESIGN_COUNT) -> np.ndarray:
    """`count` new designs with the chosen attributes, uint8 (count, 64, 64, 3)."""
    from dashboard.marketing.creative_models import as_bytes

    return as_bytes(generator.sample_designs(count, attribute_codes(choice), seed=int(seed)))


def restyle_product(generator: Any, picture: np.ndarray, own: dict[str, str], new: dict[str, str]) -> np.ndarray:
    """The product's picture (uint8 64x64x3) re-drawn with `new` attributes, uint8 (64, 64, 3)."""
    from dashboard.marketing.creative_models import as_bytes, as_float

    restyled = generator.restyle(as_float(picture[None]), attribute_codes(own), attribute_codes(new))
    return as_bytes(restyled)[0]


def shipped_picture_arrays(generator: Any, creative_pictures: dict[tuple[int, int], np.ndarray]
                           ) -> dict[str, np.ndarray]:
    """What pictures.npz holds: the studio's default designs, the default restyle, and the creatives'
    pictures."""
    from sample_data.product_images import catalogue_images

    arrays = {STUDIO_KEY: generate_designs(generator, DEFAULT_DESIGN, DEFAULT_SEED)}
    catalogue = catalogue_images()
    row = catalogue.attributes.index[catalogue.attributes["product_id"] == DEFAULT_RESTYLE_PRODUCT][0]
    own = catalogue.attributes.loc[row, list(ATTRIBUTES)].to_dict()
    new = {**own, "colour": DEFAULT_RESTYLE["colour"]}
    arrays[restyle_key(DEFAULT_RESTYLE_PRODUCT, new["colour"], new["pattern"])] = restyle_product(
        generator, catalogue.images[row], own, new)[None]
    for (product_id, variant), picture in creative_pictures.items():
        arrays[CREATIVE_KEY.format(product_id=product_id, variant=variant)] = picture[None]
    return arrays
