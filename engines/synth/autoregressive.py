"""Auto-regressive tabular generator: p(row) = p(x1) p(x2 | x1) ... p(xk | x1..xk-1), one small head per
column.

In the spirit of MOSTLY AI's TabularARGN: every column becomes a token (its category, or for numbers the
equal-frequency bin of its value, with the exact value drawn inside the bin from the column's empirical
distribution), and column j is predicted from the tokens of the columns before it. Because every head ends in
a softmax over a column's own tokens, marginals are learned almost exactly, and the chain of conditionals
captures the dependencies between columns that a copula cannot.

The heads share one vectorised network, so a training step is a handful of tensor operations whatever the
number of columns: the first layer of head j on one-hot inputs is a sum of embedding rows of the tokens before
j (`embedding_bag`, with a mask that hides columns at or after j), followed by one per-head hidden layer and a
per-head output layer (batched matmuls). Training stops early when the loss on held-out rows stops improving,
and the best weights are kept.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from scipy.special import ndtri

from engines.core.device import autocast, make_generator
from engines.core.layers import SeededDropout, load_prefixed_state, prefixed_state, set_dropout_generator
from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import KeepBest, ShuffledBatches, TrainingResult, adam, run_training, step_budget
from engines.core.validation import check_fraction, check_positive_int
from engines.synth.base import BaseSynthesizer
from engines.synth.marginals import Marginals
from engines.synth.preprocessing import PreparedTable

_PAD_LOGIT = -1e9
_MIN_STEPS_PER_EPOCH = 25


class _AutoRegressiveNet(nn.Module):
    """All column heads in one module; `forward` gives (batch, columns, max vocabulary) logits.

    Inputs of head j: embeddings of the tokens before j, plus (for numeric columns before j) their normal
    score
    `ndtri(u)`, which carries the position inside a bin and the order of the bins. Numeric bin heads add a
    discretised Gaussian over the bins in normal-score space, whose mean is linear in the earlier scores plus
    a learned correction: with the free logits at zero this is exactly a Gaussian copula, so small tables
    start from the copula's dependence and large tables learn beyond it.
    """

    def __init__(
        self,
        vocab_sizes: list[int],
        scored: list[bool],
        binned: list[bool],
        n_bins: int,
        hidden: int,
        dropout: float,
    ) -> None:
        super().__init__()
        n_columns = len(vocab_sizes)
        self.vocab_sizes = list(vocab_sizes)
        self.hidden = hidden
        max_vocab = max(vocab_sizes)
        offsets = np.concatenate([[0], np.cumsum(vocab_sizes)[:-1]])
        scored_positions = np.flatnonzero(scored)
        binned_positions = np.flatnonzero(binned)
        source_column = np.repeat(np.arange(n_columns), vocab_sizes)
        head_column = np.repeat(np.arange(n_columns), hidden)
        # mask[input, head unit] = 1 when the input's column comes before the head's column.
        token_mask = source_column[:, None] < head_column[None, :]
        score_mask = scored_positions[:, None] < head_column[None, :]
        linear_mask = scored_positions[:, None] < binned_positions[None, :]
        self.register_buffer("offsets", torch.as_tensor(offsets, dtype=torch.long), persistent=False)
        self.register_buffer("token_mask", torch.as_tensor(token_mask, dtype=torch.float32), persistent=False)
        self.register_buffer("score_mask", torch.as_tensor(score_mask, dtype=torch.float32), persistent=False)
        self.register_buffer(
            "linear_mask", torch.as_tensor(linear_mask, dtype=torch.float32), persistent=False
        )
        self.register_buffer(
            "scored_positions", torch.as_tensor(scored_positions, dtype=torch.long), persistent=False
        )
        self.register_buffer(
            "binned_positions", torch.as_tensor(binned_positions, dtype=torch.long), persistent=False
        )
        vocab_mask = np.arange(max_vocab)[None, :] >= np.asarray(vocab_sizes)[:, None]
        self.register_buffer("pad_mask", torch.as_tensor(vocab_mask), persistent=False)
        # Bin edges in normal-score space; the outer ones at +-30 stand in for infinity (finite gradients).
        probabilities = torch.linspace(0.0, 1.0, n_bins + 1, dtype=torch.float64)
        edges = torch.special.ndtri(probabilities).clamp(-30, 30).float()
        self.register_buffer("edges", edges, persistent=False)
        self.n_bins = n_bins
        n_scored, n_binned = len(scored_positions), len(binned_positions)
        self.token_weight = nn.Parameter(torch.zeros(sum(vocab_sizes), n_columns * hidden))
        self.score_weight = nn.Parameter(torch.zeros(n_scored, n_columns * hidden))
        self.input_bias = nn.Parameter(torch.zeros(n_columns, hidden))
        self.hidden_weight = nn.Parameter(torch.zeros(n_columns, hidden, hidden))
        self.hidden_bias = nn.Parameter(torch.zeros(n_columns, hidden))
        self.output_weight = nn.Parameter(torch.zeros(n_columns, hidden, max_vocab))
        self.output_bias = nn.Parameter(torch.zeros(n_columns, max_vocab))
        self.linear_location = nn.Parameter(torch.zeros(n_scored, n_binned))
        self.location_weight = nn.Parameter(torch.zeros(n_binned, hidden))
        self.scale_weight = nn.Parameter(torch.zeros(n_binned, hidden))
        self.scale_bias = nn.Parameter(torch.zeros(n_binned))
        self.dropout = SeededDropout(dropout)

    def reset(self, generator: torch.Generator, log_frequencies: list[np.ndarray | None]) -> None:
        """Uniform initialisation scaled by each layer's number of active inputs. The Gaussian part starts as
        a standard normal and discrete heads start at their columns' log-frequencies: the untrained model is
        the independent-columns model with exact marginals."""
        n_columns = len(self.vocab_sizes)
        with torch.no_grad():
            for parameter in self.parameters():
                parameter.zero_()
            for parameter, fan_in in (
                (self.token_weight, max(1, n_columns - 1)),
                (self.score_weight, max(1, n_columns - 1)),
                (self.hidden_weight, self.hidden),
            ):
                bound = 1.0 / math.sqrt(fan_in)
                parameter.copy_((torch.rand(parameter.shape, generator=generator) * 2 - 1) * bound)
            bound = 0.1 / math.sqrt(self.hidden)
            self.output_weight.copy_(
                (torch.rand(self.output_weight.shape, generator=generator) * 2 - 1) * bound
            )
            for column, log_frequency in enumerate(log_frequencies):
                if log_frequency is not None:
                    self.output_bias[column, : len(log_frequency)] = torch.as_tensor(log_frequency)

    def forward(self, tokens: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        batch, n_columns = tokens.shape
        first = F.embedding_bag(tokens + self.offsets, self.token_weight * self.token_mask, mode="sum")
        if len(self.scored_positions):
            first = first + scores @ (self.score_weight * self.score_mask)
        hidden = self.dropout(torch.relu(first.view(batch, n_columns, self.hidden) + self.input_bias))
        hidden = torch.relu(torch.einsum("bch,chk->bck", hidden, self.hidden_weight) + self.hidden_bias)
        hidden = self.dropout(hidden)
        logits = (torch.einsum("bch,chv->bcv", hidden, self.output_weight) + self.output_bias).float()
        if len(self.binned_positions):
            # The Gaussian factor needs float32 even under GPU mixed precision (log-CDF of far tails).
            binned_hidden = hidden[:, self.binned_positions, :].float()
            location = (binned_hidden * self.location_weight).sum(-1)
            if len(self.scored_positions):
                location = location + scores.float() @ (self.linear_location * self.linear_mask)
            log_scale = (binned_hidden * self.scale_weight).sum(-1) + self.scale_bias
            gaussian = _discretised_normal_log_probs(self.edges, location.float(), log_scale.float())
            padded = F.pad(gaussian, (0, logits.shape[2] - self.n_bins))
            logits = logits.index_add(1, self.binned_positions, padded)
        return logits.masked_fill(self.pad_mask, _PAD_LOGIT)

    def column_probabilities(self, tokens: torch.Tensor, scores: torch.Tensor, column: int) -> torch.Tensor:
        """Unnormalised probabilities of one column's tokens given the tokens and scores of the columns before
        it (generation, eval mode): (batch, vocabulary)."""
        units = slice(column * self.hidden, (column + 1) * self.hidden)
        batch = tokens.shape[0]
        first = self.input_bias[column].expand(batch, -1).clone()
        n_scored_before = int((self.scored_positions < column).sum())
        if column > 0:
            weight = self.token_weight[: self.offsets[column], units].contiguous()
            first += F.embedding_bag(tokens[:, :column] + self.offsets[:column], weight, mode="sum")
        if n_scored_before:
            first.addmm_(scores[:, :n_scored_before], self.score_weight[:n_scored_before, units])
        hidden = torch.relu_(first)
        hidden = torch.relu_(torch.addmm(self.hidden_bias[column], hidden, self.hidden_weight[column]))
        vocab = self.vocab_sizes[column]
        logits = torch.addmm(self.output_bias[column, :vocab], hidden, self.output_weight[column, :, :vocab])
        weights = torch.exp_(logits - logits.max(dim=1, keepdim=True).values)
        slot = torch.nonzero(self.binned_positions == column)
        if len(slot):
            # The Gaussian factor in probability space: erf is several times cheaper than the log-CDF used in
            # training, and sampling does not need the far tails' precision.
            slot = int(slot[0, 0])
            location = hidden @ self.location_weight[slot]
            if n_scored_before:
                earlier = scores[:, :n_scored_before]
                location = location + earlier @ self.linear_location[:n_scored_before, slot]
            scale = torch.exp((hidden @ self.scale_weight[slot] + self.scale_bias[slot]).clamp_(-5.0, 3.0))
            standardised = (self.edges - location[:, None]) / (scale[:, None] * math.sqrt(2.0))
            cdf = torch.erf_(standardised)
            weights.mul_((cdf[:, 1:] - cdf[:, :-1]).clamp_(min=0.0))
        return weights


def _discretised_normal_log_probs(
    edges: torch.Tensor, location: torch.Tensor, log_scale: torch.Tensor
) -> torch.Tensor:
    """log P(bin k) for N(location, exp(log_scale)^2) over bins [edges[k], edges[k+1]]: (..., bins).

    Computed with log-CDF differences on the side of the median nearer each bin, so tail bins keep precision.
    """
    scale = torch.exp(log_scale.clamp(-5.0, 3.0)).unsqueeze(-1)
    standardised = (edges - location.unsqueeze(-1)) / scale
    lower, upper = standardised[..., :-1], standardised[..., 1:]
    flip = (lower + upper) > 0
    low = torch.where(flip, -upper, lower)
    high = torch.where(flip, -lower, upper)
    log_high = torch.special.log_ndtr(high)
    log_low = torch.special.log_ndtr(low)
    return log_high + torch.log1p(-torch.exp(log_low - log_high).clamp(max=1.0 - 1e-7))


@register_model
class TabularARGN(BaseSynthesizer):
    """Auto-regressive tabular generator (TabularARGN-style); usually the most faithful and fast to train.

    Hyper-parameters left as None come from `preset`. Training runs up to `epochs` passes (bounded by
    `max_steps` steps, 0 = no bound) and stops earlier once the held-out loss has not improved for `patience`
    epochs. Numbers are split into up to `n_bins` equal-frequency bins (fewer on small tables, at least 20
    rows a bin).
    """

    kind = "tabular_argn"
    label = "Auto-regressive generator"
    description = "Predicts each column from the ones before it, like a language model; most faithful."
    PRESETS = {
        "quick": {"epochs": 30, "max_steps": 1500, "batch_size": 256, "learning_rate": 3e-3},
        "balanced": {"epochs": 100, "max_steps": 6000, "batch_size": 256, "learning_rate": 3e-3},
        "best": {"epochs": 300, "max_steps": 30000, "batch_size": 256, "learning_rate": 2e-3},
    }

    def __init__(
        self,
        preset: str | None = None,
        *,
        epochs: int | None = None,
        batch_size: int | None = None,
        learning_rate: float | None = None,
        max_steps: int | None = None,
        hidden_dim: int = 64,
        n_bins: int = 64,
        dropout: float = 0.1,
        patience: int = 5,
        validation_share: float = 0.1,
        max_category_levels: int = 200,
        enforce_bounds: bool = True,
        device: str = "auto",
        random_state: int | None = None,
    ) -> None:
        self.preset = preset
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.max_steps = max_steps
        self.hidden_dim = hidden_dim
        self.n_bins = n_bins
        self.dropout = dropout
        self.patience = patience
        self.validation_share = validation_share
        self.max_category_levels = max_category_levels
        self.enforce_bounds = enforce_bounds
        self.device = device
        self.random_state = random_state

    def _check_params(self, params: dict[str, Any]) -> None:
        super()._check_params(params)
        if params["validation_share"] != 0:  # 0 trains on every row, without early stopping
            check_fraction("validation_share", params["validation_share"], 0.0, 0.5)
        check_positive_int("n_bins", params["n_bins"], minimum=2)

    # ---------------------------------------------------------------------------------------------- fit
    def planned_steps(self, n_rows: int) -> int:
        params = self.resolved_params()
        n_train = n_rows - (int(round(n_rows * params["validation_share"])) if n_rows >= 50 else 0)
        batch = max(1, min(int(params["batch_size"]), n_train))
        return self._planned_epochs_and_steps(params, max(_MIN_STEPS_PER_EPOCH, n_train // batch))

    def _fit_model(
        self,
        prepared: PreparedTable,
        params: dict[str, Any],
        device: torch.device,
        rng: np.random.Generator,
        on_progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> TrainingResult:
        pre = self.preprocessor_
        self.marginals_ = Marginals(grid_size=1001)
        uniforms = self.marginals_.fit_transform(
            prepared, pre.numeric_, pre.categorical_, pre.model_order_, rng
        )
        n_rows = len(uniforms)
        self.bins_ = int(max(2, min(params["n_bins"], n_rows // 20)))
        tokens = self._tokens(uniforms)
        scores = ndtri(uniforms[:, self._scored()]).astype(np.float32)
        self._build(device, int(rng.integers(2**63)))
        generator = make_generator(device, int(rng.integers(2**63)))
        set_dropout_generator(self.net_, generator)

        n_validation = int(round(n_rows * params["validation_share"])) if n_rows >= 50 else 0
        order = rng.permutation(n_rows)
        validation = torch.as_tensor(tokens[order[:n_validation]], device=device)
        validation_scores = torch.as_tensor(scores[order[:n_validation]], device=device)
        training = torch.as_tensor(tokens[order[n_validation:]], device=device)
        training_scores = torch.as_tensor(scores[order[n_validation:]], device=device)
        n_train = len(training)
        batch = min(params["batch_size"], n_train)
        # On small tables a pass is only a few steps; count at least _MIN_STEPS_PER_EPOCH steps as an epoch so
        # that early stopping judges progress over a meaningful amount of training.
        steps_per_epoch = max(_MIN_STEPS_PER_EPOCH, n_train // batch)
        epochs, steps_per_epoch = step_budget(params["epochs"], steps_per_epoch, params["max_steps"])
        optimizer = adam(self.net_.parameters(), params["learning_rate"])
        net = self.net_
        net.train()
        batches = ShuffledBatches(n_train, batch, rng)

        def train_step(step: int) -> dict[str, torch.Tensor]:
            rows = torch.as_tensor(batches.next_batch(), device=device)
            batch_tokens = training[rows]
            with autocast(device):
                logits = net(batch_tokens, training_scores[rows]).float()
            loss = _negative_log_likelihood(logits, batch_tokens)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            return {"loss": loss.detach()}

        def end_of_epoch(epoch: int, record: dict[str, float]) -> bool:
            if n_validation == 0:
                return True
            net.eval()
            with torch.no_grad(), autocast(device):
                losses = []
                for start in range(0, n_validation, 4096):
                    rows = slice(start, start + 4096)
                    logits = net(validation[rows], validation_scores[rows]).float()
                    losses.append(_negative_log_likelihood(logits, validation[rows]) * len(validation[rows]))
            net.train()
            record["validation_loss"] = float(sum(losses)) / n_validation
            return True

        result = run_training(
            train_step,
            epochs=epochs,
            steps_per_epoch=steps_per_epoch,
            on_progress=on_progress,
            cancel=cancel,
            end_of_epoch=end_of_epoch,
            keep_best=KeepBest(net, "validation_loss", patience=params["patience"], min_improvement=1e-4),
        )
        net.eval()
        return result

    def _tokens(self, uniforms: np.ndarray) -> np.ndarray:
        tokens = np.zeros(uniforms.shape, dtype=np.int64)
        for position, kind in enumerate(self.marginals_.kinds_):
            if kind == "continuous":
                tokens[:, position] = np.minimum(
                    (uniforms[:, position] * self.bins_).astype(np.int64), self.bins_ - 1
                )
            else:
                tokens[:, position] = self.marginals_.codes_from_uniform(position, uniforms[:, position])
        return tokens

    def _scored(self) -> list[int]:
        """Positions of numeric columns (binned or with few values): their normal scores feed later heads."""
        return [p for p, (kind, _) in enumerate(self.marginals_.model_order_) if kind == "numeric"]

    def _vocab_sizes(self) -> list[int]:
        return [
            self.bins_ if kind == "continuous" else self.marginals_.n_levels(position)
            for position, kind in enumerate(self.marginals_.kinds_)
        ]

    def _build(self, device: torch.device, seed: int) -> None:
        kinds = self.marginals_.kinds_
        scored = set(self._scored())
        self.net_ = _AutoRegressiveNet(
            self._vocab_sizes(),
            [p in scored for p in range(len(kinds))],
            [kind == "continuous" for kind in kinds],
            self.bins_,
            self.params_["hidden_dim"],
            self.params_["dropout"],
        )
        log_frequencies = []
        for position, kind in enumerate(kinds):
            if kind == "continuous":
                log_frequencies.append(None)
            else:
                right = np.asarray(self.marginals_.cumulative_[position])
                log_frequencies.append(np.log(np.maximum(np.diff(right, prepend=0.0), 1e-9)))
        self.net_.reset(make_generator(torch.device("cpu"), seed), log_frequencies)
        self.net_.to(device)
        self._right_edges = {
            p: torch.as_tensor(self.marginals_.cumulative_[p], dtype=torch.float64, device=device)
            for p, kind in enumerate(kinds)
            if kind != "continuous"
        }

    # ------------------------------------------------------------------------------------------- sample
    def _generate(
        self, num_rows: int, conditions: dict[int, int], generator: torch.Generator, rng: np.random.Generator
    ) -> PreparedTable:
        marginals = self.marginals_
        device = self.device_
        net = self.net_
        n_columns = len(marginals.kinds_)
        position_of = {
            index: p for p, (kind, index) in enumerate(marginals.model_order_) if kind == "categorical"
        }
        fixed = {position_of[c]: code for c, code in conditions.items() if c in position_of}
        # Writing a condition into the chain is exact only for leading columns (nothing before them to
        # adjust); other conditions are met by the caller keeping only matching rows.
        exact_prefix = set(range(len(fixed))) == set(fixed)
        scored = self._scored()
        tokens = torch.zeros(num_rows, n_columns, dtype=torch.long, device=device)
        scores = torch.zeros(num_rows, len(scored), device=device)
        uniforms = torch.zeros(num_rows, n_columns, dtype=torch.float64, device=device)
        with torch.inference_mode():
            for column in range(n_columns):
                if exact_prefix and column in fixed:
                    tokens[:, column] = fixed[column]
                else:
                    cumulative = net.column_probabilities(tokens, scores, column).float().cumsum_(dim=1)
                    draw = torch.rand(num_rows, 1, generator=generator, device=device)
                    draw.mul_(cumulative[:, -1:])
                    tokens[:, column] = (cumulative < draw).sum(dim=1).clamp_(max=cumulative.shape[1] - 1)
                if marginals.kinds_[column] == "continuous":
                    within = torch.rand(num_rows, generator=generator, device=device, dtype=torch.float64)
                    uniforms[:, column] = (tokens[:, column] + within) / self.bins_
                elif column in scored:
                    right = self._right_edges[column]
                    left = torch.cat([right.new_zeros(1), right[:-1]])
                    code = tokens[:, column]
                    within = torch.rand(num_rows, generator=generator, device=device, dtype=torch.float64)
                    uniforms[:, column] = left[code] + within * (right[code] - left[code])
                if column in scored:
                    clipped = uniforms[:, column].clamp(1e-9, 1 - 1e-9)
                    scores[:, scored.index(column)] = torch.special.ndtri(clipped).float()
        tokens_np = tokens.cpu().numpy()
        uniforms_np = uniforms.cpu().numpy()
        discrete_codes = {
            p: tokens_np[:, p] for p, kind in enumerate(marginals.kinds_) if kind != "continuous"
        }
        pre = self.preprocessor_
        return marginals.inverse_transform(
            uniforms_np, len(pre.numeric_), len(pre.categorical_), discrete_codes
        )

    # --------------------------------------------------------------------------------------- persistence
    def _model_state(self) -> dict:
        return {"marginals": self.marginals_.to_state(), "bins": self.bins_}

    def _model_tensors(self) -> dict[str, torch.Tensor]:
        return prefixed_state({"net": self.net_})

    def _restore_model(self, state: dict, tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        self.marginals_ = Marginals.from_state(state["marginals"])
        self.bins_ = int(state["bins"])
        self._build(device, 0)
        load_prefixed_state(self.net_, tensors, "net")
        self.net_.eval()


def _negative_log_likelihood(logits: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """Mean over rows of the summed per-column negative log-likelihood (nats per row)."""
    log_probs = torch.log_softmax(logits, dim=-1)
    return -log_probs.gather(2, tokens.unsqueeze(2)).squeeze(2).sum(dim=1).mean()
