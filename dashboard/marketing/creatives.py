"""Ad creatives per segment: the recommender's top products for a segment, a generated picture and a checked
copy variant each, composed into a banner PNG (picture, headline, price, call to action) that carries the
lab's invisible watermark, with a provenance sidecar JSON; a zip of all; and the "Was this made here?" check of
an uploaded file."""

from __future__ import annotations

import datetime as dt
import io
import json
import textwrap
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from dashboard.i18n import DEFAULT_LANGUAGE, money, translate
from engines.errors import InvalidDataError
from engines.provenance.image_watermark import MAX_PIXELS, WatermarkResult, detect, embed
from engines.provenance.records import content_hash, provenance_record, record_json

WATERMARK_KEY = "aigc-business-lab/creative"  # a deployment would keep this secret, outside the code
BANNER_SIZE = (640, 320)
PICTURE_SIDE = 288
CHECKS_OK = "states every attribute"
CHECKS_MISSING = "misses an attribute"
# CJK fonts looked for, in order (Debian's fonts-noto-cjk, fonts-wqy-zenhei); without one Chinese banner text falls
# back to Pillow's default font, which draws Latin text only.
CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
             "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
VARIANTS_PER_PRODUCT = 2
MODEL_NAME = "product-image-vae"
WARM_COLOURS = {"red", "orange", "pink", "coral", "yellow", "gold", "terracotta", "copper", "burgundy"}
_INK = (33, 37, 41)
_ACCENT = (212, 43, 72)


@dataclass(frozen=True)
class Creative:
    """One banner: which product and variant, its picture (uint8 64x64x3, generated), copy and price."""

    creative_id: str
    product_id: int
    name: str
    category: str
    colour: str
    pattern: str
    price: float
    price_band: str
    headline: str
    variant: int
    seed: int
    copy_checks: str
    picture: np.ndarray = field(repr=False)
    display_name: str = ""  # the product's name as the banner shows it (in the reader's language); "" = name

    def attributes(self) -> dict[str, Any]:
        return {"category": self.category, "colour": self.colour, "pattern": self.pattern,
                "product_id": self.product_id, "copy_variant": self.variant}


def cjk_font_path() -> str | None:
    """The first CJK font of CJK_FONTS on this machine, else one fontconfig knows for Chinese, else None."""
    for path in CJK_FONTS:
        if Path(path).exists():
            return path
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True,
                               timeout=5, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found and Path(found).exists() and found.lower().endswith((".ttc", ".otf", ".ttf")) else None


def _font(size: int, language: str = DEFAULT_LANGUAGE) -> ImageFont.ImageFont:
    """Pillow's default font for English; a CJK font for Chinese where one is installed (else the default)."""
    if language == "zh":
        path = cjk_font_path()
        if path:
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                pass
    return ImageFont.load_default(size=size)


def _wrap(text: str, language: str, font: ImageFont.ImageFont, width: int = 290) -> list[str]:
    """Headline lines: by words for English, by characters up to ``width`` pixels for Chinese (no spaces to break
    at; a line never starts with closing punctuation)."""
    if language != "zh":
        return textwrap.wrap(text, 26)
    lines, line = [], ""
    for char in text:
        if line and font.getlength(line + char) > width and char not in "，。！？；：、）》”":
            lines.append(line)
            line = ""
        line += char
    return lines + [line] if line else lines


