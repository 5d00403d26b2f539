"""Simulated product images for the e-commerce catalogue: a seeded renderer that draws one 64x64 RGB picture
from a product's category, colour, pattern and shape variant, with position jitter, lighting, a floor shadow
and light pixel noise. The attributes are the ground truth that the marketing page's scores use.

Nothing here is a photo: every picture is drawn by `render_product` (see the README section written by
`readme_text`). `product_image_set(n, seed)` draws any number of labelled variants (the generator's training
set, the scorer's, and a held-out reference set come from three different seeds); `catalogue_images()` reads
one stored render per catalogue product (`python -m sample_data.product_images` rebuilds the file).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from sample_data.ecommerce import CATEGORIES

IMAGE_SIZE = 64
CATEGORY_NAMES: tuple[str, ...] = tuple(spec.name for spec in CATEGORIES)
# Every colour the catalogue uses, as paint (0-255 RGB); chosen far enough apart to be told apart under shading.
PAINT: dict[str, tuple[int, int, int]] = {
    "black": (28, 28, 30), "white": (246, 246, 246), "grey": (128, 128, 128), "silver": (182, 188, 198),
    "navy": (24, 38, 96), "blue": (40, 104, 222), "teal": (0, 132, 132), "sage": (150, 176, 128),
    "olive": (112, 116, 36), "green": (40, 152, 62), "yellow": (246, 214, 40), "gold": (206, 164, 48),
    "cream": (250, 238, 196), "beige": (214, 192, 156), "tan": (176, 128, 76), "brown": (104, 62, 30),
    "copper": (186, 100, 48), "terracotta": (204, 82, 56), "orange": (246, 140, 20), "coral": (250, 124, 106),
    "red": (204, 26, 32), "burgundy": (122, 20, 48), "pink": (246, 152, 192), "lilac": (192, 160, 226),
    "purple": (112, 50, 162),
}
COLOUR_NAMES: tuple[str, ...] = tuple(PAINT)
PATTERN_NAMES: tuple[str, ...] = ("plain", "stripes", "dots", "checks")
PATTERN_SHARES = (0.4, 0.2, 0.2, 0.2)  # of catalogue products
SHAPE_VARIANTS = 3  # per category
SHAPE_NAMES: dict[str, tuple[str, str, str]] = {
    "Electronics": ("headphones", "phone", "speaker"), "Kitchen": ("mug", "frying pan", "kettle"),
    "Clothing": ("t-shirt", "trousers", "dress"), "Footwear": ("sneaker", "boot", "loafer"),
    "Beauty": ("bottle", "jar", "lipstick"), "Sports": ("water bottle", "dumbbell", "racket"),
    "Toys": ("teddy bear", "blocks", "toy car"), "Home": ("lamp", "vase", "cushion"),
}
ATTRIBUTES: dict[str, tuple[str, ...]] = {"category": CATEGORY_NAMES, "colour": COLOUR_NAMES,
                                          "pattern": PATTERN_NAMES}
SPLIT_SEEDS = {"generator": 101, "scorer": 202, "reference": 303}
SPLIT_SIZES = {"generator": 12_000, "scorer": 6_000, "reference": 2_000}
STORE_DIR = Path(__file__).resolve().parent / "product_images"
STORE_FILE = STORE_DIR / "catalogue_images.npz"
LABEL = "Simulated product pictures (drawn by a seeded renderer, not photos)"

_SCALE = 2  # shapes are drawn at twice the size, then averaged down: smooth (anti-aliased) edges
_BACKGROUND = np.array([0.90, 0.91, 0.93], dtype=np.float32)


def _box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
    return [x0, y0, x1, y1]


def _draw_shape(draw: ImageDraw.ImageDraw, category: str, shape: int) -> None:
    """Draw the silhouette (value 255) of `category`'s shape variant in a 64-unit frame centred near (32, 34)."""
    d = draw
    if category == "Electronics":
        if shape == 0:  # headphones: a band and two ear cups
            d.arc(_box(14, 10, 50, 46), 180, 360, fill=255, width=5)
            d.rounded_rectangle(_box(10, 28, 21, 46), 4, fill=255)
            d.rounded_rectangle(_box(43, 28, 54, 46), 4, fill=255)
        elif shape == 1:  # phone
            d.rounded_rectangle(_box(21, 8, 43, 56), 5, fill=255)
        else:  # speaker
            d.rounded_rectangle(_box(12, 18, 52, 50), 8, fill=255)
    elif category == "Kitchen":
        if shape == 0:  # mug
            d.rounded_rectangle(_box(16, 18, 42, 50), 3, fill=255)
            d.ellipse(_box(36, 24, 52, 42), outline=255, width=5)
        elif shape == 1:  # frying pan
            d.ellipse(_box(8, 20, 40, 48), fill=255)
            d.rounded_rectangle(_box(38, 31, 60, 37), 2, fill=255)
        else:  # kettle
            d.polygon([(18, 50), (46, 50), (42, 22), (22, 22)], fill=255)
            d.polygon([(18, 40), (8, 26), (12, 24), (21, 34)], fill=255)
            d.arc(_box(22, 10, 42, 30), 180, 360, fill=255, width=4)
    elif category == "Clothing":
        if shape == 0:  # t-shirt
            d.polygon([(22, 10), (42, 10), (56, 20), (50, 28), (44, 24), (44, 56), (20, 56), (20, 24),
                       (14, 28), (8, 20)], fill=255)
        elif shape == 1:  # trousers
            d.polygon([(20, 8), (44, 8), (47, 58), (36, 58), (32, 24), (28, 58), (17, 58)], fill=255)
        else:  # dress
            d.polygon([(26, 8), (38, 8), (40, 24), (52, 58), (12, 58), (24, 24)], fill=255)
    elif category == "Footwear":
        if shape == 0:  # sneaker
            d.polygon([(8, 46), (8, 32), (22, 30), (34, 38), (54, 40), (58, 48), (58, 52), (8, 52)], fill=255)
        elif shape == 1:  # boot
            d.polygon([(16, 10), (32, 10), (32, 36), (52, 40), (56, 52), (16, 52)], fill=255)
        else:  # loafer
            d.polygon([(6, 44), (12, 36), (44, 36), (58, 44), (58, 50), (6, 50)], fill=255)
    elif category == "Beauty":
        if shape == 0:  # bottle with a cap
            d.rounded_rectangle(_box(22, 22, 42, 56), 4, fill=255)
            d.rectangle(_box(28, 10, 36, 22), fill=255)
        elif shape == 1:  # jar with a lid
            d.rounded_rectangle(_box(12, 30, 52, 54), 5, fill=255)
            d.rectangle(_box(14, 22, 50, 29), fill=255)
        else:  # lipstick
            d.rectangle(_box(24, 30, 40, 58), fill=255)
            d.polygon([(27, 30), (37, 30), (37, 12), (27, 18)], fill=255)
    elif category == "Sports":
        if shape == 0:  # water bottle
            d.rounded_rectangle(_box(24, 16, 40, 58), 6, fill=255)
            d.rectangle(_box(28, 6, 36, 16), fill=255)
        elif shape == 1:  # dumbbell
            d.rectangle(_box(10, 20, 20, 48), fill=255)
            d.rectangle(_box(44, 20, 54, 48), fill=255)
            d.rectangle(_box(20, 31, 44, 37), fill=255)
        else:  # racket
            d.ellipse(_box(16, 6, 48, 40), fill=255)
            d.rectangle(_box(29, 38, 35, 58), fill=255)
    elif category == "Toys":
        if shape == 0:  # teddy bear
            d.ellipse(_box(14, 8, 24, 18), fill=255)
            d.ellipse(_box(40, 8, 50, 18), fill=255)
            d.ellipse(_box(18, 10, 46, 34), fill=255)
            d.ellipse(_box(16, 30, 48, 58), fill=255)
        elif shape == 1:  # building blocks
            d.rectangle(_box(10, 38, 30, 58), fill=255)
            d.rectangle(_box(34, 38, 54, 58), fill=255)
            d.rectangle(_box(22, 16, 42, 36), fill=255)
        else:  # toy car
            d.polygon([(6, 42), (10, 32), (20, 30), (26, 20), (42, 20), (48, 30), (58, 34), (58, 44), (6, 44)],
                      fill=255)
            d.ellipse(_box(12, 38, 24, 50), fill=255)
            d.ellipse(_box(40, 38, 52, 50), fill=255)
    elif category == "Home":
        if shape == 0:  # table lamp
            d.polygon([(18, 30), (46, 30), (40, 8), (24, 8)], fill=255)
            d.rectangle(_box(30, 30, 34, 50), fill=255)
            d.rounded_rectangle(_box(20, 50, 44, 56), 2, fill=255)
        elif shape == 1:  # vase
            d.ellipse(_box(16, 24, 48, 58), fill=255)
            d.rectangle(_box(26, 8, 38, 28), fill=255)
        else:  # cushion
            d.rounded_rectangle(_box(10, 14, 54, 54), 10, fill=255)
    else:
        raise ValueError(f"Unknown category {category!r}; the renderer knows {', '.join(CATEGORY_NAMES)}.")


