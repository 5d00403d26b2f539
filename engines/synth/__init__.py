"""Tabular generators behind one protocol: fit(df) / sample(n, conditions, seed) / save(dir) / load(dir).

    from engines.synth import TabularARGN, detect_metadata
    model = TabularARGN(preset="quick", random_state=0).fit(df, on_progress=print)
    synthetic = model.sample(1_000, conditions={"segment": "gold"}, seed=1)

`SYNTHESIZERS` lists them for the UI (label, description, presets); `load_synthesizer(dir)` opens any
saved one.
"""

from engines.synth.autoregressive import TabularARGN
from engines.synth.base import BaseSynthesizer, load_synthesizer
from engines.synth.copula import GaussianCopula
from engines.synth.gan import TabularGAN
from engines.core.metadata import SDTYPES, ColumnMetadata, TableMetadata, detect_metadata
from engines.synth.registry import PRESETS, SYNTHESIZERS, SynthesizerInfo, make_synthesizer
from engines.synth.vae import TabularVAE

__all__ = [
    "PRESETS",
    "SDTYPES",
    "SYNTHESIZERS",
    "BaseSynthesizer",
    "ColumnMetadata",
    "GaussianCopula",
    "SynthesizerInfo",
    "TableMetadata",
    "TabularARGN",
    "TabularGAN",
    "TabularVAE",
    "detect_metadata",
    "load_synthesizer",
    "make_synthesizer",
]
