"""Digit images laid out for the screen: a grid of images as one picture (numpy only)."""

from __future__ import annotations

import numpy as np


def image_grid(images: np.ndarray, columns: int, gap: int = 2) -> np.ndarray:
    """Images (n, C, H, W) in [0, 1] tiled row by row into one (rows*H, columns*W) grey picture (or
    (.., .., 3) for colour) with a `gap`-pixel white border between them, ready for `st.image`."""
    images = np.asarray(images, dtype=np.float32)
    n, channels, height, width = images.shape
    rows = max(1, -(-n // columns))
    grid = np.ones((rows * (height + gap) + gap, columns * (width + gap) + gap, channels), dtype=np.float32)
    for index in range(n):
        row, column = divmod(index, columns)
        top, left = gap + row * (height + gap), gap + column * (width + gap)
        # digits are white on black in MNIST; show them dark on light, as ink on paper
        grid[top:top + height, left:left + width] = 1 - images[index].transpose(1, 2, 0)
    return grid[:, :, 0] if channels == 1 else grid
