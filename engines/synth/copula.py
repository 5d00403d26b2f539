"""Gaussian copula baseline: each column's own distribution, joined by one correlation matrix. Seconds to fit.

Every column is mapped to a normal score through its empirical marginal (see `marginals.py`); the correlation
of those scores is the copula. Sampling draws correlated normal scores and maps them back through the
marginals, so every column's distribution is reproduced closely, and linear (rank) relationships between
columns too; what a copula cannot express (interactions, multi-modal dependence) is what the deep generators
are for. Conditions on categories are met exactly: the conditioned scores are drawn inside their category's
interval and the other columns from the conditional normal given them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from scipy.special import ndtr, ndtri

from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter
from engines.core.training import CANCELLED, TrainingResult
from engines.core.validation import check_positive_int
from engines.synth.base import BaseSynthesizer
from engines.synth.marginals import Marginals
from engines.synth.preprocessing import PreparedTable

_MIN_EIGENVALUE = 1e-6


@register_model
class GaussianCopula(BaseSynthesizer):
    """Per-column empirical marginals plus a Gaussian copula. No training loop: fits in seconds.

    `max_correlation_rows` bounds the rows used to estimate the correlation matrix (a random sample of
    them beyond it).
    `device` is accepted for the common protocol; the copula always computes on the CPU with numpy.
    """

    kind = "gaussian_copula"
    label = "Gaussian copula"
    description = "Learns each column's distribution and how columns move together; seconds to fit."
    PRESETS = {
        "quick": {"grid_size": 257},
        "balanced": {"grid_size": 1001},
        "best": {"grid_size": 4001},
    }

    def __init__(
        self,
        preset: str | None = None,
        *,
        grid_size: int | None = None,
        max_correlation_rows: int = 100_000,
        max_category_levels: int = 200,
        enforce_bounds: bool = True,
        device: str = "auto",
        random_state: int | None = None,
    ) -> None:
        self.preset = preset
        self.grid_size = grid_size
        self.max_correlation_rows = max_correlation_rows
        self.max_category_levels = max_category_levels
        self.enforce_bounds = enforce_bounds
        self.device = device
        self.random_state = random_state

    def _check_params(self, params: dict[str, Any]) -> None:
        super()._check_params(params)
        check_positive_int("grid_size", params["grid_size"], minimum=2)

    def _fit_model(
        self,
        prepared: PreparedTable,
        params: dict[str, Any],
        device: torch.device,
        rng: np.random.Generator,
        on_progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> TrainingResult:
        reporter = ProgressReporter(on_progress, cancel)
        result = TrainingResult(total_steps=1)
        if not reporter.update(0, 1, {}, force=True):
            # Still leave a usable model: independent marginals (identity correlation).
            result.stop_reason = CANCELLED
        pre = self.preprocessor_
        self.marginals_ = Marginals(params["grid_size"])
        uniforms = self.marginals_.fit_transform(
            prepared, pre.numeric_, pre.categorical_, pre.model_order_, rng
        )
        n_columns = uniforms.shape[1]
        if result.stop_reason == CANCELLED:
            self.correlation_ = np.eye(n_columns)
        else:
            if len(uniforms) > params["max_correlation_rows"]:
                uniforms = uniforms[rng.choice(len(uniforms), params["max_correlation_rows"], replace=False)]
            scores = ndtri(uniforms)
            self.correlation_ = _nearest_correlation(
                np.corrcoef(scores, rowvar=False).reshape(n_columns, n_columns)
            )
            result.steps_completed = 1
            reporter.update(1, 1, {}, force=True)
        self._factor = np.linalg.cholesky(self.correlation_)
        return result

    def _generate(
        self, num_rows: int, conditions: dict[int, int], generator: torch.Generator, rng: np.random.Generator
    ) -> PreparedTable:
        marginals = self.marginals_
        n_columns = self.correlation_.shape[0]
        position_of = {
            index: p for p, (kind, index) in enumerate(marginals.model_order_) if kind == "categorical"
        }
        fixed = {position_of[c]: code for c, code in conditions.items() if c in position_of}
        if fixed:
            uniforms = np.clip(ndtr(self._conditional_scores(num_rows, fixed, rng)), 1e-12, 1 - 1e-12)
        else:
            # torch's float32 normal draws and CDF are several times faster than numpy's float64 ones.
            noise = torch.randn(num_rows, n_columns, generator=generator, device=generator.device)
            factor = torch.as_tensor(self._factor, dtype=torch.float32, device=generator.device)
            uniforms = torch.special.ndtr(noise @ factor.T).cpu().numpy().astype(np.float64)
        pre = self.preprocessor_
        return marginals.inverse_transform(uniforms, len(pre.numeric_), len(pre.categorical_))

    def _conditional_scores(
        self, num_rows: int, fixed: dict[int, int], rng: np.random.Generator
    ) -> np.ndarray:
        # Conditioned scores: truncated normals inside each code's interval (drawn independently, an
        # approximation when several columns are conditioned); the rest: the conditional normal given them.
        marginals = self.marginals_
        correlation = self.correlation_
        n_columns = correlation.shape[0]
        given = np.array(sorted(fixed))
        rest = np.array([p for p in range(n_columns) if p not in fixed], dtype=np.int64)
        scores = np.zeros((num_rows, n_columns))
        for p in given:
            right = np.asarray(marginals.cumulative_[p])
            left = np.concatenate([[0.0], right[:-1]])
            code = fixed[p]
            uniforms = left[code] + rng.random(num_rows) * (right[code] - left[code])
            scores[:, p] = ndtri(np.clip(uniforms, 1e-12, 1 - 1e-12))
        if len(rest):
            sigma_gg = correlation[np.ix_(given, given)]
            sigma_rg = correlation[np.ix_(rest, given)]
            weights = np.linalg.lstsq(sigma_gg, sigma_rg.T, rcond=None)[0]  # (given, rest)
            covariance = correlation[np.ix_(rest, rest)] - sigma_rg @ weights
            factor = np.linalg.cholesky(_nearest_correlation(covariance, keep_diagonal=True))
            noise = rng.standard_normal((num_rows, len(rest)))
            scores[:, rest] = scores[:, given] @ weights + noise @ factor.T
        return scores

    def _model_state(self) -> dict:
        return {"marginals": self.marginals_.to_state()}

    def _model_tensors(self) -> dict[str, torch.Tensor]:
        return {"correlation": torch.as_tensor(self.correlation_, dtype=torch.float64)}

    def _restore_model(self, state: dict, tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        self.marginals_ = Marginals.from_state(state["marginals"])
        self.correlation_ = tensors["correlation"].numpy().astype(np.float64)
        n_columns = len(self.marginals_.model_order_)
        if self.correlation_.shape != (n_columns, n_columns):
            raise ValueError("correlation matrix does not match the columns")
        self._factor = np.linalg.cholesky(self.correlation_)


def _nearest_correlation(matrix: np.ndarray, keep_diagonal: bool = False) -> np.ndarray:
    """A positive-definite version of `matrix` (eigenvalues floored), rescaled to a unit diagonal unless
    `keep_diagonal`. Constant scores (NaN correlations) count as uncorrelated."""
    matrix = np.nan_to_num((matrix + matrix.T) / 2.0, nan=0.0)
    if not keep_diagonal:
        np.fill_diagonal(matrix, 1.0)
    values, vectors = np.linalg.eigh(matrix)
    fixed = (vectors * np.maximum(values, _MIN_EIGENVALUE)) @ vectors.T
    if keep_diagonal:
        return (fixed + fixed.T) / 2.0 + np.eye(len(fixed)) * 1e-9
    scale = np.sqrt(np.diag(fixed))
    return fixed / np.outer(scale, scale)
