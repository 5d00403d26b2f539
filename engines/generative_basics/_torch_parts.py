"""Pieces shared by the 2-D and image generators: seeded initialisation of every layer (conv layers included)
and the input checks, so each model file holds only its network and its loss."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from engines.core.layers import reset_parameters
from engines.errors import InvalidParameterError


def seeded_init(module: nn.Module, generator: torch.Generator) -> None:
    """Initialise `module` from `generator`: Linear/Embedding/norm layers as `reset_parameters`, conv layers like
    torch's default (uniform in +-1/sqrt(fan_in)), so that a seed gives the same network in any thread."""
    reset_parameters(module, generator)
    for layer in module.modules():
        if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
            fan_in = layer.weight[0].numel() if isinstance(layer, nn.Conv2d) else layer.weight[:, 0].numel()
            bound = 1.0 / math.sqrt(fan_in)
            with torch.no_grad():
                layer.weight.copy_((torch.rand(layer.weight.shape, generator=generator) * 2 - 1) * bound)
                if layer.bias is not None:
                    layer.bias.copy_((torch.rand(layer.bias.shape, generator=generator) * 2 - 1) * bound)
        elif isinstance(layer, (nn.GroupNorm, nn.BatchNorm2d)) and layer.weight is not None:
            with torch.no_grad():
                layer.weight.fill_(1.0)
                layer.bias.fill_(0.0)


def check_sample_count(n: object) -> int:
    """`n` as a positive int, or `InvalidParameterError` naming the argument."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or int(n) < 1:
        raise InvalidParameterError(f"Ask for at least one sample: n must be a whole number >= 1; got {n!r}.",
                                    key="engine.generative.bad_sample_count", n=repr(n))
    return int(n)


def state_arrays(module: nn.Module, prefix: str) -> dict[str, torch.Tensor]:
    """The module's weights as named CPU tensors for saving, under `prefix.`."""
    return {f"{prefix}.{name}": value.detach().cpu().contiguous() for name, value in module.state_dict().items()}


def load_arrays(module: nn.Module, tensors: dict[str, torch.Tensor], prefix: str) -> nn.Module:
    """Load the weights saved by `state_arrays` under `prefix.` into `module` (in eval mode)."""
    start = len(prefix) + 1
    module.load_state_dict({name[start:]: value for name, value in tensors.items() if name.startswith(prefix + ".")})
    module.eval()
    return module
