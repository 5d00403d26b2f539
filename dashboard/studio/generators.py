"""The generators the Studio offers, read from the engines' registry, and how to build one from the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The copula is the reference every report compares with: simple, fast, and what SDGym calls the baseline.
BASELINE_KIND = "gaussian_copula"
# Checkbox order: the GAN / VAE / copula first, anything newer after them.
_ORDER = ("tabular_gan", "tabular_vae", "gaussian_copula")
# dp_epsilon: differentially private training (DP-SGD), offered by the generators that have it (the VAE).
_ADVANCED_SETTINGS = ("epochs", "batch_size", "learning_rate", "dp_epsilon")
DP_BUDGETS = (None, 10.0, 3.0, 1.0)


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
    batch_size, learning_rate, dp_epsilon) replace the preset's values where the generator has that setting and the value
    is not None (the copula has none of them)."""
    from engines.synth.registry import SYNTHESIZERS, make_synthesizer  # noqa: PLC0415

    accepted = set(SYNTHESIZERS[kind]._param_names()) if kind in SYNTHESIZERS else set()
    settings = {k: v for k, v in (overrides or {}).items() if k in _ADVANCED_SETTINGS and k in accepted and v is not None}
    return make_synthesizer(kind, preset=preset, random_state=seed, **settings)


# Seconds per optimisation step on a 5,000 x 20 table with 2 CPU threads, measured on this 2-core machine with
# `python -m benchmarks.bench_presets --repeats 2` (quick preset, median of 2, 2026-11-26, load average 1.4): ARGN
# 6.4 s / 175 steps, VAE 2.3 s / 300 steps, GAN 13.9 s / 600 steps; the copula fits in one pass (0.1 s). Scoring a
# generator (quality, detection, usefulness, privacy) took about 2 s on that table, whatever its rows (it scores at
# most 5,000).
SECONDS_PER_STEP_REFERENCE = {"tabular_argn": 0.037, "tabular_vae": 0.008, "tabular_gan": 0.023}
ONE_PASS_SECONDS_REFERENCE = {"gaussian_copula": 0.1}
SCORING_SECONDS_REFERENCE = 2.0
_REFERENCE_ROWS, _REFERENCE_COLUMNS = 5_000, 20


def supports_privacy(kind: str) -> bool:
    """Whether the generator ``kind`` can train with differential privacy (a ``dp_epsilon`` setting)."""
    from engines.synth.registry import SYNTHESIZERS  # noqa: PLC0415

    return kind in SYNTHESIZERS and "dp_epsilon" in SYNTHESIZERS[kind]._param_names()


def expected_seconds(kind: str, preset: str, n_rows: int, n_columns: int,
                     overrides: dict[str, Any] | None = None) -> float:
    """About how long training and scoring one generator takes on this machine when it runs alone: its planned
    steps (an upper bound where early stopping may end sooner) times the measured cost of a step, scaled by
    the table's width and the batch size."""
    model = build_synthesizer(kind, preset, overrides)
    width = max(n_columns, 1) / _REFERENCE_COLUMNS
    if kind in SECONDS_PER_STEP_REFERENCE:
        params = model.resolved_params()
        reference_batch = model.PRESETS["quick"].get("batch_size", params.get("batch_size", 1))
        batch_scale = min(params.get("batch_size", reference_batch), n_rows) / reference_batch
        fit = model.planned_steps(n_rows) * SECONDS_PER_STEP_REFERENCE[kind] * width * max(batch_scale, 0.2)
    else:
        fit = ONE_PASS_SECONDS_REFERENCE.get(kind, 1.0) * max(n_rows, 1) / _REFERENCE_ROWS * width
    return fit + SCORING_SECONDS_REFERENCE * max(width, 0.5)
