"""The generators the Studio offers, read from the engines' registry, and how to build one from the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The copula is the reference every report compares with: simple, fast, and what SDGym calls the baseline.
BASELINE_KIND = "gaussian_copula"
# Checkbox order: the GAN / VAE / copula first, anything newer after them.
_ORDER = ("tabular_gan", "tabular_vae", "gaussian_copula")
_ADVANCED_SETTINGS = ("epochs", "batch_size", "learning_rate")


@dataclass(frozen=True)
class GeneratorChoice:
    """One generator as the page shows it."""

    kind: str  # the engines' registry name, e.g. "tabular_gan"
    label: str  # "Tabular GAN"
    description: str
    presets: tuple[str, ...]

    @property
    def is_baseline(self) -> bool:
        """True for the Gaussian copula, the baseline reports compare with."""
        return self.kind == BASELINE_KIND


def preset_names() -> tuple[str, ...]:
    """The presets every generator offers: "quick", "balanced", "best"."""
    from engines.synth.registry import PRESETS  # noqa: PLC0415 - torch loads when the Studio trains

    return tuple(PRESETS)


def generator_choices() -> list[GeneratorChoice]:
    """Every registered table generator: GAN, VAE, copula, then any other in registry order."""
    from engines.synth.registry import SYNTHESIZERS  # noqa: PLC0415

    choices = [GeneratorChoice(kind, cls.label, cls.description, tuple(cls.PRESETS))
               for kind, cls in SYNTHESIZERS.items()]
    rank = {kind: index for index, kind in enumerate(_ORDER)}
    return sorted(choices, key=lambda choice: rank.get(choice.kind, len(rank)))


def build_synthesizer(kind: str, preset: str, overrides: dict[str, Any] | None = None, seed: int = 0):
    """A new, unfitted generator of ``kind`` configured by ``preset``, seeded; ``overrides`` (epochs,
    batch_size, learning_rate) replace the preset's values where the generator has that setting and the value
    is not None (the copula has none of them)."""
    from engines.synth.registry import SYNTHESIZERS, make_synthesizer  # noqa: PLC0415

    accepted = set(SYNTHESIZERS[kind]._param_names()) if kind in SYNTHESIZERS else set()
    settings = {k: v for k, v in (overrides or {}).items() if k in _ADVANCED_SETTINGS and k in accepted and v is not None}
    return make_synthesizer(kind, preset=preset, random_state=seed, **settings)
