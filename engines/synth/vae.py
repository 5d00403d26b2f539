"""Tabular VAE (TVAE-class, Xu et al. 2019): a Gaussian encoder and a mixed-type decoder likelihood.

Rows pass through the same transformer as the GAN (continuous columns as normal scores by default, see
`transformer.py`). The decoder's likelihood is Gaussian on each
mode offset (with a learned scale per column) and categorical on each one-hot span; the loss is that negative
log-likelihood, weighted by `loss_factor`, plus the KL divergence to a standard normal prior. Sampling decodes
prior draws, adds the learned noise to the offsets and draws each span from its softmax (TVAE takes the
argmax, which over-produces the most common categories).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from engines.core.device import autocast, make_generator
from engines.core.layers import load_prefixed_state, prefixed_state, reset_parameters
from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import ShuffledBatches, TrainingResult, adam, run_training, step_budget
from engines.errors import InvalidParameterError
from engines.synth.base import BaseSynthesizer
from engines.synth.preprocessing import PreparedTable
from engines.synth.transformer import ModeSpecificTransformer, SpanLayout


def _mlp(in_features: int, hidden: tuple[int, ...]) -> tuple[nn.Sequential, int]:
    layers, width = [], in_features
    for size in hidden:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers), width


class _Encoder(nn.Module):
    def __init__(self, in_features: int, hidden: tuple[int, ...], latent_dim: int) -> None:
        super().__init__()
        self.body, width = _mlp(in_features, hidden)
        self.mean = nn.Linear(width, latent_dim)
        self.log_variance = nn.Linear(width, latent_dim)

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.body(inputs)
        return self.mean(hidden), self.log_variance(hidden)


class _Decoder(nn.Module):
    def __init__(self, latent_dim: int, hidden: tuple[int, ...], out_features: int, n_alphas: int) -> None:
        super().__init__()
        body, width = _mlp(latent_dim, hidden)
        self.net = nn.Sequential(body, nn.Linear(width, out_features))
        # Learned noise scale of each mode offset, as in TVAE; kept in [0.01, 1] during training.
        self.sigma = nn.Parameter(torch.full((n_alphas,), 0.1))

    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        return self.net(latent)


@register_model
class TabularVAE(BaseSynthesizer):
    """Variational autoencoder for mixed tables (TVAE-class).

    Hyper-parameters left as None come from `preset` ("quick", "balanced", "best"). `epochs` are passes over
    the table, bounded by `max_steps` optimisation steps (0 = no bound).

    `dp_epsilon` (None = off) trains the encoder and decoder with DP-SGD (`engines.trust.differential_privacy`):
    Poisson batches of `batch_size` rows on average, each row's gradient clipped to `dp_max_grad_norm`, and the
    Gaussian noise that makes the planned steps spend `dp_epsilon` at `dp_delta` (None = 1 / rows). The output
    bias then starts at 0 rather than at the data's averages; the column encoding (category lists, quantiles) is
    still learned without noise. `dp_epsilon_spent_` and `dp_noise_multiplier_` record what training spent.
    """

    kind = "tabular_vae"
    label = "Tabular VAE"
    description = "Compresses each row into a small code and learns to rebuild it (TVAE-style); steady."
    # Budgets in optimisation steps (see TabularGAN.PRESETS): about 6 ms a step on two CPU cores.
    PRESETS = {
        "quick": {"epochs": 300, "max_steps": 300, "batch_size": 500, "learning_rate": 2e-3},
        "balanced": {"epochs": 1000, "max_steps": 1500, "batch_size": 500, "learning_rate": 2e-3},
        "best": {"epochs": 3000, "max_steps": 6000, "batch_size": 500, "learning_rate": 1e-3},
    }

    def __init__(
        self,
        preset: str | None = None,
        *,
        epochs: int | None = None,
        batch_size: int | None = None,
        learning_rate: float | None = None,
        max_steps: int | None = None,
        latent_dim: int = 64,
        encoder_dims: tuple[int, ...] = (128, 128),
        decoder_dims: tuple[int, ...] = (128, 128),
        loss_factor: float = 2.0,
        max_modes: int = 10,
        numeric_encoding: str = "quantile",
        max_category_levels: int = 200,
        enforce_bounds: bool = True,
        dp_epsilon: float | None = None,
        dp_delta: float | None = None,
        dp_max_grad_norm: float = 1.0,
        device: str = "auto",
        random_state: int | None = None,
    ) -> None:
        self.preset = preset
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.max_steps = max_steps
        self.latent_dim = latent_dim
        self.encoder_dims = encoder_dims
        self.decoder_dims = decoder_dims
        self.loss_factor = loss_factor
        self.max_modes = max_modes
        self.numeric_encoding = numeric_encoding
        self.max_category_levels = max_category_levels
        self.enforce_bounds = enforce_bounds
        self.dp_epsilon = dp_epsilon
        self.dp_delta = dp_delta
        self.dp_max_grad_norm = dp_max_grad_norm
        self.device = device
        self.random_state = random_state

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
        self.transformer_ = ModeSpecificTransformer(
            params["max_modes"], numeric_encoding=params["numeric_encoding"]
        ).fit(
            prepared, pre.numeric_, pre.categorical_, pre.model_order_, rng
        )
        encoded = self.transformer_.encode(prepared, rng)
        self._build(device, int(rng.integers(2**63)))
        private = params.get("dp_epsilon") is not None
        if not private:  # the data's averages would be a release that the privacy budget does not cover
            with torch.no_grad():
                self.decoder_.net[-1].bias.copy_(torch.as_tensor(self.transformer_.initial_output_bias(encoded)))
        layout = self.layout_
        generator = make_generator(device, int(rng.integers(2**63)))
        batch = min(params["batch_size"], len(encoded))
        steps_per_epoch = max(1, len(encoded) // batch)
        epochs, steps_per_epoch = step_budget(params["epochs"], steps_per_epoch, params["max_steps"])
        alphas = torch.as_tensor(encoded.alphas, device=device)
        codes = torch.as_tensor(encoded.codes.astype(np.int32), device=device)
        noise_scale = None
        if private:
            # Opacus computes per-row gradients for layers, not for a bare parameter: under DP the decoder's noise
            # scale is learned as the bias of a one-input linear layer fed a constant 1 (same function), and copied
            # into `decoder_.sigma` after training.
            self.decoder_.sigma.requires_grad_(False)
            noise_scale = nn.Linear(1, max(layout.n_alphas, 1)).to(device)
            with torch.no_grad():
                noise_scale.weight.zero_()
                noise_scale.bias.fill_(float(np.log(0.1)))
        modules = [self.encoder_, self.decoder_] + ([noise_scale] if noise_scale is not None else [])
        parameters = [p for module in modules for p in module.parameters() if p.requires_grad]
        optimizer = adam(parameters, params["learning_rate"], weight_decay=1e-5)
        loss_factor = params["loss_factor"]
        self.encoder_.train()
        self.decoder_.train()
        batches = ShuffledBatches(len(encoded), batch, rng)
        encoder, decoder, dp = self.encoder_, self.decoder_, None
        if private:
            from engines.trust.differential_privacy import DPSGDTrainer

            dp = DPSGDTrainer(modules, optimizer, n_rows=len(encoded), batch_size=batch,
                              steps=epochs * steps_per_epoch, epsilon=float(params["dp_epsilon"]),
                              delta=float(params.get("dp_delta") or 1.0 / len(encoded)),
                              max_grad_norm=float(params["dp_max_grad_norm"]),
                              generator=make_generator(device, int(rng.integers(2**63))))
            encoder, decoder, scale_layer = dp.wrapped

        def train_step(step: int) -> dict[str, torch.Tensor]:
            rows = torch.as_tensor(dp.batch(rng) if dp else batches.next_batch(), device=device)
            batch_alphas, batch_codes = alphas[rows], codes[rows].long()
            real = layout.dense(batch_alphas, batch_codes)
            with autocast(device):
                mean, log_variance = encoder(real)
            mean, log_variance = mean.float(), log_variance.float()
            noise = torch.randn(mean.shape, generator=generator, device=device)
            latent = mean + noise * torch.exp(0.5 * log_variance)
            with autocast(device):
                raw = decoder(latent).float()
            sigma = self.decoder_.sigma
            if dp is not None:  # one row of scales per sample, so each row's gradient is its own
                ones = torch.ones((len(rows), 1), device=device)
                sigma = torch.exp(scale_layer(ones)[:, : layout.n_alphas]).clamp(0.01, 1.0)
            reconstruction = -layout.span_log_probs(raw, batch_codes).sum()
            if layout.n_alphas:
                predicted = torch.tanh(raw[:, : layout.n_alphas])
                log_sigma = torch.log(sigma).sum() * (len(rows) if sigma.dim() == 1 else 1)
                reconstruction = reconstruction + (
                    ((batch_alphas - predicted) ** 2 / (2 * sigma**2)).sum() + log_sigma
                )
            kl = -0.5 * torch.sum(1 + log_variance - mean**2 - log_variance.exp())
            loss = (loss_factor * reconstruction + kl) / len(rows)
            if dp is not None:
                loss.backward()
                dp.step()
            else:
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            if dp is None:
                with torch.no_grad():
                    sigma.clamp_(0.01, 1.0)
            return {
                "loss": loss.detach(),
                "reconstruction": reconstruction.detach() / len(rows),
                "kl": kl.detach() / len(rows),
            }

        try:
            result = run_training(
                train_step, epochs=epochs, steps_per_epoch=steps_per_epoch, on_progress=on_progress, cancel=cancel
            )
        finally:
            if dp is not None:
                dp.close()
                with torch.no_grad():
                    learned = torch.exp(noise_scale.bias + noise_scale.weight[:, 0])[: layout.n_alphas]
                    self.decoder_.sigma.copy_(learned.clamp(0.01, 1.0))
        self.dp_noise_multiplier_ = dp.noise_multiplier if dp else None
        self.dp_epsilon_spent_ = dp.epsilon if dp else None
        self.encoder_.eval()
        self.decoder_.eval()
        return result

    def _build(self, device: torch.device, seed: int) -> None:
        params = self.params_
        transformer = self.transformer_
        self.layout_: SpanLayout = transformer.layout(device)
        self.encoder_ = _Encoder(transformer.output_dim_, tuple(params["encoder_dims"]), params["latent_dim"])
        self.decoder_ = _Decoder(params["latent_dim"], tuple(params["decoder_dims"]), transformer.output_dim_,
                                 self.layout_.n_alphas)
        init = make_generator(torch.device("cpu"), seed)
        reset_parameters(self.encoder_, init)
        reset_parameters(self.decoder_, init)
        self.encoder_.to(device)
        self.decoder_.to(device)

    def _generate(
        self, num_rows: int, conditions: dict[int, int], generator: torch.Generator, rng: np.random.Generator
    ) -> PreparedTable:
        device = self.device_
        layout = self.layout_
        latent = torch.randn(num_rows, self.params_["latent_dim"], generator=generator, device=device)
        with torch.inference_mode(), autocast(device):
            raw = self.decoder_(latent).float()
        with torch.inference_mode():
            alphas = torch.tanh(raw[:, : layout.n_alphas])
            noise = torch.randn(alphas.shape, generator=generator, device=device) * self.decoder_.sigma
            alphas = (alphas + noise).clamp_(-1.0, 1.0).cpu().numpy().astype(np.float64)
            codes = layout.sample_codes(raw, generator).cpu().numpy()
        pre = self.preprocessor_
        return self.transformer_.decode(alphas, codes, len(pre.categorical_), len(pre.numeric_))

    def _check_params(self, params: dict[str, Any]) -> None:
        super()._check_params(params)
        if params.get("dp_epsilon") is not None and not float(params["dp_epsilon"]) > 0:
            raise InvalidParameterError(f"dp_epsilon must be positive (or None for no privacy); got "
                                        f"{params['dp_epsilon']!r}.",
                                        key="engine.vae.bad_dp_epsilon",
                                        dp_epsilon=repr(params['dp_epsilon']))

    def _model_state(self) -> dict:
        return {"transformer": self.transformer_.to_state(),
                "dp": {"noise_multiplier": self.dp_noise_multiplier_, "epsilon_spent": self.dp_epsilon_spent_}}

    def _model_tensors(self) -> dict[str, torch.Tensor]:
        return prefixed_state({"encoder": self.encoder_, "decoder": self.decoder_})

    def _restore_model(self, state: dict, tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        pre = self.preprocessor_
        self.transformer_ = ModeSpecificTransformer.from_state(
            state["transformer"], pre.categorical_, pre.model_order_
        )
        self._build(device, 0)
        privacy = state.get("dp", {})  # files saved before DP training existed have none
        self.dp_noise_multiplier_ = privacy.get("noise_multiplier")
        self.dp_epsilon_spent_ = privacy.get("epsilon_spent")
        load_prefixed_state(self.encoder_, tensors, "encoder")
        load_prefixed_state(self.decoder_, tensors, "decoder")
        self.encoder_.eval()
        self.decoder_.eval()