@lru_cache(maxsize=64)
def _silhouette(category: str, shape: int) -> Image.Image:
    canvas = Image.new("L", (IMAGE_SIZE, IMAGE_SIZE), 0)
    _draw_shape(ImageDraw.Draw(canvas), category, shape)
    return canvas


def _pattern_mask(pattern: str, x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """1 where the accent colour goes, in object coordinates (so the pattern moves with the product)."""
    period = 8.0
    if pattern == "plain":
        return np.zeros_like(x)
    if pattern == "stripes":
        return (np.mod(y, period) < period / 2).astype(np.float32)
    if pattern == "dots":
        cx, cy = np.mod(x, period) - period / 2, np.mod(y, period) - period / 2
        return ((cx ** 2 + cy ** 2) < 2.2 ** 2).astype(np.float32)
    if pattern == "checks":
        return ((np.floor(x / period) + np.floor(y / period)) % 2).astype(np.float32)
    raise ValueError(f"Unknown pattern {pattern!r}; the renderer knows {', '.join(PATTERN_NAMES)}.")


def render_product(category: str, colour: str, pattern: str, shape: int = 0, shift_x: float = 0.0,
                   shift_y: float = 0.0, scale: float = 1.0, seed: int = 0) -> np.ndarray:
    """One simulated product picture, uint8 (64, 64, 3): the category's shape variant `shape` painted in
    `colour` with `pattern`, moved by (`shift_x`, `shift_y`) pixels and scaled by `scale` about the centre, lit
    from above, on a pale studio background with a floor shadow and light noise drawn from `seed`."""
    if colour not in PAINT:
        raise ValueError(f"Unknown colour {colour!r}; the renderer knows {', '.join(COLOUR_NAMES)}.")
    if not 0 <= int(shape) < SHAPE_VARIANTS:
        raise ValueError(f"shape must be 0 to {SHAPE_VARIANTS - 1}; got {shape!r}.")
    rng = np.random.default_rng(seed)
    silhouette = _silhouette(category, int(shape))
    # Move and scale the silhouette with an affine map (output pixel -> input pixel), anti-aliased by bilinear.
    centre = IMAGE_SIZE / 2
    inverse = 1.0 / float(scale)
    matrix = (inverse, 0.0, centre - inverse * (centre + shift_x), 0.0, inverse, centre - inverse * (centre + shift_y))
    big = silhouette.resize((IMAGE_SIZE * _SCALE, IMAGE_SIZE * _SCALE), Image.Resampling.NEAREST)
    big_matrix = (matrix[0], 0.0, matrix[2] * _SCALE, 0.0, matrix[4], matrix[5] * _SCALE)
    moved = big.transform(big.size, Image.Transform.AFFINE, big_matrix, Image.Resampling.BILINEAR)
    alpha = np.asarray(moved.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BOX), dtype=np.float32) / 255.0

    ys, xs = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE].astype(np.float32)
    object_x = (xs - centre - shift_x) * inverse + centre
    object_y = (ys - centre - shift_y) * inverse + centre
    paint = np.array(PAINT[colour], dtype=np.float32) / 255.0
    luminance = float(paint @ np.array([0.299, 0.587, 0.114], dtype=np.float32))
    accent = 0.5 * paint + 0.5 * (np.ones(3, dtype=np.float32) if luminance < 0.5 else np.zeros(3, np.float32))
    accent_share = _pattern_mask(pattern, object_x, object_y, rng)[..., None]
    surface = paint * (1 - accent_share) + accent * accent_share
    light = (1.06 - 0.16 * (object_y / IMAGE_SIZE))[..., None]  # lit from above
    surface = np.clip(surface * light, 0, 1)

    background = _BACKGROUND * (1.0 - 0.05 * (ys / IMAGE_SIZE))[..., None]
    shadow_y = centre + shift_y + 26 * float(scale)
    shadow = np.exp(-(((xs - centre - shift_x) / (20 * scale)) ** 2 + ((ys - shadow_y) / 3.0) ** 2))[..., None]
    background = background * (1 - 0.18 * shadow)
    # A thin darker rim where the silhouette fades out, so white products stand out from the background.
    rim = (4 * alpha * (1 - alpha))[..., None]
    picture = alpha[..., None] * surface + (1 - alpha[..., None]) * background
    picture = picture * (1 - 0.35 * rim)
    picture = picture + rng.normal(0.0, 0.012, picture.shape).astype(np.float32)
    return (np.clip(picture, 0, 1) * 255 + 0.5).astype(np.uint8)


