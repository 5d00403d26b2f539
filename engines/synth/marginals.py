"""Per-column marginal distributions and the probability-integral transform, shared by the copula and the
auto-regressive generator.

Every modelled column is mapped to a uniform value in [0, 1] and back:
- continuous numbers: through their empirical distribution, stored as a grid of quantiles. The forward map is
  randomised inside ties (u is drawn uniformly between F(x-) and F(x)), so point masses (many zeros, repeated
  prices) keep their exact share and come back as exactly that value: inside a run of equal quantiles the
  inverse is flat.
- categories and numbers with few distinct values: each code owns an interval of width equal to its frequency;
  the inverse is a step function, so only seen values come back.
The quantile grid has at most `grid_size` points, so a fitted model does not grow with the table.
"""

from __future__ import annotations

import numpy as np

from engines.synth.preprocessing import CategoricalColumn, NumericColumn, PreparedTable

_EPSILON = 1e-9


class Marginals:
    """The marginal of each column of `model_order` (see the module docstring)."""

    def __init__(self, grid_size: int = 1001) -> None:
        self.grid_size = grid_size

    def fit_transform(
        self,
        prepared: PreparedTable,
        numeric_columns: list[NumericColumn],
        categorical_columns: list[CategoricalColumn],
        model_order: list[tuple[str, int]],
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Learn every marginal; return the table as uniforms, (rows, modelled columns) in `model_order`."""
        self.model_order_ = [tuple(item) for item in model_order]
        self.kinds_: list[str] = []  # "continuous" or "discrete"
        self.grids_: list[list[float]] = []  # quantile grid (continuous) or sorted values (discrete numeric)
        self.cumulative_: list[list[float]] = []  # right edge of each code's interval (discrete)
        n_rows = len(prepared)
        uniforms = np.zeros((n_rows, len(model_order)))
        for position, (kind, index) in enumerate(self.model_order_):
            if kind == "categorical":
                frequencies = np.asarray(categorical_columns[index].frequencies, dtype=np.float64)
                codes = prepared.categorical[:, index]
                self._add_discrete([], frequencies)
                uniforms[:, position] = self._discrete_to_uniform(position, codes, rng)
            elif numeric_columns[index].support is not None:
                support = np.asarray(numeric_columns[index].support, dtype=np.float64)
                codes = np.clip(np.searchsorted(support, prepared.numeric[:, index]), 0, len(support) - 1)
                frequencies = np.bincount(codes, minlength=len(support)) / n_rows
                self._add_discrete(support.tolist(), frequencies)
                uniforms[:, position] = self._discrete_to_uniform(position, codes, rng)
            else:
                values = prepared.numeric[:, index]
                ordered = np.sort(values)
                probabilities = np.linspace(0.0, 1.0, min(self.grid_size, n_rows))
                self.kinds_.append("continuous")
                self.grids_.append(np.quantile(ordered, probabilities).tolist())
                self.cumulative_.append([])
                below = np.searchsorted(ordered, values, side="left")
                through = np.searchsorted(ordered, values, side="right")
                uniforms[:, position] = (below + rng.random(n_rows) * (through - below)) / n_rows
        self._cache_arrays()
        return np.clip(uniforms, _EPSILON, 1.0 - _EPSILON)

    def _add_discrete(self, support: list[float], frequencies: np.ndarray) -> None:
        cumulative = np.cumsum(frequencies / frequencies.sum())
        cumulative[-1] = 1.0
        self.kinds_.append("discrete")
        self.grids_.append(support)
        self.cumulative_.append(cumulative.tolist())

    def _discrete_to_uniform(self, position: int, codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        right = np.asarray(self.cumulative_[position])
        left = np.concatenate([[0.0], right[:-1]])
        return left[codes] + rng.random(len(codes)) * (right[codes] - left[codes])

    def _cache_arrays(self) -> None:
        self._grid_arrays = [np.asarray(grid, dtype=np.float64) for grid in self.grids_]
        self._cumulative_arrays = [np.asarray(c, dtype=np.float64) for c in self.cumulative_]

    def n_levels(self, position: int) -> int:
        """Number of codes of a discrete column."""
        return len(self.cumulative_[position])

    def codes_from_uniform(self, position: int, uniforms: np.ndarray) -> np.ndarray:
        """Codes of a discrete column for uniforms in [0, 1]."""
        cumulative = self._cumulative_arrays[position]
        return np.minimum(np.searchsorted(cumulative, uniforms, side="right"), len(cumulative) - 1)

    def values_from_uniform(self, position: int, uniforms: np.ndarray) -> np.ndarray:
        """Values of a continuous column for uniforms in [0, 1] (interpolating the quantile grid)."""
        grid = self._grid_arrays[position]
        # The grid sits at evenly spaced probabilities, so the cell of u is found by arithmetic, not search.
        scaled = np.clip(uniforms, 0.0, 1.0) * (len(grid) - 1)
        cell = np.minimum(scaled.astype(np.int64), len(grid) - 2)
        return grid[cell] + (scaled - cell) * (grid[cell + 1] - grid[cell])

    def uniforms_from_values(self, position: int, values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The inverse of `values_from_uniform` for a continuous column: where each value sits on the quantile
        grid, in [0, 1]. A value repeated along a flat run of the grid (a point mass) gets a uniform draw over
        that run, which `values_from_uniform` maps back to exactly that value."""
        grid = self._grid_arrays[position]
        cells = max(1, len(grid) - 1)
        position_on_grid = np.interp(values, grid, np.arange(len(grid), dtype=np.float64))
        left = np.searchsorted(grid, values, side="left")
        right = np.searchsorted(grid, values, side="right")
        tied = right - left >= 2
        spread = left + rng.random(len(values)) * (right - 1 - left)
        return np.where(tied, spread, position_on_grid) / cells

    def inverse_transform(
        self,
        uniforms: np.ndarray,
        n_numeric: int,
        n_categorical: int,
        discrete_codes: dict[int, np.ndarray] | None = None,
    ) -> PreparedTable:
        """Uniforms (rows, modelled columns) back to a `PreparedTable`. `discrete_codes` ({position: codes})
        gives codes directly for columns whose code is already known."""
        n_rows = len(uniforms)
        numeric = np.zeros((n_rows, n_numeric))
        categorical = np.zeros((n_rows, n_categorical), dtype=np.int64)
        discrete_codes = discrete_codes or {}
        for position, (kind, index) in enumerate(self.model_order_):
            if self.kinds_[position] == "continuous":
                numeric[:, index] = self.values_from_uniform(position, uniforms[:, position])
                continue
            codes = discrete_codes.get(position)
            if codes is None:
                codes = self.codes_from_uniform(position, uniforms[:, position])
            if kind == "categorical":
                categorical[:, index] = codes
            else:
                numeric[:, index] = self._grid_arrays[position][codes]
        return PreparedTable(numeric, categorical)

    def to_state(self) -> dict:
        """JSON-able snapshot."""
        return {
            "grid_size": self.grid_size,
            "model_order": [list(item) for item in self.model_order_],
            "kinds": self.kinds_,
            "grids": self.grids_,
            "cumulative": self.cumulative_,
        }

    @classmethod
    def from_state(cls, state: dict) -> Marginals:
        """Rebuild from `to_state`'s output."""
        self = cls(state["grid_size"])
        self.model_order_ = [tuple(item) for item in state["model_order"]]
        self.kinds_ = list(state["kinds"])
        self.grids_ = [list(g) for g in state["grids"]]
        self.cumulative_ = [list(c) for c in state["cumulative"]]
        self._cache_arrays()
        return self
