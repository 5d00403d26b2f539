"""Vectorised random draws shared by the three simulators: many categorical draws from per-row distributions,
a logistic link, and intercept calibration so that a simulated rate lands where the README says it does."""

from __future__ import annotations

import numpy as np


def logistic(x: np.ndarray | float) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-x)), computed without overflow warnings for large |x|."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))


def logit(p: np.ndarray | float) -> np.ndarray:
    """The inverse of ``logistic``: log(p / (1 - p))."""
    p = np.asarray(p, dtype=np.float64)
    return np.log(p) - np.log1p(-p)


def row_cdfs(weights: np.ndarray) -> np.ndarray:
    """Turn non-negative weights of shape (n_rows, n_choices) into row-wise cumulative distributions whose
    last column is exactly 1.0, the form ``draw_from_rows`` expects. Every row needs a positive total."""
    weights = np.asarray(weights, dtype=np.float64)
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    # Exactly 1.0 keeps each row's block of the flattened CDF inside [row, row + 1] despite rounding.
    cdf[:, -1] = 1.0
    return cdf


def draw_from_rows(cdf: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw one choice index for each entry of ``rows``, from the categorical distribution in that row of
    ``cdf`` (see ``row_cdfs``). Runs in O(n log n) memory-light time: row r's CDF is shifted by r so that the
    flattened matrix is one increasing sequence, and a single ``searchsorted`` answers every draw."""
    n_rows, n_choices = cdf.shape
    rows = np.asarray(rows, dtype=np.int64)
    shifted = (cdf + np.arange(n_rows, dtype=np.float64)[:, None]).ravel()
    targets = rows + rng.random(rows.size)
    # side="right" skips zero-probability choices, whose CDF equals the previous value.
    positions = np.searchsorted(shifted, targets, side="right")
    return np.minimum(positions - rows * n_choices, n_choices - 1)


def choose(rng: np.random.Generator, labels: list[str] | tuple[str, ...], probabilities: list[float],
           size: int) -> np.ndarray:
    """``size`` labels drawn independently with the given probabilities (normalised here), as an object
    array."""
    p = np.asarray(probabilities, dtype=np.float64)
    index = rng.choice(len(labels), size=size, p=p / p.sum())
    return np.asarray(labels, dtype=object)[index]


def calibrate_intercept(linear_part: np.ndarray, target_rate: float, low: float = -30.0,
                        high: float = 30.0) -> float:
    """The intercept a such that mean(logistic(a + linear_part)) equals ``target_rate``, found by bisection
    (the mean is increasing in a). Used so a simulated base rate (default, fraud, ownership) is set by the
    README, not by luck."""
    linear_part = np.asarray(linear_part, dtype=np.float64)
    for _ in range(80):
        middle = 0.5 * (low + high)
        if logistic(middle + linear_part).mean() < target_rate:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def calibrate_column_intercepts(linear_part: np.ndarray, target_rates: np.ndarray) -> np.ndarray:
    """Column-wise ``calibrate_intercept`` for a (n_rows, n_columns) linear part: one intercept per column so
    that column j's mean probability equals ``target_rates[j]``. All columns are bisected at once."""
    linear_part = np.asarray(linear_part, dtype=np.float64)
    low = np.full(linear_part.shape[1], -30.0)
    high = np.full(linear_part.shape[1], 30.0)
    for _ in range(80):
        middle = 0.5 * (low + high)
        too_low = logistic(middle + linear_part).mean(axis=0) < target_rates
        low = np.where(too_low, middle, low)
        high = np.where(too_low, high, middle)
    return 0.5 * (low + high)


def scaled_count(full_count: int, scale: float, minimum: int = 1) -> int:
    """``full_count`` times ``scale``, rounded, and at least ``minimum``: how tests build small versions."""
    return max(minimum, int(round(full_count * scale)))


def day_index_after(cdf_by_day: np.ndarray, first_day: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each entry, a day index >= first_day drawn from the daily distribution whose CDF is ``cdf_by_day``
    restricted to days from first_day on (inverse-CDF sampling on the truncated range)."""
    first_day = np.asarray(first_day, dtype=np.int64)
    mass_before = np.where(first_day > 0, cdf_by_day[np.maximum(first_day - 1, 0)], 0.0)
    targets = mass_before + rng.random(first_day.size) * (1.0 - mass_before)
    days = np.searchsorted(cdf_by_day, targets, side="right")
    return np.clip(np.maximum(days, first_day), 0, cdf_by_day.size - 1)


def cumsum_within_groups(values: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Running sums of ``values`` that restart at each group, for contiguous groups of the given sizes (all
    positive): how event offsets inside sessions and bursts are built without a Python loop."""
    group_sizes = np.asarray(group_sizes, dtype=np.int64)
    running = np.cumsum(values)
    starts = np.concatenate([[0], np.cumsum(group_sizes)[:-1]])
    baseline = np.repeat(running[starts] - values[starts], group_sizes)
    return running - baseline