@dataclass(frozen=True)
class ProductImageSet:
    """Pictures uint8 (n, 64, 64, 3) and their attributes: a frame with category, colour, pattern (names),
    shape (0-2) and the three attribute codes (`category_code`, ... : index into `ATTRIBUTES`)."""

    images: np.ndarray
    attributes: pd.DataFrame

    def codes(self) -> np.ndarray:
        """The (n, 3) attribute codes in the order of `ATTRIBUTES` (category, colour, pattern)."""
        return self.attributes[[f"{name}_code" for name in ATTRIBUTES]].to_numpy(dtype=np.int64)


def _attribute_frame(category: np.ndarray, colour: np.ndarray, pattern: np.ndarray, shape: np.ndarray
                     ) -> pd.DataFrame:
    return pd.DataFrame({
        "category": np.asarray(CATEGORY_NAMES)[category], "colour": np.asarray(COLOUR_NAMES)[colour],
        "pattern": np.asarray(PATTERN_NAMES)[pattern], "shape": shape.astype(np.int64),
        "category_code": category.astype(np.int64), "colour_code": colour.astype(np.int64),
        "pattern_code": pattern.astype(np.int64)})


def product_image_set(n: int, seed: int) -> ProductImageSet:
    """`n` labelled variants: category, colour and pattern drawn uniformly over every combination (so a
    generator learns them apart, not only the catalogue's), a random shape variant, a shift of up to 4 pixels
    each way and a scale of 0.88-1.04."""
    rng = np.random.default_rng(seed)
    category = rng.integers(0, len(CATEGORY_NAMES), n)
    colour = rng.integers(0, len(COLOUR_NAMES), n)
    pattern = rng.integers(0, len(PATTERN_NAMES), n)
    shape = rng.integers(0, SHAPE_VARIANTS, n)
    shifts = rng.uniform(-4, 4, (n, 2))
    scales = rng.uniform(0.88, 1.04, n)
    noise_seeds = rng.integers(0, 2 ** 31, n)
    images = np.stack([
        render_product(CATEGORY_NAMES[category[i]], COLOUR_NAMES[colour[i]], PATTERN_NAMES[pattern[i]],
                       int(shape[i]), float(shifts[i, 0]), float(shifts[i, 1]), float(scales[i]),
                       int(noise_seeds[i]))
        for i in range(n)])
    return ProductImageSet(images, _attribute_frame(category, colour, pattern, shape))