def compose_banner(creative: Creative, language: str = DEFAULT_LANGUAGE) -> np.ndarray:
    """The banner as uint8 (320, 640, 3), without the watermark: picture left, headline, name, price and a
    call-to-action button right, and a small "AI-generated picture, simulated product" line, in ``language``
    (the headline is the copy variant's own text)."""
    width, height = BANNER_SIZE
    canvas = Image.new("RGB", BANNER_SIZE, (247, 245, 240))
    picture = Image.fromarray(creative.picture).resize((PICTURE_SIDE, PICTURE_SIDE), Image.Resampling.BICUBIC)
    canvas.paste(picture, (16, (height - PICTURE_SIDE) // 2))
    draw = ImageDraw.Draw(canvas)
    left = PICTURE_SIDE + 40
    y = 28
    for line in _wrap(creative.headline, language, _font(19, language))[:5]:
        draw.text((left, y), line, fill=_INK, font=_font(19, language))
        y += 25
    y += 10
    draw.text((left, y), creative.display_name or creative.name, fill=(90, 90, 90), font=_font(15, language))
    draw.text((left, height - 100), money(creative.price, language=language), fill=_INK, font=_font(28, language))
    draw.rounded_rectangle((left, height - 58, left + 140, height - 22), 8, fill=_ACCENT)
    draw.text((left + 70, height - 40), translate(language, "marketing.banner.call_to_action"), fill=(255, 255, 255),
              font=_font(18, language), anchor="mm")
    draw.text((width - 8, height - 6), translate(language, "marketing.banner.label"), fill=(130, 130, 130),
              font=_font(10 if language != "zh" else 11, language), anchor="rd")
    return np.asarray(canvas)


def png_bytes(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass(frozen=True)
class Banner:
    """A finished banner: watermarked PNG bytes and its provenance record."""

    file_name: str
    png: bytes
    record: dict[str, Any]

    @property
    def sidecar_name(self) -> str:
        return self.file_name.rsplit(".", 1)[0] + ".json"


def make_banner(creative: Creative, segment: str, model_version: str, created: dt.datetime | None = None,
                language: str = DEFAULT_LANGUAGE) -> Banner:
    """Compose (in ``language``), watermark and describe one creative."""
    pixels = embed(compose_banner(creative, language), WATERMARK_KEY)
    png = png_bytes(pixels)
    file_name = f"banner_{creative.creative_id}.png"
    record = provenance_record(
        MODEL_NAME, model_version, creative.seed, creative.attributes(),
        prompt=f"{creative.colour} {creative.pattern} {creative.category.lower()} product picture",
        created=created,
        extra={"file": file_name, "file_sha256_16": content_hash(png), "segment": segment,
               "headline": creative.headline, "headline_checks": creative.copy_checks,
               "copy_model": "copywriter-gru (shipped E-commerce model)",
               "watermark": {"method": "spread-spectrum brightness pattern", "key_id": "lab-creative"},
               "language": language, "simulated": True})
    return Banner(file_name, png, record)


def banners_zip(banners: list[Banner]) -> bytes:
    """Every banner PNG with its sidecar JSON, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for banner in banners:
            archive.writestr(banner.file_name, banner.png)
            archive.writestr(banner.sidecar_name, record_json(banner.record))
    return buffer.getvalue()


def read_upload(data: bytes) -> np.ndarray:
    """An uploaded file as uint8 (H, W, 3); `InvalidDataError` with a plain message for anything else."""
    if not data:
        raise InvalidDataError("The file is empty.", key="marketing.error.empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidDataError(f"The file is {len(data) / 1e6:.1f} MB; this check reads pictures up to "
                               f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", key="marketing.error.too_large",
                               size=f"{len(data) / 1e6:.1f}", limit=MAX_UPLOAD_BYTES // (1024 * 1024))
    unreadable = "This file is not a picture this check can read (PNG, JPEG, WebP, GIF or BMP)."
    try:
        opened = Image.open(io.BytesIO(data))
        width, height = opened.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise InvalidDataError(unreadable, key="marketing.error.unreadable") from None
    with opened:
        if width * height > MAX_PIXELS:  # checked before decoding: a huge picture never fills the memory
            raise InvalidDataError(f"The picture is {width}x{height} pixels, more than the "
                                   f"{MAX_PIXELS // 1_000_000} million this check reads.",
                                   key="marketing.error.too_many_pixels", width=width, height=height,
                                   limit=MAX_PIXELS // 1_000_000)
        try:
            return np.asarray(opened.convert("RGB"))
        except (OSError, Image.DecompressionBombError, SyntaxError, ValueError):
            raise InvalidDataError(unreadable, key="marketing.error.unreadable") from None


def check_upload(data: bytes) -> WatermarkResult:
    """Whether an uploaded picture carries the lab's watermark."""
    return detect(read_upload(data), WATERMARK_KEY)


def segment_creatives(top_products: pd.DataFrame, catalogue: pd.DataFrame, copy_variants: pd.DataFrame,
                      picture_attributes: pd.DataFrame, pictures: dict[tuple[int, int], np.ndarray]
                      ) -> list[Creative]:
    """A creative per top product and variant (1..VARIANTS_PER_PRODUCT): the product's generated picture of
    that seed (`pictures[(product_id, variant)]`) and its copy variant, checked variants first."""
    creatives = []
    checks = [c for c in ("faithful", "fluent", "sensible") if c in copy_variants]  # the Chinese set has no "sensible"
    ordered = copy_variants.sort_values(["product_id", *checks, "variant"],
                                        ascending=[True, *[False] * len(checks), True])
    for product_id in top_products["product_id"]:
        product = catalogue.loc[catalogue["product_id"] == product_id].iloc[0]
        looks = picture_attributes.loc[picture_attributes["product_id"] == product_id].iloc[0]
        texts = ordered.loc[ordered["product_id"] == product_id]
        if texts.empty:
            raise InvalidDataError(f"Product {product_id} has no generated copy.", key="marketing.error.no_copy",
                                       product=int(product_id))
        for variant in range(1, VARIANTS_PER_PRODUCT + 1):
            text = texts.iloc[(variant - 1) % len(texts)]
            checks = CHECKS_OK if bool(text["faithful"]) else CHECKS_MISSING
            creatives.append(Creative(
                f"p{int(product_id)}_v{variant}", int(product_id), str(product["name"]), str(product["category"]),
                str(product["colour"]), str(looks["pattern"]), float(product["price"]), str(product["price_band"]),
                str(text["text"]), variant, variant, checks, pictures[(int(product_id), variant)]))
    return creatives


CREATIVE_FEATURES = ("patterned picture", "warm colour", "premium price", "budget price", "second copy variant")


def creative_features(creatives: list[Creative]) -> np.ndarray:
    """The 0/1 features the simulated response model reacts to, (n_creatives, len(CREATIVE_FEATURES))."""
    return np.array([[c.pattern != "plain", c.colour in WARM_COLOURS, c.price_band == "premium",
                      c.price_band == "budget", c.variant == 2] for c in creatives], dtype=float)


def record_text(banner: Banner) -> str:
    return json.dumps(banner.record, indent=2)


def watermark_rates(creatives: list[Creative], clean_pictures: np.ndarray, model_version: str = "test"
                    ) -> dict[str, Any]:
    """Detection rates of the watermark: in each creative's banner after PNG re-encoding, after resizing it to
    90% and to 110%, and (false alarms) in un-watermarked banners and renders (`clean_pictures`, uint8)."""
    found = {"png": [], "resized_90": [], "resized_110": []}
    scores = []
    false_alarms = []
    for creative in creatives:
        banner = make_banner(creative, "measure", model_version)
        decoded = read_upload(banner.png)
        result = detect(decoded, WATERMARK_KEY)
        found["png"].append(result.found)
        scores.append(result.score)
        height, width = decoded.shape[:2]
        for name, factor, method in (("resized_90", 0.9, Image.Resampling.BILINEAR),
                                     ("resized_110", 1.1, Image.Resampling.LANCZOS)):
            resized = Image.fromarray(decoded).resize((round(width * factor), round(height * factor)), method)
            found[name].append(detect(read_upload(png_bytes(np.asarray(resized))), WATERMARK_KEY).found)
        false_alarms.append(detect(compose_banner(creative), WATERMARK_KEY).found)
    false_alarms += [detect(picture, WATERMARK_KEY).found for picture in clean_pictures]
    rates = {f"detected_{name}": float(np.mean(values)) for name, values in found.items()}
    rates.update({"false_alarm_share": float(np.mean(false_alarms)), "n_banners": len(creatives),
                  "n_clean": len(false_alarms), "lowest_score": float(np.min(scores))})
    return rates
