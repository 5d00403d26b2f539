"""The generators the UI can offer: a name, a human label and a one-line plain-English description."""

from __future__ import annotations

from dataclasses import dataclass

from engines.synth.autoregressive import TabularARGN
from engines.synth.base import BaseSynthesizer
from engines.synth.copula import GaussianCopula
from engines.synth.gan import TabularGAN
from engines.synth.vae import TabularVAE


@dataclass(frozen=True)
class SynthesizerInfo:
    """One entry of the registry: the class, how to show it, and its presets."""

    name: str
    cls: type[BaseSynthesizer]
    label: str
    description: str

    @property
    def presets(self) -> tuple[str, ...]:
        """Names of the presets this generator offers ("quick", "balanced", "best")."""
        return tuple(self.cls.PRESETS)


SYNTHESIZERS: dict[str, SynthesizerInfo] = {
    cls.name: SynthesizerInfo(cls.name, cls, cls.label, cls.description)
    for cls in (TabularARGN, TabularVAE, TabularGAN, GaussianCopula)
}
PRESETS = ("quick", "balanced", "best")


def make_synthesizer(name: str, preset: str = "balanced", **params: object) -> BaseSynthesizer:
    """A new, unfitted generator by registry name, e.g. `make_synthesizer("tabular_gan", preset="quick")`."""
    from engines.errors import InvalidParameterError

    if name not in SYNTHESIZERS:
        raise InvalidParameterError(f"Unknown generator {name!r}; choose one of: {', '.join(SYNTHESIZERS)}.")
    return SYNTHESIZERS[name].cls(preset=preset, **params)
