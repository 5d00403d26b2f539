"""An invisible watermark in the pixels of a picture, and its detector (spread spectrum, as Cox et al. 1997).

A key-seeded pattern of +1/-1 cells on a 64x64 grid laid over the whole picture (so it scales with it) is
added to the brightness of every pixel, by `strength` levels of 255 (3 by default: below what an eye sees on a
screen). The detector resizes any picture to 256x256 (undoing a resize), removes the picture's own content with
a high-pass filter, averages what is left per cell, and correlates it with the key's pattern. Without the mark
the correlation, scaled by the square root of the 4,096 cells, behaves like a standard normal number; a score
above `THRESHOLD` (5, a chance of about 3 in 10 million) is read as "made here". Lossless re-encoding (PNG)
leaves the pixels as they are; a 10% resize blurs the cells a little but keeps their place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

from engines.errors import InvalidDataError

GRID = 64  # watermark cells per side of the picture
DETECTION_SIZE = 256  # the detector's working size: 4x4 pixels per cell
STRENGTH = 3.0  # levels of 255 added or taken per pixel
THRESHOLD = 5.0
MIN_SIDE = 32  # smaller pictures hold too few pixels per cell
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class WatermarkResult:
    """`score`: the correlation with the key's pattern in standard-normal units (about 0 to 2 for a picture
    without the mark); `found`: score above `threshold`; `verdict`: the answer in words."""

    score: float
    found: bool
    threshold: float
    verdict: str


def check_picture(image: np.ndarray) -> np.ndarray:
    """An (H, W, 3) uint8 array, or `InvalidDataError` saying what is wrong."""
    array = np.asarray(image)
    if array.ndim != 3 or array.shape[2] != 3 or array.dtype != np.uint8:
        raise InvalidDataError(f"A picture must be an (height, width, 3) array of 0-255 values; got shape "
                               f"{array.shape} of {array.dtype}.",
                               key="engine.watermark.bad_picture", shape=array.shape, dtype=array.dtype)
    height, width = array.shape[:2]
    if min(height, width) < MIN_SIDE:
        raise InvalidDataError(f"The picture is {width}x{height} pixels; the watermark needs at least "
                               f"{MIN_SIDE}x{MIN_SIDE}.",
                               key="engine.watermark.too_small", width=str(width), height=str(height),
                               min_side=MIN_SIDE)
    if height * width > MAX_PIXELS:
        raise InvalidDataError(f"The picture is {width}x{height} pixels, more than the "
                               f"{MAX_PIXELS // 1_000_000} million this check reads.",
                               key="engine.watermark.too_large", width=str(width), height=str(height),
                               max_megapixels=MAX_PIXELS // 1_000_000)
    return array


def key_pattern(key: str) -> np.ndarray:
    """The key's +1/-1 cells, float32 (GRID, GRID)."""
    seed = int.from_bytes(hashlib.sha256(f"image-watermark:{key}".encode()).digest()[:8], "little")
    return np.where(np.random.default_rng(seed).random((GRID, GRID)) < 0.5, -1.0, 1.0).astype(np.float32)


def _resize(values: np.ndarray, width: int, height: int, resample: Image.Resampling) -> np.ndarray:
    return np.asarray(Image.fromarray(values.astype(np.float32), mode="F").resize((width, height), resample))


def embed(image: np.ndarray, key: str, strength: float = STRENGTH) -> np.ndarray:
    """The picture with the key's watermark added to its brightness; uint8 (H, W, 3), same size."""
    array = check_picture(image)
    height, width = array.shape[:2]
    pattern = _resize(key_pattern(key), width, height, Image.Resampling.NEAREST)
    marked = array.astype(np.float32) + float(strength) * pattern[..., None]
    return np.clip(np.round(marked), 0, 255).astype(np.uint8)


def _box_blur(values: np.ndarray, radius: int) -> np.ndarray:
    padded = np.pad(values, radius, mode="edge")
    summed = padded.cumsum(0).cumsum(1)
    summed = np.pad(summed, ((1, 0), (1, 0)))
    size = 2 * radius + 1
    total = summed[size:, size:] - summed[:-size, size:] - summed[size:, :-size] + summed[:-size, :-size]
    return total / size ** 2


def _cell_residuals(brightness: np.ndarray) -> np.ndarray:
    """High-passed brightness averaged per watermark cell, (GRID, GRID)."""
    residual = brightness - _box_blur(brightness, 3)
    cell = DETECTION_SIZE // GRID
    return residual.reshape(GRID, cell, GRID, cell).mean(axis=(1, 3))


def detect(image: np.ndarray, key: str) -> WatermarkResult:
    """Whether the picture carries `key`'s watermark (see the module docstring)."""
    array = check_picture(image)
    brightness = array.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    working = _resize(brightness, DETECTION_SIZE, DETECTION_SIZE, Image.Resampling.BILINEAR)
    observed = _cell_residuals(working).ravel()
    template = _cell_residuals(_resize(key_pattern(key), DETECTION_SIZE, DETECTION_SIZE,
                                       Image.Resampling.NEAREST)).ravel()
    observed = observed - observed.mean()
    template = template - template.mean()
    norm = float(np.linalg.norm(observed) * np.linalg.norm(template))
    score = 0.0 if norm == 0 else float(observed @ template / norm * np.sqrt(observed.size))
    found = score > THRESHOLD
    verdict = ("Made here: this picture carries the lab's watermark." if found else
               "No watermark of this lab found: not made here, or changed too much to tell.")
    return WatermarkResult(score, found, THRESHOLD, verdict)
