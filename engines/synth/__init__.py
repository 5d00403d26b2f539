"""Tabular generators behind one protocol: fit(df) / sample(n, conditions, seed) / save(dir) / load(dir).

    from engines.synth import TabularARGN, detect_metadata
    model = TabularARGN(preset="quick", random_state=0).fit(df, on_progress=print)
    synthetic = model.sample(1_000, conditions={"segment": "gold"}, seed=1)

`SYNTHESIZERS` lists them for the UI (each class has a `label`, a `description` and `PRESETS`);
`BaseSynthesizer.load(dir)` opens any saved one (`engines.load_model(dir)` any saved model of the lab).
"""

from engines.core.metadata import SDTYPES, ColumnMetadata, TableMetadata, detect_metadata
from engines.synth.autoregressive import TabularARGN
from engines.synth.base import BaseSynthesizer
from engines.synth.copula import GaussianCopula
from engines.synth.gan import TabularGAN
from engines.synth.registry import PRESETS, SYNTHESIZERS, make_synthesizer
from engines.synth.vae import TabularVAE

__all__ = [
    "PRESETS",
    "SDTYPES",
    "SYNTHESIZERS",
    "BaseSynthesizer",
    "ColumnMetadata",
    "GaussianCopula",
    "TableMetadata",
    "TabularARGN",
    "TabularGAN",
    "TabularVAE",
    "detect_metadata",
    "make_synthesizer",
]
