"""The generators the Studio offers, read from the engines' registry, and how to build one from the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRESETS = ("quick", "balanced", "best")
# The copula is the reference every report compares with: simple, fast, and what SDGym calls the baseline.
BASELINE_HINT = "copula"
_ORDER = ("gan", "vae", "copula")


@dataclass(frozen=True)
class GeneratorChoice:
    """One generator as the page shows it."""

    kind: str  # the engines' registry name, e.g. "tabular_gan"
    label: str  # "Tabular GAN"
    short: str  # "GAN" (for checkboxes and the leaderboard)
    description: str
    presets: tuple[str, ...]

    @property
    def is_baseline(self) -> bool:
        """True for the Gaussian copula, the baseline reports compare with."""
        return BASELINE_HINT in self.kind


def _synthesizer_classes() -> dict[str, type]:
    # Imported here, not at the top: torch loads only when generators are used, not when the page opens.
    try:
        from engines.synth.registry import SYNTHESIZERS  # noqa: PLC0415
    except ImportError:
        return _classes_from_modules()
    return {kind: entry.cls for kind, entry in SYNTHESIZERS.items()}


def _classes_from_modules() -> dict[str, type]:
    """Every BaseSynthesizer subclass in engines.synth's gan / vae / copula modules (no registry installed)."""
    import importlib  # noqa: PLC0415

    from engines.synth.base import BaseSynthesizer  # noqa: PLC0415

    classes = {}
    for module_name in ("gan", "vae", "copula"):
        try:
            module = importlib.import_module(f"engines.synth.{module_name}")
        except ImportError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseSynthesizer) and value.name:
                classes[value.name] = value
    return classes


def generator_choices() -> list[GeneratorChoice]:
    """Every registered table generator, GAN then VAE then copula, then any other."""
    choices = []
    for kind, cls in _synthesizer_classes().items():
        short = next((hint.upper() if hint != "copula" else "Copula" for hint in _ORDER if hint in kind), cls.label)
        presets = tuple(p for p in PRESETS if p in cls.PRESETS) or tuple(cls.PRESETS)
        choices.append(GeneratorChoice(kind, cls.label, short, cls.description, presets))
    rank = {hint: i for i, hint in enumerate(_ORDER)}
    return sorted(choices, key=lambda c: next((rank[h] for h in _ORDER if h in c.kind), len(rank)))


def build_synthesizer(kind: str, preset: str, overrides: dict[str, Any] | None = None, seed: int = 0):
    """A new, unfitted generator of ``kind`` configured by ``preset``; ``overrides`` (epochs, batch_size,
    learning_rate) replace preset values when the generator has those settings and the value is not None."""
    cls = _synthesizer_classes()[kind]
    accepted = set(cls._param_names())
    settings = {k: v for k, v in (overrides or {}).items() if v is not None and k in accepted}
    if "random_state" in accepted:
        settings["random_state"] = seed
    return cls(preset=preset, **settings)


def preset_settings(kind: str, preset: str) -> dict[str, Any]:
    """The preset's values for the advanced fields (epochs, batch_size, learning_rate) this generator has."""
    cls = _synthesizer_classes()[kind]
    values = cls.PRESETS.get(preset, {})
    return {k: values[k] for k in ("epochs", "batch_size", "learning_rate") if k in values}
