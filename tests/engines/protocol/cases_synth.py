"""Protocol cases of the table generators (see tests/engines/protocol/__init__.py): a 200-row mixed table and a
few training steps each."""

from functools import cache

import pandas as pd

from engines.synth import GaussianCopula, TabularARGN, TabularGAN, TabularVAE
from engines.synth.base import BaseSynthesizer
from tests.engines.protocol import ProtocolCase
from tests.engines.synth.tables import mixed_table

# Tiny networks, at least two epochs (so that a cancel set at the first report lands before the end).
TINY_PARAMS = {
    TabularGAN: {"epochs": 3, "batch_size": 100, "generator_dims": (16,), "critic_dims": (16,), "embedding_dim": 8,
                 "quality_checks": 1},
    TabularVAE: {"epochs": 3, "batch_size": 100, "encoder_dims": (16,), "decoder_dims": (16,), "latent_dim": 4},
    TabularARGN: {"epochs": 2, "batch_size": 64, "hidden_dim": 8},
    GaussianCopula: {"preset": "quick"},
}


@cache
def _table() -> pd.DataFrame:
    return mixed_table(200, seed=0)


def _rows(model: BaseSynthesizer) -> dict[str, pd.DataFrame]:
    return {
        "rows": model.sample(50, seed=3),
        "conditioned": model.sample(10, conditions={"segment": "gold"}, seed=4),
    }


def _case(cls: type[BaseSynthesizer]) -> ProtocolCase:
    return ProtocolCase(
        make=lambda seed: cls(random_state=seed, device="cpu", **TINY_PARAMS[cls]),
        data=lambda: (_table(),),
        output=_rows,
        bad_data=lambda: (pd.DataFrame({"a": [1.0]}),),
        trains_in_steps=cls is not GaussianCopula,
    )


CASES: dict[str, ProtocolCase] = {cls.kind: _case(cls) for cls in TINY_PARAMS}
