"""The data transformer shared by the GAN and the VAE: mode-specific normalisation and one-hot categories.

Following CTGAN (Xu et al. 2019), each continuous column is described by a Gaussian mixture; a value becomes
the one-hot of its mixture component ("mode") plus its offset inside that mode, `alpha = (x - mu_k) / (4
sigma_k)` in [-1, 1]. Categories (and numeric columns with few distinct values) become one-hot vectors.

What differs from CTGAN/RDT, and why:
- The mixtures of all columns are fitted together by one vectorised EM on a row sample (default 5,000 rows):
  CTGAN fits sklearn's Bayesian mixture per column on every row, which dominates its fit time on big tables.
  Like its Dirichlet-process prior, the fit keeps only the modes the data need (rare components are pruned,
  overlapping ones merged), and each value's mode is drawn from its posterior in one vectorised step instead
  of a per-row Python loop.
- Rows are encoded compactly (one float per continuous column, one integer code per one-hot span), so a
  million rows cost a few bytes per cell; dense one-hot batches are built on the device only for the rows of
  a batch.
- The dense vector puts the mode offsets first and the one-hot spans ordered by width, so per-span operations
  (softmax, Gumbel-softmax, sampling, cross-entropy) run on contiguous (batch, spans, width) blocks: a
  training step costs a handful of tensor operations however many columns the table has.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from scipy.special import ndtr, ndtri

from engines.core.layers import gumbel_noise
from engines.synth.marginals import Marginals
from engines.synth.preprocessing import CategoricalColumn, NumericColumn, PreparedTable

_ENCODE_CHUNK_ROWS = 50_000
_VARIANCE_FLOOR = 1e-6
NUMERIC_ENCODINGS = ("modes", "quantile")
# Quantile encoding: alpha = normal score / _NORMAL_SCALE, so scores within +-4 fit tanh's (-1, 1).
_NORMAL_SCALE = 4.0
_QUANTILE_EPSILON = 1e-4  # in standardised units: a mode may be as narrow as 0.1% of the column's spread


@dataclass
class EncodedTable:
    """Rows in model space, compactly: `alphas` float32 (rows, continuous columns) and `codes` int64
    (rows, one-hot spans)."""

    alphas: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.codes) if self.codes.shape[1] else len(self.alphas)


def fit_mixtures(
    values: np.ndarray, max_modes: int, rng: np.random.Generator, iterations: int = 100,
    weight_threshold: float = 0.005,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit a 1-D Gaussian mixture to every column of `values` (rows, columns) at once by EM.

    Returns `(means, stds, weights)`, each (columns, max_modes), in the units of `values`; unused components
    have weight 0. Components start at evenly spaced quantiles (slightly jittered so tied quantiles can
    separate). Like CTGAN's Dirichlet-process prior, the fit keeps only the modes the data need: components
    under `weight_threshold` are dropped, and components whose means are closer than two of the wider one's
    standard deviations (together they form a single bump) are merged, then EM refines what is left. A spike
    at least ten times narrower than its neighbour (a point mass such as many zeros) is never merged into it.
    """
    center = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale == 0] = 1.0
    z = (values - center) / scale
    n_columns = z.shape[1]
    quantiles = (np.arange(max_modes) + 0.5) / max_modes
    means = np.quantile(z, quantiles, axis=0).T + rng.normal(0.0, 1e-3, (n_columns, max_modes))
    variances = np.full((n_columns, max_modes), (2.0 / max_modes) ** 2)
    weights = np.full((n_columns, max_modes), 1.0 / max_modes)
    means, variances, weights = _expectation_maximisation(
        z, means, variances, weights, iterations, weight_threshold
    )
    for column in range(n_columns):
        _merge_close_modes(means[column], variances[column], weights[column])
    means, variances, weights = _expectation_maximisation(z, means, variances, weights, 30, weight_threshold)
    return means * scale[:, None] + center[:, None], np.sqrt(variances) * scale[:, None], weights


