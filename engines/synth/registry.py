"""The table generators the UI offers, in the order it lists them; each class carries its own `label`,
`description` and `PRESETS`."""

from __future__ import annotations

from engines.errors import InvalidParameterError
from engines.synth.autoregressive import TabularARGN
from engines.synth.base import PRESETS, BaseSynthesizer
from engines.synth.copula import GaussianCopula
from engines.synth.gan import TabularGAN
from engines.synth.vae import TabularVAE

SYNTHESIZERS: dict[str, type[BaseSynthesizer]] = {
    cls.kind: cls for cls in (TabularARGN, TabularVAE, TabularGAN, GaussianCopula)
}


def make_synthesizer(kind: str, preset: str = "balanced", **params: object) -> BaseSynthesizer:
    """A new, unfitted generator by kind, e.g. `make_synthesizer("tabular_gan", preset="quick")`."""
    if kind not in SYNTHESIZERS:
        raise InvalidParameterError(f"Unknown generator {kind!r}; choose one of: {', '.join(SYNTHESIZERS)}.",
                                    key="engine.synth.unknown_generator", kind=repr(kind),
                                    generators=', '.join(SYNTHESIZERS))
    return SYNTHESIZERS[kind](preset=preset, **params)
