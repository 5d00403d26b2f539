"""The 2-D shapes the playground asks generators to learn: a ring of 8 Gaussians, two moons, a spiral and a
checkerboard. Each is drawn from its own seeded generator, so a seed gives the same points everywhere.

The ring is the classic test of mode collapse (Metz et al. 2017, "Unrolled GANs"): eight well separated blobs, so
a generator that covers only some of them is easy to see and to count.
"""

from __future__ import annotations

import numpy as np

from engines.errors import InvalidParameterError

RING_MODES = 8
RING_RADIUS = 2.0
RING_SIGMA = 0.08

TARGETS: dict[str, str] = {
    "ring": "Ring of 8 blobs",
    "moons": "Two moons",
    "spiral": "Spiral",
    "checkerboard": "Checkerboard",
}


def ring_centres() -> np.ndarray:
    """The 8 centres of the ring, shape (8, 2)."""
    angles = np.arange(RING_MODES) * 2 * np.pi / RING_MODES
    return RING_RADIUS * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def target_points(name: str, n: int, seed: int = 0) -> np.ndarray:
    """`n` points of the target `name` (one of `TARGETS`), shape (n, 2), float32."""
    if name not in TARGETS:
        raise InvalidParameterError(f"Unknown target {name!r}; choose one of {sorted(TARGETS)}.",
                                    key="engine.targets.unknown", name=repr(name), targets=sorted(TARGETS))
    if int(n) < 1:
        raise InvalidParameterError(f"Ask for at least one point; got n={n!r}.",
                                    key="engine.targets.bad_count", n=repr(n))
    rng = np.random.default_rng(seed)
    n = int(n)
    if name == "ring":
        centres = ring_centres()[rng.integers(0, RING_MODES, n)]
        points = centres + rng.normal(0.0, RING_SIGMA, (n, 2))
    elif name == "moons":
        upper = rng.random(n) < 0.5
        angle = rng.uniform(0, np.pi, n)
        x = np.where(upper, np.cos(angle), 1 - np.cos(angle))
        y = np.where(upper, np.sin(angle), 0.5 - np.sin(angle))
        points = np.stack([x, y], axis=1) * 1.5 - np.array([0.75, 0.4]) + rng.normal(0, 0.05, (n, 2))
    elif name == "spiral":
        turn = np.sqrt(rng.random(n)) * 3 * np.pi  # sqrt: even density along the arm's length
        points = np.stack([turn * np.cos(turn), turn * np.sin(turn)], axis=1) / 3.5 + rng.normal(0, 0.07, (n, 2))
    else:  # checkerboard: 8 of the 16 squares of a 4x4 board on [-2, 2]^2
        x = rng.uniform(-2, 2, n)
        row = rng.integers(0, 4, n)
        column_of_x = np.floor(x + 2).astype(int)
        # a square is filled when row + column is even
        y = row - 2 + rng.random(n)
        flip = (row + column_of_x) % 2 == 1
        y = np.where(flip, ((row + 1) % 4) - 2 + rng.random(n), y)
        points = np.stack([x, y], axis=1)
    return points.astype(np.float32)