def split_set(name: str, n: int | None = None) -> ProductImageSet:
    """One of the three disjoint sets (different seeds): "generator" (12,000, what the generator learns from),
    "scorer" (6,000, the independent classifier's) and "reference" (2,000, what generated pictures are
    compared with); `n` takes the first n of it."""
    count = SPLIT_SIZES[name] if n is None else int(n)
    return product_image_set(count, SPLIT_SEEDS[name])


def catalogue_attributes(products: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """The drawn attributes of each catalogue product (its product_id, category and colour, plus a seeded
    pattern and the shape variant of its product type)."""
    rng = np.random.default_rng(seed)
    categories = products["category"].to_numpy()
    category_code = np.array([CATEGORY_NAMES.index(c) for c in categories])
    colour_code = np.array([COLOUR_NAMES.index(c) for c in products["colour"].to_numpy()])
    pattern_code = rng.choice(len(PATTERN_NAMES), len(products), p=PATTERN_SHARES)
    shape = rng.integers(0, SHAPE_VARIANTS, len(products))
    frame = _attribute_frame(category_code, colour_code, pattern_code, shape)
    frame.insert(0, "product_id", products["product_id"].to_numpy())
    return frame


def render_catalogue(products: pd.DataFrame) -> ProductImageSet:
    """One centred render per catalogue product, in the catalogue's order."""
    frame = catalogue_attributes(products)
    images = np.stack([render_product(row.category, row.colour, row.pattern, int(row.shape), seed=int(row.product_id))
                       for row in frame.itertuples(index=False)])
    return ProductImageSet(images, frame)


@lru_cache(maxsize=1)
def catalogue_images() -> ProductImageSet:
    """The stored render of every catalogue product (built by `python -m sample_data.product_images`)."""
    with np.load(STORE_FILE) as stored:
        images = stored["images"]
    frame = pd.read_parquet(STORE_DIR / "catalogue_attributes.parquet")
    return ProductImageSet(images, frame)


def readme_text() -> str:
    """The README of the simulated product pictures: how each one is drawn."""
    shapes = "\n".join(f"| {name} | {', '.join(SHAPE_NAMES[name])} |" for name in CATEGORY_NAMES)
    return f"""# Simulated product pictures ({LABEL.lower()})

Every picture is **simulated**: drawn by `sample_data/product_images.py`, never photographed. One 64x64 RGB
render per catalogue product is stored here (`catalogue_images.npz`, uint8, with `catalogue_attributes.parquet`);
the training, scoring and reference variants are drawn again from their seeds when needed (same seed, same
pictures), so they take no space.

## How a picture is drawn
1. **Attributes.** Category (the catalogue's 8), colour (the catalogue's {len(COLOUR_NAMES)} colour names, each a
   fixed paint), pattern ({", ".join(PATTERN_NAMES)}) and one of {SHAPE_VARIANTS} shape variants of the category.
   Catalogue products keep their category and colour; their pattern is drawn (plain 40%, the others 20% each)
   and their shape variant too. Training variants draw category, colour and pattern uniformly over all
   {len(CATEGORY_NAMES) * len(COLOUR_NAMES) * len(PATTERN_NAMES)} combinations.
2. **Silhouette.** The shape is drawn at twice the size and averaged down (smooth edges), shifted by up to 4
   pixels each way and scaled by 0.88-1.04 (training variants; catalogue renders are centred).
3. **Paint.** The colour covers the silhouette; the pattern (period 8 pixels, in the product's own coordinates so
   it moves with it) mixes in an accent: half the paint and half white for dark colours, half black for light
   ones. Light falls from above (brightness 1.06 at the top to 0.90 at the bottom).
4. **Studio.** A pale blue-grey background, a soft floor shadow, a thin darker rim around the product, and
   Gaussian pixel noise (sd 0.012 of full scale).

| Category | Shape variants |
|---|---|
{shapes}

The attributes are the ground truth the marketing page's scores use: the independent classifier learns them
from the "scorer" set (seed {SPLIT_SEEDS["scorer"]}), the generator from the "generator" set (seed
{SPLIT_SEEDS["generator"]}), and generated pictures are compared with the "reference" set (seed
{SPLIT_SEEDS["reference"]}).
"""


def build(out_dir: Path = STORE_DIR) -> Path:
    """Render the catalogue and write the compressed pictures, their attributes and the README."""
    products = pd.read_parquet(Path(__file__).resolve().parent / "ecommerce" / "products.parquet")
    rendered = render_catalogue(products)
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_dir / STORE_FILE.name, images=rendered.images)
    rendered.attributes.to_parquet(out_dir / "catalogue_attributes.parquet", index=False)
    (out_dir / "README.md").write_text(readme_text().strip() + "\n", encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    """`python -m sample_data.product_images [--out-dir DIR]`: rebuild the stored catalogue renders."""
    parser = argparse.ArgumentParser(description="Render the simulated catalogue pictures.")
    parser.add_argument("--out-dir", type=Path, default=STORE_DIR)
    folder = build(parser.parse_args(argv).out_dir)
    size = sum(path.stat().st_size for path in folder.iterdir())
    print(f"catalogue pictures written to {folder.name}/ ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
