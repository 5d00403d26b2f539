"""Small torch building blocks that draw randomness only from a private `torch.Generator`.

torch's default initialisers, `nn.Dropout` and `F.gumbel_softmax` use the process-wide random generator.
Engines run in background threads next to each other, so using it would make `random_state` meaningless and
let one job's seed change another's results. These versions take the generator explicitly.
"""

from __future__ import annotations

import math

import torch
from torch import nn


def reset_parameters(module: nn.Module, generator: torch.Generator) -> None:
    """Re-initialise every Linear / Embedding / norm layer in `module` like torch's defaults, from
    `generator`.

    Linear layers get torch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases (what
    `kaiming_uniform_(a=sqrt(5))` works out to); embeddings get N(0, 1); norm layers get ones and zeros.
    """
    for layer in module.modules():
        if isinstance(layer, nn.Linear):
            bound = 1.0 / math.sqrt(layer.in_features) if layer.in_features else 0.0
            with torch.no_grad():
                layer.weight.copy_(_uniform(layer.weight.shape, bound, generator))
                if layer.bias is not None:
                    layer.bias.copy_(_uniform(layer.bias.shape, bound, generator))
        elif isinstance(layer, nn.Embedding):
            with torch.no_grad():
                layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator))
        elif isinstance(layer, (nn.BatchNorm1d, nn.LayerNorm)) and layer.weight is not None:
            with torch.no_grad():
                layer.weight.fill_(1.0)
                layer.bias.fill_(0.0)


def _uniform(shape: torch.Size, bound: float, generator: torch.Generator) -> torch.Tensor:
    return (torch.rand(shape, generator=generator) * 2.0 - 1.0) * bound


class SeededDropout(nn.Module):
    """Dropout whose mask comes from the generator set in `self.generator` (set it before training)."""

    def __init__(self, p: float) -> None:
        super().__init__()
        self.p = float(p)
        self.generator: torch.Generator | None = None

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p <= 0.0:
            return inputs
        keep = torch.rand(inputs.shape, generator=self.generator, device=inputs.device) >= self.p
        return inputs * keep / (1.0 - self.p)


def set_dropout_generator(module: nn.Module, generator: torch.Generator) -> None:
    """Point every `SeededDropout` inside `module` at `generator`."""
    for layer in module.modules():
        if isinstance(layer, SeededDropout):
            layer.generator = generator


def gumbel_noise(shape: torch.Size, generator: torch.Generator, device: torch.device) -> torch.Tensor:
    """Standard Gumbel noise, -log(-log(U)), with U kept away from 0 and 1 so the logs stay finite."""
    uniform = torch.rand(shape, generator=generator, device=device).clamp_(1e-10, 1.0 - 1e-7)
    return -torch.log(-torch.log(uniform))


def prefixed_state(modules: dict[str, nn.Module]) -> dict[str, torch.Tensor]:
    """The state dicts of `modules` as one flat dict for a model file: {"<name>.<key>": tensor}."""
    return {
        f"{name}.{key}": value
        for name, module in modules.items()
        for key, value in module.state_dict().items()
    }


def load_prefixed_state(module: nn.Module, tensors: dict[str, torch.Tensor], name: str) -> None:
    """Load into `module` the entries of `tensors` saved under `name` by `prefixed_state` (strict: every
    weight must be there, and nothing else)."""
    prefix = f"{name}."
    state = {key[len(prefix):]: value for key, value in tensors.items() if key.startswith(prefix)}
    module.load_state_dict(state, strict=True)