def _expectation_maximisation(
    z: np.ndarray, means: np.ndarray, variances: np.ndarray, weights: np.ndarray, iterations: int,
    weight_threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_rows = len(z)
    z3 = z.T[:, :, None]  # (columns, rows, 1)
    previous = -np.inf
    for iteration in range(iterations):
        alive = weights > 0
        log_weights = np.where(alive, np.log(np.where(alive, weights, 1.0)), -np.inf)
        log_density = (
            -0.5 * (z3 - means[:, None, :]) ** 2 / variances[:, None, :]
            - 0.5 * np.log(2 * np.pi * variances[:, None, :])
            + log_weights[:, None, :]
        )
        top = log_density.max(axis=2, keepdims=True)
        responsibility = np.exp(log_density - top)
        total = responsibility.sum(axis=2, keepdims=True)
        log_likelihood = float(np.mean(np.log(total) + top))
        responsibility /= total
        counts = responsibility.sum(axis=1) + 1e-12
        weights = np.where(alive, counts / n_rows, 0.0)
        means = np.where(alive, (responsibility * z3).sum(axis=1) / counts, means)
        spread = (responsibility * (z3 - means[:, None, :]) ** 2).sum(axis=1) / counts
        variances = np.where(alive, np.maximum(spread, _VARIANCE_FLOOR), variances)
        if iteration >= 5:
            weights = np.where(weights < weight_threshold, 0.0, weights)
            weights /= weights.sum(axis=1, keepdims=True)
        if abs(log_likelihood - previous) < 1e-6:
            break
        previous = log_likelihood
    return means, variances, weights


def _merge_close_modes(means: np.ndarray, variances: np.ndarray, weights: np.ndarray) -> None:
    """Merge, in place, pairs of live components of similar width whose means are within two (wider) standard
    deviations, closest pair first."""
    while True:
        alive = np.flatnonzero(weights > 0)
        best = None
        for a_position, a in enumerate(alive):
            for b in alive[a_position + 1 :]:
                narrow, wide = sorted((variances[a], variances[b]))
                gap = abs(means[a] - means[b]) / np.sqrt(wide)
                if gap < 2.0 and narrow > 0.01 * wide and (best is None or gap < best[0]):
                    best = (gap, a, b)
        if best is None:
            return
        _, a, b = best
        total = weights[a] + weights[b]
        mean = (weights[a] * means[a] + weights[b] * means[b]) / total
        second_moment = (
            weights[a] * (variances[a] + means[a] ** 2) + weights[b] * (variances[b] + means[b] ** 2)
        )
        means[a], weights[a] = mean, total
        variances[a] = max(second_moment / total - mean**2, _VARIANCE_FLOOR)
        weights[b] = 0.0


class SpanLayout:
    """The dense model vector and grouped tensor ops over its one-hot spans.

    Layout: the tanh outputs first (one alpha per continuous column), then the softmax spans ordered by width,
    so that spans of equal width are one contiguous block, viewed as a (batch, spans, width) tensor: a
    training step costs a few tensor operations per distinct width, whatever the number of columns, and no
    gathers.
    """

    def __init__(self, n_alphas: int, span_widths: list[int], device: torch.device) -> None:
        self.device = device
        self.n_alphas = n_alphas
        self.n_spans = len(span_widths)
        self.span_widths = list(span_widths)
        starts = n_alphas + np.concatenate([[0], np.cumsum(span_widths)[:-1]]).astype(np.int64)
        self.output_dim = int(n_alphas + sum(span_widths))
        self.span_starts = torch.as_tensor(starts, dtype=torch.long, device=device)
        self.alpha_positions = torch.arange(n_alphas, device=device)
        # (width, first span, end span, first column, end column) of each run of equally wide spans.
        self.groups: list[tuple[int, int, int, int, int]] = []
        span = 0
        while span < self.n_spans:
            width, end = span_widths[span], span
            while end < self.n_spans and span_widths[end] == width:
                end += 1
            self.groups.append(
                (width, span, end, int(starts[span]), int(starts[span]) + (end - span) * width)
            )
            span = end

    def dense(self, alphas: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
        """The dense (batch, output_dim) vector: alphas first, a 1 at each span's code."""
        batch = alphas.shape[0] if self.n_alphas else codes.shape[0]
        out = torch.zeros(batch, self.output_dim, device=self.device)
        if self.n_alphas:
            out[:, : self.n_alphas] = alphas
        if self.n_spans:
            out.scatter_(1, self.span_starts + codes, 1.0)
        return out

    def _blocks(self, raw: torch.Tensor):
        for width, first_span, end_span, first_column, end_column in self.groups:
            yield width, slice(first_span, end_span), raw[:, first_column:end_column].reshape(
                raw.shape[0], -1, width
            )

    def activate(
        self, raw: torch.Tensor, generator: torch.Generator | None, tau: float = 0.2
    ) -> torch.Tensor:
        """tanh on alphas; Gumbel-softmax at temperature `tau` on spans (plain softmax without generator)."""
        parts = [torch.tanh(raw[:, : self.n_alphas])]
        for _, _, logits in self._blocks(raw):
            if generator is not None:
                logits = (logits + gumbel_noise(logits.shape, generator, raw.device)) / tau
            parts.append(torch.softmax(logits, dim=-1).reshape(raw.shape[0], -1))
        return torch.cat(parts, dim=1)

    def span_log_probs(self, raw: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
        """log p(code) under each span's softmax: (batch, spans)."""
        parts = [
            torch.log_softmax(logits, dim=-1).gather(2, codes[:, spans].unsqueeze(2)).squeeze(2)
            for _, spans, logits in self._blocks(raw)
        ]
        return torch.cat(parts, dim=1) if parts else raw.new_zeros(raw.shape[0], 0)

    def sample_codes(
        self, raw: torch.Tensor, generator: torch.Generator, temperature: float = 1.0
    ) -> torch.Tensor:
        """Draw one code per span from softmax(raw / temperature) by inverse-CDF: (batch, spans)."""
        parts = []
        for width, _, logits in self._blocks(raw):
            cumulative = torch.softmax(logits / temperature, dim=-1).cumsum_(dim=-1)
            uniform = torch.rand(cumulative.shape[:2] + (1,), generator=generator, device=raw.device)
            uniform.mul_(cumulative[:, :, -1:])
            # searchsorted counts the cumulative values below the draw, as `(cumulative < uniform).sum()`
            # would (same codes), without the (batch, spans, width) comparison tensor: a third of the time.
            codes = torch.searchsorted(cumulative, uniform).squeeze_(-1)
            parts.append(codes.clamp_(max=width - 1))
        return torch.cat(parts, dim=1) if parts else torch.zeros(
            raw.shape[0], 0, dtype=torch.long, device=raw.device
        )


class ModeSpecificTransformer:
    """Mode-specific normalisation of numeric columns and one-hot categories (see the module docstring).

    Numeric columns with a short `support` (few distinct values) are one-hot encoded over those values instead
    of getting a mixture, which reproduces them exactly.
    """

    def __init__(
        self, max_modes: int = 10, mixture_sample_rows: int = 5000, numeric_encoding: str = "modes"
    ) -> None:
        if numeric_encoding not in NUMERIC_ENCODINGS:
            raise ValueError(f"numeric_encoding must be one of {NUMERIC_ENCODINGS}; got {numeric_encoding!r}.")
        self.max_modes = max_modes
        self.mixture_sample_rows = mixture_sample_rows
        self.numeric_encoding = numeric_encoding

    def fit(
        self,
        prepared: PreparedTable,
        numeric_columns: list[NumericColumn],
        categorical_columns: list[CategoricalColumn],
        model_order: list[tuple[str, int]],
        rng: np.random.Generator,
    ) -> ModeSpecificTransformer:
        """Fit mixtures on a row sample and lay out the dense vector in `model_order`."""
        mixture_columns = [i for i, column in enumerate(numeric_columns) if column.support is None]
        self.supports_ = {
            i: column.support for i, column in enumerate(numeric_columns) if column.support is not None
        }
        self.mixture_columns_ = mixture_columns
        self.means_ = np.zeros((len(mixture_columns), self.max_modes))
        self.stds_ = np.ones((len(mixture_columns), self.max_modes))
        self.weights_ = np.zeros((len(mixture_columns), self.max_modes))
        self.modes_: list[list[int]] = []
        self.marginals_: Marginals | None = None
        if mixture_columns and self.numeric_encoding == "quantile":
            self.marginals_ = Marginals()
            self.marginals_.fit_transform(
                prepared, numeric_columns, categorical_columns, [("numeric", i) for i in mixture_columns], rng
            )
        elif mixture_columns:
            rows = prepared.numeric[:, mixture_columns]
            if len(rows) > self.mixture_sample_rows:
                rows = rows[rng.choice(len(rows), self.mixture_sample_rows, replace=False)]
            means, stds, weights = fit_mixtures(rows, self.max_modes, rng)
            for c in range(len(mixture_columns)):
                kept = np.flatnonzero(weights[c] > 0)
                self.modes_.append(kept.tolist())
                self.means_[c, : len(kept)] = means[c, kept]
                self.stds_[c, : len(kept)] = stds[c, kept]
                self.weights_[c, : len(kept)] = weights[c, kept] / weights[c, kept].sum()
        self._build_layout(categorical_columns, model_order)
        return self

    def _build_layout(
        self, categorical_columns: list[CategoricalColumn], model_order: list[tuple[str, int]]
    ) -> None:
        # span_sources_[s] says what span s encodes: ("mode", mixture slot), ("support", numeric index) or
        # ("categorical", categorical index). Spans are ordered by width (see SpanLayout), alphas come first.
        mixture_slot = {numeric: slot for slot, numeric in enumerate(self.mixture_columns_)}
        sources, widths = [], []
        for kind, index in model_order:
            if kind == "numeric" and index in mixture_slot and self.numeric_encoding == "quantile":
                continue  # one normal score per column (an alpha), no mode span
            if kind == "numeric" and index in mixture_slot:
                sources.append(("mode", mixture_slot[index]))
                widths.append(len(self.modes_[mixture_slot[index]]))
            elif kind == "numeric":
                sources.append(("support", index))
                widths.append(len(self.supports_[index]))
            else:
                sources.append(("categorical", index))
                widths.append(categorical_columns[index].n_levels)
        order = sorted(range(len(sources)), key=lambda span: (widths[span], span))
        self.span_sources_: list[tuple[str, int]] = [sources[span] for span in order]
        self.span_widths_: list[int] = [widths[span] for span in order]
        n_alphas = len(self.mixture_columns_)
        self.alpha_positions_: list[int] = list(range(n_alphas))
        self.span_starts_: list[int] = (
            n_alphas + np.concatenate([[0], np.cumsum(self.span_widths_)[:-1]])
        ).astype(
            int).tolist() if self.span_widths_ else []
        self.output_dim_ = n_alphas + sum(self.span_widths_)
        self.categorical_span_ = {
            source[1]: span for span, source in enumerate(self.span_sources_) if source[0] == "categorical"
        }

    def layout(self, device: torch.device) -> SpanLayout:
        """The torch-side layout on `device`."""
        return SpanLayout(len(self.alpha_positions_), self.span_widths_, device)

    def encode(self, prepared: PreparedTable, rng: np.random.Generator) -> EncodedTable:
        """Encode all rows (in chunks, so temporary (rows, columns, modes) arrays stay small)."""
        n_rows = len(prepared)
        alphas = np.zeros((n_rows, len(self.mixture_columns_)), dtype=np.float32)
        codes = np.zeros((n_rows, len(self.span_starts_)), dtype=np.int64)
        mode_span = {source[1]: span for span, source in enumerate(self.span_sources_) if source[0] == "mode"}
        for start in range(0, n_rows, _ENCODE_CHUNK_ROWS):
            stop = min(start + _ENCODE_CHUNK_ROWS, n_rows)
            if self.mixture_columns_ and self.marginals_ is not None:
                alphas[start:stop] = self._encode_quantiles(prepared.numeric[start:stop], rng)
            elif self.mixture_columns_:
                values = prepared.numeric[start:stop, self.mixture_columns_]
                chunk_alphas, chunk_modes = self._encode_mixtures(values, rng)
                alphas[start:stop] = chunk_alphas
                for slot, span in mode_span.items():
                    codes[start:stop, span] = chunk_modes[:, slot]
            for span, (kind, index) in enumerate(self.span_sources_):
                if kind == "support":
                    support = np.asarray(self.supports_[index])
                    column = prepared.numeric[start:stop, index]
                    codes[start:stop, span] = np.clip(np.searchsorted(support, column), 0, len(support) - 1)
                elif kind == "categorical":
                    codes[start:stop, span] = prepared.categorical[start:stop, index]
        return EncodedTable(alphas, codes)

    def initial_output_bias(self, encoded: EncodedTable) -> np.ndarray:
        """Biases for a network's output layer that start every span at its training frequencies (log), so
        models begin from the right marginals instead of uniform ones. Zero for the alpha outputs."""
        bias = np.zeros(self.output_dim_, dtype=np.float32)
        for span, (start, width) in enumerate(zip(self.span_starts_, self.span_widths_)):
            counts = np.bincount(encoded.codes[:, span], minlength=width)[:width]
            bias[start : start + width] = np.log((counts + 0.5) / (counts.sum() + 0.5 * width))
        return bias

    def _encode_quantiles(self, numeric: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # The probability-integral transform through each column's empirical distribution, ties randomised
        # (so point masses keep their share), then the standard normal quantile, scaled into tanh's range.
        uniforms = np.column_stack([
            self.marginals_.uniforms_from_values(slot, numeric[:, index], rng)
            for slot, index in enumerate(self.mixture_columns_)
        ])
        scores = ndtri(np.clip(uniforms, _QUANTILE_EPSILON, 1.0 - _QUANTILE_EPSILON))
        return np.clip(scores / _NORMAL_SCALE, -0.999, 0.999).astype(np.float32)

    def _encode_mixtures(self, values: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        # Each value's mode is drawn from its posterior over modes (as CTGAN does), vectorised over rows and
        # columns.
        n_modes = np.array([len(modes) for modes in self.modes_])
        valid = self.weights_ > 0
        log_weights = np.log(np.where(valid, self.weights_, 1.0))
        log_density = (
            -0.5 * ((values[:, :, None] - self.means_[None]) / self.stds_[None]) ** 2 - np.log(
                self.stds_[None]
            )
        )
        log_density = np.where(valid[None], log_density + log_weights[None], -np.inf)
        posterior = np.exp(log_density - log_density.max(axis=2, keepdims=True))
        cumulative = np.cumsum(posterior, axis=2)
        draw = rng.random(values.shape + (1,)) * cumulative[:, :, -1:]
        modes = np.minimum((cumulative < draw).sum(axis=2), n_modes[None, :] - 1)
        column = np.arange(values.shape[1])[None, :]
        mean, std = self.means_[column, modes], self.stds_[column, modes]
        alphas = np.clip((values - mean) / (4.0 * std), -0.99, 0.99)
        return alphas.astype(np.float32), modes

    def decode(
        self, alphas: np.ndarray, codes: np.ndarray, n_categorical: int, n_numeric: int
    ) -> PreparedTable:
        """Alphas and span codes back to a `PreparedTable` (numbers in original units, category codes)."""
        n_rows = len(codes)
        numeric = np.zeros((n_rows, n_numeric))
        categorical = np.zeros((n_rows, n_categorical), dtype=np.int64)
        if self.marginals_ is not None:
            uniforms = ndtr(np.asarray(alphas, dtype=np.float64) * _NORMAL_SCALE)
            for slot, index in enumerate(self.mixture_columns_):
                numeric[:, index] = self.marginals_.values_from_uniform(slot, uniforms[:, slot])
        for span, (kind, index) in enumerate(self.span_sources_):
            span_codes = codes[:, span]
            if kind == "mode":
                numeric_index = self.mixture_columns_[index]
                mean = self.means_[index][span_codes]
                std = self.stds_[index][span_codes]
                numeric[:, numeric_index] = alphas[:, index] * 4.0 * std + mean
            elif kind == "support":
                numeric[:, index] = np.asarray(self.supports_[index])[span_codes]
            else:
                categorical[:, index] = span_codes
        return PreparedTable(numeric, categorical)

    def to_state(self) -> dict:
        """JSON-able snapshot of the fitted transformer."""
        return {
            "max_modes": self.max_modes,
            "mixture_sample_rows": self.mixture_sample_rows,
            "mixture_columns": self.mixture_columns_,
            "supports": {str(k): v for k, v in self.supports_.items()},
            "means": self.means_,
            "stds": self.stds_,
            "weights": self.weights_,
            "modes": self.modes_,
            "numeric_encoding": self.numeric_encoding,
            "marginals": self.marginals_.to_state() if self.marginals_ is not None else None,
        }

    @classmethod
    def from_state(
        cls, state: dict, categorical_columns: list[CategoricalColumn], model_order: list[tuple[str, int]]
    ) -> ModeSpecificTransformer:
        """Rebuild a fitted transformer from `to_state`'s output."""
        # Models saved before the quantile encoding existed used modes.
        self = cls(state["max_modes"], state["mixture_sample_rows"], state.get("numeric_encoding", "modes"))
        self.mixture_columns_ = list(state["mixture_columns"])
        self.supports_ = {int(k): v for k, v in state["supports"].items()}
        self.means_ = np.asarray(state["means"], dtype=np.float64).reshape(
            len(self.mixture_columns_), self.max_modes
        )
        self.stds_ = np.asarray(state["stds"], dtype=np.float64).reshape(
            len(self.mixture_columns_), self.max_modes
        )
        self.weights_ = np.asarray(state["weights"], dtype=np.float64).reshape(self.means_.shape)
        self.modes_ = [list(m) for m in state["modes"]]
        marginals = state.get("marginals")
        self.marginals_ = Marginals.from_state(marginals) if marginals is not None else None
        self._build_layout(categorical_columns, model_order)
        return self
